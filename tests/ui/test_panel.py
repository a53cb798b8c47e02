"""The ModelDB panel in a real JupyterLab, driven by headless Chromium: tree → runs table (sort, filter with an
inline error, columns) → run view (charts, code, datasets, audit) → comparison → datasets → live refresh →
the run of a notebook in the status bar and the command palette. Screenshots go to test-output/ui/."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.ui.conftest import shot
from tests.ui.lab import LabServer
from tests.ui.seed import DATASET, EMPTY_PROJECT, PROJECT, Seeded


def open_panel(page: Page) -> Locator:
    panel = page.locator("#modeldb-panel")
    tab = page.locator('.jp-SideBar.jp-mod-left li[data-id="modeldb-panel"]')
    if "lm-mod-current" not in (tab.get_attribute("class") or ""):  # the tab toggles: click only to open
        tab.click()
    expect(panel).to_be_visible()
    return panel


def runs_view(page: Page, title: str) -> Locator:
    view = page.locator(".mdb-RunsView").filter(has=page.locator(".mdb-Runs-title", has_text=title))
    expect(view).to_be_visible()
    return view


def wait_for_kernel(lab: LabServer, path: str, timeout: float = 60) -> str:
    """The id of the kernel Lab started for the notebook at `path`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for session in lab.jupyter("GET", "sessions"):
            if session["path"] == path and session.get("kernel"):
                return str(session["kernel"]["id"])
        time.sleep(0.5)
    raise AssertionError(f"no kernel was started for {path} within {timeout} s")


def row_names(view: Locator) -> list[str]:
    return [name or "" for name in view.locator(".mdb-Runs-row").evaluate_all("rows => rows.map(r => r.dataset.name)")]


