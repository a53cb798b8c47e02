"""What every RPC implementation receives: one transaction, the caller, the time, and the audit trail.

An audit record's `changes` are what the call says it changed, or else the request itself. A request of at
most AUDIT_REQUEST_BYTES (serialised) is kept whole as JSON, strings over AUDIT_VALUE_LIMIT characters
shortened. A larger one is summarised, so that recording it stays cheap inside the write transaction and the
record stays small: its single fields and short lists (at most AUDIT_LIST_HEAD items, AUDIT_SMALL_LIST_BYTES)
as above, each longer list as `{"count": n, "keys": [...]}` (its first AUDIT_LIST_HEAD keys, or `"values"` for
a list of plain values), and a `"summarised"` entry with the request's size and the SHA-256 of its
deterministic serialisation, which identifies the full request.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..artifacts import ArtifactStore
from ..settings import Settings
from ..store.models import AuditRecord

F = TypeVar("F", bound=Callable[..., Any])
AUDIT_VALUE_LIMIT = 4096  # characters of one string the record keeps
# A request up to this size (serialised) is recorded whole. A larger one is summarised: rendering a
# 200,000-metric batch to JSON took a second of the write transaction, under SQLite's write lock.
AUDIT_REQUEST_BYTES = 64 * 1024
AUDIT_LIST_HEAD = 100  # keys or values a summarised list keeps
AUDIT_SMALL_LIST_BYTES = 16 * 1024  # a list of at most AUDIT_LIST_HEAD items and this size is kept whole
AUDIT_LIST_VALUE_LIMIT = 256  # characters kept of each key or value of a summarised list
SUMMARY_FIELD = "summarised"  # present in a summarised record; no request has a field of that name


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def read_only(fn: F) -> F:
    """Marks an RPC implementation that changes nothing although its HTTP verb is not GET."""
    fn.__modeldb_mutating__ = False  # type: ignore[attr-defined]  # a marker on the function object, read by the service table
    return fn


def mutating(fn: F) -> F:
    """Marks an RPC implementation that changes state although its HTTP verb is GET."""
    fn.__modeldb_mutating__ = True  # type: ignore[attr-defined]  # a marker on the function object, read by the service table
    return fn


@dataclass
class AuditEntry:
    entity_type: str
    entity_id: str
    changes: dict[str, Any] | None


@dataclass
class CallContext:
    """Per-call state. `session` is the request's only transaction; audit entries join it on commit."""

    session: Session
    settings: Settings
    actor: str = "local"
    artifacts: ArtifactStore | None = None
    base_url: str = ""  # how the caller reaches this server's HTTP endpoints (artifact URLs are built on it)
    now: int = field(default_factory=now_ms)
    audit_entries: list[AuditEntry] = field(default_factory=list)
    liveness_only: bool = False

    def audit(self, entity_type: str, entity_id: str, changes: dict[str, Any] | None = None) -> None:
        """Record that this call changed `entity_id`; `changes` defaults to the request itself."""
        self.audit_entries.append(AuditEntry(entity_type, entity_id, changes))

    def mark_liveness_only(self) -> None:
        """This call only refreshed liveness timestamps (a heartbeat): it leaves no audit record of its own.

        A long run heartbeats every 30 s; one record each would bury the real changes in the trail.
        """
        self.liveness_only = True

    def write_audit(self, action: str, request: Message, fallback_type: str) -> None:
        """Append the call's audit records (at least one, unless liveness-only) inside the call's transaction."""
        if self.liveness_only and not self.audit_entries:
            return
        entries = self.audit_entries or [AuditEntry(fallback_type, _request_entity_id(request), None)]
        # Rendered once, and only when some entry records the request itself.
        request_text = audit_json(request) if any(e.changes is None for e in entries) else ""
        # One executemany of the table (a bulk call audits thousands of runs; ORM objects cost ~10x per row).
        self.session.execute(
            insert(AuditRecord.__table__),
            [
                {
                    "ts": self.now,
                    "actor": self.actor,
                    "action": action,
                    "entity_type": e.entity_type,
                    "entity_id": e.entity_id,
                    "changes": json.dumps(e.changes, sort_keys=True) if e.changes is not None else request_text,
                }
                for e in entries
            ],
        )


def _request_entity_id(request: Message) -> str:
    for name in ("id", "experiment_run_id", "entity_id", "src_experiment_run_id", "project_id", "dataset_id"):
        if name in request.DESCRIPTOR.fields_by_name:
            value = getattr(request, name)
            if isinstance(value, str) and value:
                return value
    return ""


