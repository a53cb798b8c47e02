"""Concurrent version creates on one dataset get distinct numbers and a linear parent chain."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.apiclient import Api
from tests.backend.dataset_support import V, create_dataset, create_version
from tests.servers import ServerThread

THREADS, PER_THREAD = 8, 4


def test_concurrent_creates_number_versions_without_gaps(server: ServerThread, uniq: str) -> None:
    assert server.server is not None
    clients = [Api(server.server.backend, server.http_url, server.grpc_target, "rest") for _ in range(THREADS)]
    try:
        dataset_id = create_dataset(clients[0], f"race-{uniq}")["id"]

        def create_some(api: Api) -> list[dict[str, str]]:
            return [create_version(api, dataset_id) for _ in range(PER_THREAD)]

        with ThreadPoolExecutor(THREADS) as pool:
            created = [v for batch in pool.map(create_some, clients) for v in batch]
        listing = clients[0].call(V, "getAllDatasetVersionsByDatasetId", {"dataset_id": dataset_id})
    finally:
        for api in clients:
            api.close()
    by_number = {int(v["version"]): v for v in created}
    assert sorted(by_number) == list(range(1, THREADS * PER_THREAD + 1))
    for number, version in by_number.items():
        assert version.get("parent_id", "") == (by_number[number - 1]["id"] if number > 1 else "")
    assert listing["total_records"] == str(THREADS * PER_THREAD)
