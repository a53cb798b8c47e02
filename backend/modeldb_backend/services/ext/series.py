"""ExtensionService logBatch and getMetricHistory: the notebook client's write path and metric series.

A batch is everything a client buffered for one run, applied in one transaction (all or nothing) and at
most once per idempotency key. Writes are set-based: one executemany per table whatever the batch size,
and one query for the latest point of every metric key in the batch.

A series has at most one point per step: a point at a step the run already has replaces it (value and
timestamp), so re-running a notebook that logs explicit steps leaves one copy of each series. A point sent
with step AUTO_STEP takes the next step of its key (one more than the run's highest step for it, 0 for the
first), so points logged without a step append and never replace anything.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, cast

from google.protobuf import struct_pb2
from sqlalchemy import ARRAY, CursorResult, String, func, insert, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ...errors import AlreadyExists, InvalidArgument
from ...gc_pause import gc_paused
from ...pb.common import common_pb2
from ...pb.ext import extension_pb2 as pb
from ...store import models as m
from ..context import CallContext, read_only
from ..experiment_runs.changes import add_observations
from ..key_values import ATTRIBUTES, HYPERPARAMETERS, METRICS, add_key_values, add_tags
from ..loading import RUN, live_run, touch
from ..sqlchunks import chunked
from ..values import check_key, check_tags, encode_value
from .run_states import require_live_runs
from .series_downsample import keys_of, runs_and_keys

MAX_IDEMPOTENCY_KEY = 128
AUTO_STEP = -1  # a point's step on the wire meaning "the next step of its key"

_POINTS = m.MetricPoint.__table__
_POINT_COLUMNS = "run_id, key, step, value, timestamp"
PointRow = tuple[str, str, int, float, int]
_BATCHES = m.AppliedBatch.__table__


class SeriesRpcs:
    def logBatch(self, ctx: CallContext, request: pb.LogBatch) -> pb.LogBatch.Response:
        """Key-values overwrite (a key repeated in the batch: its last value); a point replaces the run's
        point at the same key and step; for a key with points, the run's metric is the latest point,
        whatever `metrics` says for it."""
        key = _check_idempotency_key(request.idempotency_key)
        run = live_run(ctx.session, request.run_id, for_update=True)  # serialises batches of one run
        kvs = {field: _last_wins(ctx, getattr(request, field), field) for field in (HYPERPARAMETERS, ATTRIBUTES)}
        metrics = _last_wins(ctx, request.metrics, METRICS)
        tags = check_tags(request.tags)
        points, automatic = _point_rows(ctx, run.id, request.metric_points)
        if _already_applied(ctx.session, key, run.id):
            ctx.audit(RUN, run.id, {"idempotency_key": key, "applied": False})
            return pb.LogBatch.Response(applied=False)
        # Observations are validated by the shared logObservations code as it writes; an error there
        # still rolls back everything, the idempotency key included.
        add_observations(ctx, run.id, request.observations)
        for field, values in kvs.items():
            add_key_values(ctx, RUN, run.id, field, list(values.values()), replace=True)
        if points:
            if automatic:
                _number_steps(ctx.session, run.id, points)
            _insert_points(ctx.session, _last_per_step(points))
            metrics.update(_latest_metrics(ctx.session, run.id, {p[1] for p in points}))
        add_key_values(ctx, RUN, run.id, METRICS, list(metrics.values()), replace=True)
        add_tags(ctx, RUN, run.id, tags)
        _record_batch(ctx, key, run.id)
        touch(run, ctx)
        ctx.audit(RUN, run.id, _summary(request, key))
        return pb.LogBatch.Response(applied=True)

    @read_only
    def getMetricHistory(self, ctx: CallContext, request: pb.GetMetricHistory) -> pb.GetMetricHistory.Response:
        run_ids, keys = runs_and_keys(request.run_ids, request.keys, "read")
        require_live_runs(ctx.session, run_ids)
        response = pb.GetMetricHistory.Response()
        if len(run_ids) == 1:
            _one_run_series(ctx.session, run_ids[0], keys, response)
        else:
            response.series.extend(_series(ctx.session, run_ids, keys))
        return response


# --- validation -----------------------------------------------------------------------------------------


def _check_idempotency_key(key: str) -> str:
    if not key:
        raise InvalidArgument("idempotency_key is empty: every batch needs a unique key so a retry is applied once")
    if len(key) > MAX_IDEMPOTENCY_KEY:
        raise InvalidArgument(f"idempotency_key is {len(key)} characters long; the limit is {MAX_IDEMPOTENCY_KEY}")
    return key


def _last_wins(ctx: CallContext, kvs: Sequence[common_pb2.KeyValue], field: str) -> dict[str, common_pb2.KeyValue]:
    """Validated key-values by key; a key repeated within the batch keeps its last value."""
    what = field.rstrip("s")
    out: dict[str, common_pb2.KeyValue] = {}
    for kv in kvs:
        check_key(kv.key, what)
        encode_value(kv.value, kv.key, ctx.settings.max_value_bytes)
        out.pop(kv.key, None)  # re-insert so the dict order follows the last occurrence
        out[kv.key] = kv
    return out


def _point_rows(ctx: CallContext, run_id: str, points: Iterable[pb.MetricPoint]) -> tuple[list[PointRow], bool]:
    """(rows for metric_points in request order, whether any has AUTO_STEP); one bad point rejects the batch."""
    rows: list[PointRow] = []
    checked: set[str] = set()
    automatic = False
    now = ctx.now
    for p in points:
        key, step, value, timestamp = p.key, p.step, p.value, p.timestamp  # each protobuf read costs
        if key not in checked:
            check_key(key, "metric point key")
            checked.add(key)
        if not math.isfinite(value):
            raise InvalidArgument(f"metric point {key!r} at step {step} is {value}: values must be finite")
        if step < 0:
            if step != AUTO_STEP:
                raise InvalidArgument(
                    f"metric point {key!r} has step {step}: steps must not be negative"
                    f" ({AUTO_STEP} asks for the next step of the key)"
                )
            automatic = True
        if timestamp < 0:
            raise InvalidArgument(f"metric point {key!r} has timestamp {timestamp}: it must not be negative")
        rows.append((run_id, key, step, value, timestamp or now))
    return rows, automatic


def _number_steps(session: Session, run_id: str, rows: list[PointRow]) -> None:
    """Give each AUTO_STEP point one more than the highest step of its key so far: the run's stored points,
    then the batch's points before it (in request order). In place; one query for all keys."""
    automatic = {row[1] for row in rows if row[2] == AUTO_STEP}
    top = _highest_steps(session, run_id, automatic)
    for i, (run, key, step, value, timestamp) in enumerate(rows):
        if step == AUTO_STEP:
            step = top.get(key, -1) + 1
            rows[i] = (run, key, step, value, timestamp)
        if step > top.get(key, -1):
            top[key] = step


