"""Concurrent VersioningService writes: one live repository per name even when creates race, and commits of
identical content racing in different repositories all succeed and share their rows."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.apiclient import Api, ApiError
from tests.backend.versioning.support import (
    by_name,
    config_blob,
    create_commit,
    create_repository,
    expanded,
    master_sha,
    path_dataset,
    sql,
    vcall,
)

WORKERS = 6


def _create(api: Api, name: str) -> Any:
    request = {"id": by_name("", "personal"), "repository": {"name": name}}
    try:
        return vcall(api, "CreateRepository", request)["repository"]["id"]
    except ApiError as err:
        return err.code


def test_racing_creates_make_one_repository(api: Api, uniq: str) -> None:
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda _: _create(api, f"race-{uniq}"), range(WORKERS)))
    created = [r for r in results if isinstance(r, str)]
    assert len(created) == 1 and sorted(r for r in results if not isinstance(r, str)) == [6] * (WORKERS - 1)
    got = vcall(api, "GetRepository", {"id": by_name(f"race-{uniq}")})["repository"]
    assert got["id"] == created[0]


def test_racing_identical_commits_share_content(api: Api, uniq: str) -> None:
    repos = [create_repository(api, f"r{i}-{uniq}")["id"] for i in range(WORKERS)]
    parents = {r: master_sha(api, r) for r in repos}
    blobs = [expanded(["d", str(i)], path_dataset(f"{uniq}-{i}.csv")) for i in range(200)]
    blobs.append(expanded(["cfg"], config_blob(n=len(uniq))))

    def commit(repo_id: str) -> str:
        return create_commit(api, repo_id, [parents[repo_id]], blobs)["commit_sha"]

    with ThreadPoolExecutor(WORKERS) as pool:
        shas = list(pool.map(commit, repos))
    roots = {sql(api, "SELECT root_sha FROM commits WHERE sha = :s", s=s)[0][0] for s in shas}
    assert len(set(shas)) == WORKERS and len(roots) == 1
    components = sql(api, "SELECT count(*) FROM dataset_components WHERE path LIKE :p", p=f"{uniq}-%")[0][0]
    assert components == 200
