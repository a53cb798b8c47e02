"""Runs created without waiting (`Client.start_run`) and many runs loaded at once (`Client.import_runs`).

Both choose the runs' ids here (UUIDs, ModelDB's id form) and create them through ExtensionService
createRuns, which treats a replayed creation of an id as the same run: a retry, or the journal replayed by
the next client after a crash, never makes a second run.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from modeldb_backend.pb.common import common_pb2
from modeldb_backend.pb.ext import extension_pb2
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2

from ..kernel import notebook_attributes
from .batches import CREATE, FAILED, FAILED_WORD, FINISHED, FINISHED_WORD, KILLED, KILLED_WORD
from .entities import HEARTBEAT_TIMEOUT_MS, ExperimentRun
from .protos import key_values
from .values import check_key, check_name, check_tags

if TYPE_CHECKING:
    import pandas as pd

    from .client import Client
    from .entities import Experiment

_ENDED = {FINISHED_WORD: FINISHED, FAILED_WORD: FAILED, KILLED_WORD: KILLED}
IMPORT_CHUNK = 1000  # runs per createRuns call of an import: a few MB per request, one transaction each


def start_run(
    client: Client, experiment: Experiment, name: str, desc: str | None, tags: Any, attrs: Mapping[str, Any] | None
) -> ExperimentRun:
    """A run with a client-chosen id, marked running, returned at once: its creation is queued and sent by
    the background sender with the run's first batch (a taken name is then refused like a refused batch:
    a warning and `client.errors`)."""
    check_name(name, "run")
    now = time.time_ns() // 1_000_000
    run_id = str(uuid.uuid4())
    create = extension_pb2.NewRun(
        id=run_id,
        project_id=experiment.project_id,
        experiment_id=experiment.id,
        name=name,
        description=desc or "",
        date_created=now,
        start_time=now,
        status=extension_pb2.RUNNING,
        heartbeat_timeout_ms=HEARTBEAT_TIMEOUT_MS,
    )
    message = run_pb2.ExperimentRun(
        id=run_id,
        project_id=experiment.project_id,
        experiment_id=experiment.id,
        name=name,
        description=desc or "",
        date_created=now,
        date_updated=now,
        start_time=now,
    )
    run = ExperimentRun(client, message)
    checked_tags = check_tags(tags or [])
    attributes = {**notebook_attributes(), **(attrs or {})}
    sender = client._sender
    sender.unborn.add(run_id)  # before the item is queued: a synchronous call made now waits for it
    run._put((run_id, CREATE, create, None, None, None))
    run.log_attributes(attributes)
    run.log_tags(checked_tags)
    client._active_runs[run_id] = run
    return run


# --- import --------------------------------------------------------------------------------------------------


def import_runs(client: Client, experiment: Experiment, runs: Any, chunk: int = IMPORT_CHUNK) -> list[str]:
    """Create many runs with their values, `chunk` runs per createRuns call; returns their ids in order.

    `runs` is an iterable of mappings or a DataFrame with the columns `name` (required), `description`,
    `tags` (a list), `hyperparameters`, `metrics` and `attributes` (mappings), or flat columns
    `hyperparameters.<key>`, `metrics.<key>`, `attributes.<key>` as `runs_df` gives them (missing values,
    NaN, are left out), and optionally `step` (the metrics are then points of their series at that step),
    `status` ("finished", "failed", "killed") with `end_time` (ms). Runs keep a given `id` (a UUID), so an
    import that failed half-way can be run again with the same ids: the runs already created are left as
    they are. Synchronous: each call is retried
    while the backend does not answer and raises when it refuses a run (that call's runs are not created).
    """
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, got {chunk}")
    client.flush_for_reading()
    ids: list[str] = []
    message = extension_pb2.CreateRuns()
    for record in _records(runs):
        run = _new_run(experiment, record)
        ids.append(run.id)
        message.runs.append(run)
        if len(message.runs) >= chunk:
            client.call(message)
            message = extension_pb2.CreateRuns()
    if message.runs:
        client.call(message)
    return ids


def _records(runs: Any) -> Iterable[Mapping[str, Any]]:
    if hasattr(runs, "to_dict") and hasattr(runs, "columns"):  # a pandas DataFrame
        frame: pd.DataFrame = runs
        return (_nested(row) for row in frame.to_dict("records"))
    return (_nested(row) for row in runs)


def _nested(row: Mapping[str, Any]) -> dict[str, Any]:
    """Flat `kind.key` columns folded into their mapping; missing values dropped."""
    out: dict[str, Any] = {}
    for column, value in row.items():
        kind, dot, key = str(column).partition(".")
        if dot and kind in ("hyperparameters", "metrics", "attributes"):
            if not _missing(value):
                out.setdefault(kind, {})[key] = value
        elif not _missing(value):
            out[str(column)] = value
    return out


def _kvs(values: Mapping[str, Any] | None, what: str) -> list[Any]:
    """KeyValue messages; plain numbers and strings set directly (json_format costs ~30 µs a value, which
    is seconds for an import of 10,000 runs), anything else through the client's general conversion."""
    out = []
    for key, value in (values or {}).items():
        kind = type(value)
        if (kind is float and math.isfinite(value)) or kind is int:
            kv = common_pb2.KeyValue(key=check_key(key, what))
            kv.value.number_value = value
        elif kind is str:
            kv = common_pb2.KeyValue(key=check_key(key, what))
            kv.value.string_value = value
        else:
            [kv] = key_values({key: value}, what)
        out.append(kv)
    return out


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _new_run(experiment: Experiment, record: Mapping[str, Any]) -> extension_pb2.NewRun:
    name = record.get("name")
    check_name(name, "run")
    now = time.time_ns() // 1_000_000
    run = extension_pb2.NewRun(
        id=str(record.get("id") or uuid.uuid4()),
        project_id=experiment.project_id,
        experiment_id=experiment.id,
        name=name,
        description=str(record.get("description") or ""),
        date_created=int(record.get("date_created") or now),
        start_time=int(record.get("start_time") or 0),
        hyperparameters=_kvs(record.get("hyperparameters"), "hyperparameter"),
        attributes=_kvs(record.get("attributes"), "attribute"),
        tags=check_tags(record.get("tags") or []),
    )
    _add_metrics(run, record.get("metrics"), record.get("step"), now)
    _set_status(run, record.get("status"), record.get("end_time"))
    return run


def _add_metrics(run: extension_pb2.NewRun, metrics: Mapping[str, Any] | None, step: Any, now: int) -> None:
    """Metrics as values, or with a `step` as one point each of their series (the value is then the latest)."""
    if step is None or _missing(step):
        run.metrics.extend(_kvs(metrics, "metric"))
        return
    add = run.metric_points.add
    for key, value in (metrics or {}).items():
        add(key=check_key(key, "metric"), step=int(step), value=float(value), timestamp=now)


def _set_status(run: extension_pb2.NewRun, status: Any, end_time: Any) -> None:
    """A run's end status ("finished", "failed", "killed") and end time (ms; 0: now), when given."""
    if not status:
        return
    code = _ENDED.get(str(status).lower())
    if code is None:
        raise ValueError(f"status must be one of {', '.join(_ENDED)}, got {status!r}")
    run.status = code  # type: ignore[assignment]  # the RunStatus numbers, shared with the backend's limits
    run.end_time = int(end_time or 0)
