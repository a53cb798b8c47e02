"""browse: the RunBrowser widget over the current project/experiment (needs ipywidgets and anywidget)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError

from ..parsing import CmdParser, unquote

if TYPE_CHECKING:
    from ..session import Session


def widgets_module() -> Any:
    """modeldb_jupyter.widgets, or a UsageError saying what to install."""
    try:
        from modeldb_jupyter import widgets
    except ImportError as exc:
        raise UsageError(f"the widgets need ipywidgets>=8.1 and anywidget>=0.9 ({exc}): pip install them") from None
    return widgets


def browse_parser() -> CmdParser:
    parser = CmdParser(
        "browse",
        "Browse runs in a widget: project and experiment pickers, a filter, a paged sortable table, a column\n"
        "chooser, and buttons that open the selected runs in detail, side by side or as metric charts.\n"
        "  %modeldb browse --filter metrics.acc > 0.9 --order-by -metrics.acc",
    )
    parser.add_argument("--filter", nargs="+", default=[], metavar="EXPR", help="a query, e.g. metrics.acc > 0.9")
    parser.add_argument("--order-by", default="-date_created", metavar="KEY", help="sort key, '-' for descending")
    parser.add_argument("--all", action="store_true", help="start with every project's runs")
    parser.add_argument("--page-size", type=int, default=25, metavar="N", help="rows per page (default 25)")
    return parser


def browse(session: Session, args: argparse.Namespace) -> Any:
    if args.page_size < 1:
        raise UsageError("%modeldb browse: --page-size must be 1 or more")
    widgets = widgets_module()
    text = " ".join(args.filter)
    query = unquote(text) if len(args.filter) == 1 else text
    client = session.client
    project = None if args.all or client.proj is None else client.proj.id
    experiment = None if args.all or client.expt is None else client.expt.id
    return widgets.RunBrowser(
        project=project,
        experiment=experiment,
        filter=query,
        order_by=unquote(args.order_by),
        page_size=args.page_size,
        client=client,
    )
