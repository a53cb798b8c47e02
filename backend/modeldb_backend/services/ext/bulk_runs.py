"""ExtensionService createRuns: many runs with their first values in one transaction, set-based.

The client chooses each run's id, so the call is safe to replay on its own (a retry after a lost answer, the
background sender's journal replayed after a crash), with or without the request idempotency layer: a run
that already exists under the id, in the same project and experiment and with the same name, is the run an
earlier copy of this creation made, and is left as it is (its values were written with it, atomically;
later batches may have changed them since, which a replay must not undo). Another run under the id is a 409.

Everything is written with one statement per table whatever the number of runs: runs, run states,
key-values, tags, metric points and audit records (observations too).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from google.protobuf import struct_pb2
from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ...errors import AlreadyExists, InvalidArgument, NotFound
from ...pb.common import common_pb2
from ...pb.ext import extension_pb2 as pb
from ...store import models as m
from ..context import CallContext
from ..experiment_runs.changes import check_text, observation_rows
from ..key_values import ATTRIBUTES, HYPERPARAMETERS, METRICS
from ..loading import RUN
from ..sqlchunks import chunked
from ..values import check_name, check_tags, encode_value
from .run_states import RUNNING, _status_name
from .series import _POINT_COLUMNS, AUTO_STEP, PointRow, _insert_points, _last_wins, _point_rows, copy_points

MAX_RUNS = 10_000  # runs per call: bounds one transaction (the client sends its queue in slices of this)

_RUNS = m.ExperimentRun.__table__
_KEY_VALUES = m.KeyValue.__table__
_TAGS = m.Tag.__table__
_STATES = m.RunState.__table__
_OBSERVATIONS = m.Observation.__table__
_IDENTITY = ("project_id", "experiment_id", "name")  # what makes an existing run "the same run"


@dataclass
class _Checked:
    """One validated NewRun: its row and its children's rows."""

    message: pb.NewRun
    row: dict[str, Any]
    key_values: list[dict[str, Any]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    points: list[PointRow] = field(default_factory=list)
    state: dict[str, Any] | None = None


class BulkRunRpcs:
    def createRuns(self, ctx: CallContext, request: pb.CreateRuns) -> pb.CreateRuns.Response:
        if not request.runs:
            raise InvalidArgument("runs is empty: send at least one run to create")
        if len(request.runs) > MAX_RUNS:
            raise InvalidArgument(f"{len(request.runs)} runs in one call; the limit is {MAX_RUNS}: split them")
        checked = [_check(ctx, run) for run in request.runs]
        _check_unique(checked)
        _check_parents(ctx.session, checked)
        existing = _existing(ctx.session, checked)
        new = [c for c in checked if c.row["id"] not in existing]
        inserted = _insert_runs(ctx.session, [c.row for c in new])
        # An id another transaction inserted between our look and our insert: judged like any existing one.
        existing |= _existing(ctx.session, [c for c in new if c.row["id"] not in inserted])
        new = [c for c in new if c.row["id"] in inserted]
        _insert_children(ctx, new)
        for c in checked:
            if c.row["id"] in existing:
                ctx.audit(RUN, c.row["id"], {"created": False, "replayed_creation": True})
            else:
                ctx.audit(RUN, c.row["id"], _summary(c))
        return pb.CreateRuns.Response(created=len(new), existing=len(checked) - len(new))


# --- validation -------------------------------------------------------------------------------------------


def _check(ctx: CallContext, run: pb.NewRun) -> _Checked:
    run_id = _check_id(run.id)
    if not run.project_id or not run.experiment_id:
        raise InvalidArgument(f"run {run_id}: project_id and experiment_id are required")
    name = check_name(run.name, "ExperimentRun")
    if not name.strip():
        raise InvalidArgument(f"run {run_id}: name is empty (a replayed creation is recognised by its name)")
    for what in ("date_created", "start_time", "end_time", "heartbeat_timeout_ms"):
        if getattr(run, what) < 0:
            raise InvalidArgument(f"run {run_id}: {what} must not be negative")
    created = run.date_created or ctx.now
    row: dict[str, Any] = {
        "id": run_id,
        "project_id": run.project_id,
        "experiment_id": run.experiment_id,
        "name": name,
        "description": check_text(run.description, "description"),
        "owner": ctx.actor,
        "date_created": created,
        "date_updated": created,
        "start_time": run.start_time or created,
        "end_time": 0,
        "version_number": 1,
        "deleted": False,
    }
    out = _Checked(run, row, tags=check_tags(run.tags))
    out.state = _state(ctx, run, row)
    metrics = _last_wins(ctx, run.metrics, METRICS)
    points, automatic = _point_rows(ctx, run_id, run.metric_points)
    if points:
        out.points = _numbered(points) if automatic else points
        metrics.update(_latest(out.points))
    for kind, values in (
        (HYPERPARAMETERS, _last_wins(ctx, run.hyperparameters, HYPERPARAMETERS)),
        (ATTRIBUTES, _last_wins(ctx, run.attributes, ATTRIBUTES)),
        (METRICS, metrics),
    ):
        out.key_values.extend(_kv_row(ctx, run_id, kind, kv) for kv in values.values())
    return out


def _check_id(run_id: str) -> str:
    """A UUID in its canonical text (ModelDB's run ids): ids from different clients never collide."""
    try:
        canonical = str(uuid.UUID(run_id))
    except ValueError:
        canonical = ""
    if canonical != run_id:
        raise InvalidArgument(f"run id {run_id[:60]!r} is not a UUID in canonical form (e.g. {uuid.uuid4()})")
    return run_id


def _state(ctx: CallContext, run: pb.NewRun, row: dict[str, Any]) -> dict[str, Any] | None:
    """The run_states row (None without a status); a terminal status also sets the run's end time."""
    if run.status == pb.RUN_STATUS_UNSPECIFIED:
        if run.end_time or run.heartbeat_timeout_ms:
            raise InvalidArgument(f"run {row['id']}: end_time and heartbeat_timeout_ms need a status")
        return None
    status = _status_name(run.status)
    if status == RUNNING and run.end_time:
        raise InvalidArgument(f"run {row['id']}: end_time is for FINISHED, FAILED and KILLED, not RUNNING")
    if status != RUNNING:
        row["end_time"] = run.end_time or ctx.now
    return {"run_id": row["id"], "status": status, "heartbeat": ctx.now, "timeout_ms": run.heartbeat_timeout_ms}


def _numbered(rows: list[PointRow]) -> list[PointRow]:
    """AUTO_STEP points of a new run: one more than the highest step of their key so far, in request order."""
    top: dict[str, int] = {}
    out: list[PointRow] = []
    for run, key, step, value, timestamp in rows:
        if step == AUTO_STEP:
            step = top.get(key, -1) + 1
        top[key] = max(top.get(key, -1), step)
        out.append((run, key, step, value, timestamp))
    return out


def _latest(rows: list[PointRow]) -> dict[str, common_pb2.KeyValue]:
    """The run's ModelDB metric per key: the point at the greatest step (the last one sent at that step)."""
    best: dict[str, tuple[int, float]] = {}
    for _run, key, step, value, _ts in rows:
        if key not in best or step >= best[key][0]:
            best[key] = (step, value)
    return {
        key: common_pb2.KeyValue(
            key=key, value=struct_pb2.Value(number_value=value), value_type=common_pb2.ValueTypeEnum.NUMBER
        )
        for key, (_step, value) in best.items()
    }


def _kv_row(ctx: CallContext, run_id: str, kind: str, kv: common_pb2.KeyValue) -> dict[str, Any]:
    text, num, string = encode_value(kv.value, kv.key, ctx.settings.max_value_bytes)
    return {
        "entity_type": RUN,
        "entity_id": run_id,
        "field": kind,
        "key": kv.key,
        "value": text,
        "value_type": int(kv.value_type),
        "num_value": num,
        "str_value": string,
    }


def _check_unique(checked: Sequence[_Checked]) -> None:
    """No id twice, no name twice in one experiment, within the call."""
    ids: set[str] = set()
    names: set[tuple[str, str]] = set()
    for c in checked:
        run_id, name = c.row["id"], (c.row["experiment_id"], c.row["name"])
        if run_id in ids:
            raise InvalidArgument(f"run id {run_id} appears twice in the call")
        if name in names:
            raise InvalidArgument(f"run name {name[1]!r} appears twice for experiment {name[0]} in the call")
        ids.add(run_id)
        names.add(name)


def _check_parents(session: Session, checked: Sequence[_Checked]) -> None:
    """Each experiment is live and belongs to the run's project, which is live: one query per IN_CHUNK ids."""
    wanted = sorted({c.row["experiment_id"] for c in checked})
    e, p = m.Experiment.__table__.c, m.Project.__table__.c
    stmt = select(e.id, e.project_id, e.deleted, p.deleted).join(m.Project.__table__, p.id == e.project_id)
    found = {row[0]: row[1:] for part in chunked(wanted) for row in session.execute(stmt.where(e.id.in_(part)))}
    for c in checked:
        experiment_id, project_id = c.row["experiment_id"], c.row["project_id"]
        parent = found.get(experiment_id)
        if parent is None or parent[1]:
            raise NotFound(f"Experiment not found for the ID: {experiment_id}")
        if parent[0] != project_id:
            raise InvalidArgument(
                f"Experiment {experiment_id} belongs to project {parent[0]}, not to project {project_id}"
            )
        if parent[2]:
            raise NotFound(f"Project not found for given Id: {project_id}")


def _existing(session: Session, checked: Sequence[_Checked]) -> set[str]:
    """Ids of the runs that already exist as these very creations; 409 for an id held by another run."""
    by_id = {c.row["id"]: c for c in checked}
    if not by_id:
        return set()
    c = _RUNS.c
    stmt = select(c.id, c.project_id, c.experiment_id, c.name)
    same: set[str] = set()
    for part in chunked(list(by_id)):
        for run_id, *identity in session.execute(stmt.where(c.id.in_(part))):
            wanted = [by_id[run_id].row[k] for k in _IDENTITY]
            if identity != wanted:
                raise AlreadyExists(
                    f"run id {run_id} is taken by another run (experiment {identity[1]}, name {identity[2]!r}):"
                    " a replayed creation must name the same project, experiment and name"
                )
            same.add(run_id)
    return same


# --- writing ----------------------------------------------------------------------------------------------


def _insert_runs(session: Session, rows: list[dict[str, Any]]) -> set[str]:
    """Insert the runs, skipping ids that appeared meanwhile (a concurrent copy of the same creation);
    returns the ids inserted. A name taken by another live run fails the call (409, by the unique index)."""
    if not rows:
        return set()
    dialect = session.get_bind().dialect.name
    factory = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = factory(_RUNS).on_conflict_do_nothing(index_elements=["id"]).returning(_RUNS.c.id)
    _check_names_free(session, rows)
    return set(session.scalars(stmt, rows))


def _check_names_free(session: Session, rows: list[dict[str, Any]]) -> None:
    """A clear 409 naming the run whose name is taken (the unique index would only say "exists")."""
    c = _RUNS.c
    by_experiment: dict[str, dict[str, str]] = {}
    for row in rows:
        by_experiment.setdefault(row["experiment_id"], {})[row["name"]] = row["id"]
    for experiment_id, names in by_experiment.items():
        for part in chunked(list(names)):
            stmt = select(c.id, c.name).where(c.experiment_id == experiment_id, c.name.in_(part), ~c.deleted)
            for other_id, name in session.execute(stmt):
                if other_id != names[name]:
                    raise AlreadyExists(f"ExperimentRun '{name}' already exists in experiment {experiment_id}")


def _insert_children(ctx: CallContext, new: Sequence[_Checked]) -> None:
    session = ctx.session
    states = [c.state for c in new if c.state is not None]
    if states:
        session.execute(insert(_STATES), states)
    key_values = [kv for c in new for kv in c.key_values]
    if key_values:
        session.execute(insert(_KEY_VALUES), key_values)
    tags = [{"entity_id": c.row["id"], "entity_type": RUN, "tag": t} for c in new for t in c.tags]
    if tags:
        session.execute(insert(_TAGS), tags)
    points = [p for c in new for p in _one_per_step(c.points)]
    if points:
        _insert_new_points(session, points)
    # The runs are new: no stored epochs to continue from, so all their observations go in one statement.
    observations = [row for c in new for row in observation_rows(ctx, c.row["id"], c.message.observations, current={})]
    if observations:
        session.execute(insert(_OBSERVATIONS), observations)


def _insert_new_points(session: Session, rows: list[PointRow]) -> None:
    """Points of runs this call inserted: nothing to replace, so straight in (COPY on PostgreSQL, a plain
    executemany on SQLite), without logBatch's staging table and upsert (a second pass over every point)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        with conn.connection.dbapi_connection.cursor() as cursor:  # type: ignore[union-attr]  # a connection in a transaction always holds its DBAPI connection
            copy_points(cursor, "metric_points", rows)
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"INSERT INTO metric_points ({_POINT_COLUMNS}) VALUES (?, ?, ?, ?, ?)", rows)
    else:
        _insert_points(session, rows)


def _one_per_step(rows: list[PointRow]) -> list[PointRow]:
    """One row per (key, step) of one run, the last one sent (a step holds one point)."""
    if len({(row[1], row[2]) for row in rows}) == len(rows):
        return rows
    return list({(row[1], row[2]): row for row in rows}.values())


def _summary(c: _Checked) -> dict[str, Any]:
    """A compact audit entry per run: identity, counts and keys, never the points themselves."""
    out: dict[str, Any] = {"created": True, **{k: c.row[k] for k in _IDENTITY}}
    if c.state is not None:
        out["status"] = c.state["status"]
    kinds: dict[str, list[str]] = {}
    for kv in c.key_values:
        kinds.setdefault(kv["field"], []).append(kv["key"])
    out.update({kind: sorted(keys) for kind, keys in kinds.items()})
    if c.tags:
        out["tags"] = sorted(c.tags)
    if c.points:
        out["metric_points"] = {"count": len(c.points), "keys": sorted({p[1] for p in c.points})}
    if c.message.observations:
        out["observations"] = {"count": len(c.message.observations)}
    return out
