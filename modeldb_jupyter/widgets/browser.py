"""`RunBrowser`: find runs among thousands. Project and experiment pickers, a filter in the client's query
language (errors shown inline), a server-side paged and sorted table, a column chooser, multi-select, and
buttons that open the selection in RunDetail, RunCompare or MetricChart below the table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w
import traitlets as t

from . import data
from ._common import ErrorBox, HtmlFallback, default_client, fmt, fmt_ms, html_table, inline_errors, muted
from .table import RunTable

if TYPE_CHECKING:
    from modeldb_jupyter.client import Client

ALL = ""  # the pickers' "all" choice

# {id, label, sortable}: the type of RunTable's `columns` trait (a list of dicts)
BASE_COLUMNS: list[dict[str, Any]] = [
    {"id": "name", "label": "name", "sortable": True},
    {"id": "status", "label": "status", "sortable": False},
    {"id": "experiment", "label": "experiment", "sortable": False},
    {"id": "start_time", "label": "started (UTC)", "sortable": True},
    {"id": "duration", "label": "duration", "sortable": False},
]
DEFAULT_KEYS = 8  # key columns shown before the user chooses: metrics first, then hyperparameters
MAX_COMPARE = 10
_SHORT = {"hyperparameters": "hp", "metrics": "", "attributes": "attr"}


def _label(column: str) -> str:
    if column == "tags":
        return "tags"
    part, _, key = column.partition(".")
    return f"{_SHORT[part]} {key}".strip()


def _default_columns(keys: list[str]) -> list[str]:
    metrics = [k for k in keys if k.startswith("metrics.")]
    params = [k for k in keys if k.startswith("hyperparameters.")]
    return (metrics + params)[:DEFAULT_KEYS]


class RunBrowser(HtmlFallback):
    """Browse runs: `RunBrowser(project=None, experiment=None, filter="", client=None)`.

    Everything is read through `client` (default: the magics' client, else `Client()`); errors (a bad filter,
    a backend that went away) appear inside the widget, and Refresh recovers.
    """

    filter = t.Unicode("")
    columns = t.List(t.Unicode())  # chosen key columns ("metrics.acc", "tags", ...)

    def __init__(
        self,
        project: str | None = None,
        experiment: str | None = None,
        filter: str = "",
        order_by: str = "-date_created",
        page_size: int = 25,
        columns: list[str] | None = None,
        client: Client | None = None,
    ) -> None:
        self.client = client if client is not None else default_client()
        self.project_picker = w.Dropdown(description="project", options=[("(all projects)", ALL)])
        self.experiment_picker = w.Dropdown(description="experiment", options=[("(all experiments)", ALL)])
        self.filter_box = w.Text(
            value=filter,
            placeholder="filter, e.g. metrics.acc > 0.9 and hyperparameters.lr < 0.01",
            continuous_update=False,
            layout=w.Layout(width="60%"),
        )
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.column_chooser = w.SelectMultiple(rows=8, layout=w.Layout(width="60%"))
        self.error = ErrorBox()
        self.table = RunTable(sort=order_by, page_size=page_size)
        self.detail_button = w.Button(description="Details", tooltip="RunDetail of each selected run")
        self.compare_button = w.Button(description="Compare", tooltip=f"RunCompare of 2 to {MAX_COMPARE} runs")
        self.chart_button = w.Button(description="Chart", tooltip="MetricChart of the selected runs")
        self.clear_button = w.Button(description="Clear selection")
        self.views = w.VBox()
        self._keys: list[str] = []
        self._chose_columns = columns is not None
        super().__init__(
            children=[
                w.HBox([self.project_picker, self.experiment_picker, self.refresh_button]),
                w.HBox([w.Label("filter"), self.filter_box]),
                w.Accordion(children=[self.column_chooser], titles=("Columns",)),
                self.error,
                self.table,
                w.HBox([self.detail_button, self.compare_button, self.chart_button, self.clear_button]),
                self.views,
            ]
        )
        self.add_class("mdbw-browser")
        self._quiet = False
        self.filter = filter
        self.columns = list(columns or [])
        t.link((self.filter_box, "value"), (self, "filter"))
        self._wire()
        self._update(pickers=(project, experiment), keys=True)

    # --- wiring -------------------------------------------------------------------------------------------------

    def _wire(self) -> None:
        self.project_picker.observe(lambda _: self._update(experiments=True, keys=True), "value")
        self.experiment_picker.observe(lambda _: self._update(keys=True), "value")
        self.observe(lambda _: self._update(), "filter")
        self.column_chooser.observe(self._on_columns, "value")
        self.table.observe(lambda _: self._update(), "sort")
        self.table.observe(lambda _: self._update(first_page=False), "page")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.detail_button.on_click(lambda _: self.open_detail())
        self.compare_button.on_click(lambda _: self.open_compare())
        self.chart_button.on_click(lambda _: self.open_chart())
        self.clear_button.on_click(lambda _: setattr(self.table, "selected", []))

    def _on_columns(self, change: Any) -> None:
        if self._quiet:
            return
        self._chose_columns = True
        self.columns = list(change["new"])
        self._update(first_page=False)

    def refresh(self) -> None:
        """Re-read the projects, experiments, keys and the current page (what Refresh does)."""
        current = (self.project_picker.value or None, self.experiment_picker.value or None)
        self._update(pickers=current, keys=True, first_page=False)

    def _update(
        self,
        pickers: tuple[str | None, str | None] | None = None,
        experiments: bool = False,
        keys: bool = False,
        first_page: bool = True,
    ) -> None:
        """One user action: reload what it invalidates, then the page. Changes made here do not re-trigger
        (`_quiet`); any failure becomes the inline message and leaves an empty table, never stale rows."""
        if self._quiet:
            return
        self._quiet = True
        self.table.loading = True
        try:
            with inline_errors(self.error):
                if pickers is not None:
                    self._load_pickers(*pickers)
                elif experiments:
                    self._load_experiments(None)
                if keys:
                    self._load_keys()
                if first_page:
                    self.table.page = 1
                self._fetch_page()
            if self.error.message:
                self.table.rows, self.table.total = [], 0
        finally:
            self.table.loading = False
            self._quiet = False

    # --- fetching -----------------------------------------------------------------------------------------------

    def _load_pickers(self, project: str | None, experiment: str | None) -> None:
        projects = data.projects(self.client)
        self.project_picker.options = [("(all projects)", ALL), *projects]
        self.project_picker.value = _pick(projects, project, "project")
        self._load_experiments(experiment)

    def _load_experiments(self, experiment: str | None) -> None:
        experiments = data.experiments(self.client, self.project_picker.value)
        self.experiment_picker.options = [("(all experiments)", ALL), *experiments]
        self.experiment_picker.value = _pick(experiments, experiment, "experiment")

    def _load_keys(self) -> None:
        self._keys = data.discover_keys(self.client, self.project_picker.value, self.experiment_picker.value)
        options = [*self._keys, "tags"]
        if not self._chose_columns:
            self.columns = _default_columns(self._keys)
        self.column_chooser.options = [(_label(k) + f"  ({k})" if k != "tags" else "tags", k) for k in options]
        self.column_chooser.value = tuple(c for c in self.columns if c in options)

    def _fetch_page(self) -> None:
        page = data.runs_page(
            self.client,
            self.project_picker.value,
            self.experiment_picker.value,
            self.filter,
            self.table.sort,
            self.table.page,
            self.table.page_size,
            self.columns,
        )
        self.table.columns = [
            *BASE_COLUMNS,
            *({"id": c, "label": _label(c), "sortable": c != "tags"} for c in self.columns),
        ]
        self.table.rows = page.rows
        self.table.total = page.total

    # --- the selection and the views ----------------------------------------------------------------------------

    @property
    def selected(self) -> list[str]:
        """Ids of the selected runs (across pages), in selection order."""
        return list(self.table.selected)

    @selected.setter
    def selected(self, run_ids: list[str]) -> None:
        self.table.selected = list(run_ids)

    def _show(self, *views: w.Widget) -> None:
        for old in self.views.children:
            closer = getattr(old, "stop", None)
            if callable(closer):
                closer()
        self.views.children = list(views)

    def open_detail(self) -> list[Any]:
        from .detail import RunDetail

        if not self._need(1, None):
            return []
        views = [RunDetail(run_id, client=self.client) for run_id in self.selected[:MAX_COMPARE]]
        self._show(*views)
        return views

    def open_compare(self) -> Any:
        from .compare import RunCompare

        if not self._need(2, MAX_COMPARE):
            return None
        view = RunCompare(self.selected, client=self.client)
        self._show(view)
        return view

    def open_chart(self) -> Any:
        from .chart import MetricChart

        if not self._need(1, MAX_COMPARE):
            return None
        view = MetricChart(self.selected, client=self.client)
        self._show(view)
        return view

    def _need(self, least: int, most: int | None) -> bool:
        count = len(self.selected)
        if count < least or (most is not None and count > most):
            span = f"{least} to {most}" if most is not None else f"at least {least}"
            self.error.show(f"Select {span} runs (ticks in the first column); {count} selected.")
            return False
        self.error.clear()
        return True

    # --- static HTML ----------------------------------------------------------------------------------------------

    def to_html(self) -> str:
        columns = self.table.columns or BASE_COLUMNS
        header = [c["label"] for c in columns]
        rows = []
        for row in self.table.rows:
            values = [row.get(c["id"]) for c in columns]
            if "start_time" in [c["id"] for c in columns]:
                index = [c["id"] for c in columns].index("start_time")
                values[index] = fmt_ms(values[index])
            rows.append(values)
        page, size, total = self.table.page, self.table.page_size, self.table.total
        caption = f"runs {(page - 1) * size + 1 if total else 0}-{min(total, page * size)} of {total}"
        scope = f"filter: {self.filter}" if self.filter else "no filter"
        message = f"<p>{muted(self.error.message)}</p>" if self.error.message else ""
        return f"{message}<p>{muted(caption + ' · ' + scope)}</p>{html_table(header, rows)}"


def _pick(choices: list[tuple[str, str]], wanted: str | None, what: str) -> str:
    """The picker value for a name or id; unknown names are an error shown in the widget."""
    if not wanted:
        return ALL
    for name, ident in choices:
        if wanted in (name, ident):
            return ident
    known = ", ".join(fmt(n) for n, _ in choices[:20]) or "none"
    raise ValueError(f"no {what} named {wanted!r} (there are: {known})")
