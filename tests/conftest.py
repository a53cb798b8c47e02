"""Shared fixtures: real SQLite and PostgreSQL databases, real servers, REST and gRPC clients."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.apiclient import Api
from tests.markers import apply_markers
from tests.postgres import fresh_database, postgres_server
from tests.servers import ServerThread, server_on

pytest_plugins = ("pytest_jupyter.jupyter_server",)

DATABASES = ("sqlite", "postgresql")
TRANSPORTS = ("rest", "grpc")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks `pg`, `ui`, `jupyter` and `slow` tests (see tests/markers.py); nothing is skipped."""
    apply_markers(items)


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    with fresh_database(pg_server_url) as url:
        yield url


@pytest.fixture(params=DATABASES)
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of each kind, for tests that start their own servers or migrate."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture(scope="session", params=DATABASES)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    """One real server per database kind for the whole session; tests use unique names to stay apart."""
    with server_on(request.param, tmp_path_factory.mktemp(f"server-{request.param}"), request) as srv:
        yield srv


@pytest.fixture(params=TRANSPORTS)
def api(request: pytest.FixtureRequest, server: ServerThread) -> Iterator[Api]:
    """The same service suite runs through the REST gateway and through gRPC, on both databases."""
    assert server.server is not None
    client = Api(server.server.backend, server.http_url, server.grpc_target, request.param)
    yield client
    client.close()


@pytest.fixture
def uniq() -> str:
    """A unique suffix for entity names, since servers are shared across tests."""
    return uuid.uuid4().hex[:10]
