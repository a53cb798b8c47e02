"""Everything the views show, fetched through the Python client (the browser never calls the REST API, so
authentication stays in Python). Values come back as plain JSON-able Python: widgets sync them as traits.

Runs are read with the client's queryRuns call, one page at a time: the backend filters, sorts, counts and
pages (LIMIT/OFFSET), so a table over 10,000 runs moves one page of rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from google.protobuf import json_format

from modeldb_backend.pb.ext import extension_pb2
from modeldb_backend.pb.modeldb import experiment_service_pb2 as expt_pb2
from modeldb_backend.pb.modeldb import project_service_pb2 as proj_pb2
from modeldb_jupyter.client import NotFoundError
from modeldb_jupyter.client.batches import STATUS_NAMES
from modeldb_jupyter.client.frames import KEY_FIELDS, all_pages, entity_names, query_page
from modeldb_jupyter.client.protos import kv_dict, plain

from ._common import json_safe

if TYPE_CHECKING:
    from modeldb_jupyter.client import Client

CELL_LOG_KEY = "cell"  # the observation key of the magics' cell log (magics/hooks.py OBSERVATION_KEY)
NOTEBOOK_ARTIFACT = "notebook.ipynb"
KEY_SAMPLE = 200  # recent runs whose keys populate the column chooser


@dataclass
class RunsPage:
    rows: list[dict[str, Any]]
    total: int


@dataclass
class RunInfo:
    id: str
    name: str
    status: str | None
    values: dict[str, Any] = field(default_factory=dict)  # "metrics.acc" → value, "tags" → [...]


def _status(state: Any) -> str | None:
    return STATUS_NAMES.get(state.status) if state is not None and state.status else None


def _query(client: Client, base: dict[str, Any], page: int, size: int) -> tuple[list[Any], dict[str, Any], int]:
    response = query_page(client, base, page, size)
    return list(response.experiment_runs), {s.run_id: s for s in response.states}, int(response.total_records)


def _base(
    project_id: str = "",
    experiment_id: str = "",
    query: str = "",
    order_by: Sequence[str] = (),
    columns: Sequence[str] = ("tags",),
    run_ids: Sequence[str] = (),
) -> dict[str, Any]:
    return {
        "project_id": project_id,
        "experiment_id": experiment_id,
        "experiment_run_ids": list(run_ids),
        "query": query,
        "order_by": list(order_by) or ["-date_created"],
        "columns": list(columns) or ["tags"],  # a non-empty list: only the parts asked for are loaded
    }


def _values(run: Any, columns: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    wanted = set(columns)
    for part in KEY_FIELDS:
        if part in wanted or any(c.startswith(part + ".") for c in wanted):
            for key, value in kv_dict(getattr(run, part), numbers_as_float=part == "metrics").items():
                out[f"{part}.{key}"] = value
    if "tags" in wanted:
        out["tags"] = list(run.tags)
    return out


# --- projects, experiments, keys -------------------------------------------------------------------------------


def projects(client: Client) -> list[tuple[str, str]]:
    """(name, id) of every project, by name."""
    rows = all_pages(client, proj_pb2.FindProjects, "projects", False, sort_key="name", ascending=True)
    return sorted(((p.name, p.id) for p in rows), key=lambda pair: pair[0].lower())


def experiments(client: Client, project_id: str) -> list[tuple[str, str]]:
    """(name, id) of the project's experiments, by name."""
    if not project_id:
        return []
    rows = all_pages(client, expt_pb2.FindExperiments, "experiments", False, project_id=project_id)
    return sorted(((e.name, e.id) for e in rows), key=lambda pair: pair[0].lower())


def discover_keys(client: Client, project_id: str, experiment_id: str) -> list[str]:
    """`field.key` columns the recent runs in scope carry (hyperparameters, metrics, attributes)."""
    base = _base(project_id, experiment_id, order_by=["-date_updated"], columns=KEY_FIELDS)
    runs, _, _ = _query(client, base, 1, KEY_SAMPLE)
    found: set[str] = set()
    for run in runs:
        for part in KEY_FIELDS:
            found.update(f"{part}.{kv.key}" for kv in getattr(run, part))
    return sorted(found, key=lambda c: (KEY_FIELDS.index(c.partition(".")[0]), c))


