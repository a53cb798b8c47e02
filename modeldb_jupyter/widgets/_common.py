"""What the four views share: the client they read through, errors shown inline, value formatting, and the
static-HTML half of their MIME bundles (so a notebook exported to HTML, or a front end without widgets,
still shows the data)."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import math
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as w

import modeldb_jupyter.client
from modeldb_jupyter.client import ModelDBError, NotFoundError, QuerySyntaxError, UnavailableError

if TYPE_CHECKING:
    from modeldb_jupyter.client import Client

STYLE = (
    "<style>.mdbw table{border-collapse:collapse;font-size:12px}"
    ".mdbw th,.mdbw td{border-bottom:1px solid #ddd;padding:2px 8px;text-align:left;vertical-align:top}"
    ".mdbw th{background:#f3f3f3}.mdbw .mdbw-diff td{background:#fff3cd}"
    ".mdbw h4{margin:10px 0 4px 0}.mdbw .mdbw-muted{color:#777}</style>"
)


def default_client(runs: Any = None) -> Client:
    """The client of the runs given as objects (what logged them reads them back at once), else the `%modeldb`
    magics' client when they are loaded, else one shared `Client()` (url → $MODELDB_URL → this Jupyter server
    → the embedded store)."""
    for run in runs if isinstance(runs, list | tuple) else [runs]:
        owner = getattr(run, "_client", None)
        if isinstance(owner, modeldb_jupyter.client.Client):
            return owner
    return modeldb_jupyter.client.default_client()


def describe_error(exc: BaseException) -> str:
    """One line a user can act on: what went wrong, and that Refresh retries."""
    text = exc.message if isinstance(exc, ModelDBError) else (str(exc) or type(exc).__name__)
    if isinstance(exc, UnavailableError):
        return f"The ModelDB backend is not answering ({text}). Press Refresh to try again."
    if isinstance(exc, NotFoundError):
        return f"Not found: {text} (it may have been deleted). Press Refresh after fixing the selection."
    if isinstance(exc, QuerySyntaxError):
        return f"Filter error: {text}"
    if isinstance(exc, ModelDBError):
        return f"{type(exc).__name__}: {text}"
    return f"{type(exc).__name__}: {text}. Press Refresh to try again."


class ErrorBox(w.HTML):
    """An inline message area: empty and hidden when all is well."""

    def __init__(self) -> None:
        super().__init__(value="", layout=w.Layout(display="none"))
        self.add_class("mdbw-error")

    def show(self, message: str) -> None:
        self.value = (
            '<div style="color:#a94442;background:#f2dede;border:1px solid #ebccd1;padding:4px 8px;'
            f'border-radius:3px">{html.escape(message)}</div>'
        )
        self.layout.display = ""

    def clear(self) -> None:
        self.value = ""
        self.layout.display = "none"

    @property
    def message(self) -> str:
        """The message shown, as text (empty when none)."""
        if not self.value:
            return ""
        inner = self.value.split(">", 1)[1].rsplit("</div>", 1)[0]
        return html.unescape(inner)


@contextlib.contextmanager
def inline_errors(box: ErrorBox) -> Iterator[None]:
    """Whatever fails inside (bad filter, deleted run, backend gone, a bug) becomes the box's message, never a
    traceback in the output area; success clears it."""
    try:
        yield
    except Exception as exc:  # a widget callback has no caller to hand the error to: show it
        box.show(describe_error(exc))
    else:
        box.clear()


def json_safe(value: Any) -> Any:
    """A value the widget protocol (JSON) can carry: NaN/inf as text, datetimes as ISO strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def fmt(value: Any) -> str:
    """A cell's text: numbers to 6 significant digits, lists joined, nothing for missing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list):
        return ", ".join(fmt(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={fmt(v)}" for k, v in value.items())
    return str(value)


def fmt_ms(ms: int | None) -> str:
    """A timestamp in ms as UTC text, empty when unset."""
    if not ms:
        return ""
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def html_table(header: Sequence[str], rows: Sequence[Sequence[Any]], row_classes: Sequence[str] = ()) -> str:
    """A static table (values escaped)."""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        css = f' class="{row_classes[i]}"' if i < len(row_classes) and row_classes[i] else ""
        cells = "".join(f"<td>{html.escape(fmt(v))}</td>" for v in row)
        body.append(f"<tr{css}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def section(title: str, content: str) -> str:
    return f"<h4>{html.escape(title)}</h4>{content}"


def muted(text: str) -> str:
    return f'<span class="mdbw-muted">{html.escape(text)}</span>'


class HtmlFallback(w.VBox):
    """The views' base (each is a VBox): their MIME bundle carries `text/html` next to the widget view, so front
    ends without widget support (and HTML exports) show the same information."""

    def to_html(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        data: dict[str, Any] = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = f'<div class="mdbw">{STYLE}{self.to_html()}</div>'
        return data
