"""VersioningService ListCommits (creation-time window, last updated first, pages, total) and ListCommitsLog
(a commit and all its ancestors over every parent, newest first, children before parents at equal times) from
a branch or a commit through all four bindings; a 1,000-commit log costs as many statements as a short one."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, insert

from modeldb_backend.store import versioning_models as vm
from tests.apiclient import Api
from tests.backend.versioning.support import (
    by_id,
    by_name,
    config_blob,
    expanded,
    new_repo,
    vcall,
    verror,
)


def _commit(api: Api, repo_id: str, parents: list[str], name: str, date: int = 0) -> str:
    request = {
        "repository_id": by_id(repo_id),
        "commit": {"parent_shas": parents, "message": f"add {name}", "date_created": str(date)},
        "blobs": [expanded([name], config_blob(x=1))],
    }
    return str(vcall(api, "CreateCommit", request, binding=1)["commit"]["commit_sha"])


def _date(api: Api, repo_id: str, sha: str) -> int:
    got = vcall(api, "GetCommit", {"repository_id": by_id(repo_id), "commit_sha": sha}, binding=1)
    return int(got["commit"]["date_created"])


def _shas(answer: dict[str, Any]) -> list[str]:
    return [c["commit_sha"] for c in answer.get("commits", [])]


def _listed(api: Api, repo_id: str, binding: int = 1, **fields: Any) -> dict[str, Any]:
    return vcall(api, "ListCommits", {"repository_id": by_id(repo_id), **fields}, binding)


# --- ListCommits ---------------------------------------------------------------------------------------------


def test_list_commits_newest_first_with_pages_and_total(api: Api, uniq: str) -> None:
    repo_id, root = new_repo(api, uniq)
    t = _date(api, repo_id, root)
    c1 = _commit(api, repo_id, [root], "a", t + 10)
    c2 = _commit(api, repo_id, [c1], "b", t + 20)
    c3 = _commit(api, repo_id, [root], "c", t + 30)
    everything = _listed(api, repo_id)
    assert _shas(everything) == [c3, c2, c1, root] and everything["total_records"] == "4"
    assert everything["commits"][1]["parent_shas"] == [c1]
    named = vcall(api, "ListCommits", {"repository_id": by_name(f"r-{uniq}")})
    assert named == everything
    page = {"page_number": 1, "page_limit": 3}
    assert (_shas(_listed(api, repo_id, pagination=page)), _listed(api, repo_id, pagination=page)["total_records"]) == (
        [c3, c2, c1],
        "4",
    )
    second = _listed(api, repo_id, pagination={"page_number": 2, "page_limit": 3})
    assert (_shas(second), second["total_records"]) == ([root], "4")
    beyond = _listed(api, repo_id, pagination={"page_number": 9, "page_limit": 3})
    assert (_shas(beyond), beyond["total_records"]) == ([], "4")


def test_list_commits_between_base_and_head(api: Api, uniq: str) -> None:
    repo_id, root = new_repo(api, uniq)
    t = _date(api, repo_id, root)
    c1 = _commit(api, repo_id, [root], "a", t + 10)
    c2 = _commit(api, repo_id, [c1], "b", t + 20)
    c3 = _commit(api, repo_id, [c2], "c", t + 30)
    assert _shas(_listed(api, repo_id, commit_base=c1)) == [c3, c2, c1]
    assert _shas(_listed(api, repo_id, commit_head=c2)) == [c2, c1, root]
    window = _listed(api, repo_id, commit_base=c1, commit_head=c2)
    assert (_shas(window), window["total_records"]) == ([c2, c1], "2")


def test_list_commits_refusals(api: Api, uniq: str) -> None:
    repo_id, _ = new_repo(api, uniq)
    missing = "ab" * 32
    err = verror(api, "ListCommits", {"repository_id": by_id(repo_id), "commit_base": missing}, 1)
    assert (err.code, err.message) == (5, f"Couldn't find base commit by sha : {missing}")
    err = verror(api, "ListCommits", {"repository_id": by_id(repo_id), "commit_head": missing}, 1)
    assert (err.code, err.message) == (5, f"Couldn't find head commit by sha : {missing}")
    err = verror(api, "ListCommits", {"repository_id": by_id(repo_id), "pagination": {"page_limit": -1}}, 1)
    assert err.code == 3 and "negative" in err.message
    err = verror(api, "ListCommits", {"repository_id": by_id(repo_id), "pagination": {"page_limit": 5}}, 1)
    assert err.code == 3 and "numbered from 1" in err.message
    err = verror(api, "ListCommits", {"repository_id": by_id(987654321)}, 1)
    assert (err.code, err.message) == (5, "Couldn't find repository by id 987654321")


# --- ListCommitsLog ------------------------------------------------------------------------------------------


def _log_request(repo_id: str, name: str, binding: int, start: str) -> dict[str, Any]:
    rid = by_name(name) if binding % 2 == 0 else by_id(repo_id)
    return {"repository_id": rid, ("branch" if binding < 2 else "commit_sha"): start}


def test_log_from_branch_or_commit_through_every_binding(api: Api, uniq: str) -> None:
    """ModelDB's test_log: root, `a` on master, `b` on a branch, then master merges the branch."""
    repo_id, root = new_repo(api, uniq)
    t = _date(api, repo_id, root)
    a = _commit(api, repo_id, [root], "a", t + 10)
    b = _commit(api, repo_id, [a], "b", t + 20)
    merge = _commit(api, repo_id, [a, b], "merge", t + 30)
    vcall(api, "SetBranch", {"repository_id": by_id(repo_id), "branch": "master", "commit_sha": merge}, 1)
    vcall(api, "SetBranch", {"repository_id": by_id(repo_id), "branch": "side", "commit_sha": b}, 1)
    for binding in range(4):
        start = "master" if binding < 2 else merge
        log = vcall(api, "ListCommitsLog", _log_request(repo_id, f"r-{uniq}", binding, start), binding)
        assert (_shas(log), log["total_records"]) == ([merge, b, a, root], "4")
        assert log["commits"][0]["parent_shas"] == [a, b]
    side = vcall(api, "ListCommitsLog", _log_request(repo_id, f"r-{uniq}", 1, "side"), 1)
    assert _shas(side) == [b, a, root]
    unsaved_parent = vcall(api, "ListCommitsLog", _log_request(repo_id, f"r-{uniq}", 3, a), 3)
    assert _shas(unsaved_parent) == [a, root]


