"""Faults on the local cluster (scripts/modeldb_cluster.py): replicas killed or restarted under load, and the
heartbeat watchdog swept by every replica at once.

The load (tests/cluster/load.py) is several clients logging through HAProxy: synchronous creates, background
batches (points numbered by the backend, observations appended: a batch applied twice shows), artifacts in S3.
Afterwards the cluster's database is counted row by row against what the clients logged.
"""

from __future__ import annotations

import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from modeldb_backend.limits import RUNNING
from modeldb_backend.pb.ext import extension_pb2
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2
from modeldb_backend.services.ext.run_states import KILLED, WATCHDOG_ACTION
from modeldb_jupyter.client import Client
from tests.cluster.load import Load, store_problems

SCRIPTS = str(Path(__file__).resolve().parents[2] / "scripts")
if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)

from modeldb_cluster import Cluster, running  # noqa: E402

pytestmark = pytest.mark.pg

REPLICAS = 3
SWEEP_SECONDS = 0.2  # every replica sweeps for dead runs this often: the watchdog test needs them to overlap
STALE_RUNS = 120


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    env = {"MODELDB_HEARTBEAT_SWEEP_SECONDS": str(SWEEP_SECONDS)}
    with running(tmp_path_factory.mktemp("faults-cluster"), REPLICAS, env) as cluster:
        yield cluster


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The clients' journal directory; nothing else of the environment picks their backend."""
    for key in ("MODELDB_URL", "MODELDB_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MODELDB_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def db_url(cluster: Cluster) -> str:
    return cluster.state().db_url.replace("postgresql://", "postgresql+psycopg2://")


def lb_errors(cluster: Cluster) -> dict[str, int]:
    """HAProxy's counters of what went wrong between it and the replicas (REST backend), and 5xx it answered."""
    rows = {(r["pxname"], r["svname"]): r for r in cluster.lb_stats()}
    backend = rows[("modeldb_rest", "BACKEND")]
    count = lambda row, name: int(row.get(name) or 0)  # noqa: E731
    return {name: count(backend, name) for name in ("hrsp_5xx", "eresp", "econ", "wretr", "wredis")}


def check_delivered(load: Load, cluster: Cluster) -> None:
    """No error escaped the clients' retries, everything reached the backend, the store holds it exactly once."""
    assert load.failures == [], load.summary()
    assert load.undelivered == [], load.summary()
    reader = Client(cluster.url)
    try:
        assert store_problems(load, db_url(cluster), reader) == [], load.summary()
    finally:
        reader.close(timeout=5)


def test_sigkill_replicas_while_clients_log_loses_and_duplicates_nothing(cluster: Cluster, home: Path) -> None:
    load = Load(cluster.url, project=f"kill-{uuid.uuid4().hex[:8]}", workers=3).start()
    try:
        load.wait_for_runs(3, 60)
        for n in (1, 2):  # one replica down at a time; the second kill comes after the first one is back
            cluster.kill_replica(n)
            load.wait_for_runs(4, 60)  # the survivors carry the load
            cluster.start_replica(n)
        load.wait_for_runs(2, 60)
    finally:
        load.stop(90)
    print(f"SIGKILL x2: {load.summary()}; HAProxy {lb_errors(cluster)}")
    assert len(load.runs) >= 13 and sum(r.artifact is not None for r in load.runs) >= 6
    check_delivered(load, cluster)


def test_rolling_restart_under_load_fails_no_request(cluster: Cluster, home: Path) -> None:
    before = lb_errors(cluster)
    load = Load(cluster.url, project=f"roll-{uuid.uuid4().hex[:8]}", workers=3).start()
    try:
        load.wait_for_runs(3, 60)
        for n in range(1, REPLICAS + 1):
            cluster.restart_replica(n)  # SIGTERM: drain (out of rotation, still serving), then bounded stop
            load.wait_for_runs(2, 60)
    finally:
        load.stop(90)
    after = lb_errors(cluster)
    print(f"rolling restart: {load.summary()}; HAProxy before {before} after {after}")
    check_delivered(load, cluster)
    assert load.retried.total == 0, f"errors reached the clients (hidden by retries): {load.retried.samples}"
    assert after["hrsp_5xx"] == before["hrsp_5xx"], (before, after)


def test_watchdog_kills_each_stale_run_once_with_every_replica_sweeping(cluster: Cluster, home: Path) -> None:
    client = Client(cluster.url)
    try:
        client.set_project(f"watchdog-{uuid.uuid4().hex[:8]}")
        experiment = client.set_experiment("stale")
        ids = [
            client.call(
                run_pb2.CreateExperimentRun(project_id=experiment.project_id, experiment_id=experiment.id, name=f"r{i}")
            ).experiment_run.id
            for i in range(STALE_RUNS)
        ]
        # Every run RUNNING with a 2 s heartbeat timeout, sent from 4 threads so they all go stale together,
        # while three replicas sweep every 0.2 s: sweeps overlap on the same runs.
        errors: list[BaseException] = []

        def mark(part: list[str]) -> None:
            try:
                for run_id in part:
                    client.call(extension_pb2.SetRunStatus(run_id=run_id, status=RUNNING, heartbeat_timeout_ms=2000))
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)

        threads = [threading.Thread(target=mark, args=(ids[i::4],)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
    finally:
        client.close(timeout=5)
    engine = sa.create_engine(db_url(cluster))
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
            time.sleep(3 * SWEEP_SECONDS)  # a late duplicate sweep would land by now
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
