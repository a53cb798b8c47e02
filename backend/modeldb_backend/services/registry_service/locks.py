"""Lock levels of model versions (SetLockModelVersion) and what each lets change.

OPEN: anything. CLOSED: only the description, the readme and the labels, for everyone; the version cannot be
deleted, and attributes, artifacts, datasets, code, environment and the rest stay as they are. REDACT: like
OPEN for admins, like CLOSED for others, and only admins may lower a lock. This server has no roles (OSS
ModelDB's every caller may do everything), so every caller is an admin: REDACT changes nothing here beyond
being recorded, and any caller may set any level. Raising or lowering a lock is audited on the version.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...errors import FailedPrecondition, InvalidArgument
from ...pb.registry import registry_service_pb2 as pb
from ...store import registry_models as reg

Level = pb.ModelVersionLockLevelEnum
OPEN, CLOSED, REDACT = int(Level.OPEN), int(Level.CLOSED), int(Level.REDACT)
EDITABLE_WHEN_CLOSED = frozenset({"description", "readme_text", "labels"})


def level_name(level: int) -> str:
    return Level.ModelVersionLockLevel.Name(level) if level in Level.ModelVersionLockLevel.values() else str(level)


def check_level(level: int) -> int:
    """A lock level a request may set: OPEN, CLOSED or REDACT."""
    if level not in (OPEN, CLOSED, REDACT):
        raise InvalidArgument(f"lock_level {level} is not a lock level: use OPEN (1), CLOSED (2) or REDACT (3)")
    return level


def caller_is_admin() -> bool:
    """Whether the caller may change a REDACT version and lower locks: everyone, in this server (no roles)."""
    return True


def check_may_change(row: reg.ModelVersion, fields: Iterable[str]) -> None:
    """Refuse a change of `fields` of a locked version ("locked for changes", 400 FAILED_PRECONDITION)."""
    restricted = sorted(set(fields) - EDITABLE_WHEN_CLOSED)
    if not restricted:
        return
    if row.lock_level == CLOSED or (row.lock_level == REDACT and not caller_is_admin()):
        raise FailedPrecondition(
            f"Model version {row.id} is locked for changes (lock level {level_name(row.lock_level)}): "
            f"{', '.join(restricted)} cannot change; only the description, readme and labels can. "
            "Set its lock level to OPEN first (SetLockModelVersion)."
        )


def check_may_delete(row: reg.ModelVersion) -> None:
    if row.lock_level == CLOSED or (row.lock_level == REDACT and not caller_is_admin()):
        raise FailedPrecondition(
            f"Model version {row.id} is locked for changes (lock level {level_name(row.lock_level)}): it cannot be "
            "deleted. Set its lock level to OPEN first (SetLockModelVersion)."
        )
