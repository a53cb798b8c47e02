"""VersioningService branches and tags: List/Get/Set/Delete over both bindings, the bare JSON string body of
SetBranch/SetTag, ModelDB's messages, immutable tags, and the lost-update rule of SetBranch (two saves on one
parent: exactly one wins) without breaking ModelDB's TestBranch (a branch may move to a sibling)."""

from __future__ import annotations

import json
import threading
from typing import Any

from tests.apiclient import Api, ApiError
from tests.backend.versioning.support import (
    by_id,
    by_name,
    config_blob,
    create_commit,
    expanded,
    master_sha,
    new_repo,
    sql,
    vcall,
    verror,
)
from tests.servers import ServerThread


def _child(api: Api, repo_id: str, parents: list[str], name: str) -> str:
    """A commit on `parents` adding a blob at `name` (distinct names give distinct SHAs)."""
    blobs = [expanded([name], config_blob(x=len(name)))]
    return str(create_commit(api, repo_id, parents, blobs, message=f"add {name}")["commit_sha"])


def _set(api: Api, repo_id: str, branch: str, sha: str, binding: int = 1) -> dict[str, Any]:
    return vcall(api, "SetBranch", {"repository_id": by_id(repo_id), "branch": branch, "commit_sha": sha}, binding)


def _head(api: Api, repo_id: str, branch: str) -> str:
    got = vcall(api, "GetBranch", {"repository_id": by_id(repo_id), "branch": branch}, binding=1)
    return str(got["commit"]["commit_sha"])


def test_master_is_listed_and_readable_through_both_bindings(api: Api, uniq: str) -> None:
    repo_id, initial = new_repo(api, uniq)
    for rid, binding in ((by_name(f"r-{uniq}"), 0), (by_id(repo_id), 1)):
        listed = vcall(api, "ListBranches", {"repository_id": rid}, binding)
        assert listed == {"branches": ["master"], "total_records": "1"}
        got = vcall(api, "GetBranch", {"repository_id": rid, "branch": "master"}, binding)
        assert got["commit"]["commit_sha"] == initial and got["commit"]["message"] == "Initial commit"


def test_set_branch_creates_and_moves_through_both_bindings(api: Api, uniq: str) -> None:
    repo_id, initial = new_repo(api, uniq)
    c1 = _child(api, repo_id, [initial], "a")
    assert vcall(api, "SetBranch", {"repository_id": by_name(f"r-{uniq}"), "branch": "dev", "commit_sha": c1}) == {}
    assert _head(api, repo_id, "dev") == c1
    c2 = _child(api, repo_id, [c1], "b")
    assert _set(api, repo_id, "dev", c2) == {}
    assert _set(api, repo_id, "dev", c2) == {}  # setting the same commit again changes nothing
    assert _head(api, repo_id, "dev") == c2 and _head(api, repo_id, "master") == initial
    listed = vcall(api, "ListBranches", {"repository_id": by_id(repo_id)}, binding=1)
    assert listed == {"branches": ["dev", "master"], "total_records": "2"}
    moves = sql(
        api,
        "SELECT changes FROM audit_records WHERE entity_type = 'branch' AND entity_id = :e ORDER BY id",
        e=f"{repo_id}:dev",
    )
    assert [json.loads(m[0])["commit_sha"] for m in moves] == [c1, c2, c2]


def test_rest_body_is_a_bare_json_string(api: Api, server: ServerThread, uniq: str) -> None:
    """grpc-gateway's `body: "commit_sha"`: the whole body is the JSON string, as ModelDB's client sends it."""
    repo_id, initial = new_repo(api, uniq)
    c1 = _child(api, repo_id, [initial], "a")
    url = f"{server.http_url}/api/v1/modeldb/versioning/repositories/{repo_id}/branches/raw"
    resp = api.session.put(url, data=json.dumps(c1), headers={"Content-Type": "application/json"})
    assert (resp.status_code, resp.json()) == (200, {})
    assert _head(api, repo_id, "raw") == c1
    resp = api.session.put(url.replace("/branches/raw", "/tags/t1"), data=f'"{c1}"')
    assert resp.status_code == 200 and vcall(api, "GetTag", {"repository_id": by_id(repo_id), "tag": "t1"}, 1)
    resp = api.session.put(url, data=json.dumps({"commit_sha": c1}))
    assert resp.status_code == 400 and resp.json()["code"] == 3