def test_panel_tree_runs_filter_run_compare_datasets(page: Page, lab: LabServer, seeded: Seeded) -> None:
    panel = open_panel(page)

    # The tree shows the seeded projects with their counts: no data, no pass.
    project = panel.locator(f'.mdb-Tree-project[data-name="{PROJECT}"]')
    expect(project.locator(".mdb-Tree-count").first).to_have_text("2 exps · 5 runs")
    expect(panel.locator(f'.mdb-Tree-project[data-name="{EMPTY_PROJECT}"] .mdb-Tree-count')).to_have_text(
        "0 exps · 0 runs"
    )
    project.locator(".mdb-Tree-projectRow").click()
    baseline = project.locator('.mdb-Tree-experiment[data-name="baseline"]')
    expect(baseline.locator(".mdb-Tree-count")).to_have_text("3 runs")
    expect(project.locator('.mdb-Tree-experiment[data-name="tuning"] .mdb-Tree-count')).to_have_text("2 runs")
    shot(page, "01-panel-tree")

    # Experiment → runs table, newest first, with a column per metric and hyperparameter.
    baseline.locator(".mdb-Tree-row").click()
    view = runs_view(page, f"{PROJECT} / baseline")
    expect(view.locator(".mdb-Runs-row")).to_have_count(3)
    expect(view.locator(".mdb-Runs-summary")).to_have_text("3 runs")
    for column in ("metrics.acc", "metrics.loss", "hyperparameters.lr", "hyperparameters.optimizer", "status"):
        expect(view.locator(f'thead th[data-column="{column}"]')).to_be_visible()
    expect(view.locator('thead th[data-column="attributes.framework"]')).to_have_count(0)
    expect(view.locator('.mdb-Runs-row[data-name="lr-0.001"] .mdb-Status')).to_have_text("failed")
    expect(view.locator('.mdb-Runs-row[data-name="lr-0.01"] td[data-column="metrics.acc"]')).to_have_text("0.93")

    # Sort by accuracy (server side): best first, then flipped.
    view.locator('thead th[data-column="metrics.acc"]').click()
    expect(view.locator(".mdb-Runs-row").first).to_have_attribute("data-name", "lr-0.01")
    assert row_names(view) == ["lr-0.01", "lr-0.001", "lr-0.1"]
    view.locator('thead th[data-column="metrics.acc"]').click()
    expect(view.locator(".mdb-Runs-row").first).to_have_attribute("data-name", "lr-0.1")
    shot(page, "02-runs-table")

    # Filter in the query language; a syntax error is shown inline with its position.
    view.locator(".mdb-Filter-input").fill("metrics.acc > 0.85 and hyperparameters.optimizer == 'adam'")
    view.locator(".mdb-Filter-input").press("Enter")
    expect(view.locator(".mdb-Runs-row")).to_have_count(2)
    assert sorted(row_names(view)) == ["lr-0.001", "lr-0.01"]
    view.locator(".mdb-Filter-input").fill("metrics.acc >> 0.85")
    view.locator(".mdb-Filter-input").press("Enter")
    expect(view.locator(".mdb-QueryError-message")).to_contain_text("column 14")
    expect(view.locator(".mdb-QueryError-caret")).to_have_text(re.compile(r"\^$"))
    shot(page, "03-filter-error")
    view.locator(".mdb-Filter-input").fill("tags contains 'best' or metrics.acc < 0.85")
    view.locator(".mdb-Filter-input").press("Enter")
    expect(view.locator(".mdb-QueryError-message")).to_have_count(0)
    expect(view.locator(".mdb-Runs-row")).to_have_count(2)
    assert sorted(row_names(view)) == ["lr-0.01", "lr-0.1"]

    # Column chooser: hide tags, show an attribute.
    view.locator(".mdb-Runs-columns").click()
    view.locator('.mdb-ColumnChooser input[data-column="tags"]').uncheck()
    view.locator('.mdb-ColumnChooser input[data-column="attributes.framework"]').check()
    expect(view.locator('thead th[data-column="tags"]')).to_have_count(0)
    expect(view.locator('thead th[data-column="attributes.framework"]')).to_be_visible()
    shot(page, "04-column-chooser")
    view.locator(".mdb-Runs-columns").click()

    # Compare the two filtered runs: differing values highlighted, metric series overlaid.
    for name in ("lr-0.01", "lr-0.1"):
        view.locator(f'.mdb-Runs-row[data-name="{name}"] .mdb-Runs-check').check()
    expect(view.locator(".mdb-Runs-compare")).to_have_text("Compare (2)")
    view.locator(".mdb-Runs-compare").click()
    compare = page.locator(".mdb-CompareView")
    expect(compare.locator('.mdb-Compare-row[data-key="hyperparameters.lr"]')).to_have_class(
        re.compile("mdb-mod-differs")
    )
    expect(compare.locator('.mdb-Compare-row[data-key="hyperparameters.batch"]')).not_to_have_class(
        re.compile("mdb-mod-differs")
    )
    acc_chart = compare.locator('.mdb-Chart[data-chart="acc"]')
    expect(acc_chart.locator(".mdb-Chart-series")).to_have_count(2)
    shot(page, "05-compare")
    compare.locator(".mdb-Compare-onlyDiffs").check()
    expect(compare.locator('.mdb-Compare-row[data-key="hyperparameters.batch"]')).to_have_count(0)

    # A run: summary, hyperparameters, metric history chart, observations, code, datasets, comments, audit.
    compare.locator(f'th[data-run-id="{seeded.run_ids["lr-0.01"]}"] a').click()
    run = page.locator(f'.mdb-RunView[data-run-id="{seeded.run_ids["lr-0.01"]}"]')
    expect(run.locator(".mdb-RunView-title")).to_have_text("lr-0.01")
    expect(run.locator(".mdb-Run-summary .mdb-Status")).to_have_text("finished")
    expect(run.locator(".mdb-Run-hyperparameters")).to_contain_text("optimizer")
    expect(run.locator('.mdb-Run-metricCharts .mdb-Chart[data-chart="acc"] .mdb-Chart-dot')).to_have_count(5)
    expect(run.locator('.mdb-Chart[data-chart="val_loss"]')).to_be_visible()
    expect(run.locator(".mdb-Run-code")).to_contain_text("3f2c1a9")
    expect(run.locator(".mdb-Run-code")).to_contain_text("train.ipynb")
    expect(run.locator(".mdb-Run-datasets")).to_contain_text(seeded.dataset_version_id)
    expect(run.locator(".mdb-Comments")).to_contain_text("best so far")
    expect(run.locator(".mdb-Run-audit")).to_contain_text("createExperimentRun")
    expect(run.locator(".mdb-Run-audit")).to_contain_text("logBatch")
    cell_log = run.locator(".mdb-Run-cellLog")
    cell_log.locator("summary").click()
    expect(cell_log.locator("tbody tr")).to_have_count(2)
    expect(cell_log.locator("tbody tr.mdb-mod-failed")).to_contain_text("NameError: name 'x' is not defined")
    expect(cell_log).to_contain_text("y was not defined by this run")
    cell_log.scroll_into_view_if_needed()
    shot(page, "06b-run-code-and-cell-log")
    run.locator(".mdb-Comment-input").fill("checked in the browser test")
    run.locator(".mdb-Comment-form button").click()
    expect(run.locator(".mdb-Comments")).to_contain_text("checked in the browser test")
    shot(page, "06-run-view")

    # Datasets → versions → the runs that used the version.
    panel = open_panel(page)
    panel.locator(".mdb-Panel-datasets").click()
    datasets = page.locator(".mdb-DatasetsView")
    datasets.locator(f'.mdb-Dataset:has-text("{DATASET}")').click()
    version = datasets.locator(f'.mdb-DatasetVersion[data-version-id="{seeded.dataset_version_id}"]')
    expect(version).to_contain_text("1 file")
    version.click()
    expect(datasets.locator(".mdb-DatasetRun")).to_have_count(1)
    expect(datasets.locator(".mdb-DatasetRun")).to_contain_text("lr-0.01")
    shot(page, "07-datasets")


