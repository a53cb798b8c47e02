"""VersioningService ComputeRepositoryDiff (contract §1.6): sides by commit or branch, the order of the diffs,
their content per blob family, replace_a_with_common_ancestor, ModelDB's errors, and a diff of two
100,000-blob commits that differ in one blob."""

from __future__ import annotations

import time
from typing import Any

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
    path_dataset,
    pinned_env,
    sql,
    vcall,
    verror,
)
from tests.servers import ServerThread


def diff(api: Api, repo_id: str, binding: int = 1, **sides: Any) -> list[dict[str, Any]]:
    request = {"repository_id": by_id(repo_id), **sides}
    diffs: list[dict[str, Any]] = vcall(api, "ComputeRepositoryDiff", request, binding=binding).get("diffs", [])
    return diffs


def test_added_deleted_modified_in_that_order(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    root = master_sha(api, repo["id"])
    a = create_commit(
        api,
        repo["id"],
        [root],
        [
            expanded(["env"], pinned_env("pytest==1")),
            expanded(["gone"], git_blob()),
            expanded(["same"], config_blob(x=1)),
        ],
    )
    b = create_commit(
        api,
        repo["id"],
        [a["commit_sha"]],
        [
            expanded(["env"], pinned_env("pytest==2")),
            expanded(["new", "d"], path_dataset("f")),
            expanded(["same"], config_blob(x=1)),
        ],
    )
    diffs = diff(api, repo["id"], commit_a=a["commit_sha"], commit_b=b["commit_sha"])
    assert [(d["status"], d["location"]) for d in diffs] == [
        ("ADDED", ["new", "d"]),
        ("DELETED", ["gone"]),
        ("MODIFIED", ["env"]),
    ]
    assert diffs[0]["dataset"]["path"]["components"] == [
        {"status": "ADDED", "B": {"path": "f", "size": "1", "sha256": "sha-f"}}
    ]
    assert diffs[1]["code"]["git"] == {"status": "DELETED", "A": {"repo": "git@example.com:x.git", "hash": "abc"}}
    # pytest==1 -> pytest==2 is one modified requirement (key: library + constraint); the version is unchanged
    assert diffs[2]["environment"] == {
        "python": {
            "requirements": [
                {
                    "status": "MODIFIED",
                    "A": {"library": "pytest", "constraint": "==", "version": {"major": 1}},
                    "B": {"library": "pytest", "constraint": "==", "version": {"major": 2}},
                }
            ]
        }
    }
    # the other way round, and a commit with itself
    back = diff(api, repo["id"], commit_a=b["commit_sha"], commit_b=a["commit_sha"])
    assert [(d["status"], d["location"]) for d in back] == [
        ("ADDED", ["gone"]),
        ("DELETED", ["new", "d"]),
        ("MODIFIED", ["env"]),
    ]
    assert diff(api, repo["id"], commit_a=a["commit_sha"], commit_b=a["commit_sha"]) == []


def test_a_type_change_is_deleted_plus_added(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    root = master_sha(api, repo["id"])
    a = create_commit(api, repo["id"], [root], [expanded(["x"], path_dataset("f"))])
    b = create_commit(api, repo["id"], [a["commit_sha"]], [expanded(["x"], config_blob(lr=1))])
    diffs = diff(api, repo["id"], commit_a=a["commit_sha"], commit_b=b["commit_sha"])
    assert [(d["status"], d["location"], "dataset" in d, "config" in d) for d in diffs] == [
        ("DELETED", ["x"], True, False),
        ("ADDED", ["x"], False, True),
    ]


def test_branches_by_name_and_replace_a_with_common_ancestor(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    root = master_sha(api, repo["id"])
    left = create_commit(api, repo["id"], [root], [expanded(["left"], git_blob())])
    right = create_commit(api, repo["id"], [root], [expanded(["right"], git_blob())])
    diffs = diff(api, repo["id"], commit_a=left["commit_sha"], commit_b=right["commit_sha"])
    assert [(d["status"], d["location"]) for d in diffs] == [("ADDED", ["right"]), ("DELETED", ["left"])]
    from_base = diff(
        api, repo["id"], commit_a=left["commit_sha"], commit_b=right["commit_sha"], replace_a_with_common_ancestor=True
    )
    assert [(d["status"], d["location"]) for d in from_base] == [("ADDED", ["right"])]
    # master is the initial commit (CreateCommit moves no branch); the named binding works the same
    named = {"repository_id": by_name(f"r-{uniq}"), "branch_a": "master", "commit_b": left["commit_sha"]}
    got = vcall(api, "ComputeRepositoryDiff", named, binding=0)["diffs"]
    assert [(d["status"], d["location"]) for d in got] == [("ADDED", ["left"])]


def test_a_diff_applied_with_create_commit_rebuilds_its_b(api: Api, uniq: str) -> None:
    """The v0.18.2 client's `commit.apply_diff(b.diff_from(a))`: the diffs as answered, sent back as CreateCommit's
    commit_base + diffs, give a commit with exactly b's snapshot (the same root)."""
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    a_blobs = [
        expanded(["env"], pinned_env("pytest==1", "six==1")),
        expanded(["d", "gone"], git_blob()),
        expanded(["x"], path_dataset("f")),
    ]
    b_blobs = [
        expanded(["env"], pinned_env("pytest==2", "numpy==1")),
        expanded(["n", "new"], config_blob(lr=1)),
        expanded(["x"], config_blob(lr=2)),
    ]
    a = create_commit(api, rid, [root], a_blobs)["commit_sha"]
    b = create_commit(api, rid, [a], b_blobs)["commit_sha"]
    diffs = diff(api, rid, commit_a=a, commit_b=b)
    request = {
        "repository_id": by_id(rid),
        "commit": {"parent_shas": [a], "message": "applied"},
        "commit_base": a,
        "diffs": diffs,
    }
    applied = vcall(api, "CreateCommit", request, binding=1)["commit"]["commit_sha"]
    assert diff(api, rid, commit_a=b, commit_b=applied) == []
    roots = dict(sql(api, "SELECT sha, root_sha FROM commits WHERE sha IN (:b, :c)", b=b, c=applied))
    assert roots[b] == roots[applied]


def test_errors_are_modeldbs(api: Api, uniq: str) -> None:
    repo = create_repository(api, f"r-{uniq}")
    other = create_repository(api, f"o-{uniq}")
    root = master_sha(api, repo["id"])
    foreign = create_commit(api, other["id"], [master_sha(api, other["id"])], [expanded(["x"], git_blob())])
    rid = by_id(repo["id"])

    def error(**sides: Any) -> tuple[int, str]:
        err = verror(api, "ComputeRepositoryDiff", {"repository_id": rid, **sides}, binding=1)
        assert err.status in (-1, {3: 400, 5: 404}[err.code])
        return err.code, err.message

    both = "Branches and Commits both are not allowed in the request"
    assert error(commit_a=root, branch_a="master", commit_b=root)[1].startswith(both)
    assert error(commit_a=root)[1].startswith(both)  # no B
    assert error(branch_b="master")[0] == 3  # no A
    assert error(commit_a=root, branch_b=f"nope-{uniq}") == (5, f"Branch not found nope-{uniq}")
    assert error(commit_a="f" * 64, commit_b=root) == (5, f"No such commit OR branch found : {'f' * 64}")
    sha = foreign["commit_sha"]
    assert error(commit_a=root, commit_b=sha) == (5, f"No such commit found in the repository : {sha}")
    # the sides are checked first, as ModelDB does; then the repository
    unknown = {"repository_id": by_id(987654321), "commit_a": root}
    assert verror(api, "ComputeRepositoryDiff", unknown, binding=1).code == 3
    assert verror(api, "ComputeRepositoryDiff", {**unknown, "commit_b": root}, binding=1).code == 5


def _many(count: int, changed: int = -1) -> list[dict[str, Any]]:
    """`count` config blobs in folders of 1,000; blob `changed` holds another value."""
    return [
        expanded([f"d{i // 1000:03d}", f"b{i % 1000:03d}"], config_blob(i=i + (1 if i == changed else 0)))
        for i in range(count)
    ]


def test_100k_blob_commits_diff_merge_and_revert_touch_only_the_change(server: ServerThread, uniq: str) -> None:
    """Two commits of 100,000 blobs (100 folders of 1,000) differing in one: the diff descends into the one
    folder that differs and loads two blobs; merging them and reverting the change read and rewrite that
    folder only. Over REST on both databases (the server's work is the same over gRPC)."""
    assert server.server is not None
    api = Api(server.server.backend, server.http_url, server.grpc_target, "rest")
    repo = create_repository(api, f"r-{uniq}")
    rid, root = repo["id"], master_sha(api, repo["id"])
    a = create_commit(api, rid, [root], _many(100_000))["commit_sha"]
    b = create_commit(api, rid, [a], _many(100_000, changed=54_321))["commit_sha"]
    timings: dict[str, float] = {}

    def timed(name: str, rpc: str, request: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        answer = vcall(api, rpc, {"repository_id": by_id(rid), **request}, binding=1)
        timings[name] = time.perf_counter() - started
        return answer

    diffs = timed("diff", "ComputeRepositoryDiff", {"commit_a": a, "commit_b": b})["diffs"]
    assert [(d["status"], d["location"]) for d in diffs] == [("MODIFIED", ["d054", "b321"])]
    assert diffs[0]["config"]["hyperparameters"][0]["B"]["value"] == {"int_value": "54322"}
    merged = timed("merge", "MergeRepositoryCommits", {"commit_sha_a": a, "commit_sha_b": b})["commit"]["commit_sha"]
    reverted = timed("revert", "RevertRepositoryCommits", {"commit_to_revert_sha": b, "base_commit_sha": merged})
    api.close()
    # content-addressed: the merge holds b's snapshot, the revert a's again
    roots = dict(
        sql(
            api,
            "SELECT sha, root_sha FROM commits WHERE sha IN (:a, :b, :m, :r)",
            a=a,
            b=b,
            m=merged,
            r=reverted["commit"]["commit_sha"],
        )
    )
    assert roots[merged] == roots[b] and roots[reverted["commit"]["commit_sha"]] == roots[a]
    print(
        "\n100,000-blob commits differing in one blob: "
        + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items())
    )
    assert max(timings.values()) < 2.0