def audit_json(request: Message) -> str:
    """What the audit trail keeps of a request: all of it when small, else a bounded summary (see module doc)."""
    return json.dumps(summarise_request(request), sort_keys=True)


def summarise_request(request: Message) -> dict[str, Any]:
    size = request.ByteSize()
    if size <= AUDIT_REQUEST_BYTES:
        return _request_changes(request)
    changes = _summary(request)
    changes[SUMMARY_FIELD] = {
        "request_bytes": size,
        "request_sha256": hashlib.sha256(request.SerializeToString(deterministic=True)).hexdigest(),
        "lists": f"a long list as its count and its first {AUDIT_LIST_HEAD} keys or values",
    }
    return changes


def _request_changes(request: Message) -> dict[str, Any]:
    """The request as JSON with long strings shortened, so the audit trail stays small."""
    data = json_format.MessageToDict(request, preserving_proto_field_name=True)
    shortened: dict[str, Any] = _shorten(data)
    return shortened


def _summary(message: Message) -> dict[str, Any]:
    """Singular fields as in the full rendering (big sub-messages summarised in turn), lists as summaries."""
    small = type(message)()
    out: dict[str, Any] = {}
    for fd, value in message.ListFields():
        if fd.is_repeated and _small_list(fd, value):
            getattr(small, fd.name).extend(value)
        elif fd.is_repeated:
            out[fd.name] = _list_summary(fd, value)
        elif fd.message_type is not None and value.ByteSize() > AUDIT_REQUEST_BYTES:
            out[fd.name] = _summary(value)
        elif fd.message_type is not None:
            getattr(small, fd.name).CopyFrom(value)
        else:
            setattr(small, fd.name, value)
    # Well-known types (Value, ListValue) render as JSON values, not objects: kept under "value".
    rendered: Any = _request_changes(small) if small.ByteSize() else {}
    return {**(rendered if isinstance(rendered, dict) else {"value": rendered}), **out}


def _small_list(fd: FieldDescriptor, values: Any) -> bool:
    """A short list of small items is kept whole in a summarised record (two tags need no summary)."""
    if len(values) > AUDIT_LIST_HEAD or (fd.message_type is not None and fd.message_type.GetOptions().map_entry):
        return False
    if fd.message_type is not None:
        return bool(sum(v.ByteSize() for v in values) <= AUDIT_SMALL_LIST_BYTES)
    return sum(len(v) if isinstance(v, str | bytes) else 8 for v in values) <= AUDIT_SMALL_LIST_BYTES


def _list_summary(fd: FieldDescriptor, values: Any) -> dict[str, Any]:
    """A list's count and its first keys: a message's `key` (or its sub-message's, as an observation's
    attribute.key), a map's keys, or plain values; messages without a key are counted only."""
    if fd.message_type is not None and fd.message_type.GetOptions().map_entry:
        keys_head = [str(k) for k in itertools.islice(values, AUDIT_LIST_HEAD)]
        return {"count": len(values), "keys": [_clip(k) for k in keys_head]}
    head: list[Any] = list(itertools.islice(values, AUDIT_LIST_HEAD))
    if fd.message_type is None:
        if fd.enum_type is not None:
            head = [fd.enum_type.values_by_number[v].name if v in fd.enum_type.values_by_number else v for v in head]
        return {"count": len(values), "values": [_clip(v) for v in head]}
    keys = [k for k in (_item_key(item) for item in head) if k is not None]
    return {"count": len(values), "keys": [_clip(k) for k in keys]} if keys else {"count": len(values)}


def _item_key(item: Message) -> str | None:
    if "key" in item.DESCRIPTOR.fields_by_name:
        return str(item.key)  # type: ignore[attr-defined]  # the message has a `key` field (checked above)
    for fd, value in item.ListFields():
        if fd.message_type is not None and not fd.is_repeated and "key" in fd.message_type.fields_by_name:
            return str(value.key)
    return None


def _clip(value: Any) -> Any:
    if isinstance(value, str) and len(value) > AUDIT_LIST_VALUE_LIMIT:
        return value[:AUDIT_LIST_VALUE_LIMIT] + f"... ({len(value)} characters)"
    if isinstance(value, bytes):
        return f"({len(value)} bytes)"
    return value


def _shorten(value: Any) -> Any:
    if isinstance(value, str) and len(value) > AUDIT_VALUE_LIMIT:
        return value[:AUDIT_VALUE_LIMIT] + f"... ({len(value)} characters)"
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shorten(v) for v in value]
    return value
