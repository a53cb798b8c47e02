"""Issue 12: re-running examples/quickstart.ipynb leaves one copy of every metric series.

The notebook is executed by nbclient in a kernel that the real Jupyter server started (SQLite and PostgreSQL
through the fixtures): "Run All" twice in one kernel, then once more in a new kernel (a restart). The notebook
resumes its three runs by name; each must still hold exactly 50 loss points (steps 0-49, the last run's values)
and one accuracy point.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from modeldb_jupyter.client import Client
from modeldb_jupyter.server_ext.app import KERNEL_TOKEN_ENV, KERNEL_URL_ENV

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "quickstart.ipynb"
NOTEBOOK = "examples/quickstart.ipynb"
RUNS = ["lr=0.01", "lr=0.1", "lr=1.0"]


async def _run_all(jp_serverapp: Any, nb: Any, times: int) -> None:
    """Execute every code cell `times` times in one new kernel of the server; then shut that kernel down."""
    sessions = jp_serverapp.session_manager
    session = await sessions.create_session(
        path=NOTEBOOK, name="quickstart.ipynb", type="notebook", kernel_name="python3"
    )
    km = jp_serverapp.kernel_manager.get_kernel(session["kernel"]["id"])
    executor = NotebookClient(nb, km=km, timeout=120)
    try:
        async with executor.async_setup_kernel():
            for _ in range(times):
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type == "code":
                        await executor.async_execute_cell(cell, index)
            executor.kc.stop_channels()
    finally:
        await sessions.delete_session(session["id"])


def _series_lengths(url: str, token: str) -> dict[str, tuple[list[int], int, float]]:
    """Per run: (loss steps, number of accuracy points, the run's accuracy metric)."""
    with Client(url=url, token=token) as client:
        client.set_project("quickstart")
        client.set_experiment("logistic-regression")
        frame = client.runs_df(project="quickstart")
        assert sorted(frame["name"]) == RUNS
        out = {}
        for name in RUNS:
            run = client.get_experiment_run(name)
            accuracy = run.get_metric_history("accuracy")
            assert run.get_metric("accuracy") == accuracy[-1].value
            out[name] = ([p.step for p in run.get_metric_history("loss")], len(accuracy), accuracy[-1].value)
        return out


async def test_rerunning_the_quickstart_keeps_one_copy_of_each_series(
    jp_serverapp: Any, http_server: Any, jp_root_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("MODELDB_URL", raising=False)
    monkeypatch.setenv("MODELDB_HOME", str(tmp_path / "kernel-home"))  # the kernel's journal, not ~/.modeldb
    path = jp_root_dir / NOTEBOOK
    path.parent.mkdir(parents=True)
    shutil.copy(EXAMPLE, path)
    url, token = os.environ[KERNEL_URL_ENV], os.environ[KERNEL_TOKEN_ENV]

    await _run_all(jp_serverapp, nbformat.read(path, as_version=4), times=2)
    after_rerun = await asyncio.to_thread(_series_lengths, url, token)
    await _run_all(jp_serverapp, nbformat.read(path, as_version=4), times=1)  # restart the kernel, run all
    after_restart = await asyncio.to_thread(_series_lengths, url, token)

    for got in (after_rerun, after_restart):
        assert {name: (steps, points) for name, (steps, points, _) in got.items()} == {
            name: (list(range(50)), 1) for name in RUNS
        }
    assert after_rerun == after_restart  # the same data (a seeded generator): the same values again
