"""A real kernel started by the real Jupyter server logs through Client() with no arguments."""

from __future__ import annotations

import json
from typing import Any

CODE = """
from modeldb_jupyter import Client
client = Client()
print("TARGET", client)
client.set_project("from-kernel")
client.set_experiment("e")
with client.set_experiment_run("r") as run:
    run.log_hyperparameters({"lr": 0.1})
    for step in range(5):
        run.log_metric("loss", 1.0 / (step + 1), step=step)
client.flush()
print("RUN", run.id)
"""


async def run_in_kernel(jp_serverapp: Any, code: str, notebook: str) -> str:
    """Start a kernel through the sessions API (as JupyterLab does), run `code`, return its stdout."""
    session = await jp_serverapp.session_manager.create_session(
        path=notebook, kernel_name="python3", type="notebook", name=notebook
    )
    kernel_id = session["kernel"]["id"]
    client = jp_serverapp.kernel_manager.get_kernel(kernel_id).client()
    client.start_channels()
    out: list[str] = []
    try:
        await client.wait_for_ready(timeout=60)
        reply = await client.execute_interactive(
            code, timeout=120, output_hook=lambda msg: out.append(msg["content"].get("text", ""))
        )
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        client.stop_channels()
        await jp_serverapp.kernel_manager.shutdown_kernel(kernel_id)
    return "".join(out)


async def test_kernel_logs_to_its_server(jp_serverapp: Any, http_server: Any, jp_fetch: Any) -> None:
    output = await run_in_kernel(jp_serverapp, CODE, "work/train.ipynb")
    assert "Jupyter server" in output or "/modeldb" in output, output
    run_id = output.split("RUN", 1)[1].strip()
    response = await jp_fetch(
        "modeldb", "api", "v1", "modeldb", "experiment-run", "getExperimentRunById", params={"id": run_id}
    )
    run = json.loads(response.body)["experiment_run"]
    assert run["name"] == "r"
    assert {m["key"]: m["value"] for m in run["metrics"]} == {"loss": 0.2}
    attributes = {a["key"]: a["value"] for a in run.get("attributes", [])}
    assert attributes["jupyter.notebook_path"] == "work/train.ipynb"
    assert attributes["jupyter.kernel_id"]


async def test_quickstart_notebook_runs_against_the_server(jp_serverapp: Any, http_server: Any, jp_fetch: Any) -> None:
    """examples/quickstart.ipynb, unchanged, in a kernel of this server (SQLite and PostgreSQL via the fixture)."""
    from pathlib import Path

    import nbformat

    notebook = nbformat.read(Path(__file__).parents[2] / "examples" / "quickstart.ipynb", as_version=4)
    code = "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    code += "\nprint('BEST', runs.iloc[0]['name'], len(runs), len(history))"
    output = await run_in_kernel(jp_serverapp, code, "examples/quickstart.ipynb")
    assert "BEST lr=" in output, output
    found = await jp_fetch(
        "modeldb", "api", "v1", "modeldb", "project", "getProjectByName", params={"name": "quickstart"}
    )
    project_id = json.loads(found.body)["project_by_user"]["id"]
    runs = await jp_fetch(
        "modeldb",
        "api",
        "v1",
        "modeldb",
        "experiment-run",
        "getExperimentRunsInProject",
        params={"project_id": project_id},
    )
    names = sorted(r["name"] for r in json.loads(runs.body)["experiment_runs"])
    assert names == ["lr=0.01", "lr=0.1", "lr=1.0"]
