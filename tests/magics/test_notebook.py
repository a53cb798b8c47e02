"""End to end: examples/magics.ipynb executed by nbclient on a real kernel, then read back from the store.

The kernel logs to the embedded store in a temporary $MODELDB_HOME; $JPY_SESSION_NAME tells it the notebook's
path, as Jupyter's sessions API does. After the notebook, one cell is executed again (as a user going back
up would), then the kernel shuts down, which ends the run left active. The same notebook in a kernel of a real
Jupyter server (SQLite and PostgreSQL) is tests/jupyter/test_magics_notebook.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from modeldb_jupyter.client import Client
from tests.magics.notebook_checks import EXAMPLE, check_outputs, check_store, text


def test_example_notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel_home: Path) -> None:
    path = tmp_path / "magics.ipynb"
    shutil.copy(EXAMPLE, path)
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))
    nb = nbformat.read(path, as_version=4)
    executor = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    rerun = next(i for i, c in enumerate(nb.cells) if c.source == "threshold = 0.5")
    with executor.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                executor.execute_cell(cell, index)
        first_output = text(nb.cells[rerun], "stderr")
        executor.execute_cell(nb.cells[rerun], rerun)  # going back up: out of order
    # The kernel has shut down: read what it stored.
    load_message = f"modeldb: logging to the embedded store in {kernel_home}; auto-logging on: cell source, timing"
    check_outputs(nb, rerun, first_output, load_message)
    with Client() as client:
        check_store(client, path)
