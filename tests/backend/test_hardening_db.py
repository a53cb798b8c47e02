"""Transient database failures: a lost PostgreSQL connection is retried inside the request when that is safe,
and anything the server cannot finish is a 503 with gRPC code 14 (UNAVAILABLE), never a 500.

Everything runs against a real server on a real database; connections are killed with pg_terminate_backend
and SQLite's write lock is held from a second connection, as an operator or another process would.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import grpc
import psycopg2
import pytest
import requests
from sqlalchemy.engine import make_url

from modeldb_backend.pb.modeldb import project_service_pb2, project_service_pb2_grpc
from modeldb_backend.settings import Settings
from tests.servers import ServerThread

TERMINATE_OTHERS = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def _admin(url: str) -> Iterator[Any]:
    """A psycopg2 connection of the test itself (autocommit), on the server's database."""
    conn = psycopg2.connect(_libpq(url))
    conn.autocommit = True
    try:
        yield conn
    finally:
        conn.close()


def _server(tmp: Path, db_url: str) -> ServerThread:
    return ServerThread(Settings(db_url=db_url, artifact_root=str(tmp / "artifacts")))


class Rest:
    def __init__(self, srv: ServerThread) -> None:
        self.base = srv.http_url + "/api/v1/modeldb"
        self.session = requests.Session()

    def call(self, method: str, path: str, body: dict[str, Any] | None = None, **params: str) -> requests.Response:
        data = None if body is None else json.dumps(body)
        return self.session.request(method, self.base + path, data=data, params=params or None, timeout=60)

    def ok(self, method: str, path: str, body: dict[str, Any] | None = None, **params: str) -> dict[str, Any]:
        resp = self.call(method, path, body, **params)
        assert resp.status_code == 200, resp.text
        return resp.json()  # type: ignore[no-any-return]

    def new_run(self) -> str:
        name = uuid.uuid4().hex[:10]
        project = self.ok("POST", "/project/createProject", {"name": f"p-{name}"})["project"]
        request = {"project_id": project["id"], "name": f"e-{name}"}
        experiment = self.ok("POST", "/experiment/createExperiment", request)["experiment"]
        request = {"project_id": project["id"], "experiment_id": experiment["id"], "name": f"r-{name}"}
        return str(self.ok("POST", "/experiment-run/createExperimentRun", request)["experiment_run"]["id"])


def _assert_unavailable(resp: requests.Response) -> None:
    assert resp.status_code == 503, resp.text
    assert resp.headers.get("Retry-After") == "1"
    body = resp.json()
    assert body["code"] == 14 and "retry" in body["message"], body


# --- PostgreSQL: connections killed ----------------------------------------------------------------------


def _waiting_pid(admin: Any, timeout: float = 20.0, other_than: int = 0) -> int:
    """The server's connection that waits on our lock (its request is inside its transaction)."""
    deadline = time.monotonic() + timeout
    with admin.cursor() as cur:
        while time.monotonic() < deadline:
            cur.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND pid <> %s AND wait_event_type = 'Lock'",
                (other_than,),
            )
            row = cur.fetchone()
            if row:
                return int(row[0])
            time.sleep(0.02)
    raise AssertionError("the request never waited on the lock")


def _in_thread(fn: Any) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(fn()), daemon=True)
    thread.start()
    return thread, out


@pytest.mark.parametrize("kind", ["write", "read"])
def test_connection_killed_inside_a_transaction_is_retried(pg_url: str, tmp_path: Path, kind: str) -> None:
    """The request's connection dies mid-transaction (before COMMIT): it runs again on a fresh one, once."""
    with _server(tmp_path, pg_url) as srv, _admin(pg_url) as admin, _admin(pg_url) as locker:
        rest = Rest(srv)
        run_id = rest.new_run()
        with locker.cursor() as cur:
            # An exclusive table lock makes reads and writes of runs wait inside their transaction.
            cur.execute("BEGIN; LOCK TABLE experiment_runs IN ACCESS EXCLUSIVE MODE")
            if kind == "write":
                body = {"id": run_id, "metric": {"key": "loss", "value": 0.5}}
                thread, out = _in_thread(lambda: rest.call("POST", "/experiment-run/logMetric", body))
            else:
                thread, out = _in_thread(lambda: rest.call("GET", "/experiment-run/getExperimentRunById", id=run_id))
            victim = _waiting_pid(admin)
            with admin.cursor() as acur:
                acur.execute("SELECT pg_terminate_backend(%s)", (victim,))
            _waiting_pid(admin, other_than=victim)  # the retry waits on the same lock, on another connection
            cur.execute("COMMIT")
        thread.join(30)
        assert out, "the request did not finish"
        assert out[0].status_code == 200, out[0].text
        metrics = rest.ok("GET", "/experiment-run/getMetrics", id=run_id)
        assert metrics == ({"metrics": [{"key": "loss", "value": 0.5}]} if kind == "write" else {})
        run = rest.ok("GET", "/experiment-run/getExperimentRunById", id=run_id)["experiment_run"]
        assert run["version_number"] == ("2" if kind == "write" else "1")  # applied exactly once


def test_pooled_connections_killed_between_requests(pg_url: str, tmp_path: Path) -> None:
    with _server(tmp_path, pg_url) as srv, _admin(pg_url) as admin:
        rest = Rest(srv)
        run_id = rest.new_run()
        for i in range(3):
            with admin.cursor() as cur:
                cur.execute(TERMINATE_OTHERS)
            rest.ok("POST", "/experiment-run/logMetric", {"id": run_id, "metric": {"key": f"m{i}", "value": i}})
            assert rest.ok("GET", "/experiment-run/getExperimentRunById", id=run_id)["experiment_run"]["id"] == run_id
        assert len(rest.ok("GET", "/experiment-run/getMetrics", id=run_id)["metrics"]) == 3


