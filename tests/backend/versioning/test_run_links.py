"""Runs linked to versioning commits: logVersionedInput / getVersionedInputs / CreateExperimentRun with ModelDB's
checks and messages, clones, links that vanish with their repository or commit, and the runs of a commit or of
one blob location (ListCommitExperimentRuns, ListBlobExperimentRuns) with paging."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest

from tests.apiclient import Api, ApiError
from tests.backend.runs_support import RUNS, Ctx
from tests.backend.versioning.support import (
    by_id,
    by_name,
    config_blob,
    create_commit,
    create_repository,
    expanded,
    git_blob,
    master_sha,
    path_component,
    path_dataset,
    python_env,
    sql,
    vcall,
)
from tests.servers import ServerThread

DIFFERENT = "Can't add new versioning entry, because an existing one has different repository or commit"


@dataclass
class Repo:
    id: str
    name: str
    initial: str
    commit: str  # holds data/train (dataset), env (python), config (config)


@pytest.fixture
def c(api: Api, uniq: str) -> Iterator[Ctx]:
    yield Ctx(api, uniq)


@pytest.fixture
def repo(api: Api, uniq: str) -> Repo:
    return _repo(api, f"links-{uniq}")


def _repo(api: Api, name: str) -> Repo:
    made = create_repository(api, name)
    initial = master_sha(api, made["id"])
    blobs = [
        expanded(["data", "train"], path_dataset("train.csv")),
        expanded(["data", "test"], path_dataset("test.csv")),
        expanded(["env"], python_env("numpy")),
        expanded(["config"], config_blob(lr=3)),
    ]
    commit = create_commit(api, made["id"], [initial], blobs)["commit_sha"]
    return Repo(made["id"], name, initial, commit)


def entry(repo: Repo, commit: str | None = None, **keys: list[str]) -> dict[str, Any]:
    found = {"repository_id": repo.id, "commit": commit or repo.commit}
    if keys:
        found["key_location_map"] = {k: {"location": v} for k, v in keys.items()}
    return found


def log(c: Ctx, run_id: str, versioned: dict[str, Any]) -> dict[str, Any]:
    return c.call("logVersionedInput", {"id": run_id, "versioned_inputs": versioned})


def inputs(c: Ctx, run_id: str) -> dict[str, Any]:
    return c.call("getVersionedInputs", {"id": run_id}).get("versioned_inputs", {})


def refused(c: Ctx, rpc: str, request: dict[str, Any]) -> tuple[int, str]:
    err = c.error(rpc, request)
    return err.code, err.message


# --- logVersionedInput / getVersionedInputs -------------------------------------------------------------------


def test_log_get_and_add_keys(c: Ctx, repo: Repo) -> None:
    run = c.create("linked")
    assert inputs(c, run["id"]) == {}
    assert log(c, run["id"], entry(repo, train=["data", "train"])) == {}
    first = entry(repo, train=["data", "train"])
    assert inputs(c, run["id"]) == first
    assert c.get(run["id"])["versioned_inputs"] == first
    assert int(c.get(run["id"])["version_number"]) > int(run["version_number"]), "a link is a change of the run"

    # The same pair adds keys; a key keeps its first location (ModelDB inserts only keys the run lacks).
    log(c, run["id"], entry(repo, env=["env"], train=["data", "test"]))
    both = entry(repo, train=["data", "train"], env=["env"])
    assert inputs(c, run["id"]) == both
    assert sql(c.api, "SELECT count(*) FROM run_versioned_inputs WHERE run_id = :r", r=run["id"])[0][0] == 2

    other = _repo(c.api, f"other-{c.uniq}")
    for different in (entry(repo, commit=repo.initial), entry(other), entry(other, train=["data", "train"])):
        assert refused(c, "logVersionedInput", {"id": run["id"], "versioned_inputs": different}) == (6, DIFFERENT)
    assert inputs(c, run["id"]) == both


def test_link_without_keys(c: Ctx, repo: Repo) -> None:
    run = c.create("keyless")
    log(c, run["id"], entry(repo))
    assert inputs(c, run["id"]) == entry(repo)
    log(c, run["id"], entry(repo, conf=["config"]))
    assert inputs(c, run["id"]) == entry(repo, conf=["config"])
    assert refused(c, "logVersionedInput", {"id": run["id"], "versioned_inputs": entry(repo, repo.initial)})[0] == 6


def test_refusals_with_modeldb_messages(c: Ctx, repo: Repo) -> None:
    run = c.create("refused")
    other = _repo(c.api, f"elsewhere-{c.uniq}")

    def why(versioned: dict[str, Any]) -> tuple[int, str]:
        return refused(c, "logVersionedInput", {"id": run["id"], "versioned_inputs": versioned})

    assert why({"commit": repo.commit}) == (3, "Repository Id not found in VersioningEntry")
    assert why({"repository_id": repo.id}) == (3, "Commit hash not found in VersioningEntry")
    assert why({"repository_id": "987654321", "commit": repo.commit}) == (5, "Couldn't find repository by id 987654321")
    assert why(entry(repo, commit=other.commit)) == (5, "Commit_hash and repository_id mapping not found")
    assert why(entry(repo, commit="f" * 64))[0] == 5
    assert why(entry(repo, commit="x\x00y"))[0] == 3  # the request checks refuse NUL in every string
    cases = {
        "folder": (["data"], "[data]"),
        "missing": (["nope"], "[nope]"),
        "under a blob": (["env", "x"], "[env, x]"),
        "deeper missing": (["data", "train", "x"], "[data, train, x]"),
        "empty": ([], "[]"),
        "dot-dot": (["..", "env"], "[.., env]"),
    }
    for case, (location, shown) in cases.items():
        code, message = why(entry(repo, k=location))
        assert code == 3, case
        assert message.startswith(f"Blob Location '{shown}' for key 'k' not found in commit blobs"), (case, message)
    assert why(entry(repo, k=["e\x00nv"]))[0] == 3
    assert why(entry(repo, **{"": ["env"]}))[0] == 3
    assert why(entry(repo, **{"k" * 251: ["env"]}))[0] == 3
    # One bad key refuses the whole request: nothing of it is stored, and the run is unchanged.
    assert why(entry(repo, good=["env"], bad=["nope"]))[0] == 3
    assert inputs(c, run["id"]) == {}
    assert c.get(run["id"])["version_number"] == run["version_number"]

    assert refused(c, "logVersionedInput", {"id": run["id"]}) == (3, "versioned_inputs not present")
    assert refused(c, "logVersionedInput", {"id": "no-such-run", "versioned_inputs": entry(repo)})[0] == 5
    assert refused(c, "getVersionedInputs", {"id": "no-such-run"})[0] == 5


def test_create_run_with_versioned_inputs(c: Ctx, repo: Repo) -> None:
    versioned = entry(repo, train=["data", "train"], env=["env"])
    run = c.create("created-linked", versioned_inputs=versioned)
    assert run["versioned_inputs"] == versioned
    assert inputs(c, run["id"]) == versioned
    code, message = refused(
        c,
        "createExperimentRun",
        {
            "project_id": c.project["id"],
            "experiment_id": c.experiment["id"],
            "name": "refused-link",
            "versioned_inputs": entry(repo, k=["data"]),
        },
    )
    assert (code, message.split(":")[0]) == (3, "Blob Location '[data]' for key 'k' not found in commit blobs")
    lookup = {"experiment_id": c.experiment["id"], "name": "refused-link"}
    assert refused(c, "getExperimentRunByName", lookup)[0] == 5, "a refused create leaves no run"


def test_clone_keeps_the_link(c: Ctx, repo: Repo) -> None:
    versioned = entry(repo, train=["data", "train"])
    run = c.create("source", versioned_inputs=versioned)
    clone = c.call("cloneExperimentRun", {"src_experiment_run_id": run["id"]})["run"]
    assert clone["versioned_inputs"] == versioned
    log(c, clone["id"], entry(repo, env=["env"]))
    assert inputs(c, run["id"]) == versioned, "the clone's links are its own"


def test_link_vanishes_with_its_commit(c: Ctx, repo: Repo) -> None:
    child = create_commit(c.api, repo.id, [repo.commit], [expanded(["env"], python_env("pandas"))])["commit_sha"]
    run = c.create("to-a-deleted-commit")
    log(c, run["id"], entry(repo, commit=child, env=["env"]))
    vcall(c.api, "DeleteCommit", {"repository_id": by_id(repo.id), "commit_sha": child}, binding=1)
    assert inputs(c, run["id"]) == {}
    assert "versioned_inputs" not in c.get(run["id"])
    # Nothing visible is left, so the run may link again (to another pair).
    log(c, run["id"], entry(repo, env=["env"]))
    assert inputs(c, run["id"]) == entry(repo, env=["env"])


def test_link_vanishes_with_its_repository(c: Ctx, repo: Repo) -> None:
    run = c.create("to-a-deleted-repository", versioned_inputs=entry(repo, env=["env"]))
    vcall(c.api, "DeleteRepository", {"repository_id": by_id(repo.id)}, binding=1)
    assert inputs(c, run["id"]) == {}
    assert "versioned_inputs" not in c.get(run["id"])
    found = c.call("findExperimentRuns", {"experiment_run_ids": [run["id"]]})["experiment_runs"]
    assert "versioned_inputs" not in found[0]


def test_code_blobs_fill_code_version_from_blob(c: Ctx, repo: Repo) -> None:
    """ModelDB's CodeVersionFromBlobHandler: linked git and notebook blobs as git snapshots, by "a/b" location."""
    notebook = {
        "notebook": {
            "path": path_component("work/train.ipynb"),
            "git_repo": {"repo": "g", "hash": "h", "is_dirty": True},
        }
    }
    blobs = [expanded(["code", "git"], git_blob("git@example.com:x.git", "abc")), expanded(["nb"], {"code": notebook})]
    commit = create_commit(c.api, repo.id, [repo.commit], blobs)["commit_sha"]
    keys = {"src": ["code", "git"], "notebook": ["nb"]}
    run = c.create("coded", versioned_inputs=entry(repo, commit=commit, **keys))
    expected = {
        "code/git": {"git_snapshot": {"repo": "git@example.com:x.git", "hash": "abc", "is_dirty": "FALSE"}},
        "nb": {"git_snapshot": {"repo": "g", "hash": "h", "is_dirty": "TRUE", "filepaths": ["work/train.ipynb"]}},
    }
    assert run["code_version_from_blob"] == expected
    assert c.get(run["id"])["code_version_from_blob"] == expected
    plain = c.create("data-only", versioned_inputs=entry(repo, train=["data", "train"]))
    assert "code_version_from_blob" not in plain
    found = c.call("findExperimentRuns", {"experiment_run_ids": [run["id"], plain["id"]]})["experiment_runs"]
    assert {r["id"]: r.get("code_version_from_blob") for r in found} == {run["id"]: expected, plain["id"]: None}


