"""examples/widgets.ipynb executed by nbclient on a real kernel (embedded store in a temporary $MODELDB_HOME),
with the widget state saved as Jupyter saves it: the models of every view must be in it, with their data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from tests.ui.lab import REPO

EXAMPLE = REPO / "examples" / "widgets.ipynb"
STATE_MIME = "application/vnd.jupyter.widget-state+json"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def models(nb: Any) -> dict[str, dict[str, Any]]:
    return {k: v["state"] for k, v in nb.metadata["widgets"][STATE_MIME]["state"].items()}


def html_values(state: dict[str, dict[str, Any]]) -> list[str]:
    return [s.get("value", "") for s in state.values() if s.get("_model_name") == "HTMLModel"]


def test_example_notebook_saves_every_view(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("MODELDB_URL", "MODELDB_TOKEN", "MODELDB_DB_URL", "MODELDB_ARTIFACT_ROOT", "JPY_SESSION_NAME"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MODELDB_HOME", str(tmp_path / "home"))
    nb = nbformat.read(EXAMPLE, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}, store_widget_state=True
    ).execute()

    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    assert nb.cells[-1].outputs[-1]["data"]["text/plain"] == "False"  # the chart stopped following by itself
    views = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if VIEW_MIME in o.get("data", {})]
    assert len(views) == 4
    assert all("text/html" in o["data"] for o in views)  # the fallback travels with every view

    state = models(nb)
    for view in views:
        assert view["data"][VIEW_MIME]["model_id"] in state
    (table,) = [s for s in state.values() if s.get("_anywidget_id") == "modeldb_jupyter.widgets.table.RunTable"]
    assert table["total"] == 36 and len(table["rows"]) == 25 and table["sort"] == "-metrics.acc"
    accs = [row["metrics.acc"] for row in table["rows"]]
    assert accs == sorted(accs, reverse=True)
    assert "export default" in table["_esm"]

    htmls = html_values(state)
    detail = next(h for h in htmls if "<h4>Hyperparameters</h4>" in h)
    assert "<h4>Metrics</h4>" in detail and "<td>optimizer</td>" in detail and "<h4>History</h4>" in detail
    for logged in ("model.json", "final_acc", "train"):  # the artifact, the observation, the dataset version
        assert f"<td>{logged}</td>" in detail, logged
    compare = next(h for h in htmls if "rows differ" in h)
    assert 'class="mdbw-diff"' in compare and "metrics.acc" in compare and "hyperparameters.lr" in compare
    chart = next(h for h in htmls if 'data-key="loss"' in h)
    lines = re.findall(r'<polyline[^>]*points="([^"]*)"', chart)
    assert len(lines) == 2 and all(len(points.split()) == 60 for points in lines)  # every logged step arrived
    assert "live: following" not in chart
    # The chart's output was updated in place through its display id: its HTML fallback has every step too.
    (fallback,) = [o["data"]["text/html"] for o in views if 'data-key="loss"' in o["data"]["text/html"]]
    lines = re.findall(r'<polyline[^>]*points="([^"]*)"', fallback)
    assert len(lines) == 2 and all(len(points.split()) == 60 for points in lines)
