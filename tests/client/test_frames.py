"""DataFrames on every backend: dtypes and contents against what was logged; filters, sorting, limits and
columns pushed down; clear errors for unknown columns and bad filters."""

from __future__ import annotations

import pandas as pd
import pytest

from modeldb_jupyter.client import (
    Client,
    Experiment,
    InvalidArgumentError,
    QuerySyntaxError,
    UnknownColumnError,
)
from modeldb_jupyter.client import frames as frames_module

UTC_MS = "datetime64[ms, UTC]"


@pytest.fixture
def logged(client: Client, expt: Experiment) -> dict[str, object]:
    """Three runs with known values: lr (float), batch (int), opt (str), flag (bool), acc/loss metrics."""
    specs = [
        ("a", {"lr": 0.1, "batch": 32, "opt": "sgd", "flag": True}, {"acc": 0.80, "loss": 0.5}, ["baseline"]),
        ("b", {"lr": 0.001, "batch": 64, "opt": "adam", "flag": False}, {"acc": 0.95, "loss": 0.2}, []),
        ("c", {"lr": 0.005, "batch": 128, "opt": "adam"}, {"acc": 0.91}, ["baseline", "x"]),
    ]
    runs = {}
    for name, hps, metrics, tags in specs:
        with client.set_experiment_run(name) as run:
            run.log_hyperparameters(hps)
            for key, value in metrics.items():
                run.log_metric(key, value * 2, step=0)
                run.log_metric(key, value, step=1)  # the latest step is the run's metric
            run.log_tags(tags)
            run.log_attribute("note", f"run {name}")
        runs[name] = run
    return {"runs": runs, "experiment": expt}


def test_runs_df_dtypes_and_contents(client: Client, logged: dict[str, object]) -> None:
    frame = client.runs_df(experiment=logged["experiment"], order_by="name")
    assert list(frame["name"]) == ["a", "b", "c"]
    assert list(frame.columns[:8]) == [
        "id", "name", "project", "experiment", "status", "start_time", "end_time", "duration",
    ]  # fmt: skip
    assert frame["start_time"].dtype == UTC_MS and frame["end_time"].dtype == UTC_MS
    assert frame["duration"].dtype == "timedelta64[ms]"
    assert (frame["duration"] >= pd.Timedelta(0)).all()
    assert list(frame["status"]) == ["finished"] * 3
    assert frame["project"].iloc[0] == client.proj.name  # type: ignore[union-attr]
    assert frame["experiment"].iloc[0] == logged["experiment"].name  # type: ignore[attr-defined]
    assert list(frame["id"]) == [logged["runs"][n].id for n in "abc"]  # type: ignore[index]
    assert frame["hyperparameters.lr"].dtype == "float64"
    assert list(frame["hyperparameters.lr"]) == [0.1, 0.001, 0.005]
    assert frame["hyperparameters.batch"].dtype == "Int64"
    assert list(frame["hyperparameters.batch"]) == [32, 64, 128]
    assert frame["hyperparameters.flag"].dtype == "boolean"
    assert frame["hyperparameters.flag"].tolist() == [True, False, pd.NA]
    assert pd.api.types.is_string_dtype(frame["hyperparameters.opt"])
    assert list(frame["hyperparameters.opt"]) == ["sgd", "adam", "adam"]
    assert frame["metrics.acc"].dtype == "float64" and list(frame["metrics.acc"]) == [0.80, 0.95, 0.91]
    assert frame["metrics.loss"].dtype == "float64"
    assert frame["metrics.loss"].iloc[:2].tolist() == [0.5, 0.2] and pd.isna(frame["metrics.loss"].iloc[2])
    assert list(frame["attributes.note"]) == ["run a", "run b", "run c"]
    assert [sorted(t) for t in frame["tags"]] == [["baseline"], [], ["baseline", "x"]]


