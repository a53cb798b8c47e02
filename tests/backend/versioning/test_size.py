"""Size: a commit of 100,000 blobs and one of a dataset blob of 100,000 components are created, listed and
compared with their parent (one blob changed) in bounded time on both databases, with the times printed
(`pytest -s` shows them). Slow: listed in tests/markers.py."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

from modeldb_backend.services.versioning.snapshots import Changes, changed_locations
from tests.apiclient import Api
from tests.backend.versioning.support import (
    by_id,
    create_commit,
    create_repository,
    expanded,
    master_sha,
    path_component,
    sql,
    vcall,
)
from tests.servers import ServerThread

N = 100_000
BUDGET_S = 120.0  # per step; far above the measured times (see the README), low enough to catch a per-row query
T = TypeVar("T")


@pytest.fixture
def rest(server: ServerThread) -> Iterator[Api]:
    """REST only: the answers are larger than a default gRPC client accepts (4 MB)."""
    assert server.server is not None
    client = Api(server.server.backend, server.http_url, server.grpc_target, "rest")
    yield client
    client.close()


def _timed(label: str, times: dict[str, float], fn: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = fn()
    times[label] = round(time.perf_counter() - start, 2)
    assert times[label] < BUDGET_S, (label, times[label])
    return result


def _compare(api: Api, a: str, b: str) -> Changes:
    roots = [sql(api, "SELECT root_sha FROM commits WHERE sha = :s", s=s)[0][0] for s in (a, b)]
    return api.backend.db.run(lambda session: changed_locations(session, roots[0], roots[1]), write=False)


def _list(api: Api, repo_id: str, sha: str) -> list[dict[str, Any]]:
    blobs: list[dict[str, Any]] = vcall(
        api, "ListCommitBlobs", {"repository_id": by_id(repo_id), "commit_sha": sha}, 1
    )["blobs"]
    return blobs


def _config(i: int) -> dict[str, Any]:
    return {"config": {"hyperparameters": [{"name": "i", "value": {"int_value": str(i)}}]}}


def test_one_hundred_thousand_blobs(rest: Api, uniq: str) -> None:
    repo = create_repository(rest, f"big-{uniq}")
    blobs = [expanded([f"d{i // 1000}", f"f{i}"], _config(i)) for i in range(N)]
    times: dict[str, float] = {}
    first = _timed("create", times, lambda: create_commit(rest, repo["id"], [master_sha(rest, repo["id"])], blobs))
    blobs[4242] = expanded(["d4", "f4242"], _config(-1))
    second = _timed("create again", times, lambda: create_commit(rest, repo["id"], [first["commit_sha"]], blobs))
    listed = _timed("list", times, lambda: _list(rest, repo["id"], first["commit_sha"]))
    assert len(listed) == N and listed[0]["location"] == ["d0", "f0"]
    diff = _timed("compare", times, lambda: _compare(rest, first["commit_sha"], second["commit_sha"]))
    assert [c.location for c in diff.modified] == [("d4", "f4242")] and not diff.added and not diff.deleted
    print(f"\n100,000 blobs on {rest.backend.db_kind}: {times}")


def test_dataset_of_one_hundred_thousand_components(rest: Api, uniq: str) -> None:
    repo = create_repository(rest, f"ds-{uniq}")
    components = [path_component(f"data/{i:06}.csv", size=i) for i in range(N)]

    def dataset() -> list[dict[str, Any]]:
        return [expanded(["train"], {"dataset": {"path": {"components": components}}})]

    times: dict[str, float] = {}
    first = _timed("create", times, lambda: create_commit(rest, repo["id"], [master_sha(rest, repo["id"])], dataset()))
    components[777] = path_component("data/000777.csv", size=-5 % 1000)
    second = _timed("create again", times, lambda: create_commit(rest, repo["id"], [first["commit_sha"]], dataset()))
    listed = _timed("list", times, lambda: _list(rest, repo["id"], first["commit_sha"]))
    got = listed[0]["blob"]["dataset"]["path"]["components"]
    assert len(got) == N and got[777]["size"] == "777" and got[-1]["path"] == f"data/{N - 1:06}.csv"
    diff = _timed("compare", times, lambda: _compare(rest, first["commit_sha"], second["commit_sha"]))
    assert [c.location for c in diff.modified] == [("train",)]
    print(f"\n100,000 components on {rest.backend.db_kind}: {times}")