def test_log_visits_a_shared_ancestor_once_and_puts_children_first_at_equal_times(api: Api, uniq: str) -> None:
    repo_id, root = new_repo(api, uniq)
    t = _date(api, repo_id, root) + 100
    left, right = _commit(api, repo_id, [root], "left", t), _commit(api, repo_id, [root], "right", t)
    chain = [_commit(api, repo_id, [left, right], "m", t)]
    for i in range(5):  # every commit in the same millisecond: only ancestry can order them
        chain.append(_commit(api, repo_id, [chain[-1]], f"c{i}", t))
    log = _shas(vcall(api, "ListCommitsLog", _log_request(repo_id, "", 3, chain[-1]), 3))
    assert log[:6] == chain[::-1] and sorted(log[6:8]) == sorted([left, right]) and log[8:] == [root]
    assert len(log) == len(set(log)) == 9


def test_log_refusals(api: Api, uniq: str) -> None:
    repo_id, root = new_repo(api, uniq)
    err = verror(api, "ListCommitsLog", _log_request(repo_id, "", 1, "nope"), 1)
    assert (err.code, err.message) == (5, "Branch not found nope")
    missing = "cd" * 32
    err = verror(api, "ListCommitsLog", _log_request(repo_id, "", 3, missing), 3)
    assert (err.code, err.message) == (5, f"Commit not found {missing}")
    other_id, other_root = new_repo(api, f"o{uniq}")
    foreign = _commit(api, other_id, [other_root], "elsewhere")
    assert verror(api, "ListCommitsLog", _log_request(repo_id, "", 3, foreign), 3).code == 5
    if api.transport == "grpc":  # over REST every route names one of them
        err = verror(api, "ListCommitsLog", {"repository_id": by_id(repo_id)})
        assert err.code == 3 and "branch or commit_sha" in err.message
        both = {"repository_id": by_id(repo_id), "branch": "master", "commit_sha": root}
        assert verror(api, "ListCommitsLog", both).code == 3


@contextmanager
def _statements(api: Api) -> Iterator[list[str]]:
    """The SQL statements on commits, branches and repositories the server runs meanwhile (its engine, in this
    process; other statements, such as a background sweep's, are not the log's)."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if any(word in statement for word in ("commit", "repositor")):
            seen.append(statement)

    engine = api.backend.db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _chain(api: Api, repo_id: str, root: str, length: int) -> str:
    """`length` commits on top of `root`, written straight into the store (the API would take minutes)."""
    t = _date(api, repo_id, root)
    shas = [hashlib.sha256(f"{repo_id}-{i}".encode()).hexdigest() for i in range(length)]
    commits = [
        {
            "sha": s,
            "message": f"c{i}",
            "date_created": t + i + 1,
            "date_updated": t + i + 1,
            "author": "t",
            "root_sha": "",
        }
        for i, s in enumerate(shas)
    ]
    parents = [
        {"child_sha": s, "parent_order": 0, "parent_sha": shas[i - 1] if i else root} for i, s in enumerate(shas)
    ]
    with api.backend.db.engine.begin() as conn:
        conn.execute(insert(vm.Commit), commits)
        conn.execute(insert(vm.CommitParent), parents)
        conn.execute(insert(vm.RepositoryCommit), [{"repository_id": int(repo_id), "commit_sha": s} for s in shas])
    return shas[-1]


def test_a_1000_commit_log_takes_as_many_statements_as_a_short_one(api: Api, uniq: str) -> None:
    short_id, short_root = new_repo(api, uniq)
    short_head = _chain(api, short_id, short_root, 2)
    long_id, long_root = new_repo(api, f"l{uniq}")
    long_head = _chain(api, long_id, long_root, 1000)
    with _statements(api) as short_sql:
        short = vcall(api, "ListCommitsLog", _log_request(short_id, "", 3, short_head), 3)
    with _statements(api) as long_sql:
        log = vcall(api, "ListCommitsLog", _log_request(long_id, "", 3, long_head), 3)
    assert _shas(short)[-1] == short_root and log["total_records"] == "1001" and _shas(log)[-1] == long_root
    assert [int(c["date_created"]) for c in log["commits"]] == sorted(
        (int(c["date_created"]) for c in log["commits"]), reverse=True
    )
    assert len(long_sql) == len(short_sql) <= 8, long_sql
    assert sum("RECURSIVE" in s.upper() for s in long_sql) == 1
