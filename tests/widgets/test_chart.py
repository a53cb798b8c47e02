"""MetricChart on a real embedded store: polylines per run and key, smoothing and log scale, live updates
while a loop logs in the same process (throttled, never blocking the loop), errors inline."""

from __future__ import annotations

import re
import time

import pytest

from modeldb_jupyter.client import Client
from modeldb_jupyter.widgets import MetricChart
from modeldb_jupyter.widgets.svg import smooth
from tests.widgets.conftest import Sweep


def points(chart: MetricChart, run: str, key: str) -> list[tuple[float, float]]:
    svg = next(s for s in chart.plot.value.split("<svg")[1:] if f'data-key="{key}"' in s)
    line = re.search(rf'data-run="{re.escape(run)}" points="([^"]*)"', svg)
    assert line is not None, f"no line for {run} in {key}"
    return [tuple(map(float, p.split(","))) for p in line.group(1).split()]  # type: ignore[misc]


def test_series_smoothing_and_log_scale(client: Client, sweep: Sweep) -> None:
    chart = MetricChart(sweep.ids[-3:], client=client)
    assert chart.error.message == "" and not chart.live  # finished runs: nothing to follow
    assert chart.key_picker.value == ("acc", "loss")
    assert chart.plot.value.count("<polyline") == 6
    assert chart.plot.value.count("<svg") == 2 and "run-011" in chart.plot.value
    raw = points(chart, "run-011", "loss")
    assert len(raw) == 5

    chart.smoothing.value = 0.9
    smoothed = points(chart, "run-011", "loss")
    assert [x for x, _ in smoothed] == [x for x, _ in raw] and smoothed != raw

    chart.log_scale.value = True
    assert "(log scale)" in chart.plot.value
    chart.key_picker.value = ("loss",)
    assert chart.plot.value.count("<svg") == 1 and chart.plot.value.count("<polyline") == 3
    assert "(log scale)" in chart._repr_mimebundle_()["text/html"]


def test_smoothing_math() -> None:
    assert smooth([1.0, 1.0, 1.0], 0.9) == pytest.approx([1.0, 1.0, 1.0])
    assert smooth([0.0, 10.0], 0.5) == pytest.approx([0.0, 10 * 0.5 / 0.75])
    assert smooth([1.0, 2.0], 0.0) == [1.0, 2.0]


def test_live_updates_while_the_loop_logs(client: Client, uniq: str) -> None:
    client.set_project(f"live-{uniq}")
    client.set_experiment("e")
    run = client.set_experiment_run("training")
    chart = MetricChart(run, ["loss"], client=client)
    assert chart.live and "no points yet" in chart.plot.value
    started = time.monotonic()
    slowest = 0.0
    for step in range(30):
        before = time.perf_counter()
        run.log_metric("loss", 1 / (step + 1), step=step)
        slowest = max(slowest, time.perf_counter() - before)
        time.sleep(0.05)
    # Points appear without any refresh call, at the pace of the throttle.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and len(chart.series.get((run.id, "loss"), ([], []))[0]) < 30:
        time.sleep(0.1)
    assert len(points(chart, "training", "loss")) == 30
    elapsed = time.monotonic() - started
    assert chart.fetches <= elapsed / 0.5 + 2  # at most one read per 0.5 s (plus the first one)
    assert slowest < 0.05  # logging never waited for the chart
    assert "live: following training" in chart.plot.value

    run.end()
    assert chart.wait(timeout=5)  # the run ended: one last read, then the thread stops by itself
    assert not chart.live
    assert "live: following" not in chart.plot.value


def test_errors_inline(client: Client, sweep: Sweep) -> None:
    client.get_experiment_run(id=sweep.ids[0]).delete()
    chart = MetricChart(sweep.ids[:2], client=client)
    assert f"run(s) {sweep.ids[0]} no longer exist" in chart.error.message
    assert chart.plot.value.count("<polyline") == 2  # the remaining run, both keys
    chart.run_ids = sweep.ids[1:3]
    assert chart.refresh() and chart.error.message == ""


def test_a_long_series_is_drawn_downsampled_with_its_spikes(client: Client, uniq: str) -> None:
    client.set_project(f"long-{uniq}")
    client.set_experiment("e")
    run = client.set_experiment_run("long")
    for step in range(20_000):
        run.log_metric("loss", 1.0 + (step % 7) / 10, step=step)
    run.log_metric("loss", 1234.5, step=12_345)  # one spike up, one down: a mean per pixel would hide both
    run.log_metric("loss", -77.0, step=4_321)
    run.end()
    chart = MetricChart(run, ["loss"], client=client)
    drawn = points(chart, "long", "loss")
    assert 492 < len(drawn) <= 4 * 492  # one bucket per pixel column, at most four points each
    top, bottom = min(y for _, y in drawn), max(y for _, y in drawn)
    assert '">1234</text>' in chart.plot.value and '">-77</text>' in chart.plot.value  # the axis spans both spikes
    assert (top, bottom) == (22.0, 22.0 + 220 - 22 - 26)  # and the line reaches them
    steps, values = chart.series[(run.id, "loss")]
    assert 1234.5 in values and -77.0 in values and steps[0] == 0 and steps[-1] == 19_999
