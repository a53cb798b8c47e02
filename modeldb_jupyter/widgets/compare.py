"""`RunCompare`: 2 to 10 runs side by side, rows that differ highlighted, a toggle to show only differences."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from . import data
from ._common import STYLE, ErrorBox, HtmlFallback, default_client, fmt, html_table, inline_errors, muted

if TYPE_CHECKING:
    from modeldb_jupyter.client import Client

MIN_RUNS, MAX_RUNS = 2, 10
FIELDS = ("hyperparameters", "metrics", "attributes")
DIFF_CLASS = "mdbw-diff"


class RunCompare(HtmlFallback):
    """`RunCompare([run ids or runs], client=None, only_differences=False)`."""

    def __init__(self, runs: Any, client: Client | None = None, only_differences: bool = False) -> None:
        runs = list(runs)
        self.client = client if client is not None else default_client(runs)
        self.run_ids = [r if isinstance(r, str) else str(r.id) for r in runs]
        self.labels: list[str] = []
        self.rows: list[tuple[str, list[Any], bool]] = []  # (row label, value per run, differs)
        self.only_differences = w.Checkbox(value=only_differences, description="only differences", indent=False)
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.error = ErrorBox()
        self.table = w.HTML()
        super().__init__(children=[w.HBox([self.only_differences, self.refresh_button]), self.error, self.table])
        self.add_class("mdbw-compare")
        self.only_differences.observe(lambda _: self._draw(), "value")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        """Re-read the runs; deleted ones are named in the message, the rest still compared."""
        self.labels, self.rows = [], []
        with inline_errors(self.error):
            self._load()
        self._draw()

    def _load(self) -> None:
        ids = list(dict.fromkeys(self.run_ids))
        if not MIN_RUNS <= len(ids) <= MAX_RUNS:
            raise ValueError(f"compare {MIN_RUNS} to {MAX_RUNS} different runs, got {len(ids)}")
        found = data.run_infos(self.client, ids, [*FIELDS, "tags"])
        runs = [found[i] for i in ids if i in found]
        names = [r.name for r in runs]
        self.labels = [r.name if names.count(r.name) == 1 else f"{r.name} ({r.id[:8]})" for r in runs]
        keys = sorted({k for r in runs for k in r.values if k != "tags"}, key=_order)
        table: list[tuple[str, list[Any]]] = [
            ("status", [r.status for r in runs]),
            ("tags", [sorted(r.values.get("tags", [])) for r in runs]),
        ]
        table += [(k, [r.values.get(k) for r in runs]) for k in keys]
        self.rows = [(label, values, len({fmt(v) for v in values}) > 1) for label, values in table]
        missing = [i for i in ids if i not in found]
        if missing:
            raise LookupError(f"{len(missing)} run(s) no longer exist: {', '.join(missing)}; the others are shown")

    @property
    def differing(self) -> list[str]:
        """Labels of the rows where the runs differ."""
        return [label for label, _, differs in self.rows if differs]

    def _draw(self) -> None:
        self.table.value = f'<div class="mdbw">{STYLE}{self._table_html()}</div>'

    def _table_html(self) -> str:
        if not self.rows:
            return ""
        shown = [r for r in self.rows if r[2] or not self.only_differences.value]
        body = html_table(
            ["", *self.labels],
            [(label, *values) for label, values, _ in shown],
            [DIFF_CLASS if differs else "" for _, _, differs in shown],
        )
        note = f"{len(self.differing)} of {len(self.rows)} rows differ (highlighted)"
        return f"<p>{muted(note)}</p>{body}"

    def to_html(self) -> str:
        message = f"<p>{html.escape(self.error.message)}</p>" if self.error.message else ""
        return message + self._table_html()


def _order(column: str) -> tuple[int, str]:
    part = column.partition(".")[0]
    return (("metrics", "hyperparameters", "attributes").index(part) if part in FIELDS else 3, column)
