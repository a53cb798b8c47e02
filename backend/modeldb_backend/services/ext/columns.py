"""ExtensionService.queryRunColumns: a page of queryRuns as typed columns, for DataFrames.

queryRuns builds an ExperimentRun with a protobuf Value per key-value, which the client then turns back into
Python one by one; for 10,000 runs x 30 keys that is most of a DataFrame's cost. Here the page's runs are read
as plain column tuples and their key-values in one grouped query per chunk of runs, which answers each
`field.key` as one JSON array parsed at once. Each becomes one KeyColumn whose kind is the common type of its
values.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import ARRAY, ColumnElement, CursorResult, String, and_, any_, bindparam, func, or_, select, union_all
from sqlalchemy.orm import Session

from ...errors import InvalidArgument
from ...limits import STATUS_ENUM_NAMES
from ...pb.ext import extension_pb2 as pb
from ...query.compile import compile_expr, order_by_keys
from ...query.finder import find_page
from ...query.grammar import parse
from ...query.kinds import RUNS
from ...query.sorting import DEFAULT_SORT_KEY, SortKey, check_sort_keys
from ...store import models as m
from ..context import CallContext, read_only
from ..finders import run_scope
from ..key_values import ATTRIBUTES, HYPERPARAMETERS, METRICS
from ..sqlchunks import check_listed
from .run_states import is_stale

KEY_FIELDS = (HYPERPARAMETERS, METRICS, ATTRIBUTES)
COLUMN_FIELDS = ("tags", *KEY_FIELDS)
CHUNK = 5000  # run ids per IN list: well under SQLite's 32,766 bound parameters
_EXACT = 2.0**53  # doubles below this in magnitude hold every integer exactly
_RUN = m.ExperimentRun
_KV = m.KeyValue.__table__.c
_TAGS = m.Tag.__table__.c
_STATES = m.RunState.__table__.c
_STATUS_NUMBERS = {name: pb.RunStatus.Value(name) for name in STATUS_ENUM_NAMES}
_KILLED = pb.KILLED
_SCALARS = (
    _RUN.id,
    _RUN.name,
    _RUN.project_id,
    _RUN.experiment_id,
    _RUN.description,
    _RUN.owner,
    _RUN.date_created,
    _RUN.date_updated,
    _RUN.start_time,
    _RUN.end_time,
)

Parts = Mapping[str, frozenset[str] | None]  # field -> wanted keys (None: all keys)


def parse_columns(columns: Sequence[str]) -> Parts:
    """`columns` as {field: keys}; empty means tags and every key; anything else is a 400 naming the choices."""
    if not columns:
        return dict.fromkeys(COLUMN_FIELDS)
    parts: dict[str, set[str] | None] = {}
    for column in columns:
        field, dot, key = column.partition(".")
        if field not in COLUMN_FIELDS or (dot and (field == "tags" or not key)):
            raise InvalidArgument(
                f"unknown column {column!r} for queryRunColumns: columns are tags, hyperparameters, metrics, "
                "attributes, or one key such as metrics.acc (queryRuns returns the other parts of runs)"
            )
        if not dot:
            parts[field] = None
        elif field not in parts or parts[field] is not None:
            keys = parts.setdefault(field, set())
            if keys is not None:  # None (the whole field) was ruled out just above
                keys.add(key)
    return {f: None if k is None else frozenset(k) for f, k in parts.items()}


class ColumnRpcs:
    @read_only
    def queryRunColumns(self, ctx: CallContext, request: pb.QueryRunColumns) -> pb.QueryRunColumns.Response:
        """Check query, sort keys, paging and columns first: a bad one is a 400 before any scope lookup."""
        expr = parse(request.query)
        where = [compile_expr(RUNS, expr)] if expr is not None else []
        order = order_by_keys(request.order_by) or [SortKey(DEFAULT_SORT_KEY, ascending=False)]
        check_sort_keys(RUNS, order)
        parts = parse_columns(check_listed(request.columns, "columns", "columns"))
        if request.page_number < 0 or request.page_limit < 0:
            raise InvalidArgument(
                f"page_number ({request.page_number}) and page_limit ({request.page_limit}) must not be negative;"
                " both 0 return every match"
            )
        where += run_scope(
            ctx, request.project_id, request.experiment_id, request.experiment_run_ids, request.workspace_name
        )
        # one query: the page and the count of all matches (see query/finder.py)
        rows, total = find_page(ctx.session, RUNS, _SCALARS, where, order, request.page_number, request.page_limit)
        response = pb.QueryRunColumns.Response(total_records=total)
        if rows:
            _fill(ctx, response, rows, parts)
        return response


def _fill(ctx: CallContext, response: Any, rows: Sequence[Any], parts: Parts) -> None:
    columns = map(list, zip(*rows, strict=True))
    ids, names, projects, experiments, descriptions, owners, created, updated, starts, ends = columns
    statuses = [0] * len(ids)
    index = {run_id: i for i, run_id in enumerate(ids)}
    for run_id, status, heartbeat, timeout_ms in _state_rows(ctx.session, ids):
        # queryRuns reports a run with a state as ended when its state says (a stale run: at its heartbeat)
        i = index[run_id]
        if is_stale(status, heartbeat, timeout_ms, ctx.now):
            statuses[i], ends[i] = _KILLED, heartbeat
        else:
            statuses[i] = _STATUS_NUMBERS[status]
    response.ids.extend(ids)
    response.names.extend(names)
    response.project_ids.extend(projects)
    response.experiment_ids.extend(experiments)
    response.descriptions.extend(d or "" for d in descriptions)
    response.owners.extend(o or "" for o in owners)
    response.date_created.extend(created)
    response.date_updated.extend(updated)
    response.statuses.extend(statuses)
    response.start_times.extend(s or 0 for s in starts)
    response.end_times.extend(e or 0 for e in ends)
    response.entity_names.update(_entity_names(ctx.session, set(projects), set(experiments)))
    if "tags" in parts:
        tags: dict[str, list[str]] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            # ORDER BY tag: each run's tags in the database's order, as queryRuns gives them
            where = among(ctx.session, _TAGS.entity_id, chunk)
            stmt = select(_TAGS.entity_id, _TAGS.tag).where(where).order_by(_TAGS.tag)
            result = cast(CursorResult[Any], ctx.session.execute(stmt))  # a SELECT's result is a CursorResult
            for run_id, tag in result.cursor.fetchall():  # plain DBAPI tuples: no per-row result processing
                tags.setdefault(run_id, []).append(tag)
            result.close()
        per_run = [tags.get(run_id, ()) for run_id in ids]
        response.tag_counts.extend(map(len, per_run))
        response.tags.extend(t for run_tags in per_run for t in run_tags)
    keyed = {f: keys for f, keys in parts.items() if f in KEY_FIELDS}
    if keyed:
        response.key_columns.extend(key_columns(ctx.session, ids, keyed))


def among(session: Session, column: Any, ids: Sequence[str]) -> ColumnElement[bool]:
    """`column IN ids`; on PostgreSQL as `= ANY(array)`: one bound array instead of thousands of parameters,
    which SQLAlchemy renders one by one (a tenth of a 20,000-run page)."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(ColumnElement[bool], column == any_(bindparam("ids", list(ids), type_=ARRAY(String))))
    return cast(ColumnElement[bool], column.in_(ids))