# --- runs ----------------------------------------------------------------------------------------------------


def runs_page(
    client: Client,
    project_id: str,
    experiment_id: str,
    query: str,
    order_by: str,
    page: int,
    page_size: int,
    columns: Sequence[str],
) -> RunsPage:
    """One page (1-based) of runs in scope, filtered and sorted by the backend, with the total count."""
    client.flush_for_reading()
    base = _base(project_id, experiment_id, query, [order_by] if order_by else [], [*columns, "tags"])
    runs, states, total = _query(client, base, max(page, 1), page_size)
    names = entity_names(client, (), (r.experiment_id for r in runs))
    rows = []
    for run in runs:
        state = states.get(run.id)
        start = int(getattr(state, "start_time", 0) or run.start_time or 0)
        end = int(getattr(state, "end_time", 0) or run.end_time or 0)
        row = {
            "id": run.id,
            "name": run.name,
            "status": _status(state) or "",
            "experiment": names.get(run.experiment_id, ""),
            "start_time": start or None,
            "duration": (end - start) if start and end else None,
            **_values(run, columns),
        }
        rows.append(json_safe(row))
    return RunsPage(rows, total)


def run_infos(client: Client, run_ids: Sequence[str], columns: Sequence[str] = ("tags",)) -> dict[str, RunInfo]:
    """The runs that exist among `run_ids` (deleted ones are missing), with the asked-for values."""
    if not run_ids:
        return {}
    client.flush_for_reading()
    base = _base(run_ids=run_ids, columns=[*columns, "tags"], order_by=["name"])
    runs, states, _ = _query(client, base, 1, len(run_ids))
    return {r.id: RunInfo(r.id, r.name, _status(states.get(r.id)), _values(r, columns)) for r in runs}


# --- one run ---------------------------------------------------------------------------------------------------


def run_detail(client: Client, run_id: str) -> dict[str, Any]:
    """Everything about one run as plain data; NotFoundError when it does not exist (any more)."""
    run = client.run_message(run_id)
    if not run.id:
        raise NotFoundError(f"run {run_id} does not exist")
    states = client.run_states([run_id])
    state = next((s for s in states if s.run_id == run_id), None)
    names = entity_names(client, [run.project_id], [run.experiment_id])
    observations: dict[str, list[dict[str, Any]]] = {}
    for obs in run.observations:
        epoch = int(obs.epoch_number.number_value) if obs.HasField("epoch_number") else None
        item = {"value": plain(obs.attribute.value), "timestamp": int(obs.timestamp), "epoch": epoch}
        observations.setdefault(obs.attribute.key, []).append(item)
    cells = observations.pop(CELL_LOG_KEY, [])
    detail = {
        "id": run.id,
        "name": run.name,
        "description": run.description,
        "project": names.get(run.project_id, run.project_id),
        "experiment": names.get(run.experiment_id, run.experiment_id),
        "owner": run.owner,
        "status": _status(state) or "",
        "start_time": int(getattr(state, "start_time", 0) or run.start_time or 0) or None,
        "end_time": int(getattr(state, "end_time", 0) or run.end_time or 0) or None,
        "hyperparameters": kv_dict(run.hyperparameters),
        "metrics": kv_dict(run.metrics, numbers_as_float=True),
        "attributes": kv_dict(run.attributes),
        "tags": list(run.tags),
        "observations": observations,
        "cells": [_cell(c) for c in cells],
        "artifacts": [_artifact(a) for a in run.artifacts],
        "datasets": [_dataset(client, d) for d in run.datasets],
        "code": json_format.MessageToDict(run.code_version_snapshot, preserving_proto_field_name=True),
        "audit": _audit(client, run_id),
    }
    return {key: json_safe(value) for key, value in detail.items()}


def _cell(item: dict[str, Any]) -> dict[str, Any]:
    record = item["value"] if isinstance(item["value"], dict) else {}
    error = record.get("error") or {}
    return {
        "epoch": item["epoch"],
        "execution_count": record.get("execution_count"),
        "timestamp": item["timestamp"],
        "duration_ms": record.get("duration_ms"),
        "outcome": record.get("outcome"),
        "error": f"{error.get('type')}: {error.get('message')}" if error else "",
        "source": str(record.get("source", "")),
    }


