"""Versioning views: a repository (branches, tags, the log of the selected one, a commit below), a commit (its
blobs and its diff against the first parent or a chosen commit) and the diff of two commits; plus the run
detail's sections for the commit a run used (versioned inputs) and its lineage (inputs → run → outputs).

    repository_browser(client.repository("demo"))
    commit_view(repo.commit(branch="master"))
    diff_view(repo.commit(tag="v1"), repo.commit())

Everything is read through the client's versioning API (`modeldb_jupyter.client.versioning`), so the views
work the same embedded and against a server.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2
from modeldb_backend.pb.modeldb import lineage_pb2
from modeldb_backend.pb.versioning import versioning_pb2 as vpb
from modeldb_backend.pb.versioning import versioning_service_pb2 as spb
from modeldb_jupyter.client import ModelDBError
from modeldb_jupyter.client.registry_frames import run_names
from modeldb_jupyter.client.versioning import Commit

from ._common import STYLE, ErrorBox, HtmlFallback, default_client, describe_error, html_table, inline_errors, muted
from ._common import section as titled
from .registry_data import dataset_version_name

if TYPE_CHECKING:
    import pandas as pd

    from modeldb_jupyter.client import Client
    from modeldb_jupyter.client.versioning import Repository

SHORT = 8
AGAINST_CHOICES = 200  # commits of the log offered as the diff's other side
FIRST_PARENT = ""  # the `against` choice meaning "the commit's first parent"
LOG_COLUMNS = ("sha", "message", "author", "date")
BLOB_COLUMNS = ("location", "type", "summary")
DIFF_COLUMNS = ("status", "location", "type", "element", "old", "new")


def _short(sha: str) -> str:
    return sha[:SHORT]


def _records(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    """The frame's rows as plain dicts of text (dates as "YYYY-MM-DD HH:MM:SS")."""
    rows = []
    for record in frame.to_dict("records"):
        row = {}
        for column in columns:
            value = record.get(column)
            row[column] = "" if value is None or value != value else str(value)[:19] if column == "date" else value
        rows.append(row)
    return rows


def _wrap(content: str) -> str:
    return f'<div class="mdbw">{STYLE}{content}</div>'


# --- the tables, as HTML (the widgets show them; the static fallback is the same) ------------------------------


def log_html(rows: Sequence[dict[str, Any]], labels: dict[str, list[str]]) -> str:
    if not rows:
        return muted("no commits")
    table = [
        (
            _short(r["sha"]),
            r["message"] + "".join(f" [{ref}]" for ref in labels.get(r["sha"], [])),
            r["author"],
            r["date"],
        )
        for r in rows
    ]
    return html_table(["commit", "message", "author", "date"], table)


