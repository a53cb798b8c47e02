"""What every RPC implementation receives: one transaction, the caller, the time, and the audit trail."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from google.protobuf import json_format
from google.protobuf.message import Message
from sqlalchemy.orm import Session

from ..artifacts import ArtifactStore
from ..settings import Settings
from ..store.models import AuditRecord

F = TypeVar("F", bound=Callable[..., Any])
AUDIT_VALUE_LIMIT = 4096


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def read_only(fn: F) -> F:
    """Marks an RPC implementation that changes nothing although its HTTP verb is not GET."""
    fn.__modeldb_mutating__ = False  # type: ignore[attr-defined]
    return fn


def mutating(fn: F) -> F:
    """Marks an RPC implementation that changes state although its HTTP verb is GET."""
    fn.__modeldb_mutating__ = True  # type: ignore[attr-defined]
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
        # Only when some entry records the request itself (a 10,000-point batch is costly to render).
        request_json = _request_changes(request) if any(e.changes is None for e in entries) else None
        self.session.add_all(
            AuditRecord(
                ts=self.now,
                actor=self.actor,
                action=action,
                entity_type=e.entity_type,
                entity_id=e.entity_id,
                changes=json.dumps(e.changes if e.changes is not None else request_json, sort_keys=True),
            )
            for e in entries
        )


def _request_entity_id(request: Message) -> str:
    for name in ("id", "experiment_run_id", "entity_id", "src_experiment_run_id", "project_id", "dataset_id"):
        if name in request.DESCRIPTOR.fields_by_name:
            value = getattr(request, name)
            if isinstance(value, str) and value:
                return value
    return ""


def _request_changes(request: Message) -> dict[str, Any]:
    """The request as JSON with long strings shortened, so the audit trail stays small."""
    data = json_format.MessageToDict(request, preserving_proto_field_name=True)
    return _shorten(data)  # type: ignore[no-any-return]


def _shorten(value: Any) -> Any:
    if isinstance(value, str) and len(value) > AUDIT_VALUE_LIMIT:
        return value[:AUDIT_VALUE_LIMIT] + f"... ({len(value)} characters)"
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shorten(v) for v in value]
    return value
