"""What examples/magics.ipynb must leave in the store, wherever its kernel ran (plain kernel or Jupyter server)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

from modeldb_jupyter.client import Client
from tests.magics.conftest import records

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE = EXAMPLES / "magics.ipynb"


def cell_output(cell: nbformat.NotebookNode) -> str:
    """What a code cell showed: its streams, results and errors, in order."""
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(output.data.get("text/plain", ""))
        elif output.output_type == "error":
            parts.append(f"{output.ename}: {output.evalue}")
    return "".join(parts)


def run_example(name: str, tmp_path: Path) -> dict[str, str]:
    """examples/`name` copied into `tmp_path` and run there by a python3 kernel: each code cell's output by the
    cell's first line."""
    path = tmp_path / name
    shutil.copy(EXAMPLES / name, path)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    return {c.source.splitlines()[0]: cell_output(c) for c in nb.cells if c.cell_type == "code"}


def text(cell: Any, name: str) -> str:
    """A cell's stream output by stream name."""
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream" and o.name == name)


def check_outputs(nb: Any, rerun: int, first_output: str, load_message: str) -> None:
    """The warnings and errors the notebook's cells showed."""
    cells = {c.source.splitlines()[0]: c for c in nb.cells if c.cell_type == "code"}
    assert text(cells["%load_ext modeldb_jupyter"], "stdout").startswith(load_message)
    assert first_output == ""
    assert "modeldb: out-of-order execution: this cell ran before" in text(nb.cells[rerun], "stderr")
    hidden = text(cells["def train(lr, epochs, log):"], "stderr")
    assert hidden.startswith("modeldb: hidden state: this cell reads 'X', 'd', 'n', 'y', which no recorded cell")
    ambitious = cells["%%modeldb run ambitious --params lr"]
    assert [o.ename for o in ambitious.outputs if o.output_type == "error"] == ["RuntimeError"]


def check_store(client: Client, path: Path) -> None:
    frame = client.runs_df(project="magics-demo", columns=["hyperparameters", "metrics", "tags"])
    status = dict(zip(frame["name"], frame["status"], strict=True))
    assert status == {"baseline": "finished", "tuned": "finished", "ambitious": "failed", "exploration": "finished"}
    client.set_project("magics-demo")
    client.set_experiment("logistic-regression")

    baseline = client.get_experiment_run("baseline")
    assert baseline.get_hyperparameters() == {"lr": 0.5, "epochs": 20}
    assert baseline.get_tags() == ["baseline"]
    assert [p.step for p in baseline.get_metric_history("loss")] == list(range(20))
    assert 0.5 < baseline.get_metric("acc") <= 1
    log = records(baseline)
    assert [c["source"].splitlines()[0] for c in log] == [
        "%modeldb run baseline --tag baseline",
        "lr, epochs = 0.5, 20",
        "def train(lr, epochs, log):",
        "from modeldb_jupyter.magics import current_run",
    ]
    assert all(c["cell_id"] is None and c["outcome"] == "ok" for c in log)  # nbclient sends no cell ids
    assert [w["names"] for w in log[2]["warnings"]] == [["X", "d", "n", "y"]]
    assert log[3]["assigned"] == ["acc", "current_run", "w"]
    assert log[3]["outputs"] == [{"output_type": "execute_result", "type": "float"}]
    counts = [c["execution_count"] for c in log]
    assert counts == sorted(counts) and counts[0] > 1

    tuned = client.get_experiment_run("tuned")
    assert tuned.get_hyperparameters() == {"lr": 1, "epochs": 60, "w": "<ndarray shape=(4,)>"}
    assert tuned.get_attribute("code").startswith("lr, epochs = 1.0, 60\n")
    assert len(tuned.get_metric_history("loss")) == 60 and tuned.get_tags() == ["tuned"]

    ambitious = client.get_experiment_run("ambitious")
    (failed,) = records(ambitious)
    assert failed["error"]["type"] == "RuntimeError" and "below the 0.99 target" in failed["error"]["message"]
    assert ambitious.get_hyperparameters() == {"lr": 5}

    exploration = client.get_experiment_run("exploration")
    log = records(exploration)
    assert [c["source"] for c in log][-1] == "threshold = 0.5"
    assert [[w["kind"] for w in c["warnings"]] for c in log] == [[], [], ["hidden_state"], [], ["out_of_order"]]
    shown = log[2]["outputs"]  # display() went through ipykernel's display publisher: summarised, not stored
    assert shown == [
        {"output_type": "display_data", "mime": ["text/markdown", "text/plain"], "bytes": shown[0]["bytes"]}
    ]
    assert shown[0]["bytes"] > 20
    check_snapshot(exploration, path)


def check_snapshot(run: Any, path: Path) -> None:
    """The file on disk (from $JPY_SESSION_NAME), with outputs replaced by their summaries; valid nbformat."""
    summary = run.get_attribute("notebook.snapshot")
    assert summary["source"] == "file" and summary["path"] == str(path) and summary["stored"] is True
    data = run.get_artifact("notebook.ipynb")
    assert len(data) == summary["bytes"]
    snapshot = nbformat.reads(data.decode(), as_version=4)
    nbformat.validate(snapshot)
    on_disk = nbformat.read(path, as_version=4)
    assert [c.source for c in snapshot.cells] == [c.source for c in on_disk.cells]
    code = [c for c in snapshot.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and "outputs" in c.metadata["modeldb"] for c in code)
    assert json.loads(data)["metadata"]["kernelspec"]["name"] == "python3"
