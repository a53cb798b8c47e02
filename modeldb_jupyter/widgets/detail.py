"""`RunDetail`: one run in full. Hyperparameters, metrics, attributes, tags, observations, artifacts (save to
a path, or a download link for small ones, both through the client), dataset versions, the code version (git
snapshot, or the notebook snapshot with its cell log) and the run's audit history."""

from __future__ import annotations

import base64
import html
import mimetypes
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from . import data
from ._common import (
    STYLE,
    ErrorBox,
    HtmlFallback,
    default_client,
    fmt,
    fmt_ms,
    html_table,
    inline_errors,
    muted,
    section,
)
from .registry import run_registry_html
from .registry_data import run_registry
from .versioning import run_versioning, run_versioning_html

if TYPE_CHECKING:
    from modeldb_jupyter.client import Client

LINK_LIMIT = 20 * 1024 * 1024  # a download link carries the bytes in the page: bigger artifacts are saved to a path
SOURCE_LINES = 3


class RunDetail(HtmlFallback):
    """`RunDetail(run_id, client=None)`: a run's data; Refresh re-reads it (a deleted run says so inline)."""

    def __init__(self, run: Any, client: Client | None = None) -> None:
        self.client = client if client is not None else default_client(run)
        self.run_id = run if isinstance(run, str) else str(run.id)
        self.detail: dict[str, Any] | None = None
        self.title = w.HTML()
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.error = ErrorBox()
        self.body = w.HTML()
        self.artifact_picker = w.Dropdown(description="artifact", options=[])
        self.save_path = w.Text(placeholder="save to path, e.g. ./model.pkl", layout=w.Layout(width="40%"))
        self.save_button = w.Button(description="Save to path", icon="save")
        self.link_button = w.Button(description="Download link", icon="download")
        self.artifact_status = w.HTML()
        self.artifact_box = w.VBox(
            [
                w.HBox([self.artifact_picker, self.save_path, self.save_button, self.link_button]),
                self.artifact_status,
            ]
        )
        super().__init__(children=[w.HBox([self.title, self.refresh_button]), self.error, self.body, self.artifact_box])
        self.add_class("mdbw-detail")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.save_button.on_click(lambda _: self.save_artifact())
        self.link_button.on_click(lambda _: self.download_link())
        self.refresh()

    def refresh(self) -> None:
        """Re-read the run through the client."""
        with inline_errors(self.error):
            self.detail = None
            self.detail = data.run_detail(self.client, self.run_id)
            self.detail["versioning"] = run_versioning(self.client, self.run_id)
            self.detail["registry"] = run_registry(self.client, self.run_id)
        if self.detail is None:
            self.title.value = f"<b>run {html.escape(self.run_id)}</b>"
            self.body.value = ""
            self.artifact_box.layout.display = "none"
            return
        self.title.value = f"<b>{html.escape(self.detail['name'])}</b> {muted(self.detail['status'])}"
        self.body.value = f'<div class="mdbw">{STYLE}{_body(self.detail)}</div>'
        keys = [a["key"] for a in self.detail["artifacts"] if not a["path_only"]]
        current = self.artifact_picker.value
        self.artifact_picker.options = keys
        self.artifact_picker.value = current if current in keys else (keys[0] if keys else None)
        self.artifact_box.layout.display = "" if keys else "none"
        self.artifact_status.value = ""

    # --- artifacts -------------------------------------------------------------------------------------------------

    def save_artifact(self, path: str | None = None) -> str | None:
        """Stream the chosen artifact to `path` (default: the path box, else its key in the working directory)."""
        key = self.artifact_picker.value
        if not key:
            return None
        target = path or self.save_path.value.strip() or Path(key).name
        with inline_errors(self.error):
            saved = self.client.get_experiment_run(id=self.run_id).download_artifact(key, target)
            self.artifact_status.value = f"saved {html.escape(key)} to <code>{html.escape(saved)}</code>"
            return saved
        return None

    def download_link(self) -> str | None:
        """A link that hands the artifact's bytes (fetched by the client) to the browser's download."""
        key = self.artifact_picker.value
        if not key:
            return None
        with inline_errors(self.error):
            content = self._artifact_bytes(key)
            if content is None:
                self.artifact_status.value = muted(
                    f"{key} is larger than {LINK_LIMIT // 2**20} MB: save it to a path instead"
                )
                return None
            mime = mimetypes.guess_type(key)[0] or "application/octet-stream"
            href = f"data:{mime};base64,{base64.b64encode(content).decode()}"
            name = html.escape(Path(key).name, quote=True)
            self.artifact_status.value = (
                f'<a download="{name}" href="{href}">download {html.escape(key)} ({len(content):,} bytes)</a>'
            )
            return href
        return None

    def _artifact_bytes(self, key: str) -> bytes | None:
        with tempfile.TemporaryDirectory() as tmp:
            saved = Path(self.client.get_experiment_run(id=self.run_id).download_artifact(key, f"{tmp}/artifact"))
            if saved.is_dir() or saved.stat().st_size > LINK_LIMIT:
                return None
            return saved.read_bytes()

    def to_html(self) -> str:
        if self.detail is None:
            return f"<p>run {html.escape(self.run_id)}: {html.escape(self.error.message)}</p>"
        return f"<h3>{html.escape(self.detail['name'])}</h3>{_body(self.detail)}"