def test_live_refresh_while_a_run_is_running(page: Page, lab: LabServer, seeded: Seeded) -> None:
    panel = open_panel(page)
    project = panel.locator(f'.mdb-Tree-project[data-name="{PROJECT}"]')
    project.locator(".mdb-Tree-projectRow").click()
    project.locator('.mdb-Tree-experiment[data-name="tuning"] .mdb-Tree-row').click()
    view = runs_view(page, f"{PROJECT} / tuning")
    sweep = view.locator('.mdb-Runs-row[data-name="sweep-1"]')
    expect(sweep.locator(".mdb-Status")).to_have_text("running")
    expect(view.locator(".mdb-Live")).to_be_visible()

    # The run finishes elsewhere (a notebook): the table follows without a click, then stops polling.
    run_id = seeded.run_ids["sweep-1"]
    lab.api(
        "ext/logBatch",
        {"run_id": run_id, "idempotency_key": "live-1", "metric_points": [{"key": "acc", "step": 3, "value": 0.77}]},
    )
    lab.api("ext/setRunStatus", {"run_id": run_id, "status": "FINISHED"})
    expect(sweep.locator(".mdb-Status")).to_have_text("finished", timeout=15_000)
    expect(sweep.locator('td[data-column="metrics.acc"]')).to_have_text("0.77")
    expect(view.locator(".mdb-Live")).to_be_hidden()
    shot(page, "08-live-refresh")


def test_status_bar_and_command_show_the_notebook_run(page: Page, lab: LabServer, seeded: Seeded) -> None:
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook = {"cells": [], "metadata": {"kernelspec": kernelspec}, "nbformat": 4, "nbformat_minor": 5}
    lab.jupyter("PUT", "contents/train.ipynb", {"type": "notebook", "format": "json", "content": notebook})
    page.goto(lab.page_url("notebook", "train.ipynb"))
    page.wait_for_selector("#jupyterlab-splash", state="detached", timeout=90_000)
    status = page.locator(".mdb-StatusItem")
    expect(status).to_have_text("ModelDB: no active run", timeout=60_000)

    # What the client does in a kernel: a run carrying the kernel id, RUNNING.
    kernel_id = wait_for_kernel(lab, "train.ipynb")
    run = lab.api(
        "experiment-run/createExperimentRun",
        {
            "project_id": seeded.project_id,
            "experiment_id": seeded.experiment_ids["tuning"],
            "name": "from-notebook",
            "attributes": [
                {"key": "jupyter.kernel_id", "value": kernel_id},
                {"key": "jupyter.notebook_path", "value": "train.ipynb"},
            ],
        },
    )["experiment_run"]
    lab.api("ext/setRunStatus", {"run_id": run["id"], "status": "RUNNING"})
    expect(status).to_have_text("ModelDB ● from-notebook", timeout=20_000)
    shot(page, "09-status-bar")

    page.keyboard.press("Control+Shift+C")
    palette = page.locator("#command-palette")
    palette.locator("input").fill("ModelDB: open run of this notebook")
    palette.locator(".lm-CommandPalette-item", has_text="ModelDB: open run of this notebook").click()
    view = page.locator(f'.mdb-RunView[data-run-id="{run["id"]}"]')
    expect(view.locator(".mdb-RunView-title")).to_have_text("from-notebook")
    expect(view.locator(".mdb-Run-code")).to_contain_text(kernel_id)
    shot(page, "10-notebook-run")


# As the %modeldb magics attach it (artifact "notebook.ipynb"): outputs summarised in metadata, not stored.
NOTEBOOK_SNAPSHOT = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Training"]},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {
                "modeldb": {"outcome": "ok", "outputs": [{"output_type": "stream", "name": "stdout", "bytes": 18}]}
            },
            "outputs": [],
            "source": ["model.fit(x, y, lr=0.1)"],
        },
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def upload_artifact(lab: LabServer, run_id: str, key: str, filename: str, data: bytes) -> bool:
    """Log an artifact and PUT its bytes the way ModelDB's client does; False when the byte endpoint is absent."""
    lab.api(
        "experiment-run/logArtifact",
        {"id": run_id, "artifact": {"key": key, "path": f"seed/{filename}", "artifact_type": "BLOB"}},
    )
    url = lab.api("experiment-run/getUrlForArtifact", {"id": run_id, "key": key, "method": "PUT"})["url"]
    response = lab.session.put(url, data=data, timeout=30)
    if response.status_code == 404:
        return False
    assert response.status_code == 200, f"PUT {url}: {response.status_code} {response.text[:300]}"
    return True


