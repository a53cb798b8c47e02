"""A real Jupyter server with the extension, under an awkward base_url, on SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.jupyter.ext_support import server_config
from tests.postgres import fresh_database
from tests.servers import free_port

BASE_URL = "/hub/user/jo.doe-1/"  # nested, with dots and dashes, as JupyterHub mounts servers


@pytest.fixture
def jp_base_url() -> str:
    return BASE_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def modeldb_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'modeldb.sqlite'}"
        return
    with fresh_database(request.getfixturevalue("pg_server_url")) as url:
        yield url


@pytest.fixture
def jp_server_config(modeldb_db_url: str, tmp_path: Path) -> dict[str, Any]:
    return server_config(modeldb_db_url, tmp_path / "artifacts")


@pytest.fixture
def grpc_port() -> int:
    """A free port for the extension's gRPC server, for tests whose jp_server_config turns it on."""
    return free_port()