def _state_rows(session: Session, ids: list[str]) -> Iterator[tuple[str, str, int, int]]:
    """The page's run states as plain rows: load_states' RunState messages (and its join back to the runs,
    which the page has just read) cost a third of a 20,000-run page."""
    stmt = select(_STATES.run_id, _STATES.status, _STATES.heartbeat, _STATES.timeout_ms)
    for start in range(0, len(ids), CHUNK):
        part = among(session, _STATES.run_id, ids[start : start + CHUNK])
        result = cast(CursorResult[Any], session.execute(stmt.where(part)))
        yield from result.cursor.fetchall()  # plain DBAPI tuples: no per-row result processing
        result.close()


def _entity_names(session: Session, projects: set[str], experiments: set[str]) -> dict[str, str]:
    """Names of the page's projects and experiments: one query, where the client made two more round trips.
    Deleted ones keep their names here (a run of a deleted experiment still shows where it came from)."""
    prj, exp = m.Project, m.Experiment
    stmt = union_all(
        select(prj.id, prj.name).where(prj.id.in_(sorted(projects - {""}))),
        select(exp.id, exp.name).where(exp.id.in_(sorted(experiments - {""}))),
    )
    return {entity_id: name for entity_id, name in session.execute(stmt)}


def key_columns(session: Session, ids: list[str], parts: Parts) -> list[pb.KeyColumn]:
    """One KeyColumn per (field, key) that any of the runs has, sorted by field then key.

    The database groups the rows: per column it returns the run ids and the values' JSON texts each joined by
    commas, so one json.loads of "[...]" parses a whole column in C (run ids are UUIDs, without commas). Both
    aggregates of a group read its rows in the same order, so the i-th id owns the i-th value.
    """
    index = {run_id: i for i, run_id in enumerate(ids)}
    wanted = [
        _KV.field == f if keys is None else and_(_KV.field == f, _KV.key.in_(sorted(keys))) for f, keys in parts.items()
    ]
    # Every key of every field: no condition on field, which would tempt SQLite to scan the (field, key) index
    # of all runs instead of looking up these runs' rows (2.5x slower for a page of 5,000 runs).
    everything = all(parts.get(f, ()) is None for f in KEY_FIELDS)
    grouped: dict[tuple[str, str], tuple[list[int], list[Any]]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        extra = [] if everything else [or_(*wanted)]
        where = [among(session, _KV.entity_id, chunk), *extra]
        by_id = grouped_rows(session, where, any("," in r for r in chunk))
        found = ((f, k, list(map(index.__getitem__, runs)), values) for f, k, runs, values in by_id)
        for field, key, rows, values in found:
            if field in parts:  # a field this backend does not write into key_values has no column
                all_rows, all_values = grouped.setdefault((field, key), ([], []))
                all_rows.extend(rows)
                all_values.extend(values)
    return [_column(f, k, *grouped[(f, k)]) for f, k in sorted(grouped)]


def grouped_rows(session: Session, where: list[Any], row_wise: bool) -> Iterator[tuple[str, str, list[str], list[Any]]]:
    """(field, key, run ids, values) per key; `row_wise` for run ids with commas (not made by this backend)."""
    if row_wise:
        by_key: dict[tuple[str, str], tuple[list[str], list[Any]]] = {}
        for run_id, field, key, text in session.execute(
            select(_KV.entity_id, _KV.field, _KV.key, _KV.value).where(*where)
        ):
            runs, values = by_key.setdefault((field, key), ([], []))
            runs.append(run_id)
            values.append(json.loads(text))
        yield from ((f, k, runs, values) for (f, k), (runs, values) in by_key.items())
        return
    stmt = (
        select(_KV.field, _KV.key, func.aggregate_strings(_KV.entity_id, ","), func.aggregate_strings(_KV.value, ","))
        .where(*where)
        .group_by(_KV.field, _KV.key)
    )
    for field, key, run_ids, texts in session.execute(stmt):
        yield field, key, run_ids.split(","), json.loads(f"[{texts}]")


def _column(field: str, key: str, rows: list[int], values: list[Any]) -> pb.KeyColumn:
    if None in values:  # a null value is no value (the key still makes a column)
        present = [(r, v) for r, v in zip(rows, values, strict=True) if v is not None]
        rows, values = [r for r, _ in present], [v for _, v in present]
    if not values:
        return pb.KeyColumn(field=field, key=key, kind=pb.COLUMN_EMPTY)
    types = set(map(type, values))
    if types <= {int, float}:  # the common case: every value a number
        doubles = [v + 0.0 for v in values]  # -0.0 + 0.0 is 0.0, as the stored JSON text reads
        integral = all(map(float.is_integer, doubles)) and min(doubles) > -_EXACT and max(doubles) < _EXACT
        kind = pb.COLUMN_INT if integral else pb.COLUMN_DOUBLE
        return pb.KeyColumn(field=field, key=key, kind=kind, rows=rows, doubles=doubles)
    if types == {bool}:
        return pb.KeyColumn(field=field, key=key, kind=pb.COLUMN_BOOL, rows=rows, bools=values)
    if types == {str}:
        return pb.KeyColumn(field=field, key=key, kind=pb.COLUMN_STRING, rows=rows, strings=values)
    texts = [json.dumps(v, separators=(",", ":"), ensure_ascii=False) for v in values]
    return pb.KeyColumn(field=field, key=key, kind=pb.COLUMN_JSON, rows=rows, strings=texts)
