"""Two replicas on one PostgreSQL database: what a request needs lives in the database or the artifact store.

Each test runs two real servers (ServerThread: REST and gRPC on loopback, each with its own backend, pool and
worker threads) or two `modeldb-backend serve` processes on ONE fresh database and, where artifacts matter, one
shared artifact directory: an idempotency key used on A is known on B; an upload URL issued by A is taken by B;
the heartbeat watchdog run by both at once kills each stale run once; a concurrent first start migrates once.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2
import pytest
import requests
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from modeldb_backend.backend import Backend
from modeldb_backend.pb.ext import extension_pb2 as ext_pb
from modeldb_backend.services.ext.run_states import WATCHDOG_ACTION, sweep_stale_runs
from modeldb_backend.settings import Settings, SettingsError
from modeldb_backend.store.engine import Database, PoolSettings
from modeldb_backend.store.migrate import PG_LOCK_KEY, head_revision
from tests.backend.test_server import ServeProcess
from tests.postgres import fresh_database
from tests.servers import ServerThread, new_experiment, new_run, rest_post, settings_in

TIMEOUT = 30
pytestmark = pytest.mark.pg


@dataclass
class Pair:
    a: ServerThread
    b: ServerThread
    db_url: str

    def backend(self, server: ServerThread) -> Backend:
        assert server.server is not None
        return server.server.backend


@pytest.fixture
def pair(pg_server_url: str, tmp_path: Path) -> Iterator[Pair]:
    """Replicas A and B: one database, one artifact directory, no periodic watchdog (the tests sweep)."""
    with fresh_database(pg_server_url) as url:
        settings = settings_in(tmp_path, url, heartbeat_sweep_seconds=0)
        with ServerThread(settings) as a, ServerThread(settings) as b:
            yield Pair(a, b, url)


def rest(server: ServerThread, path: str, body: dict[str, Any]) -> dict[str, Any]:
    return rest_post(server.http_url, path, body, TIMEOUT)


def rest_get(server: ServerThread, path: str, params: dict[str, str]) -> dict[str, Any]:
    resp = requests.get(f"{server.http_url}/api/v1/modeldb{path}", params=params, timeout=TIMEOUT)
    assert resp.status_code == 200, resp.text
    return resp.json()  # type: ignore[no-any-return]


def run_on(server: ServerThread, name: str) -> str:
    """A run in a project and experiment of its own."""
    return new_run(server.http_url, *new_experiment(server.http_url, f"p-{name}"), name)


def test_batch_idempotency_key_used_on_a_is_known_on_b(pair: Pair) -> None:
    run_id = run_on(pair.a, "batch")
    points = [{"key": "loss", "step": str(step), "value": 1.0 / (step + 1)} for step in range(5)]
    batch = {"run_id": run_id, "idempotency_key": "batch-1", "metric_points": points}
    assert rest(pair.a, "/ext/logBatch", batch) == {"applied": True}
    assert rest(pair.b, "/ext/logBatch", batch) == {}  # applied: false (a default: not on the wire), on B
    history = rest(pair.b, "/ext/getMetricHistory", {"run_ids": [run_id], "keys": ["loss"]})
    assert [s["steps"] for s in history["series"]] == [[str(step) for step in range(5)]]
    with pair_engine(pair) as conn:
        stored = conn.execute(text("SELECT count(*) FROM metric_points WHERE run_id = :r"), {"r": run_id}).scalar()
    assert stored == 5


def test_upload_url_issued_by_a_is_taken_by_b(pair: Pair) -> None:
    run_id = run_on(pair.a, "upload")
    data = b"weights " * 4096
    artifact = {"key": "model", "path": "shared/model.bin", "artifact_type": "MODEL"}
    rest(pair.a, "/experiment-run/logArtifact", {"id": run_id, "artifact": artifact})
    issued = rest(pair.a, "/experiment-run/getUrlForArtifact", {"id": run_id, "key": "model", "method": "PUT"})
    assert issued["url"].startswith(pair.a.http_url)
    on_b = pair.b.http_url + issued["url"].removeprefix(pair.a.http_url)
    put = requests.put(on_b, data=data, timeout=TIMEOUT)
    assert put.status_code == 200, put.text
    # the upload is recorded in the database: A sees it complete and serves the bytes B wrote
    got = rest_get(pair.a, "/experiment-run/getArtifacts", {"id": run_id, "key": "model"})
    assert got["artifacts"][0]["upload_completed"] is True
    download = rest(pair.a, "/experiment-run/getUrlForArtifact", {"id": run_id, "key": "model", "method": "GET"})
    assert requests.get(download["url"], timeout=TIMEOUT).content == data
    # and a URL nobody issued is refused by both
    forged = on_b.replace("shared%2Fmodel.bin", "shared%2Fother.bin").replace("shared/model.bin", "shared/other.bin")
    assert forged != on_b
    assert requests.put(forged, data=b"x", timeout=TIMEOUT).status_code == 403


ROUNDS, RUNS = 6, 40


def test_watchdog_on_both_replicas_kills_each_stale_run_once(pair: Pair) -> None:
    """Both replicas sweep at the same moment over the same stale runs, round after round (the runs are made
    RUNNING again in between): each round, every run is killed by exactly one of them, with one audit record
    (mark_stale's row locks and its re-check of staleness under them)."""
    a, b = pair.backend(pair.a), pair.backend(pair.b)
    runs = stale_runs(a, "watchdog", RUNS)
    for _ in range(ROUNDS):
        killed = sweep_together(a, b)
        assert sum(killed) == RUNS, killed
        with pair_engine(pair) as conn:  # alive again, with the same long-past heartbeat: stale at once
            conn.execute(text("UPDATE run_states SET status = 'RUNNING'"))
            conn.commit()
    sweep_together(a, b)
    with pair_engine(pair) as conn:
        counts = dict(
            conn.execute(
                text("SELECT entity_id, count(*) FROM audit_records WHERE action = :a GROUP BY entity_id"),
                {"a": WATCHDOG_ACTION},
            ).all()
        )
    assert counts == dict.fromkeys(runs, ROUNDS + 1)
    states = b.call("ExtensionService", "getRunStates", {"run_ids": runs}).states  # type: ignore[attr-defined]
    assert {s.status for s in states} == {ext_pb.KILLED}


def stale_runs(backend: Backend, name: str, count: int) -> list[str]:
    """`count` RUNNING runs whose 1 ms heartbeat timeout has passed, created through the backend's RPCs."""
    project = backend.call("ProjectService", "createProject", {"name": f"watchdog-{name}"})
    experiment = backend.call("ExperimentService", "createExperiment", {"project_id": project.project.id, "name": "e"})  # type: ignore[attr-defined]
    ids = []
    for i in range(count):
        request = {"project_id": project.project.id, "experiment_id": experiment.experiment.id, "name": f"{i}"}  # type: ignore[attr-defined]
        run_id = backend.call("ExperimentRunService", "createExperimentRun", request).experiment_run.id  # type: ignore[attr-defined]
        status = {"run_id": run_id, "status": "RUNNING", "heartbeat_timeout_ms": 1}
        backend.call("ExtensionService", "setRunStatus", status)
        ids.append(run_id)
    time.sleep(0.01)  # past the 1 ms timeout
    return ids


def sweep_together(*backends: Backend) -> list[int]:
    """One watchdog pass per backend, started at the same moment on threads of their own."""
    start = threading.Barrier(len(backends))
    killed: list[int | BaseException] = [0] * len(backends)

    def sweep(index: int, backend: Backend) -> None:
        start.wait(TIMEOUT)
        try:
            killed[index] = sweep_stale_runs(backend.db)
        except BaseException as exc:  # reported below, in the test's thread
            killed[index] = exc

    threads = [threading.Thread(target=sweep, args=(i, b), daemon=True) for i, b in enumerate(backends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a sweep did not finish"
    failures = [k for k in killed if isinstance(k, BaseException)]
    assert not failures, failures
    return [int(k) for k in killed]  # type: ignore[arg-type]


@contextlib.contextmanager
def pair_engine(pair: Pair) -> Iterator[Any]:
    with pair.backend(pair.a).db.engine.connect() as conn:
        yield conn


def test_concurrent_first_start_migrates_once(pg_server_url: str, tmp_path: Path) -> None:
    """Two servers start on an empty database while the migration lock is held: both wait for it, and once it
    is free exactly one migrates; both then serve and are ready."""
    with fresh_database(pg_server_url) as url:
        target = make_url(url).set(drivername="postgresql").render_as_string(False)
        holder = psycopg2.connect(target)
        holder.autocommit = True
        servers: list[ServeProcess] = []
        try:
            with holder.cursor() as cur:
                cur.execute("SELECT pg_advisory_lock(%s)", (PG_LOCK_KEY,))
            env = {"MODELDB_DB_URL": url, "MODELDB_ARTIFACT_ROOT": str(tmp_path / "artifacts")}
            servers = [ServeProcess(tmp_path / f"home-{i}", env=env) for i in range(2)]
            wait_for_lock_waiters(holder, 2, servers)
            with holder.cursor() as cur:
                cur.execute("SELECT pg_advisory_unlock(%s)", (PG_LOCK_KEY,))
            bases = [server.wait_started()[0] for server in servers]
            for base in bases:
                ready = requests.get(f"{base}/readyz", timeout=TIMEOUT)
                assert ready.status_code == 200 and ready.json()["schema"] == head_revision(), ready.text
            migrations = sum(server.log.count("migrating database schema from empty") for server in servers)
            assert migrations == 1, "\n---\n".join(server.log for server in servers)
            rest_post(bases[1], "/project/createProject", {"name": "p"}, TIMEOUT)
        finally:
            holder.close()
            for server in servers:
                server.kill()


def wait_for_lock_waiters(conn: Any, count: int, servers: list[ServeProcess]) -> None:
    deadline = time.monotonic() + TIMEOUT
    query = (
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )
    while time.monotonic() < deadline:
        with conn.cursor() as cur:
            cur.execute(query)
            if cur.fetchone()[0] >= count:
                return
        for server in servers:
            if server.proc.poll() is not None:
                raise AssertionError(f"a server exited while waiting for the lock:\n{server.log}")
        time.sleep(0.05)
    raise AssertionError("the servers never waited for the migration lock:\n" + "\n---\n".join(s.log for s in servers))


def test_pool_settings_bound_the_pool(pg_server_url: str, tmp_path: Path) -> None:
    """MODELDB_DB_POOL_SIZE / _MAX_OVERFLOW / _POOL_TIMEOUT_SECONDS: with the pool's connections taken, a request
    waits the pool timeout and gets a 503 it may retry; readiness says why; once they are free, all is well."""
    with fresh_database(pg_server_url) as url:
        settings = settings_in(
            tmp_path, url, db_pool_size=1, db_max_overflow=1, db_pool_timeout_seconds=0.5, heartbeat_sweep_seconds=0
        )
        with ServerThread(settings) as server:
            assert server.server is not None
            pool = server.server.backend.db.engine.pool
            assert (pool.size(), pool._max_overflow) == (1, 1)  # type: ignore[attr-defined]
            project = {"name": "pooled"}
            engine = server.server.backend.db.engine
            with engine.connect(), engine.connect():  # every connection the pool may open
                resp = requests.post(
                    f"{server.http_url}/api/v1/modeldb/project/createProject", data=json.dumps(project), timeout=TIMEOUT
                )
                assert resp.status_code == 503, resp.text
                assert resp.headers.get("Retry-After") == "1"
                ready = requests.get(f"{server.http_url}/readyz", timeout=TIMEOUT)
                assert ready.status_code == 503, ready.text
            assert rest(server, "/project/createProject", project)["project"]["name"] == "pooled"
            assert requests.get(f"{server.http_url}/readyz", timeout=TIMEOUT).status_code == 200


def test_a_pool_too_small_to_migrate_is_refused() -> None:
    with pytest.raises(SettingsError, match=r"MODELDB_DB_MAX_OVERFLOW\) must allow at least 2 connections"):
        Settings.from_env({"MODELDB_DB_POOL_SIZE": "1", "MODELDB_DB_MAX_OVERFLOW": "0"})


def test_connect_timeout_setting_reaches_the_driver(tmp_path: Path) -> None:
    """MODELDB_DB_CONNECT_TIMEOUT_SECONDS goes to libpq: a database host that accepts the connection and never
    answers fails it with "timeout expired" instead of hanging it."""
    settings = Settings.from_env({"MODELDB_DB_CONNECT_TIMEOUT_SECONDS": "2"})
    with socket.socket() as blackhole:
        blackhole.bind(("127.0.0.1", 0))
        blackhole.listen(8)  # the kernel completes the handshake; nobody ever speaks
        url = f"postgresql://postgres@127.0.0.1:{blackhole.getsockname()[1]}/none"
        database = Database.from_url(url, PoolSettings.from_settings(settings))
        seen: list[object] = []
        event.listen(database.engine, "do_connect", lambda _d, _r, _a, kwargs: seen.append(kwargs["connect_timeout"]))
        with pytest.raises(OperationalError, match="timeout expired"), database.engine.connect():
            pass
        database.dispose()
    assert seen == [2]
