"""`/livez` and `/readyz` of the standalone server, and the drain on SIGTERM that load balancers rely on.

Real servers throughout: in-process (ServerThread) for the probe answers, a `modeldb-backend serve` process
for the signal path. The database is made unreachable for real (PostgreSQL refusing connections to it).
"""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest
import requests
from sqlalchemy.engine import make_url

from modeldb_backend.store.migrate import head_revision
from tests.backend.test_server import ServeProcess
from tests.postgres import fresh_database
from tests.servers import ServerThread, settings_in

TIMEOUT = 30


def _get(url: str, **headers: str) -> requests.Response:
    return requests.get(url, headers=headers, timeout=TIMEOUT)


def _create_project(base: str, name: str) -> requests.Response:
    body = json.dumps({"name": name})
    return requests.post(f"{base}/api/v1/modeldb/project/createProject", data=body, timeout=TIMEOUT)


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[ServerThread]:
    settings = settings_in(tmp_path, f"sqlite:///{tmp_path / 'm.sqlite'}", token="s3cret")
    with ServerThread(settings) as server:
        yield server


def test_probes_answer_without_the_token(sqlite_server: ServerThread) -> None:
    base = sqlite_server.http_url
    live = _get(f"{base}/livez")
    assert live.status_code == 200 and live.json() == {"status": "alive"}
    ready = _get(f"{base}/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json() == {"status": "ready", "schema": head_revision()}
    assert ready.headers["Cache-Control"] == "no-store"
    head = requests.head(f"{base}/readyz", timeout=TIMEOUT)
    assert head.status_code == 200 and head.content == b""
    # the API itself still needs the token: the probes are the exception, not a hole
    assert _get(f"{base}/api/v1/modeldb/project/getProjects").status_code == 401


def test_readyz_is_503_while_the_schema_is_behind_this_servers(sqlite_server: ServerThread, tmp_path: Path) -> None:
    base = sqlite_server.http_url
    older = "0001"  # a revision of this server's own tree (an unknown one would be a newer release's: ready)
    with closing(sqlite3.connect(tmp_path / "m.sqlite", isolation_level=None)) as other:
        other.execute("UPDATE alembic_version SET version_num = ?", (older,))
        ready = _get(f"{base}/readyz")
        assert ready.status_code == 503, ready.text
        assert ready.json()["status"] == "not ready"
        assert f"schema is at {older};" in ready.json()["reason"] and head_revision() in ready.json()["reason"]
        assert _get(f"{base}/livez").status_code == 200  # alive all the same: restarting it would not help
        other.execute("UPDATE alembic_version SET version_num = ?", (head_revision(),))
    assert _get(f"{base}/readyz").status_code == 200


def test_drain_reports_not_ready_and_keeps_serving(sqlite_server: ServerThread) -> None:
    server, base = sqlite_server.server, sqlite_server.http_url
    assert server is not None
    drained = asyncio.run_coroutine_threadsafe(server.drain(0), sqlite_server._loop)
    drained.result(TIMEOUT)
    ready = _get(f"{base}/readyz")
    assert ready.status_code == 503 and ready.json()["reason"].startswith("draining"), ready.text
    created = requests.post(
        f"{base}/api/v1/modeldb/project/createProject",
        data=json.dumps({"name": "during-drain"}),
        headers={"Authorization": "Bearer s3cret"},
        timeout=TIMEOUT,
    )
    assert created.status_code == 200, created.text


def test_readyz_is_503_while_the_database_refuses_connections(pg_server_url: str, tmp_path: Path) -> None:
    with fresh_database(pg_server_url) as url, ServerThread(settings_in(tmp_path, url)) as server:
        assert _get(f"{server.http_url}/readyz").status_code == 200
        name = make_url(url).database
        admin = psycopg2.connect(make_url(pg_server_url).set(drivername="postgresql").render_as_string(False))
        admin.autocommit = True
        try:
            with admin.cursor() as cur:
                cur.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
                cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            ready = _get(f"{server.http_url}/readyz")
            assert ready.status_code == 503, ready.text
            assert ready.json()["reason"].startswith("the database does not answer"), ready.text
            assert _get(f"{server.http_url}/livez").status_code == 200
        finally:
            with admin.cursor() as cur:
                cur.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            admin.close()
        assert _get(f"{server.http_url}/readyz").status_code == 200


def test_sigterm_drains_then_stops(tmp_path: Path) -> None:
    """With a long drain: SIGTERM turns /readyz to 503 while the API still works; a second SIGTERM ends the
    drain at once and the server stops cleanly (a drain of 120 s would otherwise outlast the wait)."""
    # one process: the signals go to serve_forever itself (the --workers supervisor forwards one SIGTERM)
    server = ServeProcess(tmp_path / "home", "--workers", "1", env={"MODELDB_DRAIN_SECONDS": "120"})
    try:
        base, _ = server.wait_started()
        assert _get(f"{base}/readyz").status_code == 200
        server.proc.send_signal(signal.SIGTERM)
        server.wait_for("draining for 120 s")
        ready = _get(f"{base}/readyz")
        assert ready.status_code == 503 and ready.json()["reason"].startswith("draining"), ready.text
        assert _create_project(base, "while-draining").status_code == 200
        assert _get(f"{base}/livez").status_code == 200
        server.proc.send_signal(signal.SIGTERM)
        try:
            assert server.proc.wait(TIMEOUT) == 0, server.log
        except subprocess.TimeoutExpired:
            raise AssertionError(f"still running after the second SIGTERM:\n{server.log}") from None
        assert "stopped" in server.log
    finally:
        server.kill()


def test_sigterm_drains_every_worker_process(tmp_path: Path) -> None:
    """With --workers 2 the supervisor forwards SIGTERM: every worker drains (readiness 503, requests served),
    then all stop once the drain is over."""
    server = ServeProcess(tmp_path / "home", "--workers", "2", env={"MODELDB_DRAIN_SECONDS": "8"})
    try:
        base, _ = server.wait_started()
        server.wait_for("2 worker processes serving")
        server.proc.send_signal(signal.SIGTERM)
        server.wait_for(r"(?s)draining for 8 s.*draining for 8 s")  # both workers
        answers = [_get(f"{base}/readyz") for _ in range(6)]  # whichever worker takes each connection
        assert {r.status_code for r in answers} == {503}, [r.text for r in answers]
        assert _create_project(base, "while-draining").status_code == 200
        try:
            assert server.proc.wait(TIMEOUT + 8) == 0, server.log
        except subprocess.TimeoutExpired:
            raise AssertionError(f"still running after the drain and the grace:\n{server.log}") from None
    finally:
        server.kill()
