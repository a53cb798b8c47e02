"""Logging on every backend: values round-trip, metric series and steps, call-site validation."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from modeldb_jupyter.client import Client, Experiment, InvalidArgumentError, MetricPoint, NotFoundError


def test_key_values_tags_and_observations_round_trip(client: Client, expt: Experiment) -> None:
    run = client.set_experiment_run("r")
    run.log_hyperparameter("lr", 0.01)
    run.log_hyperparameters({"layers": [64, 32], "opt": {"name": "adam", "beta": 0.9}}, batch=32)
    run.log_attribute("note", "first try")
    run.log_attributes({"flag": True, "none": None})
    run.log_tag("baseline")
    run.log_tags(["a", "b", "a"])
    run.log_observation("sample", "cat", epoch_num=3)
    run.log_observation("sample", "dog")
    assert run.get_hyperparameters() == {
        "lr": 0.01,
        "layers": [64, 32],
        "opt": {"name": "adam", "beta": 0.9},
        "batch": 32,
    }
    assert run.get_hyperparameter("batch") == 32 and isinstance(run.get_hyperparameter("batch"), int)
    assert run.get_attributes() == {"note": "first try", "flag": True, "none": None}
    assert run.get_attribute("note") == "first try"
    assert sorted(run.get_tags()) == ["a", "b", "baseline"]
    observations = run.get_observation("sample")
    assert [(v, e) for v, _, e in observations] == [("cat", 3), ("dog", 4)]
    assert all(isinstance(ts, int) and ts > 1_600_000_000_000 for _, ts, _ in observations)
    with pytest.raises(NotFoundError, match="no hyperparameter 'missing'"):
        run.get_hyperparameter("missing")


def test_last_write_wins(client: Client, expt: Experiment) -> None:
    run = client.set_experiment_run("r")
    run.log_hyperparameter("lr", 0.1)
    assert run.get_hyperparameter("lr") == 0.1
    run.log_hyperparameter("lr", 0.2, overwrite=True)
    run.log_hyperparameter("lr", 0.3)
    assert run.get_hyperparameter("lr") == 0.3


def test_metric_series_auto_steps(client: Client, expt: Experiment) -> None:
    run = client.set_experiment_run("r")
    for value in (0.9, 0.5, 0.25):
        run.log_metric("loss", value)
    run.log_metrics({"acc": 0.5, "loss": 0.2})
    history = run.get_metric_history("loss")
    assert [(p.step, p.value) for p in history] == [(0, 0.9), (1, 0.5), (2, 0.25), (3, 0.2)]
    assert all(isinstance(p, MetricPoint) for p in history)
    assert [(p.step, p.value) for p in run.get_metric_history("acc")] == [(0, 0.5)]
    assert run.get_metrics() == {"loss": 0.2, "acc": 0.5}
    assert run.get_metric_history("never") == []


def test_explicit_steps_latest_by_step_is_the_metric(client: Client, expt: Experiment) -> None:
    run = client.set_experiment_run("r")
    run.log_metric("loss", 0.3, step=10)
    run.log_metric("loss", 0.7, step=2)  # an earlier step, logged later: not the latest
    run.log_metric("loss", 0.1)  # no step: one more than the run's highest step (11), never a replacement
    history = run.get_metric_history("loss")
    assert [(p.step, p.value) for p in history] == [(2, 0.7), (10, 0.3), (11, 0.1)]
    assert run.get_metric("loss") == 0.1
    run.log_metric("loss", 0.05, step=11)  # a step the run has: replaced
    assert [(p.step, p.value) for p in run.get_metric_history("loss")] == [(2, 0.7), (10, 0.3), (11, 0.05)]
    assert run.get_metric("loss") == 0.05


def test_timestamps_and_numpy_values(client: Client, expt: Experiment) -> None:
    run = client.set_experiment_run("r")
    before = int(time.time() * 1000)
    run.log_metric("a", np.float32(0.5))
    run.log_metric("a", np.int64(2), step=np.int32(7))
    run.log_metric("a", np.array(1.5))
    run.log_metric("b", 3, timestamp=1_700_000_000.5)  # seconds, as time.time() gives
    run.log_hyperparameter("arr", np.arange(3))
    history = run.get_metric_history("a")
    assert [(p.step, p.value) for p in history] == [(0, 0.5), (7, 2.0), (8, 1.5)]
    assert all(p.timestamp >= before for p in history)
    assert run.get_metric_history("b")[0].timestamp == 1_700_000_000_500
    assert run.get_hyperparameter("arr") == [0, 1, 2]


def test_steps_are_per_run_and_shared_by_run_objects(client: Client, expt: Experiment) -> None:
    one = client.set_experiment_run("one")
    one.log_metric("m", 1.0)
    again = client.get_experiment_run(id=one.id)
    again.log_metric("m", 2.0)
    two = client.set_experiment_run("two")
    two.log_metric("m", 3.0)
    assert [p.step for p in one.get_metric_history("m")] == [0, 1]
    assert [p.step for p in two.get_metric_history("m")] == [0]


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda r: r.log_metric("", 1.0), InvalidArgumentError, "empty"),
        (lambda r: r.log_metric("k" * 251, 1.0), InvalidArgumentError, "251 characters"),
        (lambda r: r.log_metric("a\x00b", 1.0), InvalidArgumentError, "NUL"),
        (lambda r: r.log_metric(3, 1.0), TypeError, "string"),
        (lambda r: r.log_metric("m", math.nan), InvalidArgumentError, "finite"),
        (lambda r: r.log_metric("m", math.inf), InvalidArgumentError, "finite"),
        (lambda r: r.log_metric("m", "0.5"), TypeError, "real number"),
        (lambda r: r.log_metric("m", True), TypeError, "real number"),
        (lambda r: r.log_metric("m", None), TypeError, "real number"),
        (lambda r: r.log_metric("m", 1.0, step=1.5), TypeError, "integer"),
        (lambda r: r.log_metric("m", 1.0, step=2**64), InvalidArgumentError, "64 bits"),
        (lambda r: r.log_metric("m", 1.0, step=-1), InvalidArgumentError, "negative"),
        (lambda r: r.log_metric("m", 1.0, timestamp=-5), ValueError, "after 1970"),
        (lambda r: r.log_metric("m", 1.0, timestamp="yesterday"), ValueError, "ISO 8601"),
        (lambda r: r.log_metrics([1, 2]), TypeError, "dict"),
        (lambda r: r.log_metrics({"ok": 1.0, "bad": math.nan}), InvalidArgumentError, "finite"),
        (lambda r: r.log_hyperparameter("h", {"x": math.nan}), InvalidArgumentError, "NaN"),
        (lambda r: r.log_hyperparameter("h", object()), TypeError, "JSON-serialisable"),
        (lambda r: r.log_hyperparameter("h", "x" * 70_000), InvalidArgumentError, "65536 bytes"),
        (lambda r: r.log_attribute("", 1), InvalidArgumentError, "empty"),
        (lambda r: r.log_tag(""), InvalidArgumentError, "empty"),
        (lambda r: r.log_tag("t" * 251), InvalidArgumentError, "250"),
        (lambda r: r.log_tags(5), TypeError, "list of strings"),
        (lambda r: r.log_observation("o", {1, 2}), TypeError, "JSON"),
        (lambda r: r.log_attribute("a", "bad \ud800"), InvalidArgumentError, "surrogate"),
        (lambda r: r.log_metric("bad \ud800", 1.0), InvalidArgumentError, "surrogate"),
        (lambda r: r.log_observation("o", 1, epoch_num="x"), TypeError, "integer"),
    ],
)
def test_bad_input_raises_at_the_call_and_queues_nothing(
    client: Client, expt: Experiment, call: object, error: type[Exception], match: str
) -> None:
    run = client.set_experiment_run("r")
    client.flush(30)
    with pytest.raises(error, match=match):
        call(run)  # type: ignore[operator]
    assert client.pending == 0
    assert client.flush(30) is True
    assert run.get_metrics() == {} and run.get_hyperparameters() == {} and run.get_tags() == []
    assert client.errors == []


def test_self_referencing_value(client: Client, expt: Experiment) -> None:
    run = client.set_experiment_run("r")
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(InvalidArgumentError, match="refers to itself"):
        run.log_hyperparameter("loop", loop)


def test_many_points_in_several_batches(client: Client, expt: Experiment) -> None:
    run = client.set_experiment_run("r")
    for i in range(25_000):
        run.log_metric("x", float(i))
    assert client.flush(120) is True
    history = run.get_metric_history("x")
    assert len(history) == 25_000
    assert [p.step for p in history] == list(range(25_000))
    assert [p.value for p in history[:3]] == [0.0, 1.0, 2.0]
    assert run.get_metric("x") == 24_999.0
    assert client.pending == 0