def blobs_html(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return muted("no blobs")
    return html_table(["location", "type", "summary"], [tuple(r[c] for c in BLOB_COLUMNS) for r in rows])


def diff_html(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return muted("no differences")
    table = [(str(r["status"]).lower(), *(r[c] for c in DIFF_COLUMNS[1:])) for r in rows]
    return html_table(["change", "location", "type", "element", "old", "new"], table)


def commit_html(
    commit: Commit, blobs: Sequence[dict[str, Any]], diff: Sequence[dict[str, Any]] | None, base: str
) -> str:
    info = [
        ("commit", commit.sha),
        ("message", commit.message),
        ("author", commit.author),
        ("date", str(commit.date or "")[:19]),
        ("parents", ", ".join(_short(p) for p in commit.parents)),
    ]
    against = f"Diff against {_short(base)}" if base else "Diff"
    return "".join(
        [
            titled(f"Commit {_short(commit.sha)}", html_table(["", ""], [r for r in info if r[1]])),
            titled("Blobs", blobs_html(blobs)),
            titled(
                against, diff_html(diff) if diff is not None else muted("the first commit: nothing to compare with")
            ),
        ]
    )


# --- widgets ---------------------------------------------------------------------------------------------------


class CommitView(HtmlFallback):
    """`CommitView(commit, against=None, choices=())`: the commit's blobs and its diff against its first parent,
    or against `against` (a Commit or sha); `choices` (commits) fill the "against" picker."""

    def __init__(self, commit: Commit, against: Commit | str | None = None, choices: Sequence[Commit] = ()) -> None:
        self.commit = commit
        self.blobs: list[dict[str, Any]] = []
        self.diff: list[dict[str, Any]] | None = None
        self.error = ErrorBox()
        self.body = w.HTML()
        others = [(f"{_short(c.sha)} {c.message}", c.sha) for c in choices if c.sha != commit.sha]
        self.against = w.Dropdown(description="against", options=[("first parent", FIRST_PARENT), *others])
        start = against.sha if against is not None and not isinstance(against, str) else (against or FIRST_PARENT)
        if start not in {value for _, value in self.against.options}:
            self.against.options = [*self.against.options, (_short(start), start)]
        self.against.value = start
        super().__init__(children=[self.against, self.error, self.body])
        self.add_class("mdbw-commit")
        self.against.observe(lambda _: self.refresh(), "value")
        self.refresh()

    @property
    def base(self) -> str:
        """The sha the diff starts from ("" when the commit has no parent and none was chosen)."""
        chosen = str(self.against.value or "")
        return chosen or (self.commit.parents[0] if self.commit.parents else "")

    def refresh(self) -> None:
        with inline_errors(self.error):
            self.blobs = _records(self.commit.blobs(), BLOB_COLUMNS)
            self.diff = None
            if self.base:
                base = self.commit.repository.commit(sha=self.base)
                self.diff = _records(base.diff(self.commit), DIFF_COLUMNS)
        self.body.value = _wrap(commit_html(self.commit, self.blobs, self.diff, self.base))

    def to_html(self) -> str:
        return commit_html(self.commit, self.blobs, self.diff, self.base) + _error_html(self.error)


class DiffView(HtmlFallback):
    """`DiffView(a, b)`: what changes from commit `a` to commit `b`, one row per changed element."""

    def __init__(self, a: Commit, b: Commit) -> None:
        self.a, self.b = a, b
        self.rows: list[dict[str, Any]] = []
        self.error = ErrorBox()
        self.body = w.HTML()
        super().__init__(children=[self.error, self.body])
        self.add_class("mdbw-diffview")
        self.refresh()

    def refresh(self) -> None:
        with inline_errors(self.error):
            self.rows = []
            self.rows = _records(self.a.diff(self.b), DIFF_COLUMNS)
        self.body.value = _wrap(self._html())

    def _html(self) -> str:
        title = f"Diff {_short(self.a.sha)} → {_short(self.b.sha)}"
        return titled(title, diff_html(self.rows))

    def to_html(self) -> str:
        return self._html() + _error_html(self.error)


class RepositoryBrowser(HtmlFallback):
    """`RepositoryBrowser(repo)`: pick a branch or tag to see its log; pick a commit to see its blobs and diff."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.labels: dict[str, list[str]] = {}
        self.commits: list[dict[str, Any]] = []
        self.title = w.HTML()
        self.ref = w.Dropdown(description="branch/tag", options=[])
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.error = ErrorBox()
        self.log_box = w.HTML()
        self.commit_picker = w.Dropdown(description="commit", options=[])
        self.commit_box = w.VBox()
        self.commit: CommitView | None = None
        self._setting = False  # while the pickers' options are replaced: their observers stay quiet
        super().__init__(
            children=[
                w.HBox([self.title, self.ref, self.refresh_button]),
                self.error,
                self.log_box,
                self.commit_picker,
                self.commit_box,
            ]
        )
        self.add_class("mdbw-repository")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.ref.observe(self._on_ref, "value")
        self.commit_picker.observe(self._on_commit, "value")
        self.refresh()

    def _on_ref(self, _: Any) -> None:
        if not self._setting:
            self._load_log()

    def _on_commit(self, _: Any) -> None:
        if not self._setting:
            self._show_commit()

    def refresh(self) -> None:
        """Re-read branches and tags (keeping the selected one when it still exists), then the log."""
        self.title.value = f"<b>{html.escape(self.repo.name)}</b>"
        with inline_errors(self.error):
            branches, tags = self.repo.branches(), self.repo.tags()
            heads = [(b, self.repo.commit(branch=b).sha) for b in branches]
            heads += [(t, self.repo.commit(tag=t).sha) for t in tags]
            self.labels = {}
            for name, sha in heads:
                self.labels.setdefault(sha, []).append(name)
            options = [(f"branch {b}", ("branch", b)) for b in branches] + [(f"tag {t}", ("tag", t)) for t in tags]
            current = self.ref.value
            default = ("branch", "master") if "master" in branches else (options[0][1] if options else None)
            self._set(self.ref, options, current if current in [v for _, v in options] else default)
        self._load_log()

    def select(self, branch: str | None = None, tag: str | None = None, sha: str | None = None) -> None:
        """Show `branch`'s or `tag`'s log, then select commit `sha` in it (as the pickers would)."""
        if branch is not None or tag is not None:
            self.ref.value = ("branch", branch) if branch is not None else ("tag", tag)
        if sha is not None:
            self.commit_picker.value = sha

    def _load_log(self) -> None:
        self.commits = []
        with inline_errors(self.error):
            if self.ref.value is not None:
                kind, name = self.ref.value
                sha = self.repo.commit(tag=name).sha if kind == "tag" else None
                frame = self.repo.log(sha=sha) if sha else self.repo.log(branch=name)
                self.commits = _records(frame, LOG_COLUMNS)
        self.log_box.value = _wrap(titled(self._log_title(), log_html(self.commits, self.labels)))
        options = [(f"{_short(r['sha'])} {r['message']}", r["sha"]) for r in self.commits]
        current = self.commit_picker.value
        keep = current if current in [v for _, v in options] else (options[0][1] if options else None)
        self._set(self.commit_picker, options, keep)
        self._show_commit()

    def _set(self, picker: w.Dropdown, options: list[tuple[str, Any]], value: Any) -> None:
        self._setting = True
        try:
            picker.options = options
            picker.value = value
        finally:
            self._setting = False

    def _log_title(self) -> str:
        return f"Log of {self.ref.value[1]}" if self.ref.value else "Log"

    def _show_commit(self) -> None:
        sha = self.commit_picker.value
        self.commit = None
        if sha:
            with inline_errors(self.error):
                commit = self.repo.commit(sha=sha)
                # The log already holds what the picker shows: no read per commit.
                choices = [
                    Commit(self.repo, spb.Commit(commit_sha=r["sha"], message=r["message"]))
                    for r in self.commits[:AGAINST_CHOICES]
                    if r["sha"] != sha
                ]
                self.commit = CommitView(commit, choices=choices)
        self.commit_box.children = [self.commit] if self.commit else []

    def to_html(self) -> str:
        parts = [
            f"<h3>{html.escape(self.repo.name)}</h3>",
            titled(
                "Branches and tags",
                html_table(["commit", "refs"], [(_short(s), ", ".join(n)) for s, n in self.labels.items()]),
            ),
            titled(self._log_title(), log_html(self.commits, self.labels)),
        ]
        if self.commit is not None:
            parts.append(self.commit.to_html())
        return "".join(parts) + _error_html(self.error)


def _error_html(box: ErrorBox) -> str:
    return f"<p>{muted(box.message)}</p>" if box.message else ""


def repository_browser(repo: Repository | str) -> RepositoryBrowser:
    """A repository's branches, tags, log and commits; `repo` is a Repository or a name (then read through
    the default client, and created when it does not exist)."""
    if isinstance(repo, str):
        repo = default_client().repository(repo)
    return RepositoryBrowser(repo)


def commit_view(commit: Commit, against: Commit | str | None = None) -> CommitView:
    """A commit's blobs and its diff against its first parent (or `against`)."""
    return CommitView(commit, against=against)


def diff_view(a: Commit, b: Commit) -> DiffView:
    """What changes from commit `a` to commit `b`."""
    return DiffView(a, b)


# --- the run detail's sections ---------------------------------------------------------------------------------


def run_versioning(client: Client, run_id: str) -> dict[str, Any]:
    """The commit the run used and its lineage, as plain data; a failing read becomes that part's message."""
    out: dict[str, Any] = {"inputs": None, "inputs_error": "", "lineage": None, "lineage_error": ""}
    try:
        entry = client.call(run_pb2.GetVersionedInput(id=run_id)).versioned_inputs
        if entry.commit:
            ident = vpb.RepositoryIdentification(repo_id=entry.repository_id)
            name = ""
            with contextlib.suppress(ModelDBError):  # a deleted repository is named by its id
                name = client.call(spb.GetRepositoryRequest(id=ident)).repository.name
            out["inputs"] = {
                "repository_id": int(entry.repository_id),
                "repository": name,
                "commit": entry.commit,
                "locations": {k: "/".join(v.location) for k, v in sorted(entry.key_location_map.items())},
            }
    except Exception as exc:  # shown in the section: the rest of the run detail stays readable
        out["inputs_error"] = describe_error(exc)
    try:
        item = lineage_pb2.LineageEntry(type=lineage_pb2.LineageEntryEnum.EXPERIMENT_RUN, external_id=run_id)
        found = client.call(lineage_pb2.FindAllInputsOutputs(items=[item]))
        sides = {side: [e for batch in getattr(found, side)[:1] for e in batch.items] for side in ("inputs", "outputs")}
        names = _run_names(client, [e for entries in sides.values() for e in entries])
        out["lineage"] = {side: [_lineage_entry(client, e, names) for e in entries] for side, entries in sides.items()}
    except Exception as exc:
        out["lineage_error"] = describe_error(exc)
    return out


def _run_names(client: Client, entries: list[lineage_pb2.LineageEntry]) -> dict[str, str]:
    """The names of the runs among `entries`, in one query (an unreadable or deleted run keeps its id)."""
    run_ids = [e.external_id for e in entries if e.type == lineage_pb2.LineageEntryEnum.EXPERIMENT_RUN]
    with contextlib.suppress(ModelDBError):
        return run_names(client, run_ids)
    return {}


def _lineage_entry(client: Client, entry: lineage_pb2.LineageEntry, names: dict[str, str]) -> dict[str, str]:
    """{type, id, name}: a run by its name, a dataset version as "<dataset> v<version>"; an entity deleted
    since keeps its id as its name."""
    if entry.type == lineage_pb2.LineageEntryEnum.EXPERIMENT_RUN:
        return {"type": "run", "id": entry.external_id, "name": names.get(entry.external_id, entry.external_id)}
    return {"type": "dataset version", "id": entry.external_id, "name": dataset_version_name(client, entry.external_id)}


def run_versioning_html(info: dict[str, Any] | None, run_name: str) -> str:
    """The run detail's "Versioned inputs" and "Lineage" sections."""
    if info is None:
        return ""
    inputs = info["inputs"]
    if info["inputs_error"]:
        versioned = muted(info["inputs_error"])
    elif inputs is None:
        versioned = muted("none")
    else:
        rows = [("repository", inputs["repository"] or inputs["repository_id"]), ("commit", _short(inputs["commit"]))]
        rows += [(f"{key} →", location) for key, location in inputs["locations"].items()]
        versioned = html_table(["", ""], rows)
    lineage = info["lineage"]
    if info["lineage_error"]:
        graph = muted(info["lineage_error"])
    elif not lineage or not (lineage["inputs"] or lineage["outputs"]):
        graph = muted("none")
    else:
        graph = (
            "<table><thead><tr><th>inputs</th><th></th><th>run</th><th></th><th>outputs</th></tr></thead><tbody><tr>"
            f"<td>{_entries(lineage['inputs'])}</td><td>→</td><td>{html.escape(run_name)}</td><td>→</td>"
            f"<td>{_entries(lineage['outputs'])}</td></tr></tbody></table>"
        )
    return titled("Versioned inputs", versioned) + titled("Lineage", graph)


def _entries(entries: Sequence[dict[str, str]]) -> str:
    return "<br>".join(html.escape(f"{e['type']} {e['name']}") for e in entries) or muted("none")