def _artifact(art: Any) -> dict[str, Any]:
    return {
        "key": art.key,
        "path": art.path,
        "path_only": bool(art.path_only),
        "type": json_format.MessageToDict(art, preserving_proto_field_name=True).get("artifact_type", "IMAGE"),
        "uploaded": bool(art.upload_completed) or bool(art.path_only),
    }


def _dataset(client: Client, linked: Any) -> dict[str, Any]:
    out = {"key": linked.key, "version_id": linked.linked_artifact_id, "dataset": "", "version": ""}
    if not linked.linked_artifact_id:
        return out
    try:
        version = client.get_dataset_version(linked.linked_artifact_id)
    except NotFoundError:
        out["dataset"] = "(deleted)"
        return out
    msg = version._msg
    out["version"] = str(getattr(msg, "version", "") or "")
    dataset_id = str(getattr(msg, "dataset_id", "") or "")
    if dataset_id:
        try:
            out["dataset"] = client.get_dataset(id=dataset_id).name
        except NotFoundError:
            out["dataset"] = "(deleted)"
    return out


def _audit(client: Client, run_id: str) -> list[dict[str, Any]]:
    fields = {"entity_id": run_id, "entity_type": "experiment_run", "descending": False}
    rows = all_pages(client, extension_pb2.FindAuditRecords, "records", False, **fields)
    return [
        {
            "timestamp": int(r.timestamp),
            "actor": r.actor,
            "action": r.action,
            "changes": json_format.MessageToDict(r.changes),
        }
        for r in rows
    ]


# --- metric series ---------------------------------------------------------------------------------------------


def metric_series(
    client: Client, run_ids: Sequence[str], keys: Sequence[str] = ()
) -> dict[tuple[str, str], tuple[list[int], list[float]]]:
    """{(run id, key): (steps, values)} ordered by step; flushes this client's logged points first."""
    client.flush_for_reading()
    out: dict[tuple[str, str], tuple[list[int], list[float]]] = {}
    if not run_ids:
        return out
    for series in client.metric_history(run_ids, keys):
        out[(series.run_id, series.key)] = ([int(s) for s in series.steps], [float(v) for v in series.values])
    return out


CHART_BUCKETS = 492  # the chart's plot width in pixels (svg.WIDTH - svg.LEFT - svg.RIGHT): one bucket per column


def metric_envelopes(
    client: Client, run_ids: Sequence[str], keys: Sequence[str] = (), buckets: int = CHART_BUCKETS
) -> dict[tuple[str, str], tuple[list[int], list[float]]]:
    """{(run id, key): (steps, values)} to draw, reduced by the backend (downsampleMetricHistory) to at most
    `buckets` step ranges of up to four points each: however long the series, every spike shows and the
    answer stays small. A series with no more points than buckets comes back whole."""
    client.flush_for_reading()
    out: dict[tuple[str, str], tuple[list[int], list[float]]] = {}
    if not run_ids:
        return out
    request = extension_pb2.DownsampleMetricHistory(run_ids=list(run_ids), keys=list(keys), buckets=buckets)
    for series in client.call(request).series:
        out[(series.run_id, series.key)] = envelope(series)
    return out


def envelope(series: extension_pb2.DownsampledSeries) -> tuple[list[int], list[float]]:
    """A line through each bucket's first point, its extremes (at the bucket's middle step, the lower first
    when the line rises) and its last point; a bucket of one or two points gives just those."""
    steps: list[int] = []
    values: list[float] = []
    columns = zip(
        series.counts,
        series.first_steps,
        series.first_values,
        series.last_steps,
        series.last_values,
        series.min_values,
        series.max_values,
        strict=True,
    )
    for count, s0, v0, s1, v1, low, high in columns:
        steps.append(s0)
        values.append(v0)
        if count > 2:
            middle = (s0 + s1) // 2
            steps += [middle, middle]
            values += [low, high] if v0 <= v1 else [high, low]
        if count > 1:
            steps.append(s1)
            values.append(v1)
    return steps, values