def test_artifacts_download_and_notebook_snapshot_preview(page: Page, lab: LabServer, seeded: Seeded) -> None:
    run_id = seeded.run_ids["lr-0.1"]
    model_bytes = b"\x80\x04fake model bytes"
    uploads = [
        ("notebook.ipynb", "notebook.ipynb", json.dumps(NOTEBOOK_SNAPSHOT).encode()),
        ("model", "model.pkl", model_bytes),
    ]
    if not all(upload_artifact(lab, run_id, *upload) for upload in uploads):
        pytest.skip("the artifact byte endpoints (storeArtifact/getArtifact) are not mounted in the Jupyter server yet")

    panel = open_panel(page)
    project = panel.locator(f'.mdb-Tree-project[data-name="{PROJECT}"]')
    project.locator(".mdb-Tree-projectRow").click()
    project.locator('.mdb-Tree-experiment[data-name="baseline"] .mdb-Tree-row').click()
    runs_view(page, f"{PROJECT} / baseline").locator('.mdb-Runs-row[data-name="lr-0.1"] .mdb-Runs-open').click()
    run = page.locator(f'.mdb-RunView[data-run-id="{run_id}"]')

    preview = run.locator('details.mdb-Preview[data-artifact="notebook.ipynb"]')
    preview.locator("summary").click()
    expect(preview.locator(".mdb-Notebook-cell")).to_have_count(2)
    expect(preview).to_contain_text("model.fit(x, y, lr=0.1)")
    expect(preview).to_contain_text("outputs (not stored): stream stdout, 18 B")
    shot(page, "11-notebook-snapshot")

    with page.expect_download() as download:
        run.locator('.mdb-Run-artifacts tr[data-artifact="model"] .mdb-Artifact-download').click()
    assert download.value.suggested_filename == "model.pkl"
    assert Path(download.value.path()).read_bytes() == model_bytes


def test_a_long_series_is_drawn_downsampled_with_its_spikes(page: Page, lab: LabServer) -> None:
    """The run view draws a 20,000-point series through downsampleMetricHistory: a few points per pixel column,
    and the line still reaches both spikes of the series."""
    points_count, plot_height = 20_000, 220 - 12 - 30  # the chart's height minus its margins (ui/chart.ts)
    project = lab.api("project/createProject", {"name": "long-series"})["project"]
    experiment = lab.api("experiment/createExperiment", {"project_id": project["id"], "name": "e"})["experiment"]
    run = lab.api(
        "experiment-run/createExperimentRun",
        {"project_id": project["id"], "experiment_id": experiment["id"], "name": "long"},
    )["experiment_run"]
    values = {step: 1.0 + (step % 7) / 10 for step in range(points_count)}
    values[12_345], values[4_321] = 1234.5, -77.0  # a mean per pixel column would hide both
    points = [{"key": "loss", "step": step, "value": value} for step, value in values.items()]
    lab.api("ext/logBatch", {"run_id": run["id"], "idempotency_key": "long", "metric_points": points})

    panel = open_panel(page)
    tree = panel.locator('.mdb-Tree-project[data-name="long-series"]')
    tree.locator(".mdb-Tree-projectRow").click()
    tree.locator('.mdb-Tree-experiment[data-name="e"] .mdb-Tree-row').click()
    runs_view(page, "e").locator('.mdb-Runs-row[data-name="long"] .mdb-Runs-open').click()
    chart = page.locator(f'.mdb-RunView[data-run-id="{run["id"]}"] .mdb-Chart[data-chart="loss"]')
    expect(chart).to_be_visible()

    path = chart.locator(".mdb-Chart-line").get_attribute("d") or ""
    ys = [float(y) for y in re.findall(r"[ML][-\d.]+,([-\d.]+)", path)]
    assert 400 < len(ys) <= 4 * 400  # 400 buckets of up to four points, not 20,000 points
    # The y axis is the values' range padded by 5% each side, so a line reaching both spikes spans 1/1.1 of it.
    assert abs((max(ys) - min(ys)) / plot_height - 1 / 1.1) < 0.01
    assert chart.locator(".mdb-Chart-dot").count() == 0  # too many points for dots