def test_filter_sort_limit_columns(client: Client, logged: dict[str, object]) -> None:
    experiment = logged["experiment"]
    query = "metrics.acc > 0.9 and (hyperparameters.lr < 0.002 or tags contains 'baseline')"
    frame = client.runs_df(experiment=experiment, filter=query, order_by=["-metrics.acc"])
    assert list(frame["name"]) == ["b", "c"]
    top = client.runs_df(experiment=experiment, order_by=["-metrics.acc"], limit=2)
    assert list(top["name"]) == ["b", "c"]
    narrow = client.runs_df(experiment=experiment, columns=["metrics.acc", "hyperparameters.batch"], order_by="name")
    assert list(narrow.columns) == [
        "id", "name", "project", "experiment", "status", "start_time", "end_time", "duration",
        "metrics.acc", "hyperparameters.batch",
    ]  # fmt: skip
    fields = client.runs_df(experiment=experiment, columns=["metrics", "tags", "project_id"], order_by="name")
    assert {"metrics.acc", "metrics.loss", "tags", "project_id"} <= set(fields.columns)
    assert not any(c.startswith("hyperparameters.") for c in fields.columns)
    assert client.runs_df(experiment=experiment, limit=0).empty
    by_name = client.runs_df(project=client.proj.name, experiment=experiment.name, order_by="name")  # type: ignore[union-attr, attr-defined]
    assert list(by_name["name"]) == ["a", "b", "c"]
    empty = client.runs_df(experiment=experiment, filter="metrics.acc > 2")
    assert empty.empty and "id" in empty.columns


def test_unknown_columns_and_bad_filters(client: Client, logged: dict[str, object]) -> None:
    experiment = logged["experiment"]
    with pytest.raises(UnknownColumnError, match=r"did you mean 'hyperparameters\.lr'"):
        client.runs_df(experiment=experiment, columns=["params.lr"])
    with pytest.raises(UnknownColumnError, match=r"unknown column 'nme'.*did you mean 'name'"):
        client.runs_df(experiment=experiment, columns=["nme"])
    with pytest.raises(UnknownColumnError, match=r"did you mean metrics\.acc.*metrics of recent runs: acc, loss"):
        client.runs_df(experiment=experiment, columns=["metrics.accc"])
    # a key some run in scope has is a column even when the filter keeps none of those runs
    no_loss = client.runs_df(experiment=experiment, filter="name == 'c'", columns=["metrics.loss"])
    assert no_loss["metrics.loss"].isna().all() and len(no_loss) == 1
    nothing = client.runs_df(experiment=experiment, filter="name == 'zz'", columns=["metrics.loss"])
    assert nothing.empty and "metrics.loss" in nothing.columns
    with pytest.raises(QuerySyntaxError) as info:
        client.runs_df(experiment=experiment, filter="metrics.acc >> 0.9")
    assert info.value.column == 14 and info.value.line == 1
    assert isinstance(info.value, ValueError)
    with pytest.raises(QuerySyntaxError) as multi:
        client.runs_df(experiment=experiment, filter="metrics.acc > 0.9\nand (")
    assert (multi.value.line, multi.value.column) == (2, 6)
    with pytest.raises(InvalidArgumentError, match="bogus"):
        client.runs_df(experiment=experiment, filter="bogus.key > 1")
    with pytest.raises(InvalidArgumentError):
        client.runs_df(experiment=experiment, order_by=["-"])
    with pytest.raises(TypeError):
        client.runs_df(experiment=experiment, filter=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="limit"):
        client.runs_df(experiment=experiment, limit=-1)


