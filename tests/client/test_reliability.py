"""Lossless logging when the backend refuses, disappears, or is killed and restarted mid-loop.

The server is a real `modeldb-backend serve` subprocess on a fixed port with a SQLite file; "kill" is
SIGKILL, so whatever was in flight is cut without a response.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from modeldb_jupyter.client import Client, ModelDBWarning, NotFoundError, UnavailableError
from modeldb_jupyter.client import client as client_module
from modeldb_jupyter.client.journal import SUFFIX
from modeldb_jupyter.client.resolve import store_identity
from tests.client.conftest import ServeProcess
from tests.servers import free_port


def journal_files(home: Path) -> list[Path]:
    return sorted(p for p in (home / "journal").rglob(f"*{SUFFIX}") if "rejected" not in p.parts)


def test_refused_batch_is_reported_once_kept_and_dropped(client: Client, expt: object, home: Path) -> None:
    run = client.set_experiment_run("r")
    assert run.flush(30) is True
    run.delete()  # the batches below can never be applied: 404 for the run
    run.log_metric("m", 1.0)
    with pytest.warns(ModelDBWarning, match=f"refused 1 logged item.*{run.id}"):
        assert client.flush(30) is True  # nothing waits any more: the batch was refused and dropped
    [error] = client.errors
    assert error.run_id == run.id and error.rpc == "logBatch" and error.items == 1
    assert isinstance(error.error, NotFoundError)
    assert error.saved_to is not None and error.saved_to.exists() and "rejected" in error.saved_to.parts
    run.log_metric("m", 2.0)
    assert client.flush(30) is True  # no second warning for the same run (warnings are errors here)
    assert len(client.errors) == 2  # but every refusal is recorded
    assert journal_files(home) == []


def test_sync_calls_raise_unavailable_when_nothing_answers(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(client_module, "RETRY_DELAYS", (0.01, 0.01))
    client = Client(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(UnavailableError, match="no answer") as info:
        client.set_project("p")
    assert isinstance(info.value, ConnectionError)
    client.close(timeout=1)


def test_outage_spools_and_the_next_client_replays(home: Path, serve: ServeProcess) -> None:
    serve.start()
    first = Client(serve.url)
    run = first.set_experiment_run("r")
    for step in range(100):
        run.log_metric("x", float(step))
    assert first.flush(30) is True
    serve.kill()
    for step in range(100, 300):
        run.log_metric("x", float(step))
    run.log_hyperparameter("lr", 0.5)
    started = time.monotonic()
    with pytest.warns(ModelDBWarning, match="not answering"):
        assert first.flush(60) is False  # not delivered, but safe on disk; the user is told once
    assert time.monotonic() - started < 15
    files = journal_files(home)
    assert files
    header = json.loads(files[0].read_bytes().partition(b"\n")[0])
    assert header["backend"] == serve.url and header["rpc"] in ("logBatch", "setRunStatus")
    run.log_metric("x", 300.0)  # logging goes on (no second warning: warnings are errors in this suite)
    assert first.close(timeout=2) is False
    assert journal_files(home)  # the process could exit now: the data waits in the journal

    serve.start()
    second = Client(serve.url)  # replays what the first client left
    assert second.flush(60) is True
    assert journal_files(home) == []
    again = second.get_experiment_run(id=run.id)
    assert [p.step for p in again.get_metric_history("x")] == list(range(301))
    assert again.get_hyperparameter("lr") == 0.5
    assert again.status == "finished"  # close() ended the run; the status waited in the journal too
    second.close()


def test_kill_and_restart_mid_loop_stores_every_point_once(home: Path, serve: ServeProcess) -> None:
    serve.start()
    client = Client(serve.url)
    run = client.set_experiment_run("r")
    total, kill_at, restart_at = 30_000, 8_000, 20_000
    with pytest.warns(ModelDBWarning, match="not answering") as warned:
        for step in range(total):
            run.log_metric("loss", 1.0 / (step + 1))
            if step % 500 == 0:
                run.log_metric("lr", 0.001, step=step)
                time.sleep(0.01)  # a training loop takes time: batches are in flight when the kill comes
            if step == kill_at:
                serve.kill()
            elif step == restart_at:
                time.sleep(2)  # long enough for several failed sends and the spool
                serve.start()
        assert client.flush(120) is True
    assert len([w for w in warned if "not answering" in str(w.message)]) == 1  # once per outage
    history = run.get_metric_history("loss")
    assert len(history) == total
    assert [p.step for p in history] == list(range(total))
    assert [p.step for p in run.get_metric_history("lr")] == list(range(0, total, 500))
    assert run.get_metric("loss") == 1.0 / total
    assert client.errors == []
    assert journal_files(home) == []
    client.close()


def test_journal_of_a_live_client_is_not_adopted(home: Path, serve: ServeProcess) -> None:
    serve.start()
    owner = Client(serve.url)
    run = owner.set_experiment_run("r")
    assert owner.flush(30) is True
    serve.kill()
    run.log_metric("m", 1.0)
    with pytest.warns(ModelDBWarning, match="not answering"):
        assert owner.flush(30) is False
    spooled = journal_files(home)
    assert spooled
    serve.start()
    bystander = Client(serve.url)
    assert bystander.flush(30) is True
    assert journal_files(home) == spooled  # still owned (locked) by the live client
    assert owner.flush(30) is True  # the owner delivers it itself
    assert journal_files(home) == []
    assert [p.value for p in run.get_metric_history("m")] == [1.0]
    bystander.close()
    owner.close()


def test_token_protected_server(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from modeldb_jupyter.client import UnauthenticatedError

    server = ServeProcess(tmp_path / "secured", token="s3cret")
    server.directory.mkdir()
    server.start()
    try:
        with pytest.raises(UnauthenticatedError, match="token"):
            Client(server.url).set_project("p")
        client = Client(server.url, token="s3cret")
        run = client.set_experiment_run("r")
        run.log_metric("m", 1.0)
        run.log_artifact("blob", b"data")
        assert run.get_metric("m") == 1.0 and run.get_artifact("blob") == b"data"
        client.close()
        monkeypatch.setenv("MODELDB_URL", server.url)
        monkeypatch.setenv("MODELDB_TOKEN", "s3cret")
        from_env = Client()
        assert from_env.get_experiment_run(id=run.id).get_metric("m") == 1.0
        from_env.close()
    finally:
        server.stop()


def test_batches_over_the_memory_budget_go_through_the_journal(
    client: Client, expt: object, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from modeldb_jupyter.client import batches as batches_module
    from modeldb_jupyter.client import logger as logger_module

    monkeypatch.setattr(logger_module, "MAX_IN_MEMORY", 0)  # every batch is spooled, then sent from its file
    monkeypatch.setattr(batches_module.BatchBuilder, "MAX_ITEMS", 50)
    run = client.set_experiment_run("r")
    for step in range(1000):
        run.log_metric("x", float(step))
    run.log_hyperparameters({"lr": 0.1, "layers": [3, 4]})
    run.log_observation("o", {"text": "é"}, epoch_num=2)
    assert client.flush(60) is True
    assert journal_files(home) == []
    assert [p.step for p in run.get_metric_history("x")] == list(range(1000))
    assert run.get_hyperparameters() == {"lr": 0.1, "layers": [3, 4]}
    assert [(v, e) for v, _, e in run.get_observation("o")] == [({"text": "é"}, 2)]


def test_kernel_journal_follows_the_store_across_server_ports(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kernel spools while its Jupyter server is gone; the next session's server has a new port, same database.

    The server extension gives kernels the store's identity (MODELDB_JUPYTER_STORE), so the next kernel's client
    adopts and replays the journal although the URL differs; a client of another store leaves it alone.
    """
    directory = tmp_path / "server"
    directory.mkdir()
    store = store_identity(f"sqlite:///{directory / 'modeldb.sqlite'}")
    monkeypatch.setenv("MODELDB_JUPYTER_STORE", store)
    first_server = ServeProcess(directory).start()
    monkeypatch.setenv("MODELDB_JUPYTER_URL", first_server.url)
    first = Client()
    assert first.target.source == "Jupyter server" and first.target.identity == store
    run = first.set_experiment_run("r")
    run.log_metric("x", 0.0, step=0)
    assert first.flush(30) is True
    first_server.kill()
    for step in range(1, 50):
        run.log_metric("x", float(step), step=step)
    with pytest.warns(ModelDBWarning, match="not answering"):
        assert first.close(timeout=2) is False
    assert journal_files(home)

    second_server = ServeProcess(directory).start()  # a new port: a new Jupyter session on the same data
    try:
        assert second_server.port != first_server.port
        monkeypatch.setenv("MODELDB_JUPYTER_URL", second_server.url)
        monkeypatch.setenv("MODELDB_JUPYTER_STORE", store_identity("sqlite:////elsewhere/modeldb.sqlite"))
        Client().close()  # another store: its client does not touch this journal
        assert journal_files(home)
        monkeypatch.setenv("MODELDB_JUPYTER_STORE", store)
        second = Client()
        assert second.flush(60) is True
        assert journal_files(home) == []
        history = second.get_experiment_run(id=run.id).get_metric_history("x")
        assert [p.step for p in history] == list(range(50))
        second.close()
    finally:
        second_server.stop()


def test_store_identity_masks_passwords() -> None:
    assert store_identity("postgresql://me:s3cret@db:5432/modeldb") == "embedded:postgresql://me:***@db:5432/modeldb"
    assert store_identity("sqlite:////data/modeldb.sqlite") == "embedded:sqlite:////data/modeldb.sqlite"
