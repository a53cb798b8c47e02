"""The model registry client against real backends (embedded, SQLite and PostgreSQL servers): register runs as
versions of models, list them as DataFrames, promote, lock, label, read the history back."""

from __future__ import annotations

import json

import pytest
from google.protobuf import field_mask_pb2

from modeldb_backend.pb.registry import registry_service_pb2 as rpb
from modeldb_jupyter.client import (
    AlreadyExistsError,
    Client,
    Experiment,
    ExperimentRun,
    InvalidArgumentError,
    ModelDBError,
    ModelVersion,
    NotFoundError,
    RegisteredModel,
)
from modeldb_jupyter.client.registry_frames import HISTORY_COLUMNS, MODEL_COLUMNS, VERSION_COLUMNS
from modeldb_jupyter.client.transport import encode_request, lookup


def _run(client: Client, name: str, acc: float) -> ExperimentRun:
    with client.set_experiment_run(name) as run:
        run.log_hyperparameters({"lr": acc / 10})
        run.log_metric("acc", acc)
    return run


def test_register_creates_the_model_once_and_names_versions(client: Client, expt: Experiment, uniq: str) -> None:
    first, second = _run(client, "first", 0.8), _run(client, "second", 0.9)
    name = f"churn-{uniq}"
    v1 = client.register(first, name)
    assert isinstance(v1, ModelVersion)
    assert (v1.name, v1.stage, v1.lock_level, v1.run_id) == ("v1", "unassigned", "open", first.id)
    run = v1.run
    assert run is not None and run.id == first.id and run.name == "first"
    assert client.expt == expt  # reading the version's run does not move the client's context
    v2 = client.register(second.id, name, labels=["gbm", "baseline", "gbm"], description="the tuned one")
    assert (v2.name, v2.labels, v2.description) == ("v2", ["baseline", "gbm"], "the tuned one")
    named = client.register(second, name, version="candidate")
    assert named.name == "candidate"
    with pytest.raises(AlreadyExistsError, match=f"model '{name}' already has a version 'candidate'"):
        client.register(first, name, version="candidate")
    model = client.model(name)
    assert isinstance(model, RegisteredModel) and model.name == name
    assert client.model(id=model.id) == model == v1.model
    frame = model.versions()
    assert list(frame.columns) == VERSION_COLUMNS
    assert list(frame["version"]) == ["v1", "v2", "candidate"]
    assert list(frame["run"]) == ["first", "second", "second"]
    assert list(frame["run_id"]) == [first.id, second.id, second.id]
    assert list(frame["stage"]) == ["unassigned"] * 3 and list(frame["lock"]) == ["open"] * 3
    assert frame["labels"].iloc[1] == ["baseline", "gbm"]
    assert str(frame["created"].dtype) == "datetime64[ms, UTC]" and frame["created"].notna().all()
    assert model.version("v2") == v2 and model.version(v2.id) == v2


def test_the_next_version_name_skips_taken_ones(client: Client, expt: Experiment, uniq: str) -> None:
    run = _run(client, "r", 0.5)
    name = f"gaps-{uniq}"
    client.register(run, name, version="v7")
    client.register(run, name, version="v7b")
    assert client.register(run, name).name == "v8"


def test_bad_input_writes_nothing(client: Client, expt: Experiment, uniq: str) -> None:
    run = _run(client, "r", 0.5)
    name = f"bad-{uniq}"
    with pytest.raises(ValueError, match="unknown stage 'prod'; did you mean 'production'"):
        client.register(run, name, stage="prod")
    with pytest.raises(ValueError, match="unknown stage 'unassigned'"):
        client.register(run, name, stage="unassigned")
    with pytest.raises(NotFoundError):
        client.register("no-such-run-id", name)
    with pytest.raises(TypeError, match="run"):
        client.register(None, name)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs a name"):
        client.register(run, " ")
    with pytest.raises(NotFoundError, match=f"no registered model named '{name}'"):
        client.model(name)  # none of the refusals created the model