def test_requests_while_connections_are_killed_never_500(pg_url: str, tmp_path: Path) -> None:
    """The probe's scenario: requests in a loop while another connection terminates the server's ones."""
    with _server(tmp_path, pg_url) as srv, _admin(pg_url) as admin:
        setup = Rest(srv)
        run_id = setup.new_run()
        stop = threading.Event()
        statuses: Counter[tuple[int, int | None]] = Counter()
        killed = [0]
        logged: list[str] = []
        lock = threading.Lock()

        def kill_loop() -> None:
            with admin.cursor() as cur:
                while not stop.is_set():
                    cur.execute(TERMINATE_OTHERS)
                    killed[0] += sum(1 for (done,) in cur.fetchall() if done)
                    time.sleep(0.2)  # five rounds of kills a second, each ending every open connection

        def client(worker: int) -> None:
            rest = Rest(srv)
            i = 0
            while not stop.is_set():
                i += 1
                key = f"w{worker}-{i}"
                if i % 2:
                    resp = rest.call("POST", "/experiment-run/logMetric", {"id": run_id, "metric": {"key": key}})
                else:
                    resp = rest.call("GET", "/experiment-run/getExperimentRunById", id=run_id)
                code = resp.json().get("code") if resp.status_code != 200 else None
                with lock:
                    statuses[(resp.status_code, code)] += 1
                    if resp.status_code == 200 and i % 2:
                        logged.append(key)

        threads = [threading.Thread(target=kill_loop), *(threading.Thread(target=client, args=(w,)) for w in range(3))]
        for t in threads:
            t.start()
        time.sleep(6)
        stop.set()
        for t in threads:
            t.join(60)
        assert killed[0] > 20, f"only {killed[0]} connections were terminated"
        assert set(statuses) <= {(200, None), (503, 14)}, statuses
        assert statuses[(200, None)] > 30, statuses
        # Every acknowledged metric is stored; a 503 may or may not have stored its own (it says so).
        stored = {m["key"] for m in setup.ok("GET", "/experiment-run/getMetrics", id=run_id).get("metrics", [])}
        assert set(logged) <= stored


def test_unreachable_database_is_503_on_rest_and_grpc(pg_url: str, pg_server_url: str, tmp_path: Path) -> None:
    name = make_url(pg_url).database
    with _server(tmp_path, pg_url) as srv, _admin(pg_server_url) as admin:
        rest = Rest(srv)
        run_id = rest.new_run()
        with admin.cursor() as cur:  # from another database: a database cannot lock itself out
            cur.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        try:
            _assert_unavailable(rest.call("GET", "/experiment-run/getExperimentRunById", id=run_id))
            _assert_unavailable(rest.call("POST", "/experiment-run/logMetric", {"id": run_id, "metric": {"key": "a"}}))
            with grpc.insecure_channel(srv.grpc_target) as channel:
                stub = project_service_pb2_grpc.ProjectServiceStub(channel)
                with pytest.raises(grpc.RpcError) as info:
                    stub.createProject(project_service_pb2.CreateProject(name="down"), timeout=30)
                assert info.value.code() == grpc.StatusCode.UNAVAILABLE and "retry" in str(info.value.details())
        finally:
            with admin.cursor() as cur:
                cur.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        rest.ok("POST", "/experiment-run/logMetric", {"id": run_id, "metric": {"key": "a", "value": 1}})


# --- SQLite: the write lock held by another process ----------------------------------------------------------


def test_sqlite_locked_past_the_busy_timeout_is_503(tmp_path: Path) -> None:
    path = tmp_path / "modeldb.sqlite"
    with _server(tmp_path, f"sqlite:///{path}?timeout=1") as srv:
        rest = Rest(srv)
        run_id = rest.new_run()
        with closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")  # another process's writer, holding the lock
            started = time.monotonic()
            resp = rest.call("POST", "/experiment-run/logMetric", {"id": run_id, "metric": {"key": "x", "value": 1}})
            took = time.monotonic() - started
            _assert_unavailable(resp)
            assert took < 15, f"the answer took {took:.1f} s for a 1 s busy timeout"
            # Readers are not blocked by a writer (WAL).
            rest.ok("GET", "/experiment-run/getExperimentRunById", id=run_id)
            other.execute("ROLLBACK")
        rest.ok("POST", "/experiment-run/logMetric", {"id": run_id, "metric": {"key": "x", "value": 1}})
        assert rest.ok("GET", "/experiment-run/getMetrics", id=run_id) == {"metrics": [{"key": "x", "value": 1}]}


def test_sqlite_limit_on_a_raw_driver_cursor_is_a_400(tmp_path: Path) -> None:
    """Bulk paths use the driver's cursor directly; a SQLite limit they reach is the request's fault, not a 500."""
    from modeldb_backend.errors import InvalidArgument
    from modeldb_backend.store.engine import Database

    database = Database.from_url(f"sqlite:///{tmp_path / 'raw.sqlite'}")
    try:

        def too_many_parameters(session: Any) -> None:
            cursor = session.connection().connection.cursor()
            count = 300_000  # over Debian's 250,000 and the default build's 32,766
            cursor.execute(f"SELECT 1 WHERE 1 IN ({','.join('?' * count)})", list(range(count)))

        with pytest.raises(InvalidArgument, match="too large for the database"):
            database.run(too_many_parameters, write=False)
    finally:
        database.dispose()
