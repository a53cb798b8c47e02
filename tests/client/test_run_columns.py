"""runs_df over queryRunColumns (embedded, and servers on SQLite and PostgreSQL): every kind of logged value comes
back as logged, with frames' dtype rules, also when one key's values change type across pages."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from modeldb_jupyter.client import Client, Experiment
from modeldb_jupyter.client import run_columns as run_columns_module

BIG = 2**60


def test_edge_values(client: Client, expt: Experiment) -> None:
    logged = [
        ("a", {"int": 3, "float": 0.5, "flag": True, "s": "x", "mix": 1, "lst": [1, 2.5], "d": {"k": [1, 2.0]}}),
        ("b", {"int": BIG, "float": 2.0, "flag": False, "s": "ü", "mix": "one", "ünï": -1}),
        ("c", {"neg0": -0.0}),
    ]
    for name, hps in logged:
        run = client.set_experiment_run(name)
        run.log_hyperparameters(hps)
        run.log_metric("acc", 0.25)
        run.log_attribute("when", "now")
    frame = client.runs_df(experiment=expt, order_by="name")
    assert frame["hyperparameters.int"].dtype == "float64"  # 2**60 is beyond exact ints: float64, as before
    assert list(frame["hyperparameters.int"][:2]) == [3.0, float(BIG)] and math.isnan(frame["hyperparameters.int"][2])
    assert frame["hyperparameters.float"].dtype == "float64"
    assert frame["hyperparameters.flag"].dtype == "boolean"
    assert list(frame["hyperparameters.flag"][:2]) == [True, False] and frame["hyperparameters.flag"][2] is pd.NA
    assert pd.api.types.is_string_dtype(frame["hyperparameters.s"]) and list(frame["hyperparameters.s"][:2]) == [
        "x",
        "ü",
    ]
    assert frame["hyperparameters.mix"].dtype == object and list(frame["hyperparameters.mix"]) == [1, "one", None]
    assert type(frame["hyperparameters.mix"][0]) is int
    assert list(frame["hyperparameters.lst"]) == [[1, 2.5], None, None]
    assert frame["hyperparameters.d"][0] == {"k": [1, 2]} and type(frame["hyperparameters.d"][0]["k"][1]) is int
    assert frame["hyperparameters.ünï"].dtype == "Int64" and frame["hyperparameters.ünï"][1] == -1
    assert frame["hyperparameters.neg0"].dtype == "Int64" and frame["hyperparameters.neg0"][2] == 0
    assert frame["metrics.acc"].dtype == "float64" and list(frame["metrics.acc"]) == [0.25] * 3
    assert list(frame["attributes.when"]) == ["now"] * 3


def test_types_change_across_pages(client: Client, expt: Experiment, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of 2: a key with ints on one page and floats on the next is float64; ints then strings is object;
    a limit cuts within a page; columns keep their order."""
    monkeypatch.setattr(run_columns_module, "PAGE_SIZE", 2)
    values = [1, 2, 3.5, None, "s", 6]
    for i, value in enumerate(values):
        run = client.set_experiment_run(f"r{i}")
        run.log_metric("i", float(i))
        run.log_tag(f"t{i}")
        if value is not None:
            run.log_hyperparameter("v", value)
        if i < 4:
            run.log_hyperparameter("num", value if value is not None else 4)
        run.log_hyperparameter("last", i == 5)
    frame = client.runs_df(experiment=expt, order_by="metrics.i")
    assert list(frame["name"]) == [f"r{i}" for i in range(6)]
    assert list(frame["hyperparameters.v"]) == [1, 2, 3.5, None, "s", 6] and frame["hyperparameters.v"].dtype == object
    assert frame["hyperparameters.num"].dtype == "float64"
    num, last = frame["hyperparameters.num"], frame["hyperparameters.last"]
    assert list(num[:4]) == [1.0, 2.0, 3.5, 4.0] and num[4:].isna().all()
    assert last.dtype == "boolean" and list(last) == [False] * 5 + [True]
    assert list(frame["tags"]) == [[f"t{i}"] for i in range(6)]
    top = client.runs_df(experiment=expt, order_by="-metrics.i", limit=3, columns=["tags", "metrics.i", "name"])
    assert list(top.columns) == [*frame.columns[:8], "tags", "metrics.i"]
    assert list(top["metrics.i"]) == [5.0, 4.0, 3.0] and list(top["tags"]) == [["t5"], ["t4"], ["t3"]]
    ints = client.runs_df(experiment=expt, filter="metrics.i < 2", columns=["hyperparameters.v"])
    assert ints["hyperparameters.v"].dtype == "Int64" and sorted(ints["hyperparameters.v"]) == [1, 2]
