"""examples/magics.ipynb run by nbclient in a kernel that the real Jupyter server started (SQLite and PostgreSQL).

The notebook lives under the server's root; the kernel is started through the sessions API, as JupyterLab starts
it, so it finds the server's ModelDB on its own (no URL in the notebook) and knows its notebook path. nbclient
drives that kernel; one cell is run again (out of order); deleting the session shuts the kernel down, which ends
the run left active. Everything is then read back through the server's REST gateway with our client.
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
from tests.magics.notebook_checks import EXAMPLE, check_outputs, check_store, text

NOTEBOOK = "work/magics.ipynb"


async def _execute(jp_serverapp: Any, nb: Any, rerun: int) -> str:
    """Run every code cell, then `rerun` again; returns the rerun cell's first stderr. Ends the session."""
    sessions = jp_serverapp.session_manager
    session = await sessions.create_session(path=NOTEBOOK, name="magics.ipynb", type="notebook", kernel_name="python3")
    km = jp_serverapp.kernel_manager.get_kernel(session["kernel"]["id"])
    executor = NotebookClient(nb, km=km, timeout=120)
    try:
        async with executor.async_setup_kernel():
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    await executor.async_execute_cell(cell, index)
            first_output = text(nb.cells[rerun], "stderr")
            await executor.async_execute_cell(nb.cells[rerun], rerun)  # going back up: out of order
            executor.kc.stop_channels()
    finally:
        await sessions.delete_session(session["id"])  # shuts the kernel down, as closing the notebook's kernel does
    return first_output


async def test_magics_notebook_in_a_server_kernel(
    jp_serverapp: Any, http_server: Any, jp_root_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("MODELDB_URL", raising=False)
    monkeypatch.setenv("MODELDB_HOME", str(tmp_path / "kernel-home"))  # the kernel's journal, not ~/.modeldb
    path = jp_root_dir / NOTEBOOK
    path.parent.mkdir(parents=True)
    shutil.copy(EXAMPLE, path)
    nb = nbformat.read(path, as_version=4)
    rerun = next(i for i, c in enumerate(nb.cells) if c.source == "threshold = 0.5")

    first_output = await _execute(jp_serverapp, nb, rerun)

    url, token = os.environ[KERNEL_URL_ENV], os.environ[KERNEL_TOKEN_ENV]
    check_outputs(
        nb, rerun, first_output, f"modeldb: logging to {url} (Jupyter server); auto-logging on: cell source, timing"
    )
    # The client is synchronous and the server shares this event loop: read back from a thread.
    await asyncio.to_thread(_check_server_store, url, token, path)


def _check_server_store(url: str, token: str, path: Path) -> None:
    with Client(url=url, token=token) as client:
        check_store(client, path)
        run = client.get_experiment_run("exploration")
        assert run.get_attribute("jupyter.notebook_path") == NOTEBOOK
        assert run.get_attribute("jupyter.kernel_id")
