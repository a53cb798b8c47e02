"""ExtensionService setRunStatus, getRunStates and heartbeat, and the heartbeat watchdog.

A RUNNING run with a heartbeat timeout whose last heartbeat is older than the timeout is dead: it is
KILLED, ending at its last heartbeat. Reads compute that on the fly (they must not write), and
`sweep_stale_runs`, called periodically by the server, makes it permanent with an audit record.
Heartbeats themselves leave no audit record: they change only the liveness timestamp.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, bindparam, case, select, update
from sqlalchemy.orm import Session

from ...errors import InvalidArgument, NotFound
from ...limits import STATUS_ENUM_NAMES
from ...pb.ext import extension_pb2 as pb
from ...store import models as m
from ...store.engine import Database
from ..context import CallContext, now_ms, read_only
from ..experiment_runs.changes import changed_run
from ..loading import RUN
from ..sqlchunks import chunked, first_missing, present

# Stored by their RunStatus enum names ("RUNNING", ...), from the one module of limits and statuses.
STATUSES = STATUS_ENUM_NAMES
RUNNING, KILLED = pb.RunStatus.Name(pb.RUNNING), pb.RunStatus.Name(pb.KILLED)
WATCHDOG_ACTOR, WATCHDOG_ACTION = "watchdog", "heartbeatTimeout"

_STATES = m.RunState.__table__
_RUNS = m.ExperimentRun.__table__


def unique(values: Iterable[str]) -> list[str]:
    """Request order without repeats."""
    return list(dict.fromkeys(values))


def require_live_runs(session: Session, run_ids: Sequence[str]) -> None:
    """404 naming the first id that is not a live run (one query per IN_CHUNK ids)."""
    missing = first_missing(run_ids, present(session, _RUNS.c.id, run_ids, ~_RUNS.c.deleted))
    if missing is not None:
        raise NotFound(f"ExperimentRun not found for given Id: {missing}")


def is_stale(status: str, heartbeat: int, timeout_ms: int, now: int) -> bool:
    return status == RUNNING and timeout_ms > 0 and heartbeat + timeout_ms < now


def _stale(now: int) -> ColumnElement[bool]:
    """SQL twin of `is_stale` (heartbeat + timeout < now, written so no sum can overflow)."""
    c = _STATES.c
    return and_(c.status == RUNNING, c.timeout_ms > 0, c.heartbeat < now - c.timeout_ms)


def load_states(session: Session, run_ids: Sequence[str], now: int) -> list[pb.RunState]:
    """Effective lifecycle of the live runs among `run_ids` that have one, by run id.

    One query per IN_CHUNK ids; sorted here, in code-point order, so both databases give one order whatever
    their collation.
    """
    c = _STATES.c
    stmt = select(c.run_id, c.status, c.heartbeat, c.timeout_ms, _RUNS.c.start_time, _RUNS.c.end_time).join(
        _RUNS, _RUNS.c.id == c.run_id
    )
    stmt = stmt.where(~_RUNS.c.deleted)
    rows = [row for part in chunked(run_ids) for row in session.execute(stmt.where(c.run_id.in_(part)))]
    out = []
    for run_id, status, heartbeat, timeout_ms, start_time, end_time in sorted(rows, key=lambda row: row[0]):
        if is_stale(status, heartbeat, timeout_ms, now):
            status, end_time = KILLED, heartbeat
        out.append(
            pb.RunState(
                run_id=run_id,
                status=cast(pb.RunStatus, pb.RunStatus.Value(status)),  # Value() is typed as a plain int
                start_time=start_time,
                end_time=end_time,
                heartbeat=heartbeat,
                heartbeat_timeout_ms=timeout_ms,
            )
        )
    return out


def mark_stale(session: Session, now: int, run_ids: Sequence[str] | None = None) -> int:
    """Mark dead RUNNING runs KILLED, ending at their last heartbeat; returns how many.

    Locks the runs before their states, the order setRunStatus uses, so the two cannot deadlock; the
    staleness is checked again under the lock, so a heartbeat that arrived meanwhile saves its run.
    """
    ids = sorted(_stale_candidates(session, now, run_ids))
    if not ids:
        return 0
    # Chunks of the sorted ids, in order: the locks are still taken in one global order.
    for part in chunked(ids):
        session.execute(select(_RUNS.c.id).where(_RUNS.c.id.in_(part)).order_by(_RUNS.c.id).with_for_update()).all()
    kill = (
        update(_STATES)
        .where(_stale(now))
        .values(status=KILLED)
        .returning(_STATES.c.run_id, _STATES.c.heartbeat, _STATES.c.timeout_ms)
    )
    killed = [row for part in chunked(ids) for row in session.execute(kill.where(_STATES.c.run_id.in_(part)))]
    if not killed:
        return 0
    _end_runs(session, now, [(run_id, heartbeat) for run_id, heartbeat, _ in killed])
    session.add_all(_watchdog_record(now, run_id, heartbeat, timeout) for run_id, heartbeat, timeout in killed)
    return len(killed)


def _stale_candidates(session: Session, now: int, run_ids: Sequence[str] | None) -> list[str]:
    """Runs whose state looks stale: all of them, or those among `run_ids` (one query per IN_CHUNK ids)."""
    candidates = select(_STATES.c.run_id).where(_stale(now))
    if run_ids is None:
        return list(session.scalars(candidates))
    return [i for part in chunked(run_ids) for i in session.scalars(candidates.where(_STATES.c.run_id.in_(part)))]


def _end_runs(session: Session, now: int, ends: list[tuple[str, int]]) -> None:
    """end_time = the last heartbeat, and the usual date_updated/version_number bump of a change."""
    c = _RUNS.c
    stmt = (
        update(_RUNS)
        .where(c.id == bindparam("b_id"))
        .values(
            end_time=bindparam("b_end"),
            date_updated=case((c.date_updated > now, c.date_updated), else_=now),
            version_number=c.version_number + 1,
        )
    )
    session.execute(stmt, [{"b_id": run_id, "b_end": end} for run_id, end in ends])


def _watchdog_record(now: int, run_id: str, heartbeat: int, timeout_ms: int) -> m.AuditRecord:
    changes = {"status": KILLED, "end_time": heartbeat, "heartbeat": heartbeat, "heartbeat_timeout_ms": timeout_ms}
    return m.AuditRecord(
        ts=now,
        actor=WATCHDOG_ACTOR,
        action=WATCHDOG_ACTION,
        entity_type=RUN,
        entity_id=run_id,
        changes=json.dumps(changes, sort_keys=True),
    )


def sweep_stale_runs(db: Database) -> int:
    """One watchdog pass in its own transaction (the server runs it periodically); returns runs killed."""
    return db.run(lambda session: mark_stale(session, now_ms()), write=True)


def _status_name(status: int) -> str:
    name = pb.RunStatus.Name(status) if status in pb.RunStatus.values() else ""
    if name not in STATUSES:
        raise InvalidArgument(f"status {status} is not a run status: use one of {', '.join(STATUSES)}")
    return name


class RunStateRpcs:
    def setRunStatus(self, ctx: CallContext, request: pb.SetRunStatus) -> pb.SetRunStatus.Response:
        status = _status_name(request.status)
        if request.end_time < 0 or request.heartbeat_timeout_ms < 0:
            raise InvalidArgument("end_time and heartbeat_timeout_ms must not be negative")
        if status == RUNNING and request.end_time:
            raise InvalidArgument("end_time is for FINISHED, FAILED and KILLED: a RUNNING run has no end yet")
        changes: dict[str, Any] = {"status": status, "heartbeat_timeout_ms": request.heartbeat_timeout_ms}
        run = changed_run(ctx, request.run_id, changes)
        if status == RUNNING:
            run.start_time = run.start_time or ctx.now  # resuming keeps the original start
            run.end_time = 0
        else:
            run.end_time = request.end_time or ctx.now
        changes.update(start_time=run.start_time, end_time=run.end_time)
        state = ctx.session.get(m.RunState, run.id)
        if state is None:
            state = m.RunState(run_id=run.id)
            ctx.session.add(state)
        state.status, state.heartbeat, state.timeout_ms = status, ctx.now, request.heartbeat_timeout_ms
        ctx.session.flush()
        return pb.SetRunStatus.Response(state=load_states(ctx.session, [run.id], ctx.now)[0])

    @read_only
    def getRunStates(self, ctx: CallContext, request: pb.GetRunStates) -> pb.GetRunStates.Response:
        return pb.GetRunStates.Response(states=load_states(ctx.session, unique(request.run_ids), ctx.now))

    def heartbeat(self, ctx: CallContext, request: pb.Heartbeat) -> pb.Heartbeat.Response:
        """A heartbeat keeps live RUNNING runs alive; it cannot revive a run that is already dead.

        Refreshing the liveness timestamp is not audited; a run found dead here is KILLED with the
        watchdog's audit record, as the periodic sweep would.
        """
        run_ids = unique(request.run_ids)
        if not run_ids:
            raise InvalidArgument("run_ids is empty: name the runs that are still running")
        require_live_runs(ctx.session, run_ids)
        mark_stale(ctx.session, ctx.now, run_ids)
        c = _STATES.c
        for part in chunked(run_ids):
            ctx.session.execute(
                update(_STATES).where(c.run_id.in_(part), c.status == RUNNING).values(heartbeat=ctx.now)
            )
        ctx.mark_liveness_only()
        return pb.Heartbeat.Response()
