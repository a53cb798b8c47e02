"""The notebook snapshot attached to a run when it ends (artifact "notebook.ipynb").

Source: the notebook file when this kernel knows its path and the file exists (JupyterLab and Notebook set
$JPY_SESSION_NAME for kernels started through the sessions API; VS Code sets `__vsc_ipynb_file__`), else a
notebook rebuilt from the cells this kernel recorded for the run. Either way outputs are not stored: each code
cell keeps only a summary (type and size) in `metadata.modeldb.outputs`.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .runlog import CellEntry

ARTIFACT_KEY = "notebook.ipynb"


def notebook_path(user_ns: Mapping[str, Any]) -> Path | None:
    """The notebook this kernel runs, when the front end told: the file may or may not exist yet."""
    for candidate in (user_ns.get("__vsc_ipynb_file__"), os.environ.get("JPY_SESSION_NAME")):
        if not isinstance(candidate, str) or not candidate.endswith(".ipynb"):
            continue
        path = Path(candidate).expanduser()
        if path.is_absolute():
            return path
        # Relative to the server's root; the kernel's working directory is the notebook's directory.
        for option in (Path.cwd() / path, Path.cwd() / path.name):
            if option.is_file():
                return option
        return Path.cwd() / path.name
    return None


def _size(value: Any) -> int:
    """Characters of a notebook string (stored as a string or a list of lines), or of a JSON value."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return sum(len(v) for v in value)
    return len(json.dumps(value))


def output_summary(output: Mapping[str, Any]) -> dict[str, Any]:
    """One stored output of a notebook file → its type and size."""
    kind = output.get("output_type", "")
    if kind == "stream":
        return {"output_type": kind, "name": output.get("name"), "bytes": _size(output.get("text", ""))}
    if kind == "error":
        return {"output_type": kind, "ename": output.get("ename")}
    data = output.get("data", {}) or {}
    return {"output_type": kind, "mime": sorted(data), "bytes": sum(_size(v) for v in data.values())}


def _from_file(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        nb = json.load(handle)
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError(f"{path} is not a notebook")
    for cell in nb["cells"]:
        if cell.get("cell_type") == "code":
            cell.setdefault("metadata", {})["modeldb"] = {
                "outputs": [output_summary(o) for o in cell.get("outputs", [])]
            }
            cell["outputs"] = []
    return nb


def _rebuilt(entries: Iterable[CellEntry]) -> dict[str, Any]:
    """nbformat 4.5 JSON, written directly: importing nbformat (jsonschema) can take seconds in a kernel."""
    cells = [
        {
            "cell_type": "code",
            "execution_count": entry.execution_count,
            "id": uuid.uuid4().hex[:12],
            "metadata": {"modeldb": {"outcome": entry.outcome, "outputs": entry.outputs}},
            "outputs": [],
            "source": entry.source.splitlines(keepends=True),
        }
        for entry in entries
    ]
    metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    return {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def build(path: Path | None, entries: Iterable[CellEntry]) -> tuple[bytes, dict[str, Any]]:
    """(the .ipynb bytes, a summary for the run's "notebook.snapshot" attribute)."""
    nb, source = None, "rebuilt"
    if path is not None and path.is_file():
        try:
            nb, source = _from_file(path), "file"
        except (OSError, ValueError):  # unreadable or not a notebook: fall back to the recorded cells
            nb = None
    if nb is None:
        nb = _rebuilt(entries)
    data = (json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()
    summary = {
        "artifact": ARTIFACT_KEY,
        "source": source,
        "path": str(path) if path is not None else None,
        "cells": len(nb["cells"]),
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    return data, summary
