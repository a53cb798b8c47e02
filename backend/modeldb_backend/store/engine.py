"""Engine and transaction factory for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from ..errors import InvalidArgument, Unavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

# SQLite takes its write lock when a write transaction begins (BEGIN IMMEDIATE) rather than on its first
# write, so two writers queue on the busy timeout instead of failing with "database is locked" mid-way.
_sqlite_immediate: contextvars.ContextVar[bool] = contextvars.ContextVar("sqlite_immediate", default=False)
SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 10  # a database host that does not answer fails the request instead of hanging it


def make_engine(db_url: str) -> Engine:
    """An engine for `db_url`, with SQLite tuned for several processes sharing one file.

    SQLite URLs take `?timeout=<seconds>`: how long a writer waits for another's lock (default 30 s).
    """
    try:
        url = make_url(db_url)
    except Exception as exc:
        raise InvalidArgument(f"database URL is not valid: {exc}") from exc
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if url.get_backend_name() == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg2")  # SQLAlchemy 2.1 would pick psycopg 3 otherwise
        connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": PG_CONNECT_TIMEOUT_S}
        # pre_ping replaces pooled connections the server closed meanwhile (restart, pg_terminate_backend)
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10, connect_args=connect_args)
    raise InvalidArgument(f"unsupported database {url.get_backend_name()!r}: use sqlite:/// or postgresql://")


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not url.query.get("uri"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    busy_ms = SQLITE_BUSY_TIMEOUT_MS
    if "timeout" in url.query:
        raw = url.query["timeout"]
        text = raw if isinstance(raw, str) else raw[-1]
        try:
            busy_ms = max(0, int(float(text) * 1000))
        except (ValueError, OverflowError):
            raise InvalidArgument(f"SQLite timeout {text!r} is not a number of seconds") from None
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_ms / 1000})
    _configure_sqlite(engine, busy_ms)
    return engine


def _configure_sqlite(engine: Engine, busy_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={busy_ms}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()
        # SQLite's built-in lower() folds ASCII only; case-insensitive CONTAIN must also work for "É" vs "é".
        dbapi_conn.create_function("lower", 1, _unicode_lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _sqlite_immediate.get() else "BEGIN")


def _unicode_lower(text: object) -> object:
    return text.lower() if isinstance(text, str) else text


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


class Database:
    """Owns the engine and hands out one transaction per unit of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=True)

    @classmethod
    def from_url(cls, db_url: str) -> Database:
        return cls(make_engine(db_url))

    @contextlib.contextmanager
    def transaction(self, write: bool) -> Iterator[Session]:
        """A session whose work commits on success and rolls back entirely on any error (no retries)."""
        token = _sqlite_immediate.set(write)
        try:
            with self._sessions() as session, session.begin():
                yield session
        finally:
            _sqlite_immediate.reset(token)

    def run(self, fn: Callable[[Session], T], write: bool) -> T:
        """Run `fn` in one transaction; a transient database failure is retried when that is safe.

        Safe means the transaction cannot have committed: the failure came before COMMIT was sent, or the
        transaction only read. A lost connection is retried once on a fresh one; an immediate SQLite
        "database is locked" (a snapshot conflict, not the busy timeout) a few times. Anything else
        transient is a 503 (`Unavailable`), which callers may retry; `fn` must not keep state between calls.
        """
        failures = 0
        while True:
            started = time.monotonic()
            try:
                return self._attempt(fn, write)
            except _Transient as failure:
                failures += 1
                if not self._may_retry(failure, failures, write, time.monotonic() - started):
                    log.warning("database unavailable: %s", failure.cause)
                    raise Unavailable(failure.message()) from failure.cause
                log.info("retrying after a transient database failure: %s", failure.cause)
                time.sleep(RETRY_PAUSE_S * 2 ** (failures - 1))

    def _attempt(self, fn: Callable[[Session], T], write: bool) -> T:
        token = _sqlite_immediate.set(write)
        committing = False
        xid: int | None = None
        try:
            with self._sessions() as session:  # closing the session rolls back whatever did not commit
                session.begin()
                result = fn(session)
                session.flush()  # ORM writes go out now, so a failure here is still "before COMMIT"
                if write and self.engine.dialect.name == "postgresql":
                    xid = session.execute(text("SELECT txid_current()")).scalar_one()
                committing = True
                session.commit()
                return result
        except (DBAPIError, PoolTimeout) as exc:
            reason = transient_reason(exc)
            if reason is None:
                raise
            outcome = self._commit_outcome(xid) if committing and xid is not None else None
            if outcome == "committed":
                log.info("the connection was lost after COMMIT took effect: %s", exc)
                return result
            raise _Transient(exc, reason, committing and outcome != "aborted") from exc
        finally:
            _sqlite_immediate.reset(token)

    def _commit_outcome(self, xid: int) -> str | None:
        """Whether the transaction `xid` committed, asked on a new connection after COMMIT got no answer.

        PostgreSQL keeps the status of recent transactions (txid_status): a connection killed around COMMIT
        need not leave the caller guessing. None when the database cannot tell (or cannot be reached).
        """
        for _ in range(40):  # "in progress" while the killed backend is still exiting: wait up to ~2 s
            try:
                with self.engine.connect() as conn:
                    status = conn.execute(text("SELECT txid_status(:xid)"), {"xid": xid}).scalar()
            except DBAPIError:
                return None
            if status != "in progress":
                return status if status in ("committed", "aborted") else None
            time.sleep(0.05)
        return None

    @staticmethod
    def _may_retry(failure: _Transient, failures: int, write: bool, elapsed: float) -> bool:
        if failure.during_commit and write:
            return False  # the COMMIT may have reached the database: running the work again could apply it twice
        if failure.reason == LOCKED:
            # SQLite answers "locked" at once for a snapshot conflict (worth a quick retry), or after the whole
            # busy timeout (waiting again would only double the caller's wait).
            return failures < SQLITE_LOCK_ATTEMPTS and elapsed < 1.0
        return failures <= 1

    def dispose(self) -> None:
        self.engine.dispose()


RETRY_PAUSE_S = 0.05
SQLITE_LOCK_ATTEMPTS = 5
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


class _Transient(Exception):
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
