"""VersioningService MergeRepositoryCommits (contract §1.7): the v0.18.2 client's scenarios (log after a merge,
a merge conflict answered with 200), the merge base, parents [B, A], no fast-forward, branches untouched,
dry runs, default messages, ModelDB's errors and the audit trail."""

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
    git_blob,
    master_sha,
    pinned_env,
    sql,
    vcall,
    verror,
)


def merge(api: Api, repo_id: str, **request: Any) -> dict[str, Any]:
    return vcall(api, "MergeRepositoryCommits", {"repository_id": by_id(repo_id), **request}, binding=1)


def commit_count(api: Api, repo_id: str) -> int:
    return int(sql(api, "SELECT count(*) FROM repository_commits WHERE repository_id = :r", r=int(repo_id))[0][0])


def set_branch(api: Api, repo_id: str, branch: str, sha: str) -> None:
    vcall(api, "SetBranch", {"repository_id": by_id(repo_id), "branch": branch, "commit_sha": sha}, binding=1)


def test_log_after_merge(api: Api, uniq: str) -> None:
    """test_log, as the client runs it: master gets a, a new branch gets b, `master.merge(branch)` (branch_b
    master, branch_a branch): parents [a, b], the log is [merge, b, a, root], and no branch moves."""
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    set_branch(api, rid, "branch", root)
    a = create_commit(api, rid, [root], [expanded(["a"], pinned_env("a==1"))], message="a")["commit_sha"]
    set_branch(api, rid, "master", a)
    b = create_commit(api, rid, [root], [expanded(["b"], pinned_env("b==2"))], message="b")["commit_sha"]
    set_branch(api, rid, "branch", b)
    merged = merge(api, rid, branch_a="branch", branch_b="master")["commit"]
    assert merged["parent_shas"] == [a, b]  # [B, A]
    assert merged["message"] == "Merge branch into master"
    assert merged["author"] and int(merged["date_created"]) > 0
    assert set(blobs_of(api, rid, merged["commit_sha"])) == {"a", "b"}
    assert master_sha(api, rid) == a  # the client moves master itself
    request = {"repository_id": by_id(rid), "commit_sha": merged["commit_sha"]}
    log = vcall(api, "ListCommitsLog", request, binding=3 if api.transport == "rest" else 0)["commits"]
    assert [c["commit_sha"] for c in log] == [merged["commit_sha"], b, a, root]
    assert vcall(api, "GetCommit", request, binding=1)["commit"] == merged
    by_sha = merge(api, rid, commit_sha_a=b, commit_sha_b=a)["commit"]
    assert by_sha["message"] == f"Merge {b[:7]} into {a[:7]}" and by_sha["parent_shas"] == [a, b]


