"""The model registry in the notebook: registered models → a model's versions → one version in full (stage and
its history, artifacts, lineage back to the run), with a stage picker that promotes the version.

    model_browser()            # every model; pick one, then a version
    model_browser("churn")     # that model selected
    ModelView("churn")         # one model: its versions and the selected version's detail
    VersionView(version_id)    # one version

The data is read through the client (`registry_data`), so the views work the same embedded and against a server.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from . import registry_data as data
from ._common import STYLE, ErrorBox, HtmlFallback, default_client, fmt, fmt_ms, html_table, inline_errors, muted
from ._common import section as titled

if TYPE_CHECKING:
    from modeldb_jupyter.client import Client


def _wrap(content: str) -> str:
    return f'<div class="mdbw">{STYLE}{content}</div>'


def _error_html(box: ErrorBox) -> str:
    return f"<p>{muted(box.message)}</p>" if box.message else ""


# --- the tables, as HTML (the widgets show them; the static fallback is the same) ------------------------------


def models_html(models: Sequence[dict[str, Any]], total: int) -> str:
    if not models:
        return titled("Registered models", muted("no registered models yet"))
    rows = []
    for m in models:
        newest = m["newest"]
        rows.append(
            (
                m["name"],
                m["versions"],
                newest["version"] if newest else "",
                newest["stage"] if newest else "",
                fmt_ms(m["updated"]),
            )
        )
    title = f"Registered models ({len(models)} of {total})" if total > len(models) else "Registered models"
    return titled(title, html_table(["model", "versions", "newest", "stage", "updated"], rows))


def model_html(model: dict[str, Any], versions: Sequence[dict[str, Any]], total: int) -> str:
    info = [
        ("description", model["description"]),
        ("labels", ", ".join(model["labels"])),
        ("owner", model["owner"]),
        ("created", fmt_ms(model["created"])),
        *((key, fmt(value)) for key, value in model.get("attributes", {}).items()),
    ]
    header = f"Model {model['name']}"
    count = f"Versions ({len(versions)} of {total})" if total > len(versions) else f"Versions ({total})"
    table = (
        html_table(
            ["version", "stage", "created", "run", "lock", "labels"],
            [
                (
                    v["version"],
                    v["stage"],
                    fmt_ms(v["created"]),
                    v.get("run", v["run_id"]),
                    v["lock"],
                    ", ".join(v["labels"]),
                )
                for v in versions
            ],
        )
        if versions
        else muted("no versions registered yet")
    )
    return titled(header, html_table(["", ""], [r for r in info if r[1]])) + titled(count, table)


def version_html(detail: dict[str, Any]) -> str:
    info = [
        ("model", detail["model"]),
        ("version", detail["version"]),
        ("stage", detail["stage"]),
        ("lock", detail["lock"]),
        ("description", detail["description"]),
        ("labels", ", ".join(detail["labels"])),
        ("owner", detail["owner"]),
        ("created", fmt_ms(detail["created"])),
        ("updated", fmt_ms(detail["updated"])),
    ]
    history = (
        muted(detail["history_error"])
        if detail["history_error"]
        else html_table(
            ["when", "who", "change", "comment"],
            [(fmt_ms(r["time"]), r["author"], r["change"], r["comment"]) for r in detail["history"]],
        )
        if detail["history"]
        else muted("no stage changes yet")
    )
    artifacts = (
        html_table(["key", "type", "path"], [(a["key"], a["type"], a["path"]) for a in detail["artifacts"]])
        if detail["artifacts"]
        else muted("no model or artifacts logged")
    )
    attributes = (
        html_table(["key", "value"], [(k, fmt(v)) for k, v in detail["attributes"].items()])
        if detail["attributes"]
        else muted("none")
    )
    return "".join(
        [
            titled(f"Version {detail['model']} / {detail['version']}", html_table(["", ""], [r for r in info if r[1]])),
            titled("Stage history", history),
            titled("Artifacts", artifacts),
            titled("Lineage", lineage_html(detail["lineage"])),
            titled(
                "Code versions",
                html_table(["key", "code"], list(detail["code"].items())) if detail["code"] else muted("none"),
            ),
            titled("Attributes", attributes),
        ]
    )


def lineage_html(lineage: dict[str, Any]) -> str:
    """version ← run ← commit, and the dataset versions."""
    if not lineage["run_id"]:
        rows: list[tuple[str, str]] = [("run", "not registered from a run")]
    elif lineage["error"]:
        rows = [("run", f"{lineage['run_id']}: {lineage['error']}")]
    else:
        run = "(deleted)" if lineage["run_deleted"] else f"{lineage['run']}"
        rows = [("run", f"{run} ({lineage['run_id']})")]
        commit = lineage["commit"]
        rows.append(("commit", f"{commit['repository']}@{commit['sha'][:8]}" if commit else "none logged"))
    rows += [(f"dataset {d['key']}", d["name"]) for d in lineage["datasets"]]
    return html_table(["", ""], rows)


def run_registry_html(info: dict[str, Any] | None) -> str:
    """The run detail's "Registered versions" section."""
    if info is None:
        return ""
    if info["error"]:
        content = muted(info["error"])
    elif not info["versions"]:
        content = muted("not registered")
    else:
        rows = [(v["model"], v["version"], v["stage"], fmt_ms(v["created"])) for v in info["versions"]]
        content = html_table(["model", "version", "stage", "registered"], rows)
    return titled("Registered versions", content)