# --- the body, as HTML (the widget shows it; the static fallback is the same) ------------------------------------


def _kv(values: dict[str, Any]) -> str:
    if not values:
        return muted("none")
    return html_table(["key", "value"], [(k, v) for k, v in sorted(values.items())])


def _body(d: dict[str, Any]) -> str:
    overview = {
        "id": d["id"],
        "project": d["project"],
        "experiment": d["experiment"],
        "status": d["status"],
        "started": fmt_ms(d["start_time"]),
        "ended": fmt_ms(d["end_time"]),
        "owner": d["owner"],
        "description": d["description"],
        "tags": ", ".join(d["tags"]),
    }
    side_by_side = [
        section("Run", html_table(["", ""], [(k, v) for k, v in overview.items() if v])),
        section("Hyperparameters", _kv(d["hyperparameters"])),
        section("Metrics", _kv(d["metrics"])),
        section("Attributes", _kv({k: v for k, v in d["attributes"].items() if k != "notebook.snapshot"})),
    ]
    columns = "".join(f'<div style="flex:0 1 auto;max-width:100%">{part}</div>' for part in side_by_side)
    parts = [
        f'<div style="display:flex;flex-wrap:wrap;gap:0 28px">{columns}</div>',
        section("Observations", _observations(d["observations"])),
        section("Artifacts", _artifacts(d["artifacts"])),
        section("Dataset versions", _datasets(d["datasets"])),
        section("Code version", _code(d)),
        run_versioning_html(d.get("versioning"), d["name"]),
        run_registry_html(d.get("registry")),
        section("History", _audit(d["audit"])),
    ]
    return "".join(parts)


def _observations(observations: dict[str, list[dict[str, Any]]]) -> str:
    rows = [(key, o["epoch"], fmt_ms(o["timestamp"]), o["value"]) for key, items in observations.items() for o in items]
    return html_table(["key", "epoch", "time", "value"], rows) if rows else muted("none")


def _artifacts(artifacts: list[dict[str, Any]]) -> str:
    rows = [(a["key"], a["type"], a["path"], "stored" if a["uploaded"] else "upload incomplete") for a in artifacts]
    return html_table(["key", "type", "path", "state"], rows) if rows else muted("none")


def _datasets(datasets: list[dict[str, Any]]) -> str:
    rows = [(d["key"], d["dataset"], f"v{d['version']}" if d["version"] else "", d["version_id"]) for d in datasets]
    return html_table(["key", "dataset", "version", "version id"], rows) if rows else muted("none")


def _code(d: dict[str, Any]) -> str:
    """The git snapshot when there is one; else the notebook snapshot and the cell log of the magics."""
    out = []
    git = d["code"].get("git_snapshot")
    if git:
        dirty = {"TRUE": "yes", "FALSE": "no"}.get(str(git.get("is_dirty", "")), "unknown")
        rows = [("repository", git.get("repo", "")), ("commit", git.get("hash", "")), ("dirty", dirty)]
        rows += [("file", f) for f in git.get("filepaths", [])]
        out.append(html_table(["git", ""], rows))
    snapshot = d["attributes"].get("notebook.snapshot")
    has_notebook = any(a["key"] == data.NOTEBOOK_ARTIFACT for a in d["artifacts"])
    if has_notebook or snapshot:
        summary = fmt(snapshot) if isinstance(snapshot, dict) else ""
        out.append(f"<p>notebook snapshot: artifact <code>{data.NOTEBOOK_ARTIFACT}</code> {muted(summary)}</p>")
    if d["cells"]:
        cells = [
            (c["execution_count"], fmt_ms(c["timestamp"]), c["duration_ms"], c["outcome"], c["error"], _lines(c))
            for c in d["cells"]
        ]
        out.append(html_table(["#", "time", "ms", "outcome", "error", "source"], cells))
    return "".join(out) or muted("none recorded")


def _lines(cell: dict[str, Any]) -> str:
    lines = cell["source"].splitlines()
    more = " …" if len(lines) > SOURCE_LINES else ""
    return " ⏎ ".join(lines[:SOURCE_LINES]) + more


def _audit(records: list[dict[str, Any]]) -> str:
    rows = [(fmt_ms(r["timestamp"]), r["actor"], r["action"], r["changes"]) for r in records]
    return html_table(["time", "actor", "action", "changes"], rows) if rows else muted("none")