def test_merge_never_fast_forwards_and_moves_no_branch(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    a = create_commit(api, rid, [root], [expanded(["x"], git_blob())])["commit_sha"]
    # master (at root) is an ancestor of a: still a merge commit, by branch name, with A's snapshot
    merged = vcall(
        api,
        "MergeRepositoryCommits",
        {"repository_id": by_name(f"r-{uniq}"), "commit_sha_a": a, "branch_b": "master", "content": {"message": "m"}},
        binding=0,
    )["commit"]
    assert merged["parent_shas"] == [root, a] and merged["message"] == "m"
    assert blobs_of(api, rid, merged["commit_sha"]) == {"x": git_blob()}
    assert master_sha(api, rid) == root
    by_branch = merge(api, rid, branch_a="master", commit_sha_b=a)["commit"]
    assert by_branch["message"] == f"Merge master into {a[:7]}" and by_branch["parent_shas"] == [a, root]


def test_merge_base_is_the_newest_common_ancestor(api: Api, uniq: str) -> None:
    """base -> (left, right); left changes lr, right adds a blob: right's change applies onto left only if the
    base is `base` (with the root as base, right's `cfg` would be an addition clashing with left's)."""
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    base = create_commit(api, rid, [root], [expanded(["cfg"], config_blob(lr=1))])["commit_sha"]
    left = create_commit(api, rid, [base], [expanded(["cfg"], config_blob(lr=2))])["commit_sha"]
    right = create_commit(api, rid, [base], [expanded(["cfg"], config_blob(lr=1)), expanded(["new"], git_blob())])[
        "commit_sha"
    ]
    merged = merge(api, rid, commit_sha_a=left, commit_sha_b=right)["commit"]
    assert blobs_of(api, rid, merged["commit_sha"]) == {"cfg": config_blob(lr=2), "new": git_blob()}
    diff = vcall(
        api,
        "ComputeRepositoryDiff",
        {"repository_id": by_id(rid), "commit_a": left, "commit_b": right, "replace_a_with_common_ancestor": True},
        binding=1,
    )["diffs"]
    assert [(d["status"], d["location"]) for d in diff] == [("ADDED", ["new"])]


def test_merge_conflict_is_200_with_conflicts_and_writes_nothing(api: Api, uniq: str) -> None:
    """test_merge_conflict: both branches add `env`, pytest==1 and pytest==2."""
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    side_a = create_commit(api, rid, [root], [expanded(["env"], pinned_env("pytest==1"))], message="a")["commit_sha"]
    side_b = create_commit(api, rid, [root], [expanded(["env"], pinned_env("pytest==2"))], message="b")["commit_sha"]
    before = commit_count(api, rid)
    answer = merge(api, rid, commit_sha_a=side_a, commit_sha_b=side_b)
    assert "commit" not in answer
    assert answer["common_base"]["commit_sha"] == root
    assert answer["conflicts"] == [
        {
            "location": ["env"],
            "status": "CONFLICTED",
            "environment": {
                "python": {
                    "requirements": [
                        {
                            "status": "CONFLICTED",
                            "A": {"library": "pytest", "constraint": "==", "version": {"major": 1}},
                            "B": {"library": "pytest", "constraint": "==", "version": {"major": 2}},
                        }
                    ]
                }
            },
        }
    ]
    assert merge(api, rid, commit_sha_a=side_a, commit_sha_b=side_b, is_dry_run=True)["conflicts"]
    assert commit_count(api, rid) == before
    audit = sql(api, "SELECT action, changes FROM audit_records WHERE entity_id = :e ORDER BY id", e=rid)
    assert [row[0] for row in audit][-2:] == ["MergeRepositoryCommits"] * 2
    assert '"merged": false' in audit[-1][1]


def test_dry_run_answers_nothing_and_writes_nothing(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    a = create_commit(api, rid, [root], [expanded(["a"], git_blob())])["commit_sha"]
    b = create_commit(api, rid, [root], [expanded(["b"], git_blob())])["commit_sha"]
    before = commit_count(api, rid)
    assert merge(api, rid, commit_sha_a=a, commit_sha_b=b, is_dry_run=True) == {}
    assert commit_count(api, rid) == before
    merged = merge(api, rid, commit_sha_a=a, commit_sha_b=b)["commit"]["commit_sha"]
    assert commit_count(api, rid) == before + 1
    rows = sql(api, "SELECT action, entity_type FROM audit_records WHERE entity_id = :e", e=f"{rid}:{merged}")
    assert rows == [("MergeRepositoryCommits", "commit")]


def test_errors_are_modeldbs(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])

    def error(**request: Any) -> tuple[int, str]:
        err = verror(api, "MergeRepositoryCommits", {"repository_id": by_id(rid), **request}, binding=1)
        return err.code, err.message

    assert error(commit_sha_a=root, branch_a="master", commit_sha_b=root)[0] == 3
    assert error(commit_sha_b=root)[1].startswith("Branches and Commits both are not allowed in the request")
    assert error(branch_a=f"no-{uniq}", commit_sha_b=root) == (5, f"Branch not found no-{uniq}")
    assert error(commit_sha_a=root, commit_sha_b="e" * 64) == (5, f"No such commit OR branch found : {'e' * 64}")


def test_merge_base_with_equal_dates(api: Api, uniq: str) -> None:
    """Commits of the same millisecond: the walk orders ties by SHA on both sides alike, so it cannot step past
    the common commit (comparing dates alone does, for one of the two SHA orders: four children make both
    orders all but certain)."""
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    got = vcall(api, "GetCommit", {"repository_id": by_id(rid), "commit_sha": root}, binding=1)
    when = str(int(got["commit"]["date_created"]) + 1000)  # after the initial commit: dates follow ancestry

    def commit_at_once(parent: str, names: list[str]) -> str:
        request = {
            "repository_id": by_id(rid),
            "commit": {"parent_shas": [parent], "message": "same time", "date_created": when},
            "blobs": [expanded([n], git_blob()) for n in names],
        }
        sha: str = vcall(api, "CreateCommit", request, binding=1)["commit"]["commit_sha"]
        return sha

    c = commit_at_once(root, ["c"])
    for i in range(4):
        kid = commit_at_once(c, ["c", f"k{i}"])
        for a, b, expected in ((kid, c, []), (c, kid, [["k" + str(i)]])):
            request = {
                "repository_id": by_id(rid),
                "commit_a": a,
                "commit_b": b,
                "replace_a_with_common_ancestor": True,
            }
            diffs = vcall(api, "ComputeRepositoryDiff", request, binding=1).get("diffs", [])
            assert [d["location"] for d in diffs] == expected
        assert merge(api, rid, commit_sha_a=kid, commit_sha_b=c)["commit"]["parent_shas"] == [c, kid]


def test_merged_tree_is_the_one_a_full_commit_of_its_blobs_makes(api: Api, uniq: str) -> None:
    """The merge rewrites only the folders on changed paths (new folders made, emptied ones dropped, attributes
    kept); its root is the same content address a commit listing all the merged blobs gets."""
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    top = expanded(["top"], pinned_env("x==1"), attributes=[{"key": "k", "value": "v"}])
    base_blobs = [
        expanded(["a", "x"], config_blob(v=1)),
        expanded(["a", "y"], config_blob(v=2)),
        expanded(["b", "c", "d"], git_blob()),
        top,
    ]
    base = create_commit(api, rid, [root], base_blobs)["commit_sha"]
    left = create_commit(api, rid, [base], [expanded(["a", "x"], config_blob(v=9)), *base_blobs[1:]])["commit_sha"]
    new = expanded(["n", "m", "o"], git_blob(hash_="new"), attributes=[{"key": "from", "value": "right"}])
    right = create_commit(api, rid, [base], [base_blobs[0], top, new])["commit_sha"]
    merged = merge(api, rid, commit_sha_a=left, commit_sha_b=right)["commit"]["commit_sha"]
    expected = [expanded(["a", "x"], config_blob(v=9)), top, new]  # the new blob brings its attributes
    full = create_commit(api, rid, [root], expected)["commit_sha"]
    roots = sql(api, "SELECT sha, root_sha FROM commits WHERE sha IN (:m, :f)", m=merged, f=full)
    assert len({row[1] for row in roots}) == 1 and len(roots) == 2
    found = vcall(api, "ListCommitBlobs", {"repository_id": by_id(rid), "commit_sha": merged}, binding=1)["blobs"]
    assert [b.get("attributes") for b in found if b["location"] == ["top"]] == [[{"key": "k", "value": "v"}]]


def test_a_blob_where_the_other_side_has_a_folder_is_a_conflict(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    folder = create_commit(api, rid, [root], [expanded(["x", "y"], git_blob())])["commit_sha"]
    blob = create_commit(api, rid, [root], [expanded(["x"], config_blob(v=1))])["commit_sha"]
    before = commit_count(api, rid)
    for a, b, location in ((folder, blob, ["x"]), (blob, folder, ["x", "y"])):
        for dry_run in (True, False):
            answer = merge(api, rid, commit_sha_a=a, commit_sha_b=b, is_dry_run=dry_run)
            assert answer["common_base"]["commit_sha"] == root
            (conflict,) = answer["conflicts"]
            assert conflict["location"] == location and conflict["status"] == "CONFLICTED"
            leaf = conflict["config"]["hyperparameters"][0] if location == ["x"] else conflict["code"]["git"]
            assert leaf["status"] == "CONFLICTED" and "B" in leaf and "A" not in leaf
    assert commit_count(api, rid) == before