# --- ListCommitExperimentRuns / ListBlobExperimentRuns ---------------------------------------------------------


def _list(api: Api, rpc: str, repo: Repo, commit: str, binding: int = 0, **more: Any) -> dict[str, Any]:
    rid = by_name(repo.name) if binding == 0 else by_id(repo.id)
    return vcall(api, rpc, {"repository_id": rid, "commit_sha": commit, **more}, binding, service=RUNS)


def _ids(answer: dict[str, Any]) -> list[str]:
    return [r["id"] for r in answer.get("runs", [])]


def test_runs_of_a_commit_and_of_a_blob(c: Ctx, repo: Repo) -> None:
    runs = [c.create(f"r{i}") for i in range(4)]
    for run in runs[:3]:  # linked in this order, so date_updated ascends in this order
        log(c, run["id"], entry(repo, train=["data", "train"]) if run is not runs[2] else entry(repo, env=["env"]))
    log(c, runs[3]["id"], entry(repo, commit=repo.initial))
    gone = c.create("deleted", versioned_inputs=entry(repo, train=["data", "train"]))
    c.call("deleteExperimentRun", {"id": gone["id"]})
    linked = [r["id"] for r in runs[:3]]

    for binding in (0, 1):
        every = _list(c.api, "ListCommitExperimentRuns", repo, repo.commit, binding)
        assert _ids(every) == linked and every["total_records"] == "3"
        assert [r["versioned_inputs"]["commit"] for r in every["runs"]] == [repo.commit] * 3
        updated = [int(r["date_updated"]) for r in every["runs"]]
        assert updated == sorted(updated)
        blob = _list(c.api, "ListBlobExperimentRuns", repo, repo.commit, binding, location=["data", "train"])
        assert _ids(blob) == linked[:2] and blob["total_records"] == "2"
    initial = _list(c.api, "ListCommitExperimentRuns", repo, repo.initial)
    assert _ids(initial) == [runs[3]["id"]]
    assert _list(c.api, "ListBlobExperimentRuns", repo, repo.commit, location=["data"]) == {}
    assert _list(c.api, "ListBlobExperimentRuns", repo, repo.commit, location=["env"])["total_records"] == "1"

    pages = [
        _list(c.api, "ListCommitExperimentRuns", repo, repo.commit, pagination={"page_number": n, "page_limit": 2})
        for n in (1, 2, 3)
    ]
    assert [_ids(p) for p in pages] == [linked[:2], linked[2:], []]
    assert [p.get("total_records") for p in pages[:2]] == ["3", "3"]
    one = {"page_number": 2, "page_limit": 1}
    blob_page = _list(c.api, "ListBlobExperimentRuns", repo, repo.commit, pagination=one, location=["data", "train"])
    assert _ids(blob_page) == [linked[1]] and blob_page["total_records"] == "2"


