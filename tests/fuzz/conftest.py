"""One real server per database per fuzz module (SQLite, and PostgreSQL on the shared test cluster)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fuzz.support import AppServer, app_server
from tests.postgres import fresh_database


@pytest.fixture(scope="module")
def sqlite_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    tmp = tmp_path_factory.mktemp("fuzz-sqlite")
    with app_server(tmp, f"sqlite:///{tmp / 'fuzz.sqlite'}") as srv:
        yield srv


@pytest.fixture(scope="module")
def pg_app(pg_server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """Like the `pg_url` fixture (a fresh database of its own), but one per test module: the fuzz is ~160 tests."""
    with fresh_database(pg_server_url) as url, app_server(tmp_path_factory.mktemp("fuzz-pg"), url) as srv:
        yield srv