def _highest_steps(session: Session, run_id: str, keys: set[str]) -> dict[str, int]:
    """The run's highest stored step per key (keys without points are absent): an index seek per key."""
    table, key = _keys_table(session.get_bind().dialect.name, sorted(keys))
    c = _POINTS.c
    highest = select(func.max(c.step)).where(c.run_id == run_id, c.key == key).scalar_subquery()
    return {k: step for k, step in session.execute(select(key, highest).select_from(table)) if step is not None}


def _last_per_step(rows: list[PointRow]) -> list[PointRow]:
    """One row per (key, step), the last one sent: an upsert may not touch a row twice in one statement."""
    if len({(row[1], row[2]) for row in rows}) == len(rows):
        return rows
    return list({(row[1], row[2]): row for row in rows}.values())


_UPSERT = "ON CONFLICT (run_id, key, step) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp"


def copy_points(cursor: Any, table: str, rows: Sequence[PointRow]) -> None:
    """COPY point rows into `table` through a psycopg2 cursor (PostgreSQL): no per-row parameter handling."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows((r, k, s, repr(v), t) for r, k, s, v, t in rows)  # repr: exact doubles
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({_POINT_COLUMNS}) FROM STDIN WITH (FORMAT csv)", buffer)


def _insert_points(session: Session, rows: list[PointRow]) -> None:
    """Insert the rows, replacing the points at the same (run, key, step), in the call's transaction, with
    the cheapest bulk path of the database. The rows must be unique per (key, step) (`_last_per_step`).

    Per-row parameter handling dominates the cost of a 10,000-point batch, so this bypasses it: on
    PostgreSQL the rows go by COPY (2-3x faster than multi-row INSERTs) into a temporary table that one
    INSERT ... SELECT ... ON CONFLICT moves over; on SQLite, the driver's executemany of an upsert.
    """
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        with conn.connection.dbapi_connection.cursor() as cursor:  # type: ignore[union-attr]  # a connection in a transaction always holds its DBAPI connection
            # Per connection and emptied at every commit (a rollback undoes the rows): batches never mix.
            cursor.execute(
                "CREATE TEMPORARY TABLE IF NOT EXISTS metric_points_in (run_id varchar(36), key text, step bigint,"
                " value double precision, timestamp bigint) ON COMMIT DELETE ROWS"
            )
            copy_points(cursor, "metric_points_in", rows)
            cursor.execute(
                f"INSERT INTO metric_points ({_POINT_COLUMNS}) SELECT {_POINT_COLUMNS} FROM metric_points_in {_UPSERT}"
            )
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"INSERT INTO metric_points ({_POINT_COLUMNS}) VALUES (?, ?, ?, ?, ?) {_UPSERT}", rows)
    else:
        session.execute(insert(_POINTS), [dict(zip(_POINT_COLUMNS.split(", "), r, strict=True)) for r in rows])


# --- idempotency ----------------------------------------------------------------------------------------


def _already_applied(session: Session, key: str, run_id: str) -> bool:
    """Whether this run already applied the batch; the key of another run's batch is a 409.

    Batches of one run are serialised by the run's row lock (SQLite: by its single writer), so a racing
    duplicate of the same batch waits here and then sees the first one's committed key.
    """
    owner = session.scalar(select(_BATCHES.c.run_id).where(_BATCHES.c.key == key))
    if owner is None:
        return False
    if owner != run_id:
        raise AlreadyExists(f"idempotency_key {key!r} was already used by a batch of run {owner}: use a new key")
    return True


def _record_batch(ctx: CallContext, key: str, run_id: str) -> None:
    """Insert the key; a concurrent batch of another run that took the same key makes this call a 409."""
    dialect = ctx.session.get_bind().dialect.name
    factory = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = factory(_BATCHES).values(key=key, run_id=run_id, applied_at=ctx.now).on_conflict_do_nothing()
    if cast(CursorResult[Any], ctx.session.execute(stmt)).rowcount == 0:  # an INSERT's result is a CursorResult
        _already_applied(ctx.session, key, run_id)
        raise AlreadyExists(f"idempotency_key {key!r} was applied concurrently: use a new key")


# --- metrics --------------------------------------------------------------------------------------------


def _keys_table(dialect: str, keys: list[str]) -> tuple[Any, Any]:
    """The keys as a one-column table, sent as one parameter (an array, or a JSON list on SQLite)."""
    if dialect == "postgresql":
        table = func.unnest(literal(keys, ARRAY(String))).table_valued("key").render_derived(name="k")
        return table, table.c.key
    table = func.json_each(literal(json.dumps(keys))).table_valued("value").alias("k")
    return table, table.c.value


def _latest_metrics(session: Session, run_id: str, keys: set[str]) -> dict[str, common_pb2.KeyValue]:
    """The run's ModelDB metric per key: the latest stored point (this batch's points included), i.e. the
    one at the greatest step (a step holds one point: the last one logged there).

    One statement for all keys; per key a correlated lookup that is an index seek on (run_id, key, step).
    """
    table, key = _keys_table(session.get_bind().dialect.name, sorted(keys))
    c = _POINTS.c
    latest = select(c.value).where(c.run_id == run_id, c.key == key).order_by(c.step.desc()).limit(1).scalar_subquery()
    return {
        k: common_pb2.KeyValue(
            key=k, value=struct_pb2.Value(number_value=value), value_type=common_pb2.ValueTypeEnum.NUMBER
        )
        for k, value in session.execute(select(key, latest).select_from(table))
    }


def _summary(request: pb.LogBatch, key: str) -> dict[str, Any]:
    """A compact audit entry: counts and keys per kind, never the points themselves."""
    out: dict[str, Any] = {"idempotency_key": key, "applied": True}
    for field in (HYPERPARAMETERS, ATTRIBUTES, METRICS):
        values = getattr(request, field)
        if values:
            out[field] = sorted({kv.key for kv in values})
    if request.tags:
        out["tags"] = sorted(set(request.tags))
    if request.metric_points:
        keys = sorted({p.key for p in request.metric_points})
        out["metric_points"] = {"count": len(request.metric_points), "keys": keys}
    if request.observations:
        obs_keys = sorted({o.attribute.key or o.artifact.key for o in request.observations})
        out["observations"] = {"count": len(request.observations), "keys": obs_keys}
    return out


# --- reading series -------------------------------------------------------------------------------------


PER_KEY_READS = 64  # keys of one run read by one index range each; more keys are read together


def _one_run_series(session: Session, run_id: str, keys: list[str], response: pb.GetMetricHistory.Response) -> None:
    """The series of one run, built in the response (no copy of a million-element list): per key one query in
    step order through the (run_id, key, step) index, so no sort and no run or key column per point. A
    step holds one point per key, so step order is the whole order."""
    keys = keys or keys_of(session, run_id)  # all keys: sorted, as _series gives them
    if len(keys) > PER_KEY_READS:  # a seek per key would be a query per key: one set-based read instead
        response.series.extend(_series(session, [run_id], keys))
        return
    conn = session.connection()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    query = f"SELECT step, value, timestamp FROM metric_points WHERE run_id = {mark} AND key = {mark} ORDER BY step"
    cursor = conn.connection.cursor()
    try:
        for key in keys:
            cursor.execute(query, (run_id, key))
            with gc_paused():
                rows = cursor.fetchall()
                if rows:
                    steps, values, stamps = (list(map(itemgetter(i), rows)) for i in range(3))
                    response.series.add(run_id=run_id, key=key, steps=steps, values=values, timestamps=stamps)
                del rows
    finally:
        cursor.close()


def _series(session: Session, run_ids: list[str], keys: list[str]) -> list[pb.MetricSeries]:
    """Columnar series, runs in request order, keys in request order (sorted when all keys are read)."""
    rows = _fetch_points(session, run_ids, keys)
    out: list[pb.MetricSeries] = []
    for (run_id, key), group in groupby(rows, key=itemgetter(0, 1)):
        _, _, steps, values, stamps, _ = zip(*group, strict=True)
        out.append(pb.MetricSeries(run_id=run_id, key=key, steps=steps, values=values, timestamps=stamps))
    run_rank = {r: i for i, r in enumerate(run_ids)}
    key_rank = {k: i for i, k in enumerate(keys)}
    out.sort(key=lambda s: (run_rank[s.run_id], key_rank.get(s.key, 0), s.key))
    return out


def _fetch_points(session: Session, run_ids: list[str], keys: list[str]) -> list[tuple[Any, ...]]:
    """(run_id, key, step, value, timestamp, id) rows sorted by run, key, step and insertion.

    Reads through the driver's own cursor: building a result row object per point would cost more than
    the query itself. Sorting here rather than in SQL spares PostgreSQL a sort that spills to disk at
    100,000 points; the rows arrive almost in order (index or insertion order), which Python's sort
    finishes in near-linear time.
    """
    conn = session.connection()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    rows: list[tuple[Any, ...]] = []
    cursor = conn.connection.cursor()
    try:
        # Request-sized lists, so chunked: at most 2 * IN_CHUNK parameters per statement on any database.
        for run_part in chunked(run_ids):
            for key_part in chunked(keys) if keys else [[]]:
                where = f"run_id IN ({', '.join([mark] * len(run_part))})"
                if key_part:
                    where += f" AND key IN ({', '.join([mark] * len(key_part))})"
                cursor.execute(f"SELECT {_POINT_COLUMNS}, id FROM metric_points WHERE {where}", [*run_part, *key_part])
                rows.extend(cursor.fetchall())
    finally:
        cursor.close()
    rows.sort(key=itemgetter(0, 1, 2, 5))
    return rows
