"""Faults on the local cluster (scripts/modeldb_cluster.py): replicas killed or restarted under load, and the
heartbeat watchdog swept by every replica at once.

The load (tests/cluster/load.py) is several clients logging through HAProxy: synchronous creates, background
batches (points numbered by the backend, observations appended: a batch applied twice shows), artifacts in S3.
Afterwards the cluster's database is counted row by row against what the clients logged.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import pytest
import sqlalchemy as sa

from modeldb_backend.limits import RUNNING
from modeldb_backend.pb.ext import extension_pb2
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2
from modeldb_backend.services.ext.run_states import KILLED, WATCHDOG_ACTION
from modeldb_jupyter.client import Client
from tests.cluster.conftest import Cluster, running
from tests.cluster.load import Load, store_problems

REPLICAS = 3
SWEEP_SECONDS = 0.2  # every replica sweeps for dead runs this often: the watchdog test needs them to overlap
STALE_RUNS = 60


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, pg_server_url: str) -> Iterator[Cluster]:
    env = {"MODELDB_HEARTBEAT_SWEEP_SECONDS": str(SWEEP_SECONDS)}
    with running(tmp_path_factory.mktemp("faults-cluster"), REPLICAS, env, pg_admin_url=pg_server_url) as cluster:
        yield cluster


@pytest.fixture
def full(cluster: Cluster) -> Cluster:
    """The cluster with every replica running and in HAProxy's rotation (a test before may have killed some)."""
    for n in range(1, REPLICAS + 1):
        if not cluster.replica_alive(n):
            cluster.start_replica(n)
    return cluster


def db_url(cluster: Cluster) -> str:
    return cluster.state().db_url.replace("postgresql://", "postgresql+psycopg2://")


def lb_errors(cluster: Cluster) -> dict[str, int]:
    """HAProxy's counters of what went wrong between it and the replicas (REST backend), and 5xx it answered."""
    rows = {(r["pxname"], r["svname"]): r for r in cluster.lb_stats()}
    backend = rows[("modeldb_rest", "BACKEND")]
    count = lambda row, name: int(row.get(name) or 0)  # noqa: E731
    return {name: count(backend, name) for name in ("hrsp_5xx", "eresp", "econ", "wretr", "wredis")}


def kill_mid_request(cluster: Cluster, n: int, within: float = 5.0) -> int:
    """SIGKILL replica `n` as soon as HAProxy has a request under way on it (its `scur`: with
    http-server-close, one session per request), so the kill cuts requests rather than idle time; returns
    how many were under way (0 if none came within `within` seconds: it is killed anyway)."""
    deadline = time.monotonic() + within
    under_way = 0
    while time.monotonic() < deadline:
        rows = cluster.lb_stats()
        under_way = sum(
            int(r["scur"] or 0) for r in rows if r["pxname"] == "modeldb_rest" and r["svname"] == f"replica{n}"
        )
        if under_way:
            break
        time.sleep(0.002)
    cluster.kill_replica(n)
    return under_way


def check_delivered(load: Load, cluster: Cluster) -> None:
    """No error escaped the clients' retries, everything reached the backend, the store holds it exactly once."""
    assert load.failures == [], load.summary()
    assert load.undelivered == [], load.summary()
    reader = Client(cluster.url)
    try:
        assert store_problems(load, db_url(cluster), reader) == [], load.summary()
    finally:
        reader.close(timeout=5)


def _parallel(action: Callable[[int], object], count: int, threads: int = 4) -> list[object]:
    """`action(i)` for i in range(count) from a few threads (the answers, in order); any error is raised."""
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(action, range(count), timeout=60))


def test_watchdog_kills_each_stale_run_once_with_every_replica_sweeping(full: Cluster, client_home: Path) -> None:
    client = Client(full.url)
    try:
        client.set_project(f"watchdog-{uuid.uuid4().hex[:8]}")
        experiment = client.set_experiment("stale")
        new_run = partial(run_pb2.CreateExperimentRun, project_id=experiment.project_id, experiment_id=experiment.id)
        ids = [str(i) for i in _parallel(lambda i: client.call(new_run(name=f"r{i}")).experiment_run.id, STALE_RUNS)]
        # All RUNNING with a 2 s heartbeat timeout, sent together, so they go stale together while three replicas
        # sweep every 0.2 s: their sweeps meet on the same runs.
        running_ = partial(extension_pb2.SetRunStatus, status=RUNNING, heartbeat_timeout_ms=2000)
        _parallel(lambda i: client.call(running_(run_id=ids[i])), STALE_RUNS)
    finally:
        client.close(timeout=5)
    engine = sa.create_engine(db_url(full))
    try:
        with engine.connect() as conn:
            deadline = time.monotonic() + 30
            while True:
                killed = conn.execute(
                    sa.text("SELECT count(*) FROM run_states WHERE status = :killed AND run_id = ANY(:ids)"),
                    {"killed": KILLED, "ids": ids},
                ).scalar_one()
                if killed == STALE_RUNS or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            time.sleep(3 * SWEEP_SECONDS)  # a late second kill by another replica would have landed by now
            records = dict(
                conn.execute(
                    sa.text(
                        "SELECT entity_id, count(*) FROM audit_records"
                        " WHERE action = :action AND entity_id = ANY(:ids) GROUP BY entity_id"
                    ),
                    {"action": WATCHDOG_ACTION, "ids": ids},
                ).all()
            )
    finally:
        engine.dispose()
    assert killed == STALE_RUNS
    assert sorted(records) == sorted(ids)
    assert {run_id: n for run_id, n in records.items() if n != 1} == {}


def test_rolling_restart_under_load_fails_no_request(full: Cluster, client_home: Path) -> None:
    before = lb_errors(full)
    load = Load(full.url, project=f"roll-{uuid.uuid4().hex[:8]}", workers=3).start()
    try:
        load.wait_for_runs(3, 60)
        for n in range(1, REPLICAS + 1):
            full.restart_replica(n)  # SIGTERM: drain (out of rotation, still serving), stop, start, back in rotation
            load.wait_for_runs(2, 60)
    finally:
        load.stop(90)
    after = lb_errors(full)
    print(f"rolling restart: {load.summary()}; HAProxy before {before} after {after}")
    check_delivered(load, full)
    assert load.retried.total == 0, f"errors reached the clients (hidden by retries): {load.retried.samples}"
    assert after == before, "HAProxy saw errors from the replicas"


def test_sigkill_replicas_while_clients_log_loses_and_duplicates_nothing(full: Cluster, client_home: Path) -> None:
    # Last in the file: it leaves one replica of three (the `full` fixture restarts the others if needed).
    load, cut = Load(full.url, project=f"kill-{uuid.uuid4().hex[:8]}", workers=4).start(), 0
    try:
        load.wait_for_runs(3, 60)
        for n in (1, 2):  # two machine failures in a row; the last replica carries the load alone
            cut += kill_mid_request(full, n)
            load.wait_for_runs(4, 60)
    finally:
        load.stop(90)
    print(f"SIGKILL x2 with {cut} requests under way: {load.summary()}; HAProxy {lb_errors(full)}")
    assert len(load.runs) >= 11 and sum(r.artifact is not None for r in load.runs) >= 5
    check_delivered(load, full)
