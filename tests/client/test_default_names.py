"""Issue 12: entities created without a name get generated names that never collide.

Default names were the time to the second plus 24 random bits: a sweep of 10,000 unnamed runs at ~80/s
once failed with AlreadyExistsError. Now they carry 64 random bits, and a generated name that is taken
anyway is replaced by another (a name the caller gave never is).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from modeldb_jupyter.client import AlreadyExistsError, Client
from modeldb_jupyter.client.client import _default_name
from tests.name_support import freeze_generated_names
from tests.servers import ServerThread

SWEEP = 1500
SWEEP_SECONDS = 120  # ~15 s on an idle 2-core machine; generous for a loaded one


@pytest.fixture
def server_client(home: Path, sqlite_server: ServerThread, uniq: str) -> Iterator[Client]:
    client = Client(sqlite_server.http_url)
    client.set_project(f"names-{uniq}")
    client.set_experiment("sweep")
    yield client
    client.close(timeout=30)


def test_a_fast_sweep_of_unnamed_runs(server_client: Client) -> None:
    started = time.monotonic()
    names = [server_client.create_experiment_run().name for _ in range(SWEEP)]
    assert time.monotonic() - started < SWEEP_SECONDS
    assert len(set(names)) == SWEEP
    assert all(name.startswith("Run ") and len(name.rsplit("-", 1)[1]) == 16 for name in names)
    server_client._active_runs.clear()  # they stay running: ending them one RPC each doubles the time


def test_a_taken_generated_name_is_replaced(server_client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    handed = freeze_generated_names(monkeypatch, ["0" * 16, "0" * 16])
    taken = _default_name("Run")  # the name the generator makes next, which a teammate already took
    other = server_client.create_experiment_run(taken)
    run = server_client.create_experiment_run()
    assert len(handed) == 3 and handed[2] != "0" * 16  # the first try collided; the second got a fresh name
    assert run.name not in (taken, other.name) and run.id != other.id
    # set_experiment_run() without a name starts a new run too; it never resumes the run holding the name.
    freeze_generated_names(monkeypatch, ["0" * 16])
    again = server_client.set_experiment_run()
    assert again.id not in (other.id, run.id)
    # A name the caller gave is the caller's intent: taken is an error, never silently another name.
    with pytest.raises(AlreadyExistsError):
        server_client.create_experiment_run(taken)


def test_projects_experiments_and_datasets_retry_too(
    server_client: Client, monkeypatch: pytest.MonkeyPatch, uniq: str
) -> None:
    freeze_generated_names(monkeypatch, ["1" * 16])
    project = server_client.create_project(_default_name("Proj"))
    freeze_generated_names(monkeypatch, ["1" * 16])
    assert server_client.set_project().id != project.id
    freeze_generated_names(monkeypatch, ["2" * 16])
    experiment = server_client.create_experiment(_default_name("Expt"))
    freeze_generated_names(monkeypatch, ["2" * 16])
    assert server_client.create_experiment().id != experiment.id
    freeze_generated_names(monkeypatch, ["3" * 16])
    dataset = server_client.create_dataset(_default_name("Dataset") + uniq)
    freeze_generated_names(monkeypatch, ["3" * 16])
    assert server_client.set_dataset().id != dataset.id
