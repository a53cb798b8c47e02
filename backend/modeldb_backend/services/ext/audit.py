"""ExtensionService.findAuditRecords: reading the append-only audit trail.

The trail is written by `CallContext.write_audit` inside each mutating call's transaction; this module only
reads it. No RPC updates or deletes audit records, so the history of deleted entities stays queryable.
"""

from __future__ import annotations

import json
from typing import Any

from google.protobuf import struct_pb2
from sqlalchemy import ColumnElement, func, select

from ...errors import InvalidArgument
from ...pb.ext import extension_pb2 as pb
from ...store import models as m
from ..context import CallContext, read_only

MAX_PAGE_LIMIT = 1000


def _filters(request: pb.FindAuditRecords) -> list[ColumnElement[bool]]:
    """One condition per non-empty filter field; the time range is half-open [since, until)."""
    table = m.AuditRecord
    conditions: list[ColumnElement[bool]] = []
    for value, column in (
        (request.entity_id, table.entity_id),
        (request.entity_type, table.entity_type),
        (request.action, table.action),
        (request.actor, table.actor),
    ):
        if value:
            conditions.append(column == value)
    if request.since > 0:
        conditions.append(table.ts >= request.since)
    if request.until > 0:
        conditions.append(table.ts < request.until)
    return conditions


def _check_paging(request: pb.FindAuditRecords) -> bool:
    """Whether to page; a page larger than MAX_PAGE_LIMIT is refused rather than silently truncated."""
    if request.page_limit > MAX_PAGE_LIMIT:
        raise InvalidArgument(f"page_limit must be at most {MAX_PAGE_LIMIT}, got {request.page_limit}")
    return request.page_number > 0 and request.page_limit > 0


def _changes(raw: str) -> struct_pb2.Struct:
    """The stored JSON as a Struct; anything that is not an object (never written today) is wrapped."""
    try:
        data: Any = json.loads(raw) if raw else {}
    except json.JSONDecodeError:
        data = {"raw": raw}
    if not isinstance(data, dict):
        data = {"value": data}
    changes = struct_pb2.Struct()
    changes.update(data)
    return changes


def _record(row: m.AuditRecord) -> pb.AuditRecord:
    return pb.AuditRecord(
        id=row.id,
        timestamp=row.ts,
        actor=row.actor,
        action=row.action,
        entity_type=row.entity_type,
        entity_id=row.entity_id,
        changes=_changes(row.changes),
    )


class AuditRpcs:
    """Read access to the audit trail (there is deliberately no write, update or delete RPC)."""

    @read_only
    def findAuditRecords(self, ctx: CallContext, request: pb.FindAuditRecords) -> pb.FindAuditRecords.Response:
        paged = _check_paging(request)
        conditions = _filters(request)
        total = ctx.session.scalar(select(func.count()).select_from(m.AuditRecord).where(*conditions)) or 0
        order = m.AuditRecord.id.desc() if request.descending else m.AuditRecord.id.asc()
        query = select(m.AuditRecord).where(*conditions).order_by(order)
        if paged:
            query = query.offset((request.page_number - 1) * request.page_limit).limit(request.page_limit)
        rows = ctx.session.scalars(query).all()
        return pb.FindAuditRecords.Response(records=[_record(r) for r in rows], total_records=total)
