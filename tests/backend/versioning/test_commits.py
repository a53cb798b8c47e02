"""VersioningService CreateCommit, GetCommit and DeleteCommit: snapshots, ModelDB's checks and messages in
its order, hostile locations, deduplication of content, and nothing left behind by a refused commit."""

from __future__ import annotations

from typing import Any

import pytest

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
    new_repo,
    path_dataset,
    python_env,
    sql,
    vcall,
    verror,
)

TABLES = ("commits", "commit_parents", "repository_commits", "tree_entries", "blob_contents", "dataset_components")


def _commit_request(repo_id: str, parents: list[str], blobs: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    commit = {"parent_shas": parents, "message": more.pop("message", "m")}
    return {"repository_id": by_id(repo_id), "commit": commit, "blobs": blobs, **more}


def _refused(api: Api, request: dict[str, Any]) -> tuple[int, str]:
    err = verror(api, "CreateCommit", request, binding=1)
    return err.code, err.message


def _counts(api: Api) -> dict[str, int]:
    return {t: sql(api, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def test_create_and_get_commit(api: Api, uniq: str) -> None:
    repo_id, initial = new_repo(api, uniq)
    blobs = [
        expanded(["data", "train"], path_dataset("a.csv", "b.csv")),
        expanded(["env"], python_env("numpy")),
        expanded(["code", "git"], git_blob()),
        expanded(["config"], config_blob(lr=3)),
    ]
    commit = create_commit(api, repo_id, [initial], blobs, message="first", date_created="1000")
    assert commit["parent_shas"] == [initial] and commit["message"] == "first" and commit["date_created"] == "1000"
    assert len(commit["commit_sha"]) == 64 and commit["version_number"] == "1" and commit["author"]
    got = vcall(api, "GetCommit", {"repository_id": by_name(f"r-{uniq}"), "commit_sha": commit["commit_sha"]})
    assert got == {"commit": commit}
    # the same content, parents, message and time is the same commit
    assert create_commit(api, repo_id, [initial], blobs, message="first", date_created="1000") == commit
    later = create_commit(api, repo_id, [commit["commit_sha"], initial], [], message="merge-like")
    assert later["parent_shas"] == [commit["commit_sha"], initial] and int(later["date_created"]) > 1000
    assert master_sha(api, repo_id) == initial  # branches never move on their own


def test_request_checks_in_modeldb_order(api: Api, uniq: str) -> None:
    repo_id, initial = new_repo(api, uniq)
    good = [expanded(["c"], config_blob(a=1))]
    assert _refused(api, _commit_request(repo_id, [], good)) == (
        3,
        "Parent commits not found in the CreateCommitRequest",
    )
    both = _commit_request(repo_id, [initial], good, commit_base=initial)
    assert _refused(api, both) == (3, "Blob list and commit base with diffs should not be allowed together")
    assert _refused(api, _commit_request(repo_id, [initial], good, message="")) == (
        3,
        "Commit message should not be empty",
    )
    assert _refused(api, _commit_request(repo_id, [initial], [expanded([], config_blob(a=1))])) == (
        3,
        "Blob path should not be empty",
    )
    # a bad blob is reported before an unknown parent
    assert _refused(api, _commit_request(repo_id, ["f" * 64], [expanded(["x"], {})])) == (
        3,
        "Unknown blob type specified",
    )
    assert _refused(api, _commit_request(repo_id, [initial, "f" * 64], good)) == (
        5,
        f"Parent commit '{'f' * 64}' not found in DB",
    )
    other_id, _ = new_repo(api, f"o{uniq}")
    assert _refused(api, _commit_request(other_id, [initial], good))[0] == 5  # a parent of another repository
    missing = _commit_request("987654321", [initial], good)
    assert _refused(api, missing) == (5, "Couldn't find repository by id 987654321")


BAD_BLOBS: list[tuple[dict[str, Any], str]] = [
    ({}, "Unknown blob type specified"),
    ({"dataset": {"path": {"components": [{"path": ""}]}}}, "Dataset path is empty"),
    ({"dataset": {"s3": {"components": [{"path": {"path": ""}}]}}}, "Dataset path is empty"),
    ({"code": {"git": {"repo": ""}}}, "Code repository path should not be empty"),
    ({"environment": {"docker": {"repository": ""}}}, "Environment repository path should not be empty"),
    (
        {"environment": {"environment_variables": [{"name": "A B", "value": "1"}]}},
        "Environment variable name: A B should be not empty, should contain only alphanumeric or underscore",
    ),
    (
        {"environment": {"environment_variables": [{"name": "A", "value": "1"}, {"name": "A", "value": "2"}]}},
        "There are recurring variables",
    ),
    (
        {"environment": {"python": {"requirements": [{"library": "x"}, {"library": "x"}]}}},
        "There are recurring requirements",
    ),
    (
        {"environment": {"python": {"constraints": [{"library": "x"}, {"library": "x"}]}}},
        "There are recurring constraints",
    ),
    (
        {"environment": {"python": {"requirements": [{"library": ""}]}}},
        "Requirement or constraint library name should not be empty",
    ),
    ({"config": {"hyperparameter_set": [{"name": ""}]}}, "Hyperparameter set name is empty"),
    (
        {"config": {"hyperparameter_set": [{"name": "s", "continuous": {"interval_begin": {"string_value": "x"}}}]}},
        "beginSetConfigBlob has a STRING_VALUE which is not in a valid numeric notation",
    ),
]


@pytest.mark.parametrize("index", range(len(BAD_BLOBS)))
def test_blob_validation(api: Api, uniq: str, index: int) -> None:
    repo_id, initial = new_repo(api, uniq)
    blob, message = BAD_BLOBS[index]
    assert _refused(api, _commit_request(repo_id, [initial], [expanded(["b"], blob)])) == (3, message)


HOSTILE = [
    ["a", ".."],
    [".."],
    ["."],
    ["a", ""],
    ["a/b"],
    ["/etc", "passwd"],
    ["x" * 257],
    ["d"] * 65,
]


def test_hostile_locations_are_refused(api: Api, uniq: str) -> None:
    repo_id, initial = new_repo(api, uniq)
    before = _counts(api)
    for location in HOSTILE:
        code, message = _refused(api, _commit_request(repo_id, [initial], [expanded(location, config_blob(a=1))]))
        assert code == 3 and ("segment" in message), (location, message)
    nul = _refused(api, _commit_request(repo_id, [initial], [expanded(["a\x00b"], config_blob(a=1))]))
    assert nul[0] == 3 and "NUL" in nul[1]
    twice = [expanded(["a"], config_blob(a=1)), expanded(["a"], config_blob(a=2))]
    assert _refused(api, _commit_request(repo_id, [initial], twice)) == (
        3,
        "the commit has a blob at ['a'] twice: each location holds one blob",
    )
    inside = [expanded(["a"], config_blob(a=1)), expanded(["a", "b"], config_blob(a=2))]
    code, message = _refused(api, _commit_request(repo_id, [initial], inside))
    assert code == 3 and "itself a blob" in message
    over = [expanded(["a", "b"], config_blob(a=1)), expanded(["a"], config_blob(a=2))]
    code, message = _refused(api, _commit_request(repo_id, [initial], over))
    assert code == 3 and "where a folder" in message
    assert _counts(api) == before


def test_a_refused_commit_leaves_nothing(api: Api, uniq: str) -> None:
    repo_id, initial = new_repo(api, uniq)
    before = _counts(api)
    fresh = [expanded(["data", str(i)], path_dataset(f"{uniq}-{i}.csv")) for i in range(50)]
    assert _refused(api, _commit_request(repo_id, [initial, "0" * 64], fresh))[0] == 5
    assert _refused(api, _commit_request(repo_id, [initial], [*fresh[:1], expanded(["z"], {})]))[0] == 3
    assert _counts(api) == before


def test_identical_content_is_stored_once(api: Api, uniq: str) -> None:
    first_id, first_initial = new_repo(api, uniq)
    second_id, second_initial = new_repo(api, f"s{uniq}")
    blobs = [
        expanded(["data", "a"], path_dataset(f"{uniq}.csv")),
        expanded(["data", "b"], path_dataset(f"{uniq}.csv")),  # the same blob twice in one snapshot
        expanded(["cfg"], config_blob(seed=int(uniq[:6], 16))),
    ]
    one = create_commit(api, first_id, [first_initial], blobs)
    after_first = _counts(api)
    two = create_commit(api, second_id, [second_initial], blobs, message="same content")
    after_second = _counts(api)
    roots = [sql(api, "SELECT root_sha FROM commits WHERE sha = :s", s=c["commit_sha"])[0][0] for c in (one, two)]
    assert roots[0] == roots[1] and one["commit_sha"] != two["commit_sha"]
    for table in ("tree_entries", "blob_contents", "dataset_components"):
        assert after_second[table] == after_first[table], table
    assert after_second["commits"] == after_first["commits"] + 1
    shared = sql(
        api,
        "SELECT DISTINCT element_sha FROM tree_entries WHERE element_name IN ('a', 'b') AND tree_sha IN "
        "(SELECT element_sha FROM tree_entries WHERE tree_sha = :r AND element_name = 'data')",
        r=roots[0],
    )
    assert len(shared) == 1


def test_commit_base_without_diffs_copies_the_snapshot(api: Api, uniq: str) -> None:
    repo_id, initial = new_repo(api, uniq)
    base = create_commit(api, repo_id, [initial], [expanded(["c"], config_blob(a=1))])
    request = _commit_request(repo_id, [base["commit_sha"]], [], commit_base=base["commit_sha"], message="copy")
    copy = vcall(api, "CreateCommit", request, binding=1)["commit"]
    roots = {
        sql(api, "SELECT root_sha FROM commits WHERE sha = :s", s=c)[0][0]
        for c in (base["commit_sha"], copy["commit_sha"])
    }
    assert len(roots) == 1
    unknown = _commit_request(repo_id, [initial], [], commit_base="a" * 64)
    assert _refused(api, unknown) == (5, f"Commit_base '{'a' * 64}' not found in the repository")


def test_commit_base_with_diffs(api: Api, uniq: str) -> None:
    repo_id, initial = new_repo(api, uniq)
    diff = {
        "location": ["c"],
        "status": "ADDED",
        "config": {"hyperparameters": [{"status": "ADDED", "B": {"name": "a", "value": {"int_value": "1"}}}]},
    }
    request = _commit_request(repo_id, [initial], [], commit_base=initial, diffs=[diff])
    commit = vcall(api, "CreateCommit", request, binding=1)["commit"]
    blobs = vcall(api, "ListCommitBlobs", {"repository_id": by_id(repo_id), "commit_sha": commit["commit_sha"]}, 1)
    assert [b["location"] for b in blobs["blobs"]] == [["c"]]


def test_delete_commit(api: Api, uniq: str) -> None:
    repo_id, initial = new_repo(api, uniq)
    parent = create_commit(api, repo_id, [initial], [expanded(["c"], config_blob(a=1))])["commit_sha"]
    child = create_commit(api, repo_id, [parent], [expanded(["c"], config_blob(a=2))])["commit_sha"]
    rid = by_id(repo_id)

    def delete(sha: str) -> Any:
        return vcall(api, "DeleteCommit", {"repository_id": rid, "commit_sha": sha}, binding=1)

    def refusal(sha: str) -> tuple[int, str]:
        err = verror(api, "DeleteCommit", {"repository_id": rid, "commit_sha": sha}, binding=1)
        return err.code, err.message

    assert refusal("b" * 64) == (5, f"Commits not found for the ids: [{'b' * 64}]")
    assert refusal(parent) == (9, f"Commit '{parent}' has the child, please delete child commit first")
    assert refusal(initial) == (9, f"Commit '{initial}' has the child, please delete child commit first")
    with api.backend.db.engine.begin() as conn:  # a tag and a second branch on the child (their RPCs come later)
        for table, name in (("repository_tags", "v1"), ("repository_tags", "v0"), ("repository_branches", "dev")):
            conn.exec_driver_sql(f"INSERT INTO {table} VALUES ({int(repo_id)}, '{name}', '{child}')")
        conn.exec_driver_sql(
            f"UPDATE repository_branches SET commit_sha = '{child}' WHERE repository_id = {int(repo_id)}"
        )
    assert refusal(child) == (9, "Commits are associated with branch name : dev, master")
    with api.backend.db.engine.begin() as conn:
        conn.exec_driver_sql(f"DELETE FROM repository_branches WHERE repository_id = {int(repo_id)}")
    assert refusal(child) == (9, "Commit is associated with Tags : v0,v1")
    with api.backend.db.engine.begin() as conn:
        conn.exec_driver_sql(f"DELETE FROM repository_tags WHERE repository_id = {int(repo_id)}")
    assert delete(child) == {}
    assert verror(api, "GetCommit", {"repository_id": rid, "commit_sha": child}, binding=1).code == 5
    assert sql(api, "SELECT count(*) FROM commits WHERE sha = :s", s=child)[0][0] == 0
    assert sql(api, "SELECT count(*) FROM commit_parents WHERE child_sha = :s", s=child)[0][0] == 0
    assert delete(parent) == {}
    assert (
        vcall(api, "GetCommit", {"repository_id": rid, "commit_sha": initial}, binding=1)["commit"]["commit_sha"]
        == initial
    )


def test_a_shared_commit_is_unlinked_not_deleted(api: Api, uniq: str) -> None:
    first = create_repository(api, f"a-{uniq}", date_created="4242")
    second = create_repository(api, f"b-{uniq}", date_created="4242")
    shared = master_sha(api, first["id"])
    assert master_sha(api, second["id"]) == shared  # the same initial commit, stored once
    assert sql(api, "SELECT count(*) FROM repository_commits WHERE commit_sha = :s", s=shared)[0][0] >= 2
    with api.backend.db.engine.begin() as conn:
        conn.exec_driver_sql(f"DELETE FROM repository_branches WHERE repository_id = {int(first['id'])}")
    request = {"repository_id": by_id(first["id"]), "commit_sha": shared}
    assert vcall(api, "DeleteCommit", request, binding=1) == {}
    assert verror(api, "GetCommit", request, binding=1).code == 5
    kept = vcall(api, "GetCommit", {"repository_id": by_id(second["id"]), "commit_sha": shared}, binding=1)
    assert kept["commit"]["commit_sha"] == shared and kept["commit"]["date_created"] == "4242"
