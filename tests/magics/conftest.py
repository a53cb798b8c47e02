"""Magics fixtures: a real IPython shell (jupysql-style) with the extension loaded, on the embedded store.

The embedded database is shared by the session (migrations run once); each test gets its own $MODELDB_HOME
(journal) and a unique project, so tests stay apart.
"""

from __future__ import annotations

import atexit
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from IPython.core.interactiveshell import ExecutionResult, InteractiveShell
from traitlets.config import Config

from modeldb_backend.settings import Settings
from tests.servers import ServerThread

ENV_KEYS = (
    "MODELDB_URL",
    "MODELDB_TOKEN",
    "MODELDB_JUPYTER_URL",
    "MODELDB_JUPYTER_TOKEN",
    "MODELDB_JUPYTER_STORE",
    "MODELDB_DB_URL",
    "MODELDB_ARTIFACT_ROOT",
    "JPY_SESSION_NAME",
)


class TestingShell(InteractiveShell):
    """A real InteractiveShell; `run` executes like a notebook cell (history on, so execution counts grow)."""

    __test__ = False  # not a test class, whatever its name says

    def run(self, source: str) -> ExecutionResult:
        return self.run_cell(source, store_history=True)

    def ok(self, source: str) -> Any:
        """Run a cell that must succeed; returns its result value."""
        result = self.run(source)
        result.raise_error()
        return result.result

    @property
    def magics(self) -> Any:
        """The ModelDBMagics instance (its session holds the client and the runs)."""
        return self.magics_manager.registry["ModelDBMagics"]


@pytest.fixture(scope="session")
def sqlite_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real standalone server (REST) on its own SQLite file, for `%modeldb connect URL`."""
    tmp = tmp_path_factory.mktemp("magics-server")
    settings = Settings(db_url=f"sqlite:///{tmp / 'modeldb.sqlite'}", artifact_root=str(tmp / "artifacts"), grpc_port=0)
    with ServerThread(settings) as server:
        yield server.http_url


@pytest.fixture(scope="session")
def embedded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("magics-embedded")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedded_store: Path) -> Path:
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("MODELDB_HOME", str(home))
    monkeypatch.setenv("MODELDB_DB_URL", f"sqlite:///{embedded_store / 'modeldb.sqlite'}")
    monkeypatch.setenv("MODELDB_ARTIFACT_ROOT", str(embedded_store / "artifacts"))
    monkeypatch.chdir(tmp_path)
    return home


@pytest.fixture
def kernel_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """For real kernels, which inherit the environment: the embedded store in tmp_path/home."""
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MODELDB_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def bare_ip(home: Path) -> Iterator[TestingShell]:
    """A fresh shell without the extension."""
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    shell = TestingShell.instance(config=config)
    try:
        yield shell
    finally:
        shell.run_line_magic("unload_ext", "modeldb_jupyter")
        # Each shell registers an exit handler (reset + gc.collect); dozens of them cost ~40 s at interpreter exit.
        atexit.unregister(shell.atexit_operations)
        TestingShell.clear_instance()


@pytest.fixture
def ip(bare_ip: TestingShell, uniq: str) -> TestingShell:
    """The extension loaded, a unique project current."""
    bare_ip.ok("%load_ext modeldb_jupyter")
    bare_ip.ok(f"%modeldb project p-{uniq}")
    return bare_ip


def records(run: Any) -> list[dict[str, Any]]:
    """The run's cell log, oldest first."""
    return [value for value, _ts, _epoch in run.get_observations().get("cell", [])]