def test_pages_and_progress(client: Client, expt: Experiment, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(frames_module, "PAGE_SIZE", 2)
    for i in range(7):
        run = client.set_experiment_run(f"r{i}")
        run.log_metric("i", float(i))
    frame = client.runs_df(experiment=expt, order_by="metrics.i", progress_bar=True)
    assert list(frame["metrics.i"]) == [float(i) for i in range(7)]
    assert len(set(frame["id"])) == 7
    assert list(client.runs_df(experiment=expt, order_by="metrics.i", limit=5)["metrics.i"]) == [0, 1, 2, 3, 4]


def test_metric_history_df(client: Client, expt: Experiment) -> None:
    one = client.set_experiment_run("one")
    two = client.set_experiment_run("two")
    for step in range(5):
        one.log_metric("loss", 1.0 / (step + 1))
        two.log_metric("loss", 2.0 / (step + 1))
    one.log_metric("acc", 0.5)
    frame = client.metric_history_df([one, two.id])
    assert list(frame.columns) == ["run", "key", "step", "value", "timestamp"]
    assert frame["step"].dtype == "int64" and frame["value"].dtype == "float64"
    assert frame["timestamp"].dtype == UTC_MS
    assert pd.api.types.is_string_dtype(frame["run"]) and pd.api.types.is_string_dtype(frame["key"])
    assert len(frame) == 11
    loss_one = frame[(frame["run"] == one.id) & (frame["key"] == "loss")]
    assert list(loss_one["step"]) == [0, 1, 2, 3, 4] and loss_one["value"].iloc[1] == 0.5
    only_acc = client.metric_history_df(client.runs_df(experiment=expt), keys="acc")
    assert list(only_acc["key"]) == ["acc"] and list(only_acc["run"]) == [one.id]
    empty = client.metric_history_df(one, keys=["nothing"])
    assert empty.empty and empty["step"].dtype == "int64" and empty["timestamp"].dtype == UTC_MS


def test_projects_experiments_and_audit_frames(client: Client, uniq: str) -> None:
    project = client.set_project(f"p-{uniq}", attrs={"team": "ml"})
    client.set_experiment("e1")
    client.set_experiment("e2")
    run = client.set_experiment_run("r")
    run.log_metric("m", 1.0)
    projects = client.projects_df()
    row = projects[projects["id"] == project.id].iloc[0]
    assert row["name"] == f"p-{uniq}" and row["attributes.team"] == "ml"
    assert projects["date_created"].dtype == UTC_MS
    experiments = client.experiments_df(project=project)
    assert sorted(experiments["name"]) == ["e1", "e2"] and set(experiments["project"]) == {f"p-{uniq}"}
    audit = client.audit_df(entity=run)
    assert audit["timestamp"].dtype == UTC_MS and audit["id"].dtype == "int64"
    actions = list(audit["action"])
    assert actions[0] == "createExperimentRun" and "logBatch" in actions and "setRunStatus" in actions
    assert set(audit["entity_id"]) == {run.id} and set(audit["entity_type"]) == {"experiment_run"}
    assert isinstance(audit["changes"].iloc[0], dict)
    newest = client.audit_df(entity=run, descending=True, action="logBatch")
    assert list(newest["action"]) == ["logBatch"]


def test_collections(client: Client, logged: dict[str, object]) -> None:
    experiment = logged["experiment"]
    runs = experiment.expt_runs  # type: ignore[attr-defined]
    assert len(runs) == 3
    good = runs.find("metrics.acc >= 0.9")
    assert sorted(r.name for r in good) == ["b", "c"]
    ordered = runs.sort("metrics.acc", descending=True)
    assert [r.name for r in ordered] == ["b", "c", "a"]
    assert ordered[0].name == "b" and ordered[-1].name == "a"
    with pytest.raises(IndexError):
        ordered[5]
    assert [r.name for r in runs.top_k("metrics.acc", 2)] == ["b", "c"]
    assert [r.name for r in runs.bottom_k("metrics.acc", 1)] == ["a"]
    assert len(runs.top_k("metrics.acc", 0)) == 0
    assert sorted(r.name for r in runs.find("hyperparameters.opt == 'adam'", "metrics.acc < 0.93")) == ["c"]
    frame = runs.sort("metrics.acc", descending=True).as_dataframe()
    assert list(frame["name"]) == ["b", "c", "a"] and frame["metrics.acc"].dtype == "float64"
    assert len(client.proj.expt_runs) == 3  # type: ignore[union-attr]
    assert len(client.expt_runs.with_experiment(experiment)) == 3  # type: ignore[arg-type]
    assert [e.name for e in client.proj.experiments] == [experiment.name]  # type: ignore[union-attr, attr-defined]
    assert "3 runs" in repr(runs)
    with pytest.raises(ValueError, match="cannot be queried"):
        runs.find("bogus.x > 1")
    with pytest.raises(ValueError, match="<key> <op> <value>"):
        runs.find("metrics.acc")
