"""Client fixtures: every client test runs embedded (in-process SQLite) and against real standalone servers
on SQLite and PostgreSQL. Each test gets its own $MODELDB_HOME (so its own journal); the embedded database
and the servers are shared per session, so tests use unique names."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from modeldb_backend.settings import Settings
from modeldb_jupyter.client import Client, Experiment
from tests.postgres import fresh_database
from tests.servers import ServerThread, free_port

TARGETS = ("embedded", "sqlite", "postgresql")
ENV_KEYS = (
    "MODELDB_URL",
    "MODELDB_TOKEN",
    "MODELDB_JUPYTER_URL",
    "MODELDB_JUPYTER_TOKEN",
    "MODELDB_JUPYTER_STORE",
    "MODELDB_DB_URL",
)


def _settings(tmp: Path, db_url: str) -> Settings:
    return Settings(db_url=db_url, artifact_root=str(tmp / "artifacts"), grpc_port=0, port=0)


@pytest.fixture(scope="session")
def sqlite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    tmp = tmp_path_factory.mktemp("client-server-sqlite")
    with ServerThread(_settings(tmp, f"sqlite:///{tmp / 'modeldb.sqlite'}")) as srv:
        yield srv


@pytest.fixture(scope="session")
def postgresql_server(tmp_path_factory: pytest.TempPathFactory, pg_server_url: str) -> Iterator[ServerThread]:
    tmp = tmp_path_factory.mktemp("client-server-pg")
    with fresh_database(pg_server_url) as url, ServerThread(_settings(tmp, url)) as srv:
        yield srv


@pytest.fixture(scope="session")
def embedded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One embedded database + artifact root for the session (migrations run once)."""
    return tmp_path_factory.mktemp("client-embedded")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedded_store: Path) -> Path:
    """A fresh $MODELDB_HOME (journal) per test; the embedded database stays the session's."""
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("MODELDB_HOME", str(home))
    monkeypatch.setenv("MODELDB_DB_URL", f"sqlite:///{embedded_store / 'modeldb.sqlite'}")
    monkeypatch.setenv("MODELDB_ARTIFACT_ROOT", str(embedded_store / "artifacts"))
    return home


@pytest.fixture(params=TARGETS)
def target(request: pytest.FixtureRequest, home: Path) -> str | None:
    """None for the embedded backend, else the URL of a real server."""
    if request.param == "embedded":
        return None
    server: ServerThread = request.getfixturevalue(f"{request.param}_server")
    return server.http_url


@pytest.fixture
def client(target: str | None) -> Iterator[Client]:
    c = Client(target)
    yield c
    c.close(timeout=30)


@pytest.fixture
def expt(client: Client, uniq: str) -> Experiment:
    """A fresh project and experiment of `client` (the current context)."""
    client.set_project(f"proj-{uniq}")
    return client.set_experiment(f"expt-{uniq}")


class ServeProcess:
    """`python -m modeldb_backend.cli serve` on a fixed port with a SQLite file: killable and restartable."""

    def __init__(self, directory: Path, port: int | None = None, token: str | None = None) -> None:
        self.directory = directory
        self.port = port or free_port()
        self.token = token
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServeProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MODELDB_")}
        env["MODELDB_HOME"] = str(self.directory)
        if self.token:
            env["MODELDB_TOKEN"] = self.token
        command = [sys.executable, "-m", "modeldb_backend.cli", "serve", "--port", str(self.port), "--grpc-port", "-1"]
        self.log = open(self.directory / "server.log", "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(command, env=env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {(self.directory / 'server.log').read_text()[-2000:]}")
            try:
                requests.get(f"{self.url}/api/v1/modeldb/project/verifyConnection", timeout=1)
                return self
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("server did not start within 60 s")

    def kill(self) -> None:
        """kill -9: no shutdown, no flush, whatever was in flight is cut."""
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(10)
        self.log.close()
        # serve's worker processes die by their PDEATHSIG, a moment after the supervisor: wait for the port.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            except OSError:
                return
            time.sleep(0.02)
        raise RuntimeError(f"port {self.port} still answers 10 s after kill -9 of the server")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if not self.log.closed:
            self.log.close()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[ServeProcess]:
    server = ServeProcess(tmp_path / "server")
    server.directory.mkdir()
    yield server
    server.stop()
