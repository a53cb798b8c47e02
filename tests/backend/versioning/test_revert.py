"""VersioningService RevertRepositoryCommits (contract §1.8): the v0.18.2 client's scenarios (revert of a
commit, of a merge commit through its first parent), conflicts ignored, messages, errors and the audit."""

from __future__ import annotations

from typing import Any

from tests.apiclient import Api
from tests.backend.versioning.support import (
    blobs_of,
    by_id,
    by_name,
    config_blob,
    create_commit,
    create_repository,
    expanded,
    master_sha,
    pinned_env,
    sql,
    vcall,
    verror,
)


def revert(api: Api, repo_id: str, to_revert: str, base: str, **more: Any) -> dict[str, Any]:
    request = {"repository_id": by_id(repo_id), "commit_to_revert_sha": to_revert, "base_commit_sha": base, **more}
    commit: dict[str, Any] = vcall(api, "RevertRepositoryCommits", request, binding=1)["commit"]
    return commit


def env(major: int) -> dict[str, Any]:
    return pinned_env(f"pytest=={major}")


def test_revert(api: Api, uniq: str) -> None:
    """test_revert: c1 adds loc1, c2 adds loc2; reverting c1 onto c2 removes loc1 and keeps loc2."""
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    c1 = create_commit(api, rid, [root], [expanded(["loc1"], env(1))], message="1")["commit_sha"]
    c2 = create_commit(api, rid, [c1], [expanded(["loc1"], env(1)), expanded(["loc2"], env(2))], message="2")
    reverted = revert(api, rid, c1, c2["commit_sha"])
    assert reverted["parent_shas"] == [c2["commit_sha"]]
    assert reverted["message"] == f'Revert "1 ({c1[:7]})"'
    assert reverted["author"] and int(reverted["date_created"]) > int(c2["date_created"])
    assert blobs_of(api, rid, reverted["commit_sha"]) == {"loc2": env(2)}
    assert master_sha(api, rid) == root  # no branch moves
    rows = sql(api, "SELECT action FROM audit_records WHERE entity_id = :e", e=f"{rid}:{reverted['commit_sha']}")
    assert rows == [("RevertRepositoryCommits",)]


def test_revert_merge_commit(api: Api, uniq: str) -> None:
    """test_revert_merge_commit: a adds loc1, b adds loc2, a.merge(b) (B = a, A = b: parents [a, b]); reverting
    the merge onto itself undoes it against the first parent, a: loc2 goes, loc1 stays."""
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    a = create_commit(api, rid, [root], [expanded(["loc1"], env(1))], message="some message")["commit_sha"]
    b = create_commit(api, rid, [root], [expanded(["loc2"], env(2))], message="other message")["commit_sha"]
    merge_request = {"repository_id": by_id(rid), "commit_sha_a": b, "commit_sha_b": a}
    merged = vcall(api, "MergeRepositoryCommits", merge_request, binding=1)["commit"]
    assert merged["parent_shas"] == [a, b]
    reverted = revert(api, rid, merged["commit_sha"], merged["commit_sha"], content={"message": "undo"})
    assert reverted["message"] == "undo" and reverted["parent_shas"] == [merged["commit_sha"]]
    assert blobs_of(api, rid, reverted["commit_sha"]) == {"loc1": env(1)}


def test_conflicts_are_ignored_and_keep_the_base(api: Api, uniq: str) -> None:
    """c1 changes pytest 1 -> 2 and adds cfg, c2 changes pytest 2 -> 3: undoing c1 on c2 conflicts on pytest
    (c2 holds neither 2 nor 1) and keeps c2's pytest==3, while c1's new cfg is removed."""
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    c0 = create_commit(api, rid, [root], [expanded(["env"], env(1))])["commit_sha"]
    c1 = create_commit(api, rid, [c0], [expanded(["env"], env(2)), expanded(["cfg"], config_blob(lr=1))])
    c2 = create_commit(api, rid, [c1["commit_sha"]], [expanded(["env"], env(3)), expanded(["cfg"], config_blob(lr=1))])
    reverted = revert(api, rid, c1["commit_sha"], c2["commit_sha"])
    assert blobs_of(api, rid, reverted["commit_sha"]) == {"env": env(3)}


def test_errors_are_modeldbs(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    other = create_repository(api, f"o-{uniq}")
    root = master_sha(api, repo["id"])
    foreign = master_sha(api, other["id"])

    def error(to_revert: str, base: str) -> tuple[int, str]:
        request = {"repository_id": by_name(f"r-{uniq}"), "commit_to_revert_sha": to_revert, "base_commit_sha": base}
        err = verror(api, "RevertRepositoryCommits", request)
        return err.code, err.message

    if api.transport == "grpc":  # over REST the SHA is a path segment, which cannot be empty
        assert error("", root) == (3, "Revert Commit SHA not found in the request")
    assert error(root, "") == (3, "Revert Base Commit SHA not found in the request")
    assert error(foreign, root) == (5, f"No such revert commit found in the repository : {foreign}")
    assert error(root, foreign) == (5, f"No such base commit found in the repository : {foreign}")
    code, message = error(root, root)  # the initial commit has no parent to revert to
    assert code == 9 and message.startswith(f"No parent found for commit : {root}")
    missing = {"repository_id": by_id(987654321), "commit_to_revert_sha": root, "base_commit_sha": root}
    assert verror(api, "RevertRepositoryCommits", missing, binding=1).code == 5


def test_reverting_a_deletion_restores_the_blob_with_its_attributes(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    kept = expanded(["d", "kept"], env(1), attributes=[{"key": "owner", "value": "me"}])
    c1 = create_commit(api, rid, [root], [kept, expanded(["other"], env(2))])["commit_sha"]
    c2 = create_commit(api, rid, [c1], [expanded(["other"], env(2))])["commit_sha"]  # deletes d/kept
    reverted = revert(api, rid, c2, c2)["commit_sha"]
    request = {"repository_id": by_id(rid), "commit_sha": reverted}
    found = vcall(api, "ListCommitBlobs", request, binding=1)["blobs"]
    assert sorted((b["location"], b.get("attributes")) for b in found) == [
        (["d", "kept"], [{"key": "owner", "value": "me"}]),
        (["other"], None),
    ]


def test_reverting_onto_a_folder_where_the_blob_was_is_refused(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    c0 = create_commit(api, rid, [root], [expanded(["x"], env(1))])["commit_sha"]
    c1 = create_commit(api, rid, [c0], [expanded(["other"], env(2))])["commit_sha"]  # deletes x
    c2 = create_commit(api, rid, [c1], [expanded(["x", "y"], env(3))])["commit_sha"]  # x is now a folder
    request = {"repository_id": by_id(rid), "commit_to_revert_sha": c1, "base_commit_sha": c2}
    err = verror(api, "RevertRepositoryCommits", request, binding=1)
    assert err.code == 3 and "['x']" in err.message and "folder" in err.message
