"""The pure blob diff and three-way apply functions (contract §1.6, §1.7), per blob family, on proto messages."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from google.protobuf import json_format

from modeldb_backend.pb.versioning import versioning_pb2 as vpb
from modeldb_backend.pb.versioning import versioning_service_pb2 as spb
from modeldb_backend.services.versioning.blob_diff import blob_diff
from modeldb_backend.services.versioning.three_way import apply_diff, apply_diffs, merge_diffs

ADDED, DELETED, MODIFIED, CONFLICTED = (
    vpb.DiffStatusEnum.ADDED,
    vpb.DiffStatusEnum.DELETED,
    vpb.DiffStatusEnum.MODIFIED,
    vpb.DiffStatusEnum.CONFLICTED,
)
LOC = ["env", "1"]


def blob(**content: object) -> spb.Blob:
    return json_format.ParseDict(content, spb.Blob())


def req(spec: str) -> dict[str, object]:
    library, version = spec.split("==") if "==" in spec else spec.split(">=")
    return {"library": library, "constraint": "==" if "==" in spec else ">=", "version": {"major": int(version)}}


def python(*reqs: str, version: int = 8, argv: tuple[str, ...] = ("train.py",), **extra: object) -> spb.Blob:
    env = {
        "python": {"version": {"major": 3, "minor": version}, "requirements": [req(r) for r in reqs]},
        "command_line": list(argv),
        **extra,
    }
    return blob(environment=env)


def path_ds(**files: str) -> spb.Blob:
    return blob(dataset={"path": {"components": [{"path": p, "sha256": s} for p, s in files.items()]}})


def s3_ds(**files: str) -> spb.Blob:
    comps = [{"path": {"path": p}, "s3_version_id": v} for p, v in files.items()]
    return blob(dataset={"s3": {"components": comps}})


def query_ds(*queries: str) -> spb.Blob:
    return blob(dataset={"query": {"components": [{"query": q, "num_records": "1"} for q in queries]}})


def config(**hps: float) -> spb.Blob:
    return blob(config={"hyperparameters": [{"name": n, "value": {"float_value": v}} for n, v in hps.items()]})


def git(hash_: str, repo: str = "git@example.com:x.git") -> spb.Blob:
    return blob(code={"git": {"repo": repo, "hash": hash_}})


def notebook(path: str, hash_: str) -> spb.Blob:
    return blob(code={"notebook": {"path": {"path": path, "sha256": "s"}, "git_repo": {"repo": "r", "hash": hash_}}})


def docker(tag: str) -> spb.Blob:
    return blob(environment={"docker": {"repository": "img", "tag": tag}})


def as_dict(diffs: list[spb.BlobDiff]) -> list[dict[str, object]]:
    return [json_format.MessageToDict(d, preserving_proto_field_name=True) for d in diffs]


def one(a: spb.Blob | None, b: spb.Blob | None) -> dict[str, object]:
    diffs = as_dict(blob_diff(LOC, a, b))
    assert len(diffs) == 1, diffs
    return diffs[0]


# --- diffs --------------------------------------------------------------------------------------------------


def test_identical_and_unchanged_semantics_give_nothing() -> None:
    assert blob_diff(LOC, python("pytest==1"), python("pytest==1")) == []
    assert blob_diff(LOC, None, None) == []
    # raw_requirements is not compared (ModelDB's diff has no field for it)
    with_raw = python("pytest==1")
    with_raw.environment.python.raw_requirements = "pytest==1\n"
    assert blob_diff(LOC, python("pytest==1"), with_raw) == []


def test_added_and_deleted_blob_list_every_element() -> None:
    added = one(None, python("pytest==1", "numpy==2"))
    assert added["status"] == "ADDED" and added["location"] == LOC
    env = added["environment"]
    assert [r["status"] for r in env["python"]["requirements"]] == ["ADDED", "ADDED"]
    assert all("B" in r and "A" not in r for r in env["python"]["requirements"])
    assert env["python"]["version"] == {"status": "ADDED", "B": {"major": 3, "minor": 8}}
    assert env["command_line"] == {"status": "ADDED", "B": ["train.py"]}
    deleted = one(path_ds(a="1"), None)
    assert deleted["status"] == "DELETED"
    assert deleted["dataset"]["path"]["components"] == [{"status": "DELETED", "A": {"path": "a", "sha256": "1"}}]


def test_empty_blob_still_says_its_type() -> None:
    assert one(None, blob(config={}))["config"] == {}
    assert one(None, blob(environment={"python": {}}))["environment"] == {"python": {}}


def test_requirement_version_change_is_one_modification() -> None:
    d = one(python("pytest==1"), python("pytest==2"))
    assert d["status"] == "MODIFIED"
    assert d["environment"] == {
        "python": {"requirements": [{"status": "MODIFIED", "A": req("pytest==1"), "B": req("pytest==2")}]}
    }


def test_requirement_constraint_change_is_a_removal_and_an_addition() -> None:
    d = one(python("pytest==1"), python("pytest>=1"))
    assert [r["status"] for r in d["environment"]["python"]["requirements"]] == ["DELETED", "ADDED"]


def test_constraints_env_vars_command_line_and_version() -> None:
    a = python(argv=("a.py",), environment_variables=[{"name": "X", "value": "1"}, {"name": "Y", "value": "1"}])
    a.environment.python.constraints.add(library="six", constraint="==").version.major = 1
    b = python(
        version=9, argv=("b.py",), environment_variables=[{"name": "X", "value": "2"}, {"name": "Z", "value": "1"}]
    )
    env = one(a, b)["environment"]
    assert env["python"]["version"]["status"] == "MODIFIED"
    assert env["python"]["constraints"] == [
        {"status": "DELETED", "A": {"library": "six", "constraint": "==", "version": {"major": 1}}}
    ]
    assert env["command_line"] == {"status": "MODIFIED", "A": ["a.py"], "B": ["b.py"]}
    assert [(v["status"], (v.get("A") or v["B"])["name"]) for v in env["environment_variables"]] == [
        ("MODIFIED", "X"),
        ("DELETED", "Y"),
        ("ADDED", "Z"),
    ]


def test_env_var_only_change_still_names_the_python_type() -> None:
    a = python(environment_variables=[{"name": "X", "value": "1"}])
    b = python(environment_variables=[{"name": "X", "value": "2"}])
    env = one(a, b)["environment"]
    assert env["python"] == {} and env["environment_variables"][0]["status"] == "MODIFIED"


def test_path_components_by_path() -> None:
    d = one(path_ds(a="1", b="1"), path_ds(a="2", c="1"))
    comps = d["dataset"]["path"]["components"]
    assert [(c["status"], (c.get("B") or c["A"])["path"]) for c in comps] == [
        ("MODIFIED", "a"),
        ("DELETED", "b"),
        ("ADDED", "c"),
    ]
    assert comps[0]["A"]["sha256"] == "1" and comps[0]["B"]["sha256"] == "2"


def test_s3_components_by_path_path() -> None:
    comps = one(s3_ds(a="v1"), s3_ds(a="v2"))["dataset"]["s3"]["components"]
    assert comps == [
        {
            "status": "MODIFIED",
            "A": {"path": {"path": "a"}, "s3_version_id": "v1"},
            "B": {"path": {"path": "a"}, "s3_version_id": "v2"},
        }
    ]


def test_query_components_by_whole_value() -> None:
    comps = one(query_ds("select 1", "select 2"), query_ds("select 1", "select 3"))["dataset"]["query"]["components"]
    assert [(c["status"], (c.get("A") or c["B"])["query"]) for c in comps] == [
        ("DELETED", "select 2"),
        ("ADDED", "select 3"),
    ]


def test_hyperparameters_and_sets_by_name() -> None:
    a, b = config(lr=0.1, depth=3), config(lr=0.2, width=4)
    a.config.hyperparameter_set.add(name="grid").discrete.values.add(int_value=1)
    b.config.hyperparameter_set.add(name="grid").discrete.values.add(int_value=2)
    cfg = one(a, b)["config"]
    assert [(h["status"], (h.get("B") or h["A"])["name"]) for h in cfg["hyperparameters"]] == [
        ("MODIFIED", "lr"),
        ("DELETED", "depth"),
        ("ADDED", "width"),
    ]
    assert cfg["hyperparameter_set"][0]["status"] == "MODIFIED"


def test_git_docker_and_notebook_parts_are_whole() -> None:
    assert one(git("1"), git("2"))["code"]["git"]["status"] == "MODIFIED"
    assert one(docker("1"), docker("2"))["environment"]["docker"] == {
        "status": "MODIFIED",
        "A": {"repository": "img", "tag": "1"},
        "B": {"repository": "img", "tag": "2"},
    }
    nb = one(notebook("n.ipynb", "1"), notebook("n.ipynb", "2"))["code"]["notebook"]
    assert list(nb) == ["git_repo"] and nb["git_repo"]["status"] == "MODIFIED"


def test_duplicate_keys_are_all_deleted_and_all_added() -> None:
    a = python("pytest==1", "pytest==2")
    reqs = one(a, python("pytest==3"))["environment"]["python"]["requirements"]
    assert [r["status"] for r in reqs] == ["DELETED", "DELETED", "ADDED"]
    assert blob_diff(LOC, a, python("pytest==2", "pytest==1")) == []  # the same set: no change


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (path_ds(a="1"), python("x==1")),
        (python("x==1"), docker("1")),
        (path_ds(a="1"), s3_ds(a="1")),
        (git("1"), notebook("n", "1")),
        (config(lr=1.0), git("1")),
    ],
    ids=["dataset-environment", "python-docker", "path-s3", "git-notebook", "config-code"],
)
def test_type_change_is_deleted_then_added(a: spb.Blob, b: spb.Blob) -> None:
    diffs = blob_diff(LOC, a, b)
    assert [d.status for d in diffs] == [DELETED, ADDED]
    assert diffs[0].WhichOneof("content") == a.WhichOneof("content")
    assert diffs[1].WhichOneof("content") == b.WhichOneof("content")


# --- applying -----------------------------------------------------------------------------------------------

SAMPLES = [
    None,
    python("pytest==1"),
    python("pytest==2", "numpy==1", version=9),
    python("pytest>=1", argv=()),
    python("pytest==1", "pytest==2"),
    path_ds(a="1", b="1"),
    path_ds(a="2", c="1"),
    s3_ds(a="v1"),
    s3_ds(a="v2", b="v"),
    query_ds("q1"),
    query_ds("q1", "q2"),
    config(lr=0.1),
    config(lr=0.2, depth=1.0),
    git("1"),
    git("2"),
    notebook("n", "1"),
    notebook("m", "2"),
    docker("1"),
    docker("2"),
    python(environment_variables=[{"name": "X", "value": "1"}]),
]


@pytest.mark.parametrize(("i", "j"), list(itertools.product(range(len(SAMPLES)), repeat=2)))
def test_a_diff_applied_to_its_own_a_gives_b(i: int, j: int) -> None:
    a, b = SAMPLES[i], SAMPLES[j]
    result = a
    for diff in blob_diff(LOC, a, b):
        result, conflicts = apply_diff(result, diff)
        assert conflicts == []
    assert blob_diff(LOC, result, b) == []
    assert (result is None) == (b is None)


def conflict_leaves(diffs: list[spb.BlobDiff]) -> list[dict[str, object]]:
    found = as_dict(diffs)
    assert all(d["status"] == "CONFLICTED" for d in found)
    return found


def test_added_requirement_where_a_has_another_version_conflicts() -> None:
    """test_merge_conflict of the v0.18.2 client: both sides add `env`, pytest==1 vs pytest==2."""
    ours, theirs = python("pytest==1"), python("pytest==2")
    (diff,) = blob_diff(LOC, None, theirs)
    result, conflicts = apply_diff(ours, diff)
    assert result == ours  # a conflict keeps A's value
    (found,) = conflict_leaves(conflicts)
    assert found["location"] == LOC
    assert found["environment"]["python"]["requirements"] == [
        {"status": "CONFLICTED", "A": req("pytest==1"), "B": req("pytest==2")}
    ]
    assert "version" not in found["environment"]["python"]  # the same interpreter on both sides


def test_modified_where_a_changed_otherwise_or_deleted_conflicts_with_the_base_as_c() -> None:
    base, theirs = python("pytest==1"), python("pytest==2")
    (diff,) = blob_diff(LOC, base, theirs)
    _, conflicts = apply_diff(python("pytest==3"), diff)
    assert conflict_leaves(conflicts)[0]["environment"]["python"]["requirements"] == [
        {"status": "CONFLICTED", "A": req("pytest==3"), "B": req("pytest==2"), "C": req("pytest==1")}
    ]
    _, conflicts = apply_diff(python(), diff)  # A removed the requirement B modified
    assert conflict_leaves(conflicts)[0]["environment"]["python"]["requirements"] == [
        {"status": "CONFLICTED", "B": req("pytest==2"), "C": req("pytest==1")}
    ]
    result, conflicts = apply_diff(python("pytest==2"), diff)  # A made the same change
    assert conflicts == [] and result == python("pytest==2")


def test_whole_values_conflict_unless_a_holds_old_or_new() -> None:
    (diff,) = blob_diff(LOC, git("base"), git("theirs"))
    assert apply_diff(git("base"), diff) == (git("theirs"), [])
    assert apply_diff(git("theirs"), diff) == (git("theirs"), [])
    result, conflicts = apply_diff(git("ours"), diff)
    assert result == git("ours")
    assert conflict_leaves(conflicts)[0]["code"]["git"] == {
        "status": "CONFLICTED",
        "A": {"repo": "git@example.com:x.git", "hash": "ours"},
        "B": {"repo": "git@example.com:x.git", "hash": "theirs"},
        "C": {"repo": "git@example.com:x.git", "hash": "base"},
    }
    (cmd,) = blob_diff(LOC, python(argv=("a",)), python(argv=("b",)))
    _, conflicts = apply_diff(python(argv=("c",)), cmd)
    assert conflict_leaves(conflicts)[0]["environment"]["command_line"] == {
        "status": "CONFLICTED",
        "A": ["c"],
        "B": ["b"],
        "C": ["a"],
    }


def test_deletions_never_conflict_and_keep_what_a_changed() -> None:
    (diff,) = blob_diff(LOC, path_ds(a="1", b="1"), None)
    result, conflicts = apply_diff(path_ds(a="2", b="1"), diff)
    assert conflicts == [] and result == path_ds(a="2")
    assert apply_diff(path_ds(a="1", b="1"), diff) == (None, [])  # emptied: the blob vanishes
    assert apply_diff(None, diff) == (None, [])
    (git_deleted,) = blob_diff(LOC, git("1"), None)
    assert apply_diff(git("2"), git_deleted) == (git("2"), [])


def test_another_type_conflicts_with_one_diff_per_type() -> None:
    (diff,) = blob_diff(LOC, None, docker("1"))
    result, conflicts = apply_diff(python("x==1"), diff)
    assert result == python("x==1")
    ours, theirs = conflict_leaves(conflicts)
    assert "python" in ours["environment"] and "docker" in theirs["environment"]
    assert ours["environment"]["python"]["requirements"][0] == {"status": "CONFLICTED", "A": req("x==1")}
    assert theirs["environment"]["docker"] == {"status": "CONFLICTED", "B": {"repository": "img", "tag": "1"}}
    (deleted,) = blob_diff(LOC, docker("1"), None)
    assert apply_diff(python("x==1"), deleted) == (python("x==1"), [])


def test_type_change_applies_when_a_still_holds_the_old_blob() -> None:
    merged = merge_diffs({("x",): path_ds(a="1")}, [d for d in blob_diff(["x"], path_ds(a="1"), config(lr=1.0))])
    assert merged.blobs == {("x",): config(lr=1.0)} and merged.conflicts == []
    # A changed the old blob: its rest stays and the new type conflicts, in one diff per type
    diffs = blob_diff(["x"], path_ds(a="1"), config(lr=1.0))
    merged = merge_diffs({("x",): path_ds(a="1", b="2")}, diffs)
    assert merged.blobs == {("x",): path_ds(b="2")}
    assert [d.WhichOneof("content") for d in merged.conflicts] == ["dataset", "config"]


def test_merge_diffs_groups_conflicts_per_location_and_apply_diffs_ignores_them() -> None:
    base = {("a",): python("x==1", "y==1"), ("b",): git("1")}
    theirs = {("a",): python("x==2", "y==2"), ("b",): git("2"), ("c",): config(lr=1.0)}
    ours = {("a",): python("x==3", "y==3"), ("b",): git("1")}
    diffs = [d for loc in sorted(set(base) | set(theirs)) for d in blob_diff(loc, base.get(loc), theirs.get(loc))]
    merged = merge_diffs(ours, diffs)
    (conflict,) = merged.conflicts
    assert conflict.location == ["a"] and len(conflict.environment.python.requirements) == 2
    assert merged.blobs[("b",)] == git("2") and merged.blobs[("c",)] == config(lr=1.0)
    with_attributes = [spb.BlobExpanded(location=loc, blob=b) for loc, b in ours.items()]
    with_attributes[0].attributes.add(key="k").value.string_value = "v"
    applied = {tuple(item.location): item for item in apply_diffs(with_attributes, diffs)}
    assert {loc: item.blob for loc, item in applied.items()} == merged.blobs
    assert [a.key for a in applied[("a",)].attributes] == ["k"] and not applied[("c",)].attributes
    assert merged.blobs[("a",)] == ours[("a",)]


def test_statuses_that_change_nothing_are_ignored() -> None:
    diff = spb.BlobDiff(location=LOC, status=CONFLICTED)
    diff.config.hyperparameters.add(status=CONFLICTED).B.name = "lr"
    assert apply_diff(config(lr=1.0), diff) == (config(lr=1.0), [])
    unknown = spb.BlobDiff(location=LOC, status=MODIFIED)
    unknown.config.hyperparameters.add(status=vpb.DiffStatusEnum.UNKNOWN).B.name = "lr"
    assert apply_diff(config(lr=1.0), unknown) == (config(lr=1.0), [])


def hyperparameter_set(name: str, *values: int) -> spb.Blob:
    cfg = blob(config={})
    cfg.config.hyperparameter_set.add(name=name).discrete.values.extend(
        [vpb.HyperparameterValuesConfigBlob(int_value=v) for v in values]
    )
    return cfg


def with_env_var(value: str) -> spb.Blob:
    return python(environment_variables=[{"name": "X", "value": value}])


def with_constraint(major: int) -> spb.Blob:
    b = python()
    b.environment.python.constraints.add(library="six", constraint="==").version.major = major
    return b


# (family, base, ours, theirs, the conflict diff's path to its one leaf)
CONFLICTS = [
    ("path", path_ds(a="1"), path_ds(a="2"), path_ds(a="3"), ("dataset", "path", "components", 0)),
    ("s3", s3_ds(a="1"), s3_ds(a="2"), s3_ds(a="3"), ("dataset", "s3", "components", 0)),
    ("requirements", python("x==1"), python("x==2"), python("x==3"), ("environment", "python", "requirements", 0)),
    (
        "constraints",
        with_constraint(1),
        with_constraint(2),
        with_constraint(3),
        ("environment", "python", "constraints", 0),
    ),
    ("python version", python(version=8), python(version=9), python(version=10), ("environment", "python", "version")),
    ("env vars", with_env_var("1"), with_env_var("2"), with_env_var("3"), ("environment", "environment_variables", 0)),
    ("command line", python(argv=("1",)), python(argv=("2",)), python(argv=("3",)), ("environment", "command_line")),
    ("docker", docker("1"), docker("2"), docker("3"), ("environment", "docker")),
    ("git", git("1"), git("2"), git("3"), ("code", "git")),
    ("notebook path", notebook("1", "h"), notebook("2", "h"), notebook("3", "h"), ("code", "notebook", "path")),
    ("notebook git", notebook("n", "1"), notebook("n", "2"), notebook("n", "3"), ("code", "notebook", "git_repo")),
    ("hyperparameters", config(lr=1.0), config(lr=2.0), config(lr=3.0), ("config", "hyperparameters", 0)),
    (
        "hyperparameter sets",
        hyperparameter_set("g", 1),
        hyperparameter_set("g", 2),
        hyperparameter_set("g", 3),
        ("config", "hyperparameter_set", 0),
    ),
]


@pytest.mark.parametrize(("base", "ours", "theirs", "path"), [c[1:] for c in CONFLICTS], ids=[c[0] for c in CONFLICTS])
def test_both_sides_changing_one_element_conflicts_in_every_family(
    base: spb.Blob, ours: spb.Blob, theirs: spb.Blob, path: tuple[str | int, ...]
) -> None:
    (diff,) = blob_diff(LOC, base, theirs)
    result, conflicts = apply_diff(ours, diff)
    assert result == ours
    (conflict,) = conflicts
    node: Any = conflict
    for step in path:
        node = node[step] if isinstance(step, int) else getattr(node, step)
    assert json_format.MessageToDict(conflict).keys() == {"location", "status", path[0]}
    leaf = json_format.MessageToDict(node)
    assert leaf["status"] == "CONFLICTED" and set(leaf) == {"status", "A", "B", "C"}
    # the same change on both sides, or ours untouched, merges cleanly
    assert apply_diff(theirs, diff) == (theirs, [])
    assert apply_diff(base, diff) == (theirs, [])


def test_query_components_never_conflict_they_are_keyed_by_value() -> None:
    (diff,) = blob_diff(LOC, query_ds("q1"), query_ds("q3"))
    result, conflicts = apply_diff(query_ds("q2"), diff)
    assert conflicts == [] and result == query_ds("q2", "q3")