def test_promote_and_history(client: Client, expt: Experiment, uniq: str) -> None:
    run = _run(client, "r", 0.5)
    version = client.register(run, f"promo-{uniq}", stage="staging")
    assert version.stage == "staging"
    assert version.promote("production", comment="beats the baseline") is version
    assert version.stage == "production" and version.refresh().stage == "production"
    with pytest.raises(InvalidArgumentError, match="already in PRODUCTION"):
        version.promote("production")
    with pytest.raises(ValueError, match="unknown stage"):
        version.promote("live")
    history = version.history()
    assert list(history.columns) == HISTORY_COLUMNS
    moves = history[history["action"] == "UpdateStage"]
    assert [(r.from_stage, r.to_stage) for r in moves.itertuples()] == [
        ("unassigned", "staging"),
        ("staging", "production"),
    ]
    assert list(moves["comment"]) == ["", "beats the baseline"]
    assert history["time"].is_monotonic_increasing and history["actor"].notna().all()
    assert "CreateModelVersion" in set(history["action"])
    activities = version.model.activities()
    assert list(activities["stage"]) == ["staging", "production"]
    assert list(activities["kind"]) == ["update", "update"]
    assert list(activities["version"]) == ["v1", "v1"]


def test_labels_and_locks(client: Client, expt: Experiment, uniq: str) -> None:
    run = _run(client, "r", 0.5)
    version = client.register(run, f"lock-{uniq}", labels=["b"])
    assert version.add_labels(["a", "b"]).labels == ["a", "b"]
    assert version.refresh().labels == ["a", "b"]
    model = version.model.add_labels(["team-x"])
    assert model.labels == ["team-x"] and client.model(model.name).labels == ["team-x"]
    with pytest.raises(ValueError, match="unknown lock level"):
        version.lock("shut")
    assert version.lock("closed").lock_level == "closed"
    assert version.add_labels(["c"]).labels == ["a", "b", "c"]  # labels may change on a closed version
    with pytest.raises(ModelDBError, match="locked for changes"):
        version.delete()
    assert client.model(model.name).versions()["lock"].tolist() == ["closed"]
    version.lock("open").delete()
    assert client.model(model.name).versions().empty


def test_models_df_and_lookups(client: Client, expt: Experiment, uniq: str) -> None:
    run = _run(client, "r", 0.5)
    a, b = f"a-{uniq}", f"b-{uniq}"
    client.register(run, a, stage="production")
    client.register(run, a, stage="staging")
    client.register(run, a)
    client.register(run, b)
    frame = client.models_df()
    assert list(frame.columns) == MODEL_COLUMNS
    mine = frame[frame["name"].isin([a, b])].set_index("name")
    assert mine.loc[a, "versions"] == 3 and mine.loc[b, "versions"] == 1
    assert (mine.loc[a, "latest"], mine.loc[a, "production"], mine.loc[a, "staging"]) == ("v3", ["v1"], ["v2"])
    assert (mine.loc[b, "production"], mine.loc[b, "staging"]) == ([], [])
    with pytest.raises(NotFoundError, match=f"did you mean '{a}'"):
        client.model(a + "x")
    model_a, model_b = client.model(a), client.model(b)
    with pytest.raises(NotFoundError, match=f"model '{a}' has no version 'v9' \\(its versions: v1, v2, v3\\)"):
        model_a.version("v9")
    with pytest.raises(NotFoundError, match="not a version of"):
        model_b.version(model_a.version("v1").id)
    model_b.delete()
    with pytest.raises(NotFoundError):
        client.model(b)
    assert b not in set(client.models_df()["name"])


def test_an_update_mask_travels_in_the_body() -> None:
    """A FieldMask cannot be a query parameter: an update with one takes the binding whose body is the whole
    request (PATCH .../full_body), one without keeps the plain PATCH."""
    rpc = lookup("RegistryService", "UpdateModelVersion")
    ident = rpb.ModelVersionIdentification(
        model_version_id=7, model_id=rpb.RegisteredModelIdentification(registered_model_id=3)
    )
    change = rpb.ModelVersion(labels=["a"])
    method, path, query, body = encode_request(rpc, rpb.SetModelVersion(id=ident, model_version=change))
    assert (method, path, query) == ("PATCH", "/registry/registered_models/3/model_versions/7", [])
    assert json.loads(body or b"") == {"labels": ["a"]}
    masked = rpb.SetModelVersion(id=ident, model_version=change, update_mask=field_mask_pb2.FieldMask(paths=["labels"]))
    method, path, query, body = encode_request(rpc, masked)
    assert (method, path, query) == ("PATCH", "/registry/registered_models/3/model_versions/7/full_body", [])
    assert json.loads(body or b"") == {"model_version": {"labels": ["a"]}, "update_mask": "labels"}