def test_set_branch_refusals(api: Api, uniq: str) -> None:
    repo_id, initial = new_repo(api, uniq)
    err = verror(api, "SetBranch", {"repository_id": by_id(repo_id), "branch": "dev", "commit_sha": "f" * 64}, 1)
    assert (err.code, err.message) == (
        5,
        f"Commit_hash and repository_id mapping not found for repository {repo_id} and commit {'f' * 64}",
    )
    err = verror(api, "SetBranch", {"repository_id": by_id(repo_id), "branch": "dev", "commit_sha": ""}, 1)
    assert err.code == 3 and "Commit SHA should not be empty" in err.message
    err = verror(api, "SetBranch", {"repository_id": by_id(repo_id), "branch": "a:b", "commit_sha": initial}, 1)
    assert (err.code, err.message) == (3, "Name can not contain ':' or '/' or '\\\\'")
    err = verror(api, "SetBranch", {"repository_id": by_id(repo_id), "branch": "x" * 300, "commit_sha": initial}, 1)
    assert err.code == 3 and "300" in err.message
    err = verror(api, "SetBranch", {"repository_id": by_id(987654321), "branch": "b", "commit_sha": initial}, 1)
    assert (err.code, err.message) == (5, "Couldn't find repository by id 987654321")
    other_id, _ = new_repo(api, f"o{uniq}")
    foreign = _child(api, other_id, [master_sha(api, other_id)], "elsewhere")
    err = verror(api, "SetBranch", {"repository_id": by_id(repo_id), "branch": "dev", "commit_sha": foreign}, 1)
    assert err.code == 5  # a commit of another repository
    assert vcall(api, "ListBranches", {"repository_id": by_id(repo_id)}, 1)["branches"] == ["master"]


def test_get_and_delete_branch_messages(api: Api, uniq: str) -> None:
    repo_id, initial = new_repo(api, uniq)
    err = verror(api, "GetBranch", {"repository_id": by_id(repo_id), "branch": "nope"}, 1)
    assert (err.code, err.message) == (5, "Branch not found nope")
    err = verror(api, "DeleteBranch", {"repository_id": by_id(repo_id), "branch": "nope"}, 1)
    assert (err.code, err.message) == (5, "Branch not found nope")
    if api.transport == "grpc":  # an empty branch is no route over REST
        err = verror(api, "DeleteBranch", {"repository_id": by_id(repo_id), "branch": ""})
        assert (err.code, err.message) == (3, "Branch not found in the DeleteBranchRequest")
    _set(api, repo_id, "dev", initial)
    assert vcall(api, "DeleteBranch", {"repository_id": by_name(f"r-{uniq}"), "branch": "dev"}) == {}
    assert verror(api, "GetBranch", {"repository_id": by_id(repo_id), "branch": "dev"}, 1).code == 5
    assert vcall(api, "ListBranches", {"repository_id": by_id(repo_id)}, 1)["branches"] == ["master"]


# --- ModelDB's TestBranch (client v0.18.2) and the lost-update rule ------------------------------------------


def test_modeldb_test_change_moves_a_branch_to_a_sibling(api: Api, uniq: str) -> None:
    """TestBranch.test_change: c1 saved on master, c2 made from the root; `banana` set to c1, then to c2."""
    repo_id, root = new_repo(api, uniq)
    c1 = _child(api, repo_id, [root], "bananas")
    _set(api, repo_id, "master", c1)
    c2 = _child(api, repo_id, [root], "still-bananas")
    _set(api, repo_id, "banana", c1)
    _set(api, repo_id, "banana", c2)
    assert _head(api, repo_id, "banana") == c2


def test_modeldb_test_update_saving_on_a_branch_advances_it(api: Api, uniq: str) -> None:
    repo_id, root = new_repo(api, uniq)
    c1 = _child(api, repo_id, [root], "bananas")
    _set(api, repo_id, "master", c1)
    _set(api, repo_id, "banana", c1)
    c2 = _child(api, repo_id, [c1], "still-bananas")
    _set(api, repo_id, "banana", c2)
    assert _head(api, repo_id, "banana") == c2