def test_listing_refusals(c: Ctx, repo: Repo) -> None:
    other = _repo(c.api, f"lists-{c.uniq}")

    def why(rpc: str, commit: str, **more: Any) -> tuple[int, str]:
        with pytest.raises(ApiError) as info:
            _list(c.api, rpc, repo, commit, 1, **more)
        return info.value.code, info.value.message

    for rpc in ("ListCommitExperimentRuns", "ListBlobExperimentRuns"):
        assert why(rpc, other.commit, location=["env"]) == (5, "Commit_hash and repository_id mapping not found")
        with pytest.raises(ApiError) as info:
            vcall(c.api, rpc, {"repository_id": by_id("987654321"), "commit_sha": repo.commit}, 1, service=RUNS)
        assert info.value.code == 5
        with pytest.raises(ApiError) as info:
            _list(c.api, rpc, Repo(repo.id, f"missing-{c.uniq}", "", ""), repo.commit, 0, location=["env"])
        assert info.value.code == 5 and "Couldn't find repository by name" in info.value.message
        assert why(rpc, repo.commit, location=["env"], pagination={"page_number": -1, "page_limit": 2})[0] == 3
    code, message = why("ListBlobExperimentRuns", repo.commit)
    assert code == 3 and message.startswith("Blob location not found")
    if c.api.transport == "grpc":  # over REST an empty commit_sha leaves the route's path segment empty
        request = {"repository_id": by_id(repo.id), "commit_sha": ""}
        with pytest.raises(ApiError) as info:
            c.api.call(RUNS, "ListCommitExperimentRuns", request)
        assert (info.value.code, info.value.message) == (3, "Commit SHA should not be empty")


