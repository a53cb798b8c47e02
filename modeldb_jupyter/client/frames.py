"""pandas DataFrames of runs, metric series, projects, experiments and the audit trail.

Filtering, sorting, limits and column selection run in the backend: runs_df reads pages of queryRunColumns
(run_columns.py), the other frames pages of PAGE_SIZE rows, until the limit or the end. pandas is imported
only here, when a DataFrame is asked for.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from modeldb_backend.pb.ext import extension_pb2
from modeldb_backend.pb.modeldb import experiment_service_pb2 as expt_pb2
from modeldb_backend.pb.modeldb import project_service_pb2 as proj_pb2

from .batches import STATUS_NAMES
from .entities import ExperimentRun
from .errors import UnknownColumnError
from .progress import progress
from .protos import TypedRequest, kv_dict
from .run_columns import Pages, fetch_pages, key_names, key_series

if TYPE_CHECKING:
    import pandas as pd

    from .client import Client

PAGE_SIZE = 1000
HISTORY_CHUNK = 200  # runs per getMetricHistory request
BASE_COLUMNS = ("id", "name", "project", "experiment", "status", "start_time", "end_time", "duration")
EXTRA_COLUMNS = ("project_id", "experiment_id", "description", "owner", "date_created", "date_updated", "tags")
KEY_FIELDS = ("hyperparameters", "metrics", "attributes")
_ALIASES = {"params": "hyperparameters", "hpp": "hyperparameters", "metric": "metrics", "attrs": "attributes"}


# --- runs ------------------------------------------------------------------------------------------------------


def runs_df(
    client: Client,
    project: Any = None,
    experiment: Any = None,
    filter: str = "",
    order_by: Sequence[str] | str | None = None,
    limit: int | None = None,
    columns: Sequence[str] | None = None,
    run_ids: Iterable[str] | None = None,
    progress_bar: bool | None = None,
) -> pd.DataFrame:
    """One row per run.

    Columns: id, name, project, experiment, status, start_time, end_time (datetime64[ms, UTC]), duration,
    then tags and `hyperparameters.<k>`, `metrics.<k>`, `attributes.<k>` (numbers float64 / Int64, booleans
    boolean, strings str, anything else object). `columns` limits them (whole fields such as "metrics" or
    single keys such as "metrics.acc"); `filter` is the query language, e.g.
    "metrics.acc > 0.9 and (hyperparameters.lr < 0.01 or tags contains 'baseline')"; `order_by` keys sort,
    "-" first for descending. Without project or experiment, every run is included.
    """
    if not isinstance(filter, str):
        raise TypeError(f"filter must be a query string, got {type(filter).__name__}")
    wanted = _parse_columns(columns)
    orders = [order_by] if isinstance(order_by, str) else list(order_by or ["-date_created"])
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be a non-negative integer, got {limit!r}")
    base = {
        "project_id": _project_id(client, project),
        "experiment_id": _experiment_id(client, experiment, project),
        "experiment_run_ids": [str(i) for i in run_ids or []],
        "query": filter,
        "order_by": orders,
        "columns": _server_columns(wanted),
    }
    client.flush_for_reading()
    pages = fetch_pages(client, base, limit, progress_bar)
    return _runs_frame(client, base, pages, wanted)


def query_page(client: Client, base: dict[str, Any], number: int, size: int) -> extension_pb2.QueryRuns.Response:
    """One page of queryRuns (`base`: its other fields); the widgets page through runs with it."""
    return client.call(extension_pb2.QueryRuns(page_number=number, page_limit=size, **base))


def _parse_columns(columns: Sequence[str] | None) -> list[str] | None:
    """Validated column names; None means all. Unknown fields fail here, before any request."""
    if columns is None:
        return None
    if isinstance(columns, str):
        columns = [columns]
    out: list[str] = []
    for column in columns:
        if not isinstance(column, str):
            raise TypeError(f"columns must be strings, got {column!r}")
        field, _, key = column.partition(".")
        if column in BASE_COLUMNS or column in EXTRA_COLUMNS or (field in KEY_FIELDS and (key or column == field)):
            out.append(column)
            continue
        hint = _ALIASES.get(field)
        suggestion = f"{hint}.{key}" if hint and key else hint
        if suggestion is None:
            close = difflib.get_close_matches(column, [*BASE_COLUMNS, *EXTRA_COLUMNS, *KEY_FIELDS], n=1)
            suggestion = close[0] if close else None
        fix = f"; did you mean {suggestion!r}?" if suggestion else ""
        raise UnknownColumnError(
            f"unknown column {column!r}{fix} Columns are {', '.join(BASE_COLUMNS + EXTRA_COLUMNS)}, "
            "whole fields (hyperparameters, metrics, attributes) or single keys such as 'metrics.acc'"
        )
    return out


def _server_columns(wanted: list[str] | None) -> list[str]:
    """What the backend should send: key-value fields and keys requested (plus tags when asked for)."""
    if wanted is None:
        return []
    parts = [c for c in wanted if c.partition(".")[0] in KEY_FIELDS or c == "tags"]
    return parts or ["tags"]  # a non-empty list that carries no key-values: only the run's scalar columns


def _project_id(client: Client, project: Any) -> str:
    if project is None or project == "":
        return ""
    if hasattr(project, "id") and hasattr(project, "experiments"):
        return str(project.id)
    if not isinstance(project, str):
        raise TypeError(f"project must be a Project, a name or an id, got {type(project).__name__}")
    found = client._project_by_name(project)
    if found is not None:
        return found.id
    return client._project_by_id(project).id


def _experiment_id(client: Client, experiment: Any, project: Any) -> str:
    if experiment is None or experiment == "":
        return ""
    if hasattr(experiment, "id") and hasattr(experiment, "expt_runs") and hasattr(experiment, "project_id"):
        return str(experiment.id)
    if not isinstance(experiment, str):
        raise TypeError(f"experiment must be an Experiment, a name or an id, got {type(experiment).__name__}")
    project_id = _project_id(client, project) or (client.proj.id if client.proj else "")
    if project_id:
        found = client._experiment_by_name(experiment, project_id)
        if found is not None:
            return found.id
    return client._experiment_by_id(experiment).id


def _runs_frame(client: Client, base: dict[str, Any], pages: Pages, wanted: list[str] | None) -> pd.DataFrame:
    import pandas as pd

    runs = pages.runs
    names = pages.names  # the backend names them in its answer: no round trip of our own
    data: dict[str, Any] = {
        "id": runs["ids"],
        "name": runs["names"],
        "project": [names.get(i) for i in runs["project_ids"]],
        "experiment": [names.get(i) for i in runs["experiment_ids"]],
        "status": [STATUS_NAMES.get(s) if s else None for s in runs["statuses"]],
        "start_time": _datetimes(runs["start_times"]),
        "end_time": _datetimes(runs["end_times"]),
    }
    data["duration"] = (data["end_time"] - data["start_time"]).astype("timedelta64[ms]")
    extras: dict[str, Callable[[], Any]] = {
        "project_id": lambda: runs["project_ids"],
        "experiment_id": lambda: runs["experiment_ids"],
        "description": lambda: runs["descriptions"],
        "owner": lambda: runs["owners"],
        "date_created": lambda: _datetimes(runs["date_created"]),
        "date_updated": lambda: _datetimes(runs["date_updated"]),
        "tags": lambda: pd.Series(pages.tags if pages.tags else [[] for _ in range(pages.rows())], dtype=object),
    }
    for column in wanted if wanted is not None else ["tags"]:
        if column in extras:
            data[column] = extras[column]()
    for column in key_names(pages, wanted, KEY_FIELDS):
        field, _, key = column.partition(".")
        series, present = key_series(pages, field, key)
        if not present:
            _check_known(client, base, column)
        data[column] = series
    return pd.DataFrame(data)


def entity_names(client: Client, project_ids: Iterable[str], experiment_ids: Iterable[str] = ()) -> dict[str, str]:
    """Names of projects and experiments by id (one find per thousand ids, however many runs)."""
    names: dict[str, str] = {}
    project_ids = sorted(set(project_ids) - {""})
    experiment_ids = sorted(set(experiment_ids) - {""})
    for start in range(0, len(project_ids), PAGE_SIZE):
        ids = project_ids[start : start + PAGE_SIZE]
        projects = client.call(proj_pb2.FindProjects(project_ids=ids, page_number=1, page_limit=len(ids))).projects
        names.update((p.id, p.name) for p in projects)
    for start in range(0, len(experiment_ids), PAGE_SIZE):
        ids = experiment_ids[start : start + PAGE_SIZE]
        msg = expt_pb2.FindExperiments(experiment_ids=ids, page_number=1, page_limit=len(ids))
        names.update((e.id, e.name) for e in client.call(msg).experiments)
    return names


def _datetimes(ms: Sequence[int | None]) -> pd.Series:
    import pandas as pd

    values = pd.array([m if m else None for m in ms], dtype="Int64")
    return pd.Series(pd.to_datetime(values, unit="ms", utc=True)).astype("datetime64[ms, UTC]")


def _check_known(client: Client, base: dict[str, Any], column: str) -> None:
    """None of the selected runs has `column`: fine if some run in scope has it (the filter excluded them),
    else the name is wrong. Sorting by the key puts runs that have it first, so one row tells."""
    scope = {**base, "query": "", "order_by": [f"-{column}"], "columns": [column]}
    field, _, key = column.partition(".")
    first = query_page(client, scope, 1, 1).experiment_runs
    if first and key in _field_values(first[0], field):
        return
    sample = query_page(client, {**scope, "order_by": ["-date_updated"], "columns": [field]}, 1, 100)
    present = sorted({k for run in sample.experiment_runs for k in _field_values(run, field)})
    close = difflib.get_close_matches(key, present, n=3)
    hint = f"; did you mean {', '.join(f'{field}.{c}' for c in close)}?" if close else ""
    raise UnknownColumnError(
        f"no run here has {column!r}{hint} ({field} of recent runs: {', '.join(present[:20]) or 'none'})"
    )


def _field_values(run: Any, field: str) -> dict[str, Any]:
    return kv_dict(getattr(run, field), numbers_as_float=field == "metrics")


def _typed(values: list[Any], field: str) -> Any:
    """float64 for metrics; Int64 / float64 / boolean / str / object by content for the others."""
    import pandas as pd

    if field == "metrics":
        return pd.Series([float(v) if isinstance(v, int | float) else None for v in values], dtype="float64")
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pd.Series(values, dtype="boolean")
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        if all(isinstance(v, int) for v in present):
            return pd.Series(values, dtype="Int64")
        return pd.Series([None if v is None else float(v) for v in values], dtype="float64")
    if present and all(isinstance(v, str) for v in present):
        return pd.Series(values, dtype="str")
    return pd.Series(values, dtype=object)


# --- metric series --------------------------------------------------------------------------------------------


def _run_ids(runs: Any) -> list[str]:
    if isinstance(runs, str | ExperimentRun):
        runs = [runs]
    if hasattr(runs, "columns") and "id" in getattr(runs, "columns", ()):
        runs = list(runs["id"])
    ids = []
    for run in runs:
        ids.append(run if isinstance(run, str) else str(run.id))
    return ids


def metric_history_df(client: Client, runs: Any, keys: Any = None) -> pd.DataFrame:
    """Long form: run (id), key, step (int64), value (float64), timestamp (datetime64[ms, UTC])."""
    import numpy as np
    import pandas as pd

    ids = _run_ids(runs)
    wanted = [keys] if isinstance(keys, str) else list(keys or [])
    parts: dict[str, list[Any]] = {"run": [], "key": [], "step": [], "value": [], "timestamp": []}
    for start in range(0, len(ids), HISTORY_CHUNK):
        for series in client.metric_history(ids[start : start + HISTORY_CHUNK], wanted):
            n = len(series.steps)
            parts["run"].append(np.full(n, series.run_id, dtype=object))
            parts["key"].append(np.full(n, series.key, dtype=object))
            parts["step"].append(np.asarray(series.steps, dtype="int64"))
            parts["value"].append(np.asarray(series.values, dtype="float64"))
            parts["timestamp"].append(np.asarray(series.timestamps, dtype="int64"))
    cat = {k: np.concatenate(v) if v else np.array([], dtype=_EMPTY[k]) for k, v in parts.items()}
    return pd.DataFrame(
        {
            "run": pd.Series(cat["run"], dtype="str"),
            "key": pd.Series(cat["key"], dtype="str"),
            "step": cat["step"],
            "value": cat["value"],
            "timestamp": pd.to_datetime(cat["timestamp"], unit="ms", utc=True).astype("datetime64[ms, UTC]"),
        }
    )


_EMPTY: dict[str, Any] = {"run": object, "key": object, "step": "int64", "value": "float64", "timestamp": "int64"}


# --- projects, experiments, audit -----------------------------------------------------------------------------


def all_pages(
    client: Client, request_cls: Callable[..., TypedRequest[Any]], field: str, show: bool | None, **fields: Any
) -> Iterator[Any]:
    """Every item of a paged find RPC (`request_cls`, e.g. FindProjects; `field` of its answers), page after
    page, with a progress bar."""
    first = client.call(request_cls(page_number=1, page_limit=PAGE_SIZE, **fields))
    pages = -(-first.total_records // PAGE_SIZE)
    with progress(pages, field, "page", show) as update:
        response, number = first, 1
        while True:
            update(1)
            yield from getattr(response, field)
            if len(getattr(response, field)) < PAGE_SIZE or number >= pages:
                return
            number += 1
            response = client.call(request_cls(page_number=number, page_limit=PAGE_SIZE, **fields))


def projects_df(client: Client, progress_bar: bool | None = None) -> pd.DataFrame:
    import pandas as pd

    rows = list(all_pages(client, proj_pb2.FindProjects, "projects", progress_bar, sort_key="date_created"))
    return pd.DataFrame(
        {
            "id": [p.id for p in rows],
            "name": [p.name for p in rows],
            "description": [p.description for p in rows],
            "tags": pd.Series([list(p.tags) for p in rows], dtype=object),
            "date_created": _datetimes([p.date_created for p in rows]),
            "date_updated": _datetimes([p.date_updated for p in rows]),
            **_attr_columns(rows),
        }
    )


def experiments_df(client: Client, project: Any = None, progress_bar: bool | None = None) -> pd.DataFrame:
    import pandas as pd

    project_id = _project_id(client, project)
    rows = list(all_pages(client, expt_pb2.FindExperiments, "experiments", progress_bar, project_id=project_id))
    names = entity_names(client, (e.project_id for e in rows))
    return pd.DataFrame(
        {
            "id": [e.id for e in rows],
            "name": [e.name for e in rows],
            "project": [names.get(e.project_id) for e in rows],
            "project_id": [e.project_id for e in rows],
            "description": [e.description for e in rows],
            "tags": pd.Series([list(e.tags) for e in rows], dtype=object),
            "date_created": _datetimes([e.date_created for e in rows]),
            "date_updated": _datetimes([e.date_updated for e in rows]),
            **_attr_columns(rows),
        }
    )


def _attr_columns(rows: list[Any]) -> dict[str, Any]:
    values = [kv_dict(r.attributes) for r in rows]
    keys = sorted({k for d in values for k in d})
    return {f"attributes.{k}": _typed([d.get(k) for d in values], "attributes") for k in keys}


def audit_df(
    client: Client,
    entity: Any = None,
    entity_type: str = "",
    action: str = "",
    actor: str = "",
    since: Any = None,
    until: Any = None,
    descending: bool = False,
    progress_bar: bool | None = None,
) -> pd.DataFrame:
    """Audit records, oldest first: id, timestamp, actor, action, entity_type, entity_id, changes (dict)."""
    import pandas as pd
    from google.protobuf import json_format

    from .protos import to_ms

    entity_id = entity if isinstance(entity, str) else (str(entity.id) if entity is not None else "")
    fields = {
        "entity_id": entity_id,
        "entity_type": entity_type or getattr(entity, "_kind", ""),
        "action": action,
        "actor": actor,
        "since": to_ms(since) if since is not None else 0,
        "until": to_ms(until) if until is not None else 0,
        "descending": descending,
    }
    client.flush_for_reading()
    rows = list(all_pages(client, extension_pb2.FindAuditRecords, "records", progress_bar, **fields))
    return pd.DataFrame(
        {
            "id": pd.Series([r.id for r in rows], dtype="int64"),
            "timestamp": _datetimes([r.timestamp for r in rows]),
            "actor": [r.actor for r in rows],
            "action": [r.action for r in rows],
            "entity_type": [r.entity_type for r in rows],
            "entity_id": [r.entity_id for r in rows],
            "changes": pd.Series([json_format.MessageToDict(r.changes) for r in rows], dtype=object),
        }
    )


__all__ = ["audit_df", "experiments_df", "metric_history_df", "projects_df", "runs_df"]
