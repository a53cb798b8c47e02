"""VersioningService ListCommitBlobs and GetCommitComponent: reading a snapshot back exactly, prefixes,
folders, attributes, and ModelDB's errors; changed_locations between snapshots."""

from __future__ import annotations

from typing import Any

from modeldb_backend.services.versioning.snapshots import Changes, changed_locations
from tests.apiclient import Api
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
    verror,
)

S3 = {"dataset": {"s3": {"components": [{"path": path_component("s3://b/k"), "s3_version_id": "v1"}]}}}
QUERY = {
    "dataset": {
        "query": {
            "components": [
                {"query": "SELECT 1", "data_source_uri": "db://x", "execution_timestamp": "5", "num_records": "9"}
            ]
        }
    }
}
NOTEBOOK = {"code": {"notebook": {"path": path_component("nb.ipynb"), "git_repo": {"repo": "r", "is_dirty": True}}}}
DOCKER = {
    "environment": {
        "docker": {"repository": "img", "tag": "1", "sha": "s"},
        "environment_variables": [{"name": "A_1", "value": "x"}],
        "command_line": ["python", "x.py"],
        "apt": {"packages": ["git"]},
    }
}
HP_SETS = {
    "config": {
        "hyperparameter_set": [
            {
                "name": "lr",
                "continuous": {"interval_begin": {"float_value": 0.5}, "interval_end": {"string_value": "2"}},
            },
            {"name": "opt", "discrete": {"values": [{"string_value": "adam"}, {"int_value": "3"}]}},
        ]
    }
}
ATTRS = [{"key": "source", "value": "s3"}, {"key": "rows", "value": 10}]


def _snapshot(api: Api, uniq: str) -> tuple[str, str, list[dict[str, Any]]]:
    repo = create_repository(api, f"r-{uniq}")
    blobs = [
        expanded(["data", "train"], path_dataset("a.csv", "b.csv"), ATTRS),
        expanded(["data", "s3"], S3),
        expanded(["data", "query"], QUERY),
        expanded(["data", "deep", "x"], config_blob(a=1)),
        expanded(["env", "py"], python_env("numpy", "pandas")),
        expanded(["env", "docker"], DOCKER),
        expanded(["code", "git"], git_blob()),
        expanded(["code", "nb"], NOTEBOOK),
        expanded(["config"], HP_SETS),
    ]
    commit = create_commit(api, repo["id"], [master_sha(api, repo["id"])], blobs)
    return repo["id"], commit["commit_sha"], blobs


def _list(api: Api, repo_id: str, sha: str, prefix: list[str] | None = None) -> dict[str, Any]:
    request: dict[str, Any] = {"repository_id": by_id(repo_id), "commit_sha": sha}
    if prefix is not None:
        request["location_prefix"] = prefix
    return vcall(api, "ListCommitBlobs", request, binding=1)


def _component(api: Api, repo_id: str, sha: str, location: list[str]) -> dict[str, Any]:
    request = {"repository_id": by_id(repo_id), "commit_sha": sha, "location": location}
    return vcall(api, "GetCommitComponent", request, binding=1)


def _normal(blob: dict[str, Any]) -> dict[str, Any]:
    """A request blob as the answer renders it (enums by name, int64 as strings: the same here)."""
    return blob


def test_list_returns_every_blob_exactly_in_location_order(api: Api, uniq: str) -> None:
    repo_id, sha, blobs = _snapshot(api, uniq)
    listed = _list(api, repo_id, sha)["blobs"]
    assert [b["location"] for b in listed] == sorted(b["location"] for b in blobs)
    sent = {tuple(b["location"]): b for b in blobs}
    for got in listed:
        want = sent[tuple(got["location"])]
        assert got["blob"] == want["blob"], got["location"]
        assert got.get("attributes", []) == want.get("attributes", [])
    named = vcall(api, "ListCommitBlobs", {"repository_id": by_name(f"r-{uniq}"), "commit_sha": sha})
    assert named["blobs"] == listed and "total_records" not in named


def test_location_prefix(api: Api, uniq: str) -> None:
    repo_id, sha, _ = _snapshot(api, uniq)
    data = _list(api, repo_id, sha, ["data"])["blobs"]
    assert [b["location"] for b in data] == [
        ["data", "deep", "x"],
        ["data", "query"],
        ["data", "s3"],
        ["data", "train"],
    ]
    one = _list(api, repo_id, sha, ["data", "train"])["blobs"]
    assert [b["location"] for b in one] == [["data", "train"]] and one[0]["attributes"] == ATTRS
    for missing, segment in ((["nope"], "nope"), (["data", "nope"], "nope"), (["config", "x"], "x")):
        err = verror(
            api,
            "ListCommitBlobs",
            {"repository_id": by_id(repo_id), "commit_sha": sha, "location_prefix": missing},
            binding=1,
        )
        assert (err.code, err.message) == (5, f"No such folder found : {segment}")


