"""`RunTable`: the one custom view (anywidget; a plain ES module, no labextension to build). It shows the page
of rows Python put in its traits; clicking a header sets `sort`, the pager sets `page`, checkboxes set
`selected`. RunBrowser observes those and fetches."""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets as t

HERE = Path(__file__).parent


class RunTable(anywidget.AnyWidget):
    """A page of runs: `columns` [{id, label, sortable}], `rows` [{id, name, <column id>: value}]."""

    _esm = HERE / "table.js"
    _css = HERE / "table.css"

    columns = t.List(t.Dict()).tag(sync=True)
    rows = t.List(t.Dict()).tag(sync=True)
    sort = t.Unicode("-date_created").tag(sync=True)
    page = t.Int(1).tag(sync=True)
    page_size = t.Int(25).tag(sync=True)
    total = t.Int(0).tag(sync=True)
    selected = t.List(t.Unicode()).tag(sync=True)
    loading = t.Bool(False).tag(sync=True)
