"""A real Jupyter server with the extension, under an awkward base_url, on SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.postgres import fresh_database

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
    return {
        "ServerApp": {"jpserver_extensions": {"modeldb_jupyter": True}},
        "ModelDBExtension": {"db_url": modeldb_db_url, "artifact_root": str(tmp_path / "artifacts")},
    }
