"""RunBrowser on a real embedded store: server-side paging and sorting, the filter and its inline errors,
pickers, the column chooser, selection and the buttons that open the other views."""

from __future__ import annotations

from pathlib import Path

import pytest

from modeldb_jupyter.client import Client
from modeldb_jupyter.client import client as client_module
from modeldb_jupyter.widgets import MetricChart, RunBrowser, RunCompare, RunDetail
from tests.client.conftest import ServeProcess
from tests.widgets.conftest import Sweep, make_sweep


def names(browser: RunBrowser) -> list[str]:
    return [row["name"] for row in browser.table.rows]


def test_pages_and_sorts_in_the_backend(client: Client, uniq: str) -> None:
    sweep = make_sweep(client, f"paging-{uniq}", runs=45, steps=2)
    browser = RunBrowser(project=sweep.project, page_size=10, client=client)
    assert browser.error.message == ""
    assert browser.table.total == 45
    assert len(browser.table.rows) == 10  # one page travels, not the 45 runs
    assert names(browser) == [f"run-{i:03d}" for i in range(44, 34, -1)]  # newest first by default

    browser.table.sort = "-metrics.acc"  # what clicking the header twice does in the page
    assert names(browser)[:3] == ["run-044", "run-043", "run-042"]
    assert browser.table.rows[0]["metrics.acc"] == pytest.approx(44 / 46)
    browser.table.sort = "hyperparameters.lr"
    assert names(browser)[:2] == ["run-000", "run-001"]

    browser.table.page = 5  # the pager's "next" four times
    assert names(browser) == [f"run-{i:03d}" for i in range(40, 45)]
    browser.table.sort = "-hyperparameters.lr"  # a new order starts at page 1 again
    assert browser.table.page == 1
    assert names(browser)[0] == "run-044"


def test_filter_errors_inline_and_recovers(client: Client, sweep: Sweep) -> None:
    browser = RunBrowser(project=sweep.project, client=client)
    browser.filter_box.value = "metrics.acc >"  # typed in the box, then Enter
    assert browser.error.message.startswith("Filter error: query syntax error at column 14")
    assert browser.table.rows == [] and browser.table.total == 0  # no stale rows under an error
    assert browser.error.layout.display != "none"

    browser.filter_box.value = "metrics.acc > 0.5 and tags contains 'odd'"
    assert browser.error.message == ""
    assert browser.error.layout.display == "none"
    expected = {f"run-{i:03d}" for i in range(12) if i / 13 > 0.5 and i % 2}
    assert set(names(browser)) == expected and browser.table.total == len(expected)

    browser.filter = "nosuchfield.x == 1"  # a semantic error, also inline
    assert "nosuchfield" in browser.error.message
    browser.filter = ""
    assert browser.table.total == 12


def test_pickers_scope_the_table(client: Client, uniq: str) -> None:
    first = make_sweep(client, f"pick-{uniq}", runs=3, steps=1, experiment="a")
    make_sweep(client, f"pick-{uniq}", runs=2, steps=1, experiment="b")
    browser = RunBrowser(project=first.project, client=client)
    assert browser.table.total == 5
    assert [label for label, _ in browser.experiment_picker.options] == ["(all experiments)", "a", "b"]
    browser.experiment_picker.label = "b"
    assert browser.table.total == 2
    assert {row["experiment"] for row in browser.table.rows} == {"b"}
    browser.project_picker.value = ""  # all projects
    assert browser.table.total >= 5
    assert browser.experiment_picker.value == ""

    unknown = RunBrowser(project=f"nope-{uniq}", client=client)
    assert f"no project named 'nope-{uniq}'" in unknown.error.message
    unknown.refresh()  # recovers: all projects
    assert unknown.error.message == "" and unknown.table.total >= 5


def test_column_chooser(client: Client, sweep: Sweep) -> None:
    browser = RunBrowser(project=sweep.project, client=client)
    options = list(browser.column_chooser.options)
    values = [value for _, value in options]
    assert values == [
        "hyperparameters.layers",
        "hyperparameters.lr",
        "hyperparameters.optimizer",
        "metrics.acc",
        "metrics.loss",
        "tags",
    ]
    assert browser.columns == values[3:5] + values[:3]  # before any choice: metrics, then hyperparameters
    browser.column_chooser.value = ("hyperparameters.optimizer", "tags")
    ids = [c["id"] for c in browser.table.columns]
    assert ids[-2:] == ["hyperparameters.optimizer", "tags"] and "metrics.acc" not in ids
    row = browser.table.rows[0]
    assert row["name"] == "run-011" and row["hyperparameters.optimizer"] == "adam"
    assert row["tags"] == ["odd"]
    assert "metrics.acc" not in row  # what is not shown is not fetched


def test_selection_opens_views(client: Client, sweep: Sweep) -> None:
    browser = RunBrowser(project=sweep.project, client=client)
    browser.compare_button.click()
    assert "Select 2 to 10 runs" in browser.error.message and browser.views.children == ()

    browser.selected = [sweep.best, sweep.ids[-2]]  # two ticks in the table
    browser.compare_button.click()
    (compare,) = browser.views.children
    assert isinstance(compare, RunCompare) and compare.labels == ["run-011", "run-010"]
    assert browser.error.message == ""

    browser.detail_button.click()
    assert [type(v) for v in browser.views.children] == [RunDetail, RunDetail]

    browser.chart_button.click()
    (chart,) = browser.views.children
    assert isinstance(chart, MetricChart) and chart.plot.value.count("<polyline") == 4  # 2 runs x 2 keys

    browser.selected = sweep.ids[:11]
    browser.compare_button.click()
    assert "11 selected" in browser.error.message
    browser.clear_button.click()
    assert browser.selected == []


def test_html_fallback(client: Client, sweep: Sweep) -> None:
    browser = RunBrowser(project=sweep.project, filter="tags contains 'even'", client=client)
    bundle = browser._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    page = bundle["text/html"]
    assert "runs 1-6 of 6" in page and "filter: tags contains &#x27;even&#x27;" in page
    assert page.count("<tr>") == 7 and "run-010" in page and "run-011" not in page


def test_backend_gone_is_a_message_and_refresh_recovers(
    tmp_path: Path, home: Path, uniq: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fewer retries than the client's default ~8 s of backoff, so the outage shows quickly.
    monkeypatch.setattr(client_module, "RETRY_DELAYS", (0.05,))
    server = ServeProcess(tmp_path / "server")
    server.directory.mkdir()
    server.start()
    client = Client(server.url)
    try:
        make_sweep(client, f"gone-{uniq}", runs=3, steps=1)
        browser = RunBrowser(project=f"gone-{uniq}", client=client)
        assert browser.table.total == 3
        chart = MetricChart(browser.table.rows[0]["id"], client=client)
        server.kill()
        browser.refresh_button.click()
        assert browser.error.message.startswith("The ModelDB backend is not answering")
        assert browser.table.rows == []
        assert not chart.refresh() and "not answering" in chart.error.message
        server.start()
        browser.refresh_button.click()
        assert browser.error.message == "" and browser.table.total == 3
        assert chart.refresh() and chart.plot.value.count("<polyline") == 2
    finally:
        client.close(timeout=5)
        server.stop()
