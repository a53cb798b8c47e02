"""Widget fixtures: real clients on the embedded store (a session-wide SQLite database, a $MODELDB_HOME per
test), a unique project per test, and runs with metric series to browse, compare and chart."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from modeldb_jupyter.client import Client
from tests.servers import server_on

ENV_KEYS = ("MODELDB_URL", "MODELDB_TOKEN", "MODELDB_JUPYTER_URL", "MODELDB_JUPYTER_TOKEN", "MODELDB_DB_URL")


@pytest.fixture(scope="session")
def embedded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("widgets-embedded")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedded_store: Path) -> Path:
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    home = tmp_path / "home"
    monkeypatch.setenv("MODELDB_HOME", str(home))
    monkeypatch.setenv("MODELDB_DB_URL", f"sqlite:///{embedded_store / 'modeldb.sqlite'}")
    monkeypatch.setenv("MODELDB_ARTIFACT_ROOT", str(embedded_store / "artifacts"))
    return home


@pytest.fixture
def client(home: Path) -> Iterator[Client]:
    c = Client()
    yield c
    c.close(timeout=30)


STORES = ("embedded", "sqlite", "postgresql")


@pytest.fixture(scope="module", params=STORES)
def store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    """None for the embedded store, else the URL of a real server on that database (one per module)."""
    if request.param == "embedded":
        yield None
        return
    module = request.module.__name__.rsplit(".", 1)[-1]
    with server_on(request.param, tmp_path_factory.mktemp(f"{module}-{request.param}"), request) as server:
        yield server.http_url


@pytest.fixture
def store_client(store_url: str | None, home: Path) -> Iterator[Client]:
    """A client on each of STORES (the embedded one reads $MODELDB_HOME's settings from `home`): a module whose
    widgets are tested on every store overrides `client` with this one."""
    c = Client() if store_url is None else Client(store_url)
    yield c
    c.close(timeout=30)


@dataclass
class Sweep:
    project: str
    experiment: str
    ids: list[str]  # run i has lr = (i + 1) / 1000, acc = i / (n + 1) at its last step: the last run is the best

    @property
    def best(self) -> str:
        return self.ids[-1]


def make_sweep(client: Client, project: str, runs: int, steps: int = 5, experiment: str = "sweep") -> Sweep:
    client.set_project(project)
    client.set_experiment(experiment)
    ids = []
    for i in range(runs):
        with client.set_experiment_run(f"run-{i:03d}") as run:
            run.log_hyperparameters({"lr": (i + 1) / 1000, "optimizer": "adam" if i % 2 else "sgd", "layers": 2})
            for step in range(steps):
                run.log_metric("acc", i / (runs + 1) * (step + 1) / steps, step=step)
                run.log_metric("loss", 1.0 / (step + 1 + i), step=step)
            run.log_tag("even" if i % 2 == 0 else "odd")
            ids.append(run.id)
    client.flush()
    return Sweep(project, experiment, ids)


@pytest.fixture
def sweep(client: Client, uniq: str) -> Sweep:
    return make_sweep(client, f"wproj-{uniq}", runs=12)