# --- widgets ---------------------------------------------------------------------------------------------------


class VersionView(HtmlFallback):
    """`VersionView(version_id, client=None)`: one model version; pick a stage and press *Change stage* to promote
    it (StageService updateStage, with the comment in its history)."""

    def __init__(self, version_id: int | str, client: Client | None = None) -> None:
        self.client = client if client is not None else default_client()
        self.version_id = int(version_id)
        self.detail: dict[str, Any] | None = None
        self.error = ErrorBox()
        self.body = w.HTML()
        self.stage = w.Dropdown(description="stage", options=list(data.STAGES))
        self.comment = w.Text(placeholder="comment (why)")
        self.change_button = w.Button(description="Change stage", icon="level-up")
        super().__init__(children=[w.HBox([self.stage, self.comment, self.change_button]), self.error, self.body])
        self.add_class("mdbw-version")
        self.change_button.on_click(lambda _: self.change_stage())
        self.refresh()

    def refresh(self) -> None:
        with inline_errors(self.error):
            self.detail = None
            self.detail = data.version_detail(self.client, self.version_id)
            current = self.detail["stage"]
            self.stage.value = current if current in data.STAGES else data.STAGES[0]
        self.body.value = _wrap(version_html(self.detail) if self.detail else "")

    def change_stage(self, stage: str | None = None, comment: str | None = None) -> None:
        """Put the version in `stage` (default: the picker's) with `comment` (default: the text box's)."""
        with inline_errors(self.error):
            data.change_stage(
                self.client, self.version_id, stage or str(self.stage.value), comment or self.comment.value
            )
            self.comment.value = ""
        if not self.error.message:
            self.refresh()

    def to_html(self) -> str:
        return (version_html(self.detail) if self.detail else "") + _error_html(self.error)


