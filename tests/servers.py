"""Runs a real backend server (REST + gRPC on loopback) on its own event loop thread."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import requests

from modeldb_backend.server import RunningServer, start_server
from modeldb_backend.settings import Settings
from tests.postgres import fresh_database


class ServerThread:
    """`with ServerThread(settings) as srv:` gives srv.http_url and srv.grpc_target."""

    def __init__(self, settings: Settings) -> None:
        self.settings = replace(settings, host="127.0.0.1", port=0, grpc_port=0)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True, name="modeldb-test-server")
        self.server: RunningServer | None = None

    def __enter__(self) -> ServerThread:
        self._thread.start()
        self.server = asyncio.run_coroutine_threadsafe(start_server(self.settings), self._loop).result(60)
        return self

    @property
    def http_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.http_port}"

    @property
    def grpc_target(self) -> str:
        assert self.server is not None
        return f"127.0.0.1:{self.server.grpc_port}"

    def __exit__(self, *exc: object) -> None:
        if self.server is not None:
            asyncio.run_coroutine_threadsafe(self.server.stop(), self._loop).result(60)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


def free_port() -> int:
    """A loopback TCP port nothing listens on right now, for a server told its port in advance."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(what: str, check: Callable[[], Any], timeout: float = 30.0) -> Any:
    """Poll `check` until it returns something true, and return that; an AssertionError naming `what` if it
    does not within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"not within {timeout} s: {what}")


def settings_in(tmp: Path, db_url: str, **overrides: Any) -> Settings:
    """Settings for a test server: the given database, artifacts in `tmp` (unless `overrides` say where)."""
    return Settings(**{"db_url": db_url, "artifact_root": str(tmp / "artifacts"), **overrides})


@contextlib.contextmanager
def server_on(kind: str, tmp: Path, request: pytest.FixtureRequest, **overrides: Any) -> Iterator[ServerThread]:
    """A real server on a SQLite file in `tmp` (kind "sqlite") or on a fresh PostgreSQL database ("postgresql")."""
    if kind == "sqlite":
        with ServerThread(settings_in(tmp, f"sqlite:///{tmp / 'modeldb.sqlite'}", **overrides)) as server:
            yield server
        return
    pg_server_url = request.getfixturevalue("pg_server_url")
    with fresh_database(pg_server_url) as url, ServerThread(settings_in(tmp, url, **overrides)) as server:
        yield server


def rest_post(base_url: str, path: str, body: dict[str, Any], timeout: float = 30) -> dict[str, Any]:
    """POST `body` to the REST gateway of the server at `base_url` (`path` like "/project/createProject");
    asserts a 200 and returns the answer's JSON."""
    resp = requests.post(f"{base_url}/api/v1/modeldb{path}", json=body, timeout=timeout)
    assert resp.status_code == 200, resp.text
    answer: dict[str, Any] = resp.json()
    return answer


def new_experiment(base_url: str, project_name: str) -> tuple[str, str]:
    """A new project and an experiment "e" in it, created over REST: their ids."""
    project = rest_post(base_url, "/project/createProject", {"name": project_name})["project"]["id"]
    body = {"project_id": project, "name": "e"}
    return project, rest_post(base_url, "/experiment/createExperiment", body)["experiment"]["id"]


def new_run(base_url: str, project_id: str, experiment_id: str, name: str) -> str:
    """A new run in the experiment, created over REST: its id."""
    body = {"project_id": project_id, "experiment_id": experiment_id, "name": name}
    return str(rest_post(base_url, "/experiment-run/createExperimentRun", body)["experiment_run"]["id"])
