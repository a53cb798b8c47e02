"""`%modeldb browse`, `%modeldb show --widget` and `%modeldb compare --widget` on a real shell and store."""

from __future__ import annotations

import pytest

from modeldb_jupyter.widgets import RunBrowser, RunCompare, RunDetail
from tests.magics.conftest import TestingShell
from tests.magics.test_commands import usage_error


def two_runs(ip: TestingShell) -> None:
    ip.ok("%modeldb experiment tuning")
    for name, acc, lr in (("slow", 0.5, 0.1), ("fast", 0.9, 0.01)):
        ip.ok(f"%modeldb run {name}")
        ip.ok(f"%modeldb log metric acc={acc}")
        ip.ok(f"%modeldb log hyperparameters lr={lr} layers=2")
        ip.ok("%modeldb end")


def test_browse_opens_the_current_experiment(ip: TestingShell, uniq: str) -> None:
    two_runs(ip)
    browser = ip.ok("%modeldb browse --order-by -metrics.acc --page-size 5")
    assert isinstance(browser, RunBrowser)
    assert browser.project_picker.label == f"p-{uniq}" and browser.experiment_picker.label == "tuning"
    assert [row["name"] for row in browser.table.rows] == ["fast", "slow"]
    assert browser.table.page_size == 5 and browser.client is ip.magics.session.client

    filtered = ip.ok("%modeldb browse --filter metrics.acc < 0.6")
    assert [row["name"] for row in filtered.table.rows] == ["slow"]
    broken = ip.ok("%modeldb browse --filter metrics.acc <")  # a bad filter is shown in the widget
    assert broken.error.message.startswith("Filter error:")


def test_show_and_compare_widgets(ip: TestingShell) -> None:
    two_runs(ip)
    detail = ip.ok("%modeldb show fast --widget")
    assert isinstance(detail, RunDetail) and detail.detail is not None
    assert detail.detail["metrics"] == {"acc": 0.9}
    compare = ip.ok("%modeldb compare slow fast --widget --diff")
    assert isinstance(compare, RunCompare) and compare.only_differences.value
    assert compare.labels == ["slow", "fast"]
    assert compare.differing[:2] == ["metrics.acc", "hyperparameters.lr"]  # then the cell-log attributes
    assert "hyperparameters.layers" not in compare.differing


def test_browse_refuses_bad_options(ip: TestingShell, capsys: pytest.CaptureFixture[str]) -> None:
    assert "--page-size must be 1 or more" in usage_error(ip, capsys, "browse --page-size 0")
