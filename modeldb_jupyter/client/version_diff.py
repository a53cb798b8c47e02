"""Readable diffs: the backend's BlobDiff messages, and two notebooks' cells, as table rows.

Each row is {location, type, status, element, old, new}: `element` names what changed inside the blob (a
hyperparameter, a package, a file of a dataset, a cell of a notebook), `old`/`new` are short texts for people
(None where the element is absent on that side).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from modeldb_backend.pb.versioning import versioning_pb2 as vpb
from modeldb_backend.pb.versioning import versioning_service_pb2 as spb

from .blobs import value_of, version_text

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["location", "type", "status", "element", "old", "new"]
_STATUS: dict[int, str] = {
    vpb.DiffStatusEnum.ADDED: "added",
    vpb.DiffStatusEnum.DELETED: "deleted",
    vpb.DiffStatusEnum.MODIFIED: "modified",
    vpb.DiffStatusEnum.CONFLICTED: "conflicted",
}
Row = dict[str, Any]
Element = tuple[str, int, str | None, str | None, str | None]  # (element, status, side A, side B, base C)


def status_name(status: int) -> str:
    return _STATUS.get(status, "unknown")


def _side(diff: Any, side: str, text: Any) -> str | None:
    """`text(diff.A)` when the element has side A (B), else None."""
    return text(getattr(diff, side)) if diff.HasField(side) else None


def _elements(diffs: Iterable[Any], name: Any, text: Any) -> list[Element]:
    out: list[Element] = []
    for d in diffs:
        label = name(d.B if d.HasField("B") else d.A)
        out.append((label, d.status, _side(d, "A", text), _side(d, "B", text), _side(d, "C", text)))
    return out


def _hyperparameter_set(blob: vpb.HyperparameterSetConfigBlob) -> str:
    kind = blob.WhichOneof("value")
    if kind == "continuous":
        c = blob.continuous
        return f"{value_of(c.interval_begin)}..{value_of(c.interval_end)} step {value_of(c.interval_step)}"
    if kind == "discrete":
        return ", ".join(repr(value_of(v)) for v in blob.discrete.values)
    return ""


def _config(diff: vpb.ConfigDiff) -> list[Element]:
    return [
        *_elements(diff.hyperparameters, lambda b: b.name, lambda b: repr(value_of(b.value))),
        *_elements(diff.hyperparameter_set, lambda b: f"set {b.name}", _hyperparameter_set),
    ]


def _requirement(blob: vpb.PythonRequirementEnvironmentBlob) -> str:
    version = version_text(blob.version)
    return version if blob.constraint == "==" else f"{blob.constraint}{version}"


def _environment(diff: vpb.EnvironmentDiff) -> list[Element]:
    out: list[Element] = []
    if diff.HasField("python"):
        python = diff.python
        if python.HasField("version") and python.version.status:
            out.extend(_elements([python.version], lambda b: "python", version_text))
        out.extend(_elements(python.requirements, lambda b: b.library, _requirement))
        out.extend(_elements(python.constraints, lambda b: f"constraint {b.library}", _requirement))
    if diff.HasField("docker"):
        out.extend(_elements([diff.docker], lambda b: "docker", lambda b: f"{b.repository}:{b.tag or b.sha}"))
    out.extend(_elements(diff.environment_variables, lambda b: f"${b.name}", lambda b: b.value))
    line = diff.command_line
    if line.status:
        old = " ".join(line.A) if line.A else None
        new = " ".join(line.B) if line.B else None
        out.append(("command line", line.status, old, new, " ".join(line.C) if line.C else None))
    return out


def _component(blob: vpb.PathDatasetComponentBlob) -> str:
    return f"{blob.size} bytes, sha256 {blob.sha256[:12]}"


def _dataset(diff: vpb.DatasetDiff) -> list[Element]:
    kind = diff.WhichOneof("content")
    if kind == "path":
        return _elements(diff.path.components, lambda b: b.path, _component)
    if kind == "s3":
        return _elements(diff.s3.components, lambda b: b.path.path, lambda b: _component(b.path))
    if kind == "query":
        return _elements(diff.query.components, lambda b: b.query[:60], lambda b: f"{b.num_records} records")
    return []


def _git(blob: vpb.GitCodeBlob) -> str:
    return f"{blob.repo} {blob.hash[:12]}{' (dirty)' if blob.is_dirty else ''}"


def _code(diff: vpb.CodeDiff) -> list[Element]:
    kind = diff.WhichOneof("content")
    if kind == "git":
        return _elements([diff.git], lambda b: "git", _git)
    if kind == "notebook":
        out: list[Element] = []
        notebook = diff.notebook
        if notebook.HasField("path") and notebook.path.status:
            out.extend(_elements([notebook.path], lambda b: b.path, _component))
        if notebook.HasField("git_repo") and notebook.git_repo.status:
            out.extend(_elements([notebook.git_repo], lambda b: "git", _git))
        return out
    return []


def _kind(diff: spb.BlobDiff) -> str:
    top = diff.WhichOneof("content")
    if top is None or top == "config":
        return top or ""
    sub = getattr(diff, top).WhichOneof("content")
    return f"{top}.{sub}" if sub else top


def _element_lists(diffs: Iterable[spb.BlobDiff]) -> list[tuple[spb.BlobDiff, str, list[Element]]]:
    handlers: dict[str, Callable[[Any], list[Element]]] = {
        "config": _config,
        "environment": _environment,
        "dataset": _dataset,
        "code": _code,
    }
    out = []
    for diff in diffs:
        top = diff.WhichOneof("content")
        out.append((diff, _kind(diff), handlers[top](getattr(diff, top)) if top in handlers else []))
    return out


def diff_rows(diffs: Iterable[spb.BlobDiff]) -> list[Row]:
    """One row per changed element (old = side A, new = side B); a blob whose diff names no element gets one
    row for the whole blob."""
    rows: list[Row] = []
    for diff, kind, elements in _element_lists(diffs):
        location, status = "/".join(diff.location), status_name(diff.status)
        if not elements:
            rows.append({"location": location, "type": kind, "status": status, "element": "", "old": None, "new": None})
        for element, element_status, old, new, _base in elements:
            rows.append(
                {
                    "location": location,
                    "type": kind,
                    "status": status_name(element_status) if element_status else status,
                    "element": element,
                    "old": old,
                    "new": new,
                }
            )
    return rows


def conflict_rows(diffs: Iterable[spb.BlobDiff]) -> list[Row]:
    """A merge's conflicts, one row per element: location, type, element, ours (the commit merged into,
    side B), theirs (the commit merged, side A), base (the common ancestor's value)."""
    rows: list[Row] = []
    for diff, kind, elements in _element_lists(diffs):
        location = "/".join(diff.location)
        for element, _status, theirs, ours, base in elements or [("", 0, None, None, None)]:
            rows.append(
                {"location": location, "type": kind, "element": element, "ours": ours, "theirs": theirs, "base": base}
            )
    return rows


def diff_frame(rows: Sequence[Row]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(list(rows), columns=COLUMNS, dtype=object)  # None stays None (absent on that side)


# --- notebooks, cell by cell -------------------------------------------------------------------------------------


def cell_sources(notebook: bytes | str | dict[str, Any]) -> list[str]:
    """The cells' sources of an .ipynb (markdown and code alike, in notebook order)."""
    data = json.loads(notebook) if isinstance(notebook, bytes | str) else notebook
    cells = data.get("cells", []) if isinstance(data, dict) else []
    out = []
    for cell in cells:
        source = cell.get("source", "") if isinstance(cell, dict) else ""
        out.append("".join(source) if isinstance(source, list) else str(source))
    return out


def _short(line: str | None) -> str | None:
    if line is None:
        return None
    line = line.strip()
    return line if len(line) <= 60 else line[:57] + "..."


def _first(source: str) -> str | None:
    return _short(next((line for line in source.splitlines() if line.strip()), ""))


def _changed_cell(index: int, old: str, new: str) -> Row:
    """A cell present on both sides with other source: its +/- line counts and first differing lines."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    added = removed = 0
    first_old = first_new = None
    for line in difflib.ndiff(old_lines, new_lines):
        if line.startswith("+ "):
            added += 1
            first_new = first_new if first_new is not None else line[2:]
        elif line.startswith("- "):
            removed += 1
            first_old = first_old if first_old is not None else line[2:]
    element = f"cell {index + 1} (+{added} -{removed} lines)"
    return {"status": "modified", "element": element, "old": _short(first_old), "new": _short(first_new)}


def cell_rows(old: Sequence[str], new: Sequence[str], location: str = "notebook") -> list[Row]:
    """Rows for the cells that differ between two notebooks (cells numbered from 1 in their notebook; added
    cells by their place in the new one, deleted cells by their place in the old one)."""
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(a=list(old), b=list(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            rows.append(_changed_cell(j1 + k, old[i1 + k], new[j1 + k]))
        for k in range(i1 + paired, i2):
            rows.append({"status": "deleted", "element": f"cell {k + 1}", "old": _first(old[k]), "new": None})
        for k in range(j1 + paired, j2):
            rows.append({"status": "added", "element": f"cell {k + 1}", "old": None, "new": _first(new[k])})
    return [{"location": location, "type": "code.notebook", **row} for row in rows]