def test_a_save_on_a_stale_head_is_refused(api: Api, uniq: str) -> None:
    """Two clients read master at the root and each save a child: the second SetBranch would drop the first."""
    repo_id, root = new_repo(api, uniq)
    mine, theirs = _child(api, repo_id, [root], "mine"), _child(api, repo_id, [root], "theirs")
    _set(api, repo_id, "master", mine)
    err = verror(api, "SetBranch", {"repository_id": by_id(repo_id), "branch": "master", "commit_sha": theirs}, 1)
    assert err.code == 10 and err.status in (409, -1)
    assert f"Branch 'master' moved from {root} to {mine}" in err.message and "would drop" in err.message
    assert _head(api, repo_id, "master") == mine
    # the way out: a commit on top of the current head (here a merge of both) fast-forwards
    merged = _child(api, repo_id, [mine, theirs], "merged")
    _set(api, repo_id, "master", merged)
    assert _head(api, repo_id, "master") == merged


def test_stale_head_refused_after_several_moves_and_on_any_branch(api: Api, uniq: str) -> None:
    repo_id, root = new_repo(api, uniq)
    p = _child(api, repo_id, [root], "p")
    _set(api, repo_id, "dev", p)
    a1 = _child(api, repo_id, [p], "a1")
    _set(api, repo_id, "dev", a1)
    a2 = _child(api, repo_id, [a1], "a2")
    _set(api, repo_id, "dev", a2)
    late = _child(api, repo_id, [p], "late")
    assert (
        verror(api, "SetBranch", {"repository_id": by_id(repo_id), "branch": "dev", "commit_sha": late}, 1).code == 10
    )
    # moving backwards, and then onto the late commit (now a child of the head), is allowed
    _set(api, repo_id, "dev", p)
    _set(api, repo_id, "dev", late)
    assert _head(api, repo_id, "dev") == late


def test_deleting_a_branch_forgets_its_history(api: Api, uniq: str) -> None:
    repo_id, root = new_repo(api, uniq)
    c1, c2 = _child(api, repo_id, [root], "one"), _child(api, repo_id, [root], "two")
    _set(api, repo_id, "master", c1)
    assert (
        verror(api, "SetBranch", {"repository_id": by_id(repo_id), "branch": "master", "commit_sha": c2}, 1).code == 10
    )
    vcall(api, "DeleteBranch", {"repository_id": by_id(repo_id), "branch": "master"}, 1)
    _set(api, repo_id, "master", c1)  # a new master, which never pointed at the root
    _set(api, repo_id, "master", c2)
    assert _head(api, repo_id, "master") == c2


def _race(clients: list[Api], repo_id: str, branch: str, shas: list[str], rpc: str = "SetBranch") -> list[Any]:
    """Each client sets `branch` (or the tag of that name) to its commit at the same moment; each one's answer
    or ApiError."""
    barrier = threading.Barrier(len(clients))
    outcomes: list[Any] = [None] * len(clients)

    def save(i: int) -> None:
        barrier.wait()
        try:
            ref = {"branch": branch} if rpc == "SetBranch" else {"tag": branch}
            request = {"repository_id": by_id(repo_id), **ref, "commit_sha": shas[i]}
            outcomes[i] = vcall(clients[i], rpc, request, binding=1)
        except ApiError as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_concurrent_saves_on_one_parent_exactly_one_wins(api: Api, server: ServerThread, uniq: str) -> None:
    """Four clients save on master's head at once (CreateCommit, then SetBranch together), five rounds."""
    repo_id, head = new_repo(api, uniq)
    assert server.server is not None
    clients = [Api(server.server.backend, server.http_url, server.grpc_target, api.transport) for _ in range(4)]
    try:
        for round_no in range(5):
            shas = [_child(c, repo_id, [head], f"r{round_no}-c{i}") for i, c in enumerate(clients)]
            outcomes = _race(clients, repo_id, "master", shas)
            winners = [shas[i] for i, out in enumerate(outcomes) if out == {}]
            losers = [out for out in outcomes if isinstance(out, ApiError)]
            assert len(winners) == 1 and len(losers) == len(clients) - 1, outcomes
            assert all(e.code == 10 and "moved from" in e.message for e in losers)
            assert _head(api, repo_id, "master") == winners[0]
            head = winners[0]
    finally:
        for c in clients:
            c.close()