def test_commit_errors(api: Api, uniq: str) -> None:
    repo_id, sha, _ = _snapshot(api, uniq)
    initial = master_sha(api, repo_id)
    assert _list(api, repo_id, initial) == {}
    rid = by_id(repo_id)
    for rpc in ("ListCommitBlobs", "GetCommitComponent"):
        err = verror(api, rpc, {"repository_id": rid, "commit_sha": "c" * 64}, binding=1)
        assert (err.code, err.message) == (5, "No such commit")
        other = create_repository(api, f"o{uniq}{rpc}")
        err = verror(api, rpc, {"repository_id": by_id(other["id"]), "commit_sha": sha}, binding=1)
        assert (err.code, err.message) == (5, "No such commit found in the repository")
        if api.transport == "grpc":  # over REST an empty commit_sha is an empty path segment: no route
            err = verror(api, rpc, {"repository_id": rid, "commit_sha": ""})
            assert (err.code, err.message) == (3, "Commit SHA should not be empty")


def test_get_commit_component(api: Api, uniq: str) -> None:
    repo_id, sha, blobs = _snapshot(api, uniq)
    root = _component(api, repo_id, sha, [])
    assert root == {
        "folder": {
            "blobs": [{"element_name": "config"}],
            "sub_folders": [{"element_name": "code"}, {"element_name": "data"}, {"element_name": "env"}],
        }
    }
    data = _component(api, repo_id, sha, ["data"])["folder"]
    assert [e["element_name"] for e in data["blobs"]] == ["query", "s3", "train"]
    assert data["sub_folders"] == [{"element_name": "deep"}]
    train = _component(api, repo_id, sha, ["data", "train"])
    assert train == {"blob": blobs[0]["blob"], "attributes": ATTRS}
    assert _component(api, repo_id, sha, ["config"]) == {"blob": HP_SETS}
    for missing, segment in ((["nope"], "nope"), (["config", "x"], "x"), (["data", "train", "y"], "y")):
        err = verror(
            api,
            "GetCommitComponent",
            {"repository_id": by_id(repo_id), "commit_sha": sha, "location": missing},
            binding=1,
        )
        assert (err.code, err.message) == (5, f"No such folder found : {segment}")
    assert _component(api, repo_id, master_sha(api, repo_id), []) == {"folder": {}}


def test_repeated_dataset_components_count_once(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    twice = path_dataset("a.csv", "b.csv", "a.csv")
    commit = create_commit(api, repo["id"], [master_sha(api, repo["id"])], [expanded(["d"], twice)])
    got = _list(api, repo["id"], commit["commit_sha"])["blobs"][0]["blob"]
    assert [c["path"] for c in got["dataset"]["path"]["components"]] == ["a.csv", "b.csv"]


def _roots(api: Api, *shas: str) -> list[str]:
    return [sql(api, "SELECT root_sha FROM commits WHERE sha = :s", s=s)[0][0] for s in shas]


def _changes(api: Api, a: str, b: str) -> Changes:
    return api.backend.db.run(lambda session: changed_locations(session, a, b), write=False)


def test_changed_locations(api: Api, uniq: str) -> None:
    repo_id, sha, blobs = _snapshot(api, uniq)
    changed = [b for b in blobs if b["location"] != ["data", "s3"]]  # deleted
    changed[0] = expanded(["data", "train"], path_dataset("a.csv"))  # modified
    changed[2] = expanded(["data", "deep"], config_blob(a=1))  # the folder data/deep becomes a blob
    changed.append(expanded(["new", "one"], git_blob(hash_="zzz")))  # added, in a new folder
    second = create_commit(api, repo_id, [sha], changed)["commit_sha"]
    root_a, root_b = _roots(api, sha, second)
    diff = _changes(api, root_a, root_b)
    assert [c.location for c in diff.added] == [("data", "deep"), ("new", "one")]
    assert [c.location for c in diff.deleted] == [("data", "deep", "x"), ("data", "s3")]
    assert [c.location for c in diff.modified] == [("data", "train")]
    assert diff.modified[0].kind_a == diff.modified[0].kind_b == "PathDatasetBlob"
    assert all(c.sha_a == "" and c.sha_b for c in diff.added) and all(c.sha_b == "" for c in diff.deleted)
    same = _changes(api, root_a, root_a)
    assert (same.added, same.deleted, same.modified) == ([], [], [])
    back = _changes(api, root_b, root_a)
    assert [c.location for c in back.added] == [c.location for c in diff.deleted]