def test_concurrent_links_of_one_run_keep_one_pair(server: ServerThread, uniq: str) -> None:
    """Runs are locked while linked: of concurrent links to different commits exactly one wins, the rest 409."""
    assert server.server is not None
    clients = [Api(server.server.backend, server.http_url, server.grpc_target, "rest") for _ in range(6)]
    try:
        c = Ctx(clients[0], uniq)
        repo = _repo(clients[0], f"race-{uniq}")
        commits = [repo.commit, repo.initial] * 3
        run = c.create("raced")

        def link(job: tuple[Api, str]) -> int:
            api, commit = job
            try:
                api.call(RUNS, "logVersionedInput", {"id": run["id"], "versioned_inputs": entry(repo, commit=commit)})
            except ApiError as err:
                return err.code
            return 0

        with ThreadPoolExecutor(len(clients)) as pool:
            codes = list(pool.map(link, zip(clients, commits, strict=True)))
        winner = inputs(c, run["id"])["commit"]
    finally:
        for api in clients:
            api.close()
    assert sorted(codes) == [0] * commits.count(winner) + [6] * (len(commits) - commits.count(winner))
    assert sql(clients[0], "SELECT DISTINCT commit_sha FROM run_versioned_inputs WHERE run_id = :r", r=run["id"]) == [
        (winner,)
    ]
