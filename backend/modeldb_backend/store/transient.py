"""Which database failures are transient (say nothing about the request), and what a caller is told."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ..errors import InvalidArgument

LOCKED, DISCONNECTED, UNREACHABLE, CONFLICT, EXHAUSTED = (
    "locked",
    "disconnected",
    "unreachable",
    "conflict",
    "exhausted",
)
_MESSAGES = {
    LOCKED: "the database is busy (another writer holds its lock); retry the request",
    DISCONNECTED: "the connection to the database was lost; retry the request",
    UNREACHABLE: "the database cannot be reached right now; retry the request",
    CONFLICT: "the request conflicted with a concurrent one; retry the request",
    EXHAUSTED: "the database is out of connections or resources right now; retry the request",
}
# PostgreSQL SQLSTATEs of failures that say nothing about the request itself: connection exceptions (08),
# operator intervention such as pg_terminate_backend or a shutdown (57P01-57P04), serialization failures
# and deadlocks (40001, 40P01), and insufficient resources (53) or a lock wait given up (55P03).
_PG_STATES = {"40001": CONFLICT, "40P01": CONFLICT, "55P03": CONFLICT}
_PG_CLASSES = {"08": DISCONNECTED, "53": EXHAUSTED}
_PG_OPERATOR = {"57P01", "57P02", "57P03", "57P04"}


class Transient(Exception):
    """A database failure that says nothing about the request: retried or answered 503."""

    def __init__(self, cause: Exception, reason: str, during_commit: bool) -> None:
        super().__init__(reason)
        self.cause = cause
        self.reason = reason
        self.during_commit = during_commit

    def message(self) -> str:
        if self.during_commit and self.reason != LOCKED:
            return (
                "the connection to the database was lost while committing: the change may or may not have been "
                "saved; read it back before retrying the request"
            )
        return _MESSAGES[self.reason]


def transient_reason(exc: BaseException) -> str | None:
    """Why `exc` is a transient database failure (one of the reasons above), or None when it is not one."""
    if isinstance(exc, PoolTimeout):
        return EXHAUSTED
    if not isinstance(exc, DBAPIError):
        return None
    if isinstance(exc, OperationalError) and _is_lock_error(exc):
        return LOCKED
    state = getattr(exc.orig, "pgcode", None)
    if state is not None:
        if state in _PG_OPERATOR:
            return DISCONNECTED
        return _PG_STATES.get(state) or _PG_CLASSES.get(state[:2])
    if exc.connection_invalidated or isinstance(exc, InterfaceError):
        return DISCONNECTED
    if isinstance(exc, OperationalError) and type(exc.orig).__module__.startswith("psycopg2"):
        # psycopg2 reports a refused or dropped connection without a SQLSTATE
        return UNREACHABLE
    return None


def _is_lock_error(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text


# SQLite's compile-time limits, hit by a request far larger than any client sends (PostgreSQL has none of
# them): a 400 that says so rather than a 500. The services keep requests under them; this is the safety net.
_SQLITE_LIMITS = ("too many sql variables", "expression tree is too large", "pattern too complex", "too big")


def sqlite_limit_error(exc: BaseException) -> InvalidArgument | None:
    """A SQLite limit a request reached, through SQLAlchemy or on a raw driver cursor (bulk paths use those)."""
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc)
    elif isinstance(exc, OperationalError) and isinstance(exc.orig, sqlite3.OperationalError):
        text = str(exc.orig)
    else:
        return None
    if not any(limit in text.lower() for limit in _SQLITE_LIMITS):
        return None
    return InvalidArgument(f"the request is too large for the database ({text}): send fewer items at once")
