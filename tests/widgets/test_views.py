"""RunDetail and RunCompare on a real embedded store: every section, artifacts saved and linked through the
client, a deleted run shown inline (and recovered from), differences highlighted and filtered, HTML fallback."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from modeldb_jupyter.client import Client
from modeldb_jupyter.widgets import RunCompare, RunDetail
from tests.widgets.conftest import Sweep

CELL = {"execution_count": 3, "source": "model.fit(x, y)\nprint('done')", "duration_ms": 250, "outcome": "ok"}


def full_run(client: Client, uniq: str, tmp_path: Path) -> str:
    client.set_project(f"detail-{uniq}")
    client.set_experiment("e")
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.csv").write_text("x,y\n1,2\n")
    version = client.create_dataset(f"ds-{uniq}").create_version(data)
    with client.set_experiment_run("full", tags=["baseline"]) as run:
        run.log_hyperparameters({"lr": 0.01, "layers": [64, 32]})
        run.log_metric("acc", 0.5, step=0)
        run.log_metric("acc", 0.93, step=1)
        run.log_attribute("gpu", "A100")
        run.log_observation("note", "converged early")
        run.log_observation("cell", CELL)  # what the magics' cell log records
        run.log_artifact("weights.bin", b"\x00\x01weights")
        run.log_dataset_version("train", version)
        run.log_code(repo_url="https://example.org/repo.git", commit_hash="abc1234", is_dirty=False)
        return run.id


def test_detail_shows_every_section(client: Client, uniq: str, tmp_path: Path) -> None:
    run_id = full_run(client, uniq, tmp_path)
    view = RunDetail(run_id, client=client)
    assert view.error.message == ""
    assert view.title.value.startswith("<b>full</b>") and "finished" in view.title.value
    body = view.body.value
    for expected in (
        "<h4>Hyperparameters</h4>",
        "<td>lr</td><td>0.01</td>",
        "<td>layers</td><td>64, 32</td>",
        "<td>acc</td><td>0.93</td>",
        "<td>gpu</td><td>A100</td>",
        "<td>tags</td><td>baseline</td>",
        "<td>note</td><td>0</td>",
        "converged early",
        "<td>weights.bin</td>",
        f"<td>ds-{uniq}</td><td>v1</td>",
        "https://example.org/repo.git",
        "<td>abc1234</td>",
        "model.fit(x, y) ⏎ print(&#x27;done&#x27;)",
        "<h4>History</h4>",
        "create",
    ):
        assert expected in body, expected
    assert "<td>cell</td>" not in body  # the cell log has its own table, not the observations'
    assert view.artifact_picker.options == ("weights.bin",)
    bundle = view._repr_mimebundle_()
    assert "<h3>full</h3>" in bundle["text/html"] and "abc1234" in bundle["text/html"]


def test_detail_artifacts_save_and_link(client: Client, uniq: str, tmp_path: Path) -> None:
    view = RunDetail(full_run(client, uniq, tmp_path), client=client)
    view.save_path.value = str(tmp_path / "out" / "w.bin")
    view.save_button.click()
    assert (tmp_path / "out" / "w.bin").read_bytes() == b"\x00\x01weights"
    assert "saved weights.bin to" in view.artifact_status.value
    href = view.download_link()
    assert href is not None
    assert base64.b64decode(href.split(",", 1)[1]) == b"\x00\x01weights"
    assert 'download="weights.bin"' in view.artifact_status.value


def test_deleted_run_is_a_message_and_refresh_recovers(client: Client, sweep: Sweep) -> None:
    run = client.get_experiment_run(id=sweep.ids[0])
    view = RunDetail(run, client=client)
    assert view.error.message == ""
    run.delete()
    view.refresh_button.click()
    assert view.error.message.startswith("Not found:") and "Refresh" in view.error.message
    assert view.body.value == "" and view.detail is None
    assert "Not found" in view._repr_mimebundle_()["text/html"]
    other = RunDetail(sweep.ids[1], client=client)
    other.run_id = sweep.ids[1]
    other.refresh()
    assert other.error.message == "" and other.detail is not None


def test_compare_highlights_and_filters_differences(client: Client, sweep: Sweep) -> None:
    view = RunCompare([sweep.best, sweep.ids[-2], sweep.ids[0]], client=client)
    assert view.error.message == ""
    assert view.labels == ["run-011", "run-010", "run-000"]
    assert view.differing == ["tags", "metrics.acc", "metrics.loss", "hyperparameters.lr", "hyperparameters.optimizer"]
    table = view.table.value
    assert table.count('class="mdbw-diff"') == 5
    assert "<td>hyperparameters.layers</td><td>2</td><td>2</td><td>2</td>" in table  # same: shown, not marked
    view.only_differences.value = True
    assert "hyperparameters.layers" not in view.table.value
    assert view.table.value.count("<tr") == 6  # header + 5 differing rows
    assert "5 of 7 rows differ" in view._repr_mimebundle_()["text/html"]


def test_compare_bad_input_inline(client: Client, sweep: Sweep) -> None:
    alone = RunCompare([sweep.best], client=client)
    assert alone.error.message == "ValueError: compare 2 to 10 different runs, got 1. Press Refresh to try again."
    client.get_experiment_run(id=sweep.ids[0]).delete()
    partial = RunCompare(sweep.ids[:3], client=client)
    assert f"1 run(s) no longer exist: {sweep.ids[0]}" in partial.error.message
    assert partial.labels == ["run-001", "run-002"]  # the others are still compared
    json.dumps(partial.rows, default=str)