class ModelView(HtmlFallback):
    """`ModelView(model, client=None)`: a registered model (id or name): its versions, newest first, and the
    selected version's detail below (`version=` picks one; default the newest)."""

    def __init__(self, model: int | str, client: Client | None = None, version: int | str | None = None) -> None:
        self.client = client if client is not None else default_client()
        self.model_ref = model
        self.model: dict[str, Any] | None = None
        self.versions: list[dict[str, Any]] = []
        self.total = 0
        self.error = ErrorBox()
        self.body = w.HTML()
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.version_picker = w.Dropdown(description="version", options=[])
        self.version_box = w.VBox()
        self.version: VersionView | None = None
        self._setting = False
        super().__init__(
            children=[w.HBox([self.version_picker, self.refresh_button]), self.error, self.body, self.version_box]
        )
        self.add_class("mdbw-model")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.version_picker.observe(self._on_version, "value")
        self.refresh(int(version) if version is not None else None)

    def _on_version(self, _: Any) -> None:
        if not self._setting:
            self._show_version()

    def refresh(self, select: int | None = None) -> None:
        """Re-read the model and its versions, keeping the selected version when it still exists."""
        keep = select if select is not None else self.version_picker.value
        with inline_errors(self.error):
            self.model = None
            self.model = data.get_model(self.client, self.model_ref)
            self.versions, self.total = data.find_versions(self.client, self.model["id"])
            data.name_runs(self.client, self.versions)
        self.body.value = _wrap(model_html(self.model, self.versions, self.total) if self.model else "")
        options = [(f"{v['version']} ({v['stage']})", v["id"]) for v in self.versions]
        ids = [v for _, v in options]
        self._setting = True
        try:
            self.version_picker.options = options
            self.version_picker.value = keep if keep in ids else (ids[0] if ids else None)
        finally:
            self._setting = False
        self._show_version()

    def select(self, version: str) -> None:
        """Show the version named `version` (e.g. "v2"), as the picker would."""
        match = [v["id"] for v in self.versions if v["version"] == version]
        if not match:
            raise ValueError(f"model {self.model_ref!r} has no version {version!r}")
        self.version_picker.value = match[0]

    def _show_version(self) -> None:
        chosen = self.version_picker.value
        self.version = VersionView(chosen, client=self.client) if chosen is not None else None
        self.version_box.children = [self.version] if self.version else []

    def to_html(self) -> str:
        parts = [model_html(self.model, self.versions, self.total) if self.model else ""]
        if self.version is not None:
            parts.append(self.version.to_html())
        return "".join(parts) + _error_html(self.error)


class ModelBrowser(HtmlFallback):
    """`ModelBrowser(client=None, name=None)`: the registered models (version counts, the newest version's stage);
    pick one to see its versions and a version's detail below."""

    def __init__(self, client: Client | None = None, name: str | None = None) -> None:
        self.client = client if client is not None else default_client()
        self.models: list[dict[str, Any]] = []
        self.total = 0
        self.error = ErrorBox()
        self.list_box = w.HTML()
        self.picker = w.Dropdown(description="model", options=[])
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.model_box = w.VBox()
        self.model: ModelView | None = None
        self._setting = False
        super().__init__(
            children=[w.HBox([self.picker, self.refresh_button]), self.error, self.list_box, self.model_box]
        )
        self.add_class("mdbw-registry")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.picker.observe(self._on_pick, "value")
        self.refresh(name)

    def _on_pick(self, _: Any) -> None:
        if not self._setting:
            self._show_model()

    def refresh(self, name: str | None = None) -> None:
        """Re-read the models; select `name` (else keep the selection, else the first)."""
        keep = name if name is not None else self.picker.value
        with inline_errors(self.error):
            self.models, self.total = [], 0
            self.models, self.total = data.list_models(self.client)
        self.list_box.value = _wrap(models_html(self.models, self.total))
        names = [m["name"] for m in self.models]
        self._setting = True
        try:
            self.picker.options = names
            self.picker.value = keep if keep in names else (names[0] if names else None)
        finally:
            self._setting = False
        if name is not None and name not in names and not self.error.message:
            self.error.show(f"No registered model named {name!r}: pick one of the list.")
        self._show_model()

    def select(self, name: str) -> None:
        self.picker.value = name

    def _show_model(self) -> None:
        chosen = self.picker.value
        match = [m["id"] for m in self.models if m["name"] == chosen]
        self.model = ModelView(match[0], client=self.client) if match else None
        self.model_box.children = [self.model] if self.model else []

    def to_html(self) -> str:
        parts = [models_html(self.models, self.total)]
        if self.model is not None:
            parts.append(self.model.to_html())
        return "".join(parts) + _error_html(self.error)


def model_browser(name: str | None = None, client: Client | None = None) -> ModelBrowser:
    """The registry: every registered model, `name` selected (its versions and the newest one's detail below)."""
    return ModelBrowser(client=client, name=name)
