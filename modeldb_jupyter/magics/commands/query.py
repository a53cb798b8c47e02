"""runs, show, compare, history: DataFrames, which Jupyter displays as tables (assign them to keep them)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError

from ..hooks import OBSERVATION_KEY
from ..parsing import CmdParser, unquote

if TYPE_CHECKING:
    import pandas as pd

    from modeldb_jupyter.client import ExperimentRun

    from ..session import Session

SHORT = 80
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
LIST_RUNS = "`%modeldb runs` lists the runs"


def quoted(text: str) -> str:
    """A string literal of the query language."""
    return "'" + "".join(_ESCAPES.get(c, c) for c in text) + "'"


def _scope(session: Session) -> dict[str, Any]:
    client = session.client
    if client.expt is not None:
        return {"experiment": client.expt}
    if client.proj is not None:
        return {"project": client.proj}
    return {}


def resolve_run(session: Session, ref: str | None) -> ExperimentRun:
    """A run by name (current experiment, else current project) or id; no ref: the active or last run."""
    if ref is None:
        run = session.run or session.last_run
        if run is None:
            raise UsageError(f"no active run: name one (e.g. `%modeldb show NAME`); {LIST_RUNS}")
        return run
    ref = unquote(ref)
    for known in (session.run, session.last_run):
        if known is not None and ref in (known.name, known.id):
            return known
    client = session.client
    saved = client.proj, client.expt, client.run  # get_experiment_run(id=) moves the client's context
    try:
        found = client.runs_df(filter=f"name == {quoted(ref)}", columns=["tags"], **_scope(session))
        if len(found) > 1:
            where = ", ".join(sorted(set(found["experiment"].astype(str))))
            raise UsageError(f"{len(found)} runs are named {ref!r} (experiments {where}): use the run's id")
        if len(found) == 0:
            found = client.runs_df(run_ids=[ref], columns=["tags"])
        if len(found) == 0:
            raise UsageError(f"no run named {ref!r} in {session.context()} (and no run with that id); {LIST_RUNS}")
        return client.get_experiment_run(id=str(found["id"].iloc[0]))
    finally:
        client.proj, client.expt, client.run = saved


# --- runs ------------------------------------------------------------------------------------------------------


def runs_parser() -> CmdParser:
    parser = CmdParser(
        "runs",
        "The runs of the current experiment (else project) as a DataFrame.\n"
        "Filter with the query language, e.g.\n"
        "  %modeldb runs --filter metrics.acc > 0.9 and hyperparameters.lr < 0.1 --order-by -metrics.acc",
    )
    parser.add_argument("--filter", nargs="+", default=[], metavar="EXPR", help="a query, e.g. metrics.acc > 0.9")
    parser.add_argument(
        "--order-by", action="append", default=[], metavar="KEY", help="sort key, '-' first for descending"
    )
    parser.add_argument("--limit", type=int, help="at most this many runs")
    parser.add_argument("--all", action="store_true", help="every project's runs")
    parser.add_argument("--attributes", action="store_true", help="include the attributes.* columns")
    return parser


def runs(session: Session, args: argparse.Namespace) -> pd.DataFrame:
    if args.limit is not None and args.limit < 0:
        raise UsageError("%modeldb runs: --limit must be 0 or more")
    text = " ".join(args.filter)
    query = unquote(text) if len(args.filter) == 1 else text
    columns = ["tags", "hyperparameters", "metrics", *(["attributes"] if args.attributes else [])]
    scope = {} if args.all else _scope(session)
    orders = [unquote(o) for o in args.order_by] or None
    return session.client.runs_df(filter=query, order_by=orders, limit=args.limit, columns=columns, **scope)


# --- show and compare -----------------------------------------------------------------------------------------


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > SHORT:
        return value[: SHORT - 1] + "…"
    if isinstance(value, dict | list):
        text = repr(value)
        return text if len(text) <= SHORT else text[: SHORT - 1] + "…"
    return value


def show_parser() -> CmdParser:
    parser = CmdParser("show", "One run as a table: status and times, hyperparameters, metrics, attributes, ...")
    parser.add_argument("run", nargs="?", help="a run name or id (default: the active or last run)")
    parser.add_argument("--widget", action="store_true", help="the RunDetail widget instead of a DataFrame")
    return parser


def show(session: Session, args: argparse.Namespace) -> Any:
    import pandas as pd

    run = resolve_run(session, args.run)
    if args.widget:
        from .browse import widgets_module

        return widgets_module().RunDetail(run.id, client=session.client)
    frame = session.client.runs_df(run_ids=[run.id])
    if frame.empty:
        raise UsageError(f"run {run.name!r} no longer exists; {LIST_RUNS}")
    row = frame.iloc[0]
    rows: list[tuple[str, str, Any]] = []
    for column in ("name", "id", "project", "experiment", "status", "start_time", "end_time", "duration"):
        rows.append(("run", column, row[column]))
    rows.append(("run", "tags", ", ".join(row["tags"]) if row["tags"] else ""))
    for column in frame.columns:
        field, _, key = column.partition(".")
        if key and not _missing(row[column]):
            rows.append((field, key, _short(row[column])))
    rows.extend(("artifacts", key, "") for key in run.get_artifact_keys())
    cells = run.get_observations().get(OBSERVATION_KEY, [])
    rows.append(("cells", "recorded", len(cells)))
    index = pd.MultiIndex.from_tuples([(s, k) for s, k, _ in rows], names=["section", "key"])
    return pd.DataFrame({"value": [v for _, _, v in rows]}, index=index)


def _missing(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def compare_parser() -> CmdParser:
    parser = CmdParser("compare", "Runs side by side: one column per run; hyperparameters and metrics as rows.")
    parser.add_argument("runs", nargs="+", metavar="RUN", help="two or more run names or ids")
    parser.add_argument("--diff", action="store_true", help="only the rows where the runs differ")
    parser.add_argument("--widget", action="store_true", help="the RunCompare widget (2-10 runs) instead")
    return parser


def compare(session: Session, args: argparse.Namespace) -> Any:
    if len(args.runs) < 2:
        raise UsageError("%modeldb compare: name at least two runs, e.g. `%modeldb compare baseline tuned`")
    chosen = [resolve_run(session, ref) for ref in args.runs]
    ids = list(dict.fromkeys(r.id for r in chosen))
    if args.widget:
        from .browse import widgets_module

        return widgets_module().RunCompare(ids, client=session.client, only_differences=args.diff)
    frame = session.client.runs_df(run_ids=ids, columns=["hyperparameters", "metrics"])
    frame = frame.set_index("id").loc[ids]
    names = list(frame["name"])
    labels = [n if names.count(n) == 1 else f"{n} ({i[:8]})" for n, i in zip(names, ids, strict=True)]
    keep = ["status", "duration"] + [c for c in frame.columns if c.startswith(("hyperparameters.", "metrics."))]
    table = frame[keep].T
    table.columns = labels
    if args.diff:
        differs = table.astype(str).nunique(axis=1) > 1
        table = table[differs]
    return table


# --- history --------------------------------------------------------------------------------------------------


def history_parser() -> CmdParser:
    parser = CmdParser("history", "A run's cell log (the cells recorded while it was active), oldest first.")
    parser.add_argument("run", nargs="?", help="a run name or id (default: the active or last run)")
    return parser


def history(session: Session, args: argparse.Namespace) -> pd.DataFrame:
    import pandas as pd

    run = resolve_run(session, args.run)
    cells = run.get_observations().get(OBSERVATION_KEY, [])
    rows = []
    for value, timestamp, epoch in cells:
        record = value if isinstance(value, dict) else {}
        error = record.get("error") or {}
        source = str(record.get("source", ""))
        rows.append(
            {
                "epoch": epoch,
                "execution_count": record.get("execution_count"),
                "cell_id": record.get("cell_id"),
                "start": dt.datetime.fromtimestamp(timestamp / 1000, tz=dt.UTC),
                "duration_ms": record.get("duration_ms"),
                "outcome": record.get("outcome"),
                "error": f"{error.get('type')}: {error.get('message')}" if error else None,
                "assigned": ", ".join(record.get("assigned", [])),
                "warnings": ", ".join(w.get("kind", "") for w in record.get("warnings", [])),
                "source": _short(source.splitlines()[0] if source else ""),
            }
        )
    columns = ["epoch", "execution_count", "cell_id", "start", "duration_ms", "outcome", "error", "assigned"]
    return pd.DataFrame(rows, columns=[*columns, "warnings", "source"])
