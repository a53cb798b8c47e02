"""Client.start_run (a run's creation never blocks the caller) and Client.import_runs (the bulk path)."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pandas as pd
import pytest

from modeldb_backend.pb.ext import extension_pb2
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2
from modeldb_jupyter.client import AlreadyExistsError, Client, Experiment, InvalidArgumentError, ModelDBWarning
from tests.client.conftest import ServeProcess
from tests.client.test_reliability import journal_files


def audit_times(client: Client, run_id: str) -> list[int]:
    request = extension_pb2.FindAuditRecords(entity_id=run_id, action="createRuns")
    return [record.timestamp for record in client.call(request).records]


def test_started_runs_are_created_with_their_values_and_end(client: Client, expt: Experiment) -> None:
    assert client.flush(30) is True  # the sender thread runs (starting it takes the lock held below)
    with client._sender._lock:  # the sender cannot drain meanwhile: every creation is queued together
        runs = [client.start_run(f"r{i}", desc="d", tags=["t"], attrs={"a": i}) for i in range(5)]
        for i, run in enumerate(runs):
            assert uuid.UUID(run.id) and run.name == f"r{i}" and run.experiment_id == expt.id
            run.log_hyperparameters({"lr": 0.1 * i})
            for step in range(3):
                run.log_metric("loss", 1.0 / (step + 1), step)
            run.end(timeout=0)
    assert client.flush(60) is True and client.errors == []
    frame = client.runs_df(experiment=expt, columns=["name", "hyperparameters", "metrics", "attributes", "tags"])
    assert sorted(frame["name"]) == [f"r{i}" for i in range(5)]
    assert sorted(frame["attributes.a"]) == [0, 1, 2, 3, 4]
    assert all(frame["metrics.loss"] == 1.0 / 3)
    last = client.get_experiment_run("r4")
    assert [p.step for p in last.get_metric_history("loss")] == [0, 1, 2]
    assert last.status == "finished" and last._fresh().description == "d" and last.get_tags() == ["t"]
    times = {t for run in runs for t in audit_times(client, run.id)}
    assert len(times) == 1  # one createRuns call, one transaction, for the five runs


def test_a_synchronous_call_waits_for_the_creation(client: Client, expt: Experiment) -> None:
    run = client.start_run()  # a generated name
    found = client.call(run_pb2.GetExperimentRunById(id=run.id)).experiment_run
    assert found.name == run.name and found.name.startswith("Run ")
    assert run.state()["status"] == "running"
    run.end()


def test_a_taken_name_is_reported_not_raised(client: Client, expt: Experiment) -> None:
    client.create_experiment_run("taken").end()
    run = client.start_run("taken")
    run.log_metric("m", 1.0)
    with pytest.warns(ModelDBWarning, match="refused"):
        assert client.flush(30) is True
    assert isinstance(client.errors[0].error, AlreadyExistsError) and client.errors[0].rpc == "createRuns"
    with pytest.raises(ValueError, match="non-empty"):
        client.start_run(" ")
    with pytest.raises(InvalidArgumentError, match="control characters"):  # the server's rule, told at the call
        client.start_run("a\tb")
    with pytest.raises(InvalidArgumentError, match="the limit is 256"):
        client.start_run("n" * 257)


@pytest.mark.parametrize("target", ["embedded"], indirect=True)
def test_a_refused_run_does_not_sink_the_runs_sharing_its_call(client: Client, expt: Experiment) -> None:
    client.create_experiment_run("taken").end()
    assert client.flush(30) is True  # the sender thread runs (starting it takes the lock held below)
    with client._sender._lock:
        good = [client.start_run(f"g{i}") for i in range(3)]
        client.start_run("taken")
        good.append(client.start_run("g3"))
    with pytest.warns(ModelDBWarning, match="refused"):
        assert client.flush(30) is True
    assert [e.error.code for e in client.errors] == [AlreadyExistsError.code]
    assert sorted(client.runs_df(experiment=expt)["name"]) == ["g0", "g1", "g2", "g3", "taken"]


def test_a_spooled_creation_replayed_twice_is_one_run(home: Path, serve: ServeProcess, tmp_path: Path) -> None:
    """The journal is replayed without any request key: the run's own id makes the second replay a no-op."""
    serve.start()
    first = Client(serve.url)
    first.set_project("replay")
    first.set_experiment("e")
    assert first.flush(30) is True
    serve.kill()
    run = first.start_run("r")
    run.log_metric("m", 1.0)
    with pytest.warns(ModelDBWarning, match="not answering"):
        assert first.flush(30) is False
    assert first.close(timeout=2) is False
    kept = tmp_path / "kept"
    shutil.copytree(home / "journal", kept)  # a crash after sending, before deleting: sent again later
    serve.start()
    for _ in range(2):
        replaying = Client(serve.url)
        assert replaying.flush(60) is True and replaying.errors == []
        replaying.close()
        shutil.rmtree(home / "journal")
        shutil.copytree(kept, home / "journal")
    reader = Client(serve.url)
    assert reader.flush(60) is True and reader.errors == []
    assert journal_files(home) == []
    stored = reader.get_experiment_run(id=run.id)
    assert [p.value for p in stored.get_metric_history("m")] == [1.0]
    assert list(reader.runs_df(experiment=reader.expt)["name"]) == ["r"]
    reader.close()


def test_import_runs_from_records_and_a_frame(client: Client, expt: Experiment) -> None:
    ids = [str(uuid.uuid4()) for _ in range(3)]
    records = [
        {"id": ids[i], "name": f"i{i}", "hyperparameters": {"opt": "adam", "n": i}, "metrics": {"acc": i / 10}}
        for i in range(3)
    ]
    records[2] |= {"step": 5, "status": "finished"}  # metrics as points of their series; an ended run
    assert client.import_runs(records, chunk=2) == ids
    assert client.import_runs(records) == ids  # the same ids again: the runs are left as they are
    frame = pd.DataFrame(
        {"name": ["f0", "f1"], "hyperparameters.opt": ["sgd", None], "metrics.acc": [0.5, float("nan")]}
    )
    client.import_runs(frame)
    got = client.runs_df(experiment=expt, columns=["name", "hyperparameters", "metrics"]).set_index("name")
    assert sorted(got.index) == ["f0", "f1", "i0", "i1", "i2"]
    assert got.loc["i2", "hyperparameters.n"] == 2 and got.loc["i2", "metrics.acc"] == 0.2
    ended = client.get_experiment_run(id=ids[2])
    assert ended.status == "finished" and [(p.step, p.value) for p in ended.get_metric_history("acc")] == [(5, 0.2)]
    assert got.loc["f0", "hyperparameters.opt"] == "sgd" and pd.isna(got.loc["f1", "metrics.acc"])
    with pytest.raises(AlreadyExistsError):
        client.import_runs([{"name": "i0"}])  # a new id under a taken name
    assert len(client.runs_df(experiment=expt)) == 5
