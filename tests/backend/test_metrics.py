"""`GET /metrics` (transport/metrics.py) on real servers: counts and latencies per RPC for REST and gRPC, the
worker queue and the connection pool as they are, the token rule, and several processes sharing one directory.

Series live in the process's one registry, which every server of this test process shares: tests compare counts
before and after their own requests.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from modeldb_backend.pb.modeldb import project_service_pb2 as pb
from modeldb_backend.pb.modeldb import project_service_pb2_grpc as pb_grpc
from modeldb_backend.transport import metrics
from tests.servers import ServerThread, settings_in, wait_until

TOKEN = "metrics-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
TIMEOUT = 30
GET_PROJECTS = "/api/v1/modeldb/project/getProjects"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    tmp = tmp_path_factory.mktemp("metrics")
    settings = settings_in(tmp, f"sqlite:///{tmp / 'db.sqlite'}", token=TOKEN, db_threads=2)
    with ServerThread(settings) as srv:
        yield srv


Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def _parse(text: str) -> Samples:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def scrape(server: ServerThread) -> Samples:
    answer = requests.get(server.http_url + "/metrics", headers=AUTH, timeout=TIMEOUT)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith("text/plain")
    return _parse(answer.text)


def _value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


RPC = {"service": "ProjectService", "rpc": "getProjects"}


def test_requests_are_counted_per_transport_rpc_and_code(server: ServerThread) -> None:
    before = scrape(server)
    for _ in range(3):
        assert requests.get(server.http_url + GET_PROJECTS, headers=AUTH, timeout=TIMEOUT).status_code == 200
    assert requests.get(server.http_url + GET_PROJECTS, timeout=TIMEOUT).status_code == 401
    assert requests.get(server.http_url + "/nowhere/" + "x" * 50, timeout=TIMEOUT).status_code == 404
    with grpc.insecure_channel(server.grpc_target) as channel:
        stub = pb_grpc.ProjectServiceStub(channel)
        for _ in range(2):
            stub.getProjects(pb.GetProjects(), metadata=(("authorization", f"Bearer {TOKEN}"),), timeout=TIMEOUT)
        with pytest.raises(grpc.RpcError):
            stub.getProjects(pb.GetProjects(), timeout=TIMEOUT)
    after = scrape(server)
    expected = [
        ({"transport": "rest", **RPC, "code": "200"}, 3),
        ({"transport": "rest", **RPC, "code": "401"}, 1),
        ({"transport": "rest", "service": "http", "rpc": "NotFoundHandler", "code": "404"}, 1),
        ({"transport": "grpc", **RPC, "code": "OK"}, 2),
        ({"transport": "grpc", **RPC, "code": "UNAUTHENTICATED"}, 1),
    ]
    for labels, count in expected:
        for name in ("modeldb_requests_total", "modeldb_request_duration_seconds_count"):
            assert _value(after, name, **labels) - _value(before, name, **labels) == count, (name, labels)
        bucket = {**labels, "le": "+Inf"}
        assert _value(after, "modeldb_request_duration_seconds_bucket", **bucket) == _value(
            after, "modeldb_requests_total", **labels
        )
    # the unrouted path is no label value: label values stay a fixed set
    assert not any("x" * 50 in value for _, labels in after for _, value in labels)


def test_worker_queue_and_pool_gauges_are_what_they_are_now(server: ServerThread) -> None:
    assert server.server is not None
    backend = server.server.backend
    release = threading.Event()
    loop = server._loop
    # four blocking jobs on two database threads: two run, two wait in the queue
    jobs = [asyncio.run_coroutine_threadsafe(backend.run_blocking(release.wait, TIMEOUT), loop) for _ in range(4)]
    connection = backend.db.engine.connect()  # one pooled connection checked out by this test
    try:
        wait_until("four busy workers", lambda: backend.busy_workers >= 4, TIMEOUT)
        busy = scrape(server)
    finally:
        connection.close()
        release.set()
        for job in jobs:
            job.result(TIMEOUT)
    assert _value(busy, "modeldb_worker_queue_depth") == 2
    assert _value(busy, "modeldb_worker_threads_busy") == 4
    assert _value(busy, "modeldb_db_pool_checked_out") >= 1
    assert _value(busy, "modeldb_db_pool_size") >= 1
    assert _value(busy, "modeldb_requests_in_flight", transport="rest") >= 1  # the scrape itself
    idle = scrape(server)
    assert _value(idle, "modeldb_worker_queue_depth") == 0
    assert _value(idle, "modeldb_worker_threads_busy") == 0


def test_metrics_need_the_token_unless_public(server: ServerThread, tmp_path: Path) -> None:
    refused = requests.get(server.http_url + "/metrics", timeout=TIMEOUT)
    assert refused.status_code == 401
    assert "modeldb_requests_total" not in refused.text
    wrong = requests.get(server.http_url + "/metrics", headers={"Authorization": "Bearer nope"}, timeout=TIMEOUT)
    assert wrong.status_code == 401
    settings = settings_in(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", token=TOKEN, metrics_public=True)
    with ServerThread(settings) as public:
        answer = requests.get(public.http_url + "/metrics", timeout=TIMEOUT)
        assert answer.status_code == 200
        assert "modeldb_requests_total" in answer.text
        # public metrics open nothing else
        assert requests.get(public.http_url + GET_PROJECTS, timeout=TIMEOUT).status_code == 401


WORKER = """
import sys
from modeldb_backend.transport import metrics
for _ in range(int(sys.argv[1])):
    metrics.observe("rest", "ProjectService", "getProjects", "200", 0.003)
metrics.REST_IN_FLIGHT.inc()
"""


def test_several_processes_report_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With PROMETHEUS_MULTIPROC_DIR (set by `serve --workers N`), one scrape sums every process's series."""
    folder = tmp_path / "prom"
    folder.mkdir()
    env = {**os.environ, metrics.MULTIPROC_VAR: str(folder)}
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(n)], env=env) for n in (3, 4)]
    assert [worker.wait(TIMEOUT) for worker in workers] == [0, 0]
    monkeypatch.setenv(metrics.MULTIPROC_VAR, str(folder))
    samples = _parse(metrics.exposition().decode())
    labels = {"transport": "rest", **RPC, "code": "200"}
    assert _value(samples, "modeldb_requests_total", **labels) == 7
    assert _value(samples, "modeldb_request_duration_seconds_count", **labels) == 7
    # live gauges of processes still running are summed; a supervisor drops a dead one's with mark_process_dead
    for worker in workers:
        metrics.mark_process_dead(worker.pid)
    samples = _parse(metrics.exposition().decode())
    assert _value(samples, "modeldb_requests_in_flight", transport="rest") == 0
    assert _value(samples, "modeldb_requests_total", **labels) == 7  # counters outlive their process
