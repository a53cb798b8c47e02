"""The local cluster for the tests of tests/cluster: scripts/modeldb_cluster.py, importable from here.

`cluster` is a module-scoped cluster of REPLICAS real `modeldb-backend serve` processes on a fresh PostgreSQL
database and moto's S3, behind HAProxy, in a temporary directory; it is torn down (processes stopped, database
dropped) after the module. A module that needs other replica settings defines its own `cluster` fixture with
`running(directory, replicas, extra_env)`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SCRIPTS = str(Path(__file__).resolve().parents[2] / "scripts")
if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)

from modeldb_cluster import Cluster, ClusterError, free_port, running  # noqa: E402

REPLICAS = 3
__all__ = ["REPLICAS", "SCRIPTS", "Cluster", "ClusterError", "free_port", "running"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, pg_server_url: str) -> Iterator[Cluster]:
    """REPLICAS replicas behind HAProxy, on a database of the tests' PostgreSQL server (pg_server_url)."""
    with running(tmp_path_factory.mktemp("cluster"), REPLICAS, pg_admin_url=pg_server_url) as cluster:
        yield cluster


@pytest.fixture
def client_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The client's journal in `tmp_path`; nothing in the environment points the client elsewhere."""
    for key in ("MODELDB_URL", "MODELDB_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MODELDB_HOME", str(tmp_path / "home"))
    return tmp_path / "home"