def test_concurrent_set_tag_exactly_one_wins(api: Api, server: ServerThread, uniq: str) -> None:
    repo_id, root = new_repo(api, uniq)
    assert server.server is not None
    clients = [Api(server.server.backend, server.http_url, server.grpc_target, api.transport) for _ in range(4)]
    try:
        shas = [_child(c, repo_id, [root], f"c{i}") for i, c in enumerate(clients)]
        outcomes = _race(clients, repo_id, "v1", shas, rpc="SetTag")
    finally:
        for c in clients:
            c.close()
    winners = [shas[i] for i, out in enumerate(outcomes) if out == {}]
    assert len(winners) == 1, outcomes
    assert all(out.code == 6 and out.message == "Tag 'v1' already exists" for out in outcomes if out != {})
    assert vcall(api, "GetTag", {"repository_id": by_id(repo_id), "tag": "v1"}, 1)["commit"]["commit_sha"] == winners[0]


# --- tags ----------------------------------------------------------------------------------------------------


def test_tags_set_get_list_and_delete(api: Api, uniq: str) -> None:
    repo_id, root = new_repo(api, uniq)
    c1 = _child(api, repo_id, [root], "a")
    rid = {"repository_id": by_name(f"r-{uniq}")}
    assert vcall(api, "SetTag", {**rid, "tag": "v2", "commit_sha": c1}) == {}
    assert vcall(api, "SetTag", {"repository_id": by_id(repo_id), "tag": "v1", "commit_sha": root}, 1) == {}
    assert vcall(api, "ListTags", rid) == {"tags": ["v1", "v2"], "total_records": "2"}
    assert vcall(api, "GetTag", {**rid, "tag": "v2"})["commit"]["commit_sha"] == c1
    assert vcall(api, "GetTag", {"repository_id": by_id(repo_id), "tag": "v1"}, 1)["commit"]["commit_sha"] == root
    assert vcall(api, "DeleteTag", {**rid, "tag": "v2"}) == {}
    assert vcall(api, "ListTags", {"repository_id": by_id(repo_id)}, 1) == {"tags": ["v1"], "total_records": "1"}
    assert vcall(api, "SetTag", {**rid, "tag": "v2", "commit_sha": root}) == {}  # a deleted tag may be set again
    assert vcall(api, "GetTag", {**rid, "tag": "v2"})["commit"]["commit_sha"] == root


def test_tags_are_immutable_and_messages(api: Api, uniq: str) -> None:
    repo_id, root = new_repo(api, uniq)
    c1 = _child(api, repo_id, [root], "a")
    vcall(api, "SetTag", {"repository_id": by_id(repo_id), "tag": "v1", "commit_sha": root}, 1)
    for sha in (c1, root):
        err = verror(api, "SetTag", {"repository_id": by_id(repo_id), "tag": "v1", "commit_sha": sha}, 1)
        assert (err.code, err.status in (409, -1), err.message) == (6, True, "Tag 'v1' already exists")
    assert vcall(api, "GetTag", {"repository_id": by_id(repo_id), "tag": "v1"}, 1)["commit"]["commit_sha"] == root
    err = verror(api, "GetTag", {"repository_id": by_id(repo_id), "tag": "v9"}, 1)
    assert (err.code, err.message) == (5, "Tag not found v9")
    err = verror(api, "DeleteTag", {"repository_id": by_id(repo_id), "tag": "v9"}, 1)
    assert (err.code, err.message) == (5, "Tag not found v9")
    err = verror(api, "SetTag", {"repository_id": by_id(repo_id), "tag": "v2", "commit_sha": "0" * 64}, 1)
    assert err.code == 5 and "mapping not found" in err.message
    err = verror(api, "SetTag", {"repository_id": by_id(repo_id), "tag": "a\\b", "commit_sha": root}, 1)
    assert err.code == 3
    if api.transport == "grpc":
        err = verror(api, "DeleteTag", {"repository_id": by_id(repo_id), "tag": ""})
        assert (err.code, err.message) == (3, "Tag not found in the DeleteTagRequest")
    assert vcall(api, "ListTags", {"repository_id": by_id(repo_id)}, 1)["tags"] == ["v1"]
