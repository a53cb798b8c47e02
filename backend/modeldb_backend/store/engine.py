"""Engine and transaction factory for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from ..errors import InvalidArgument, Unavailable
from ..settings import Settings
from .transient import LOCKED, Transient, sqlite_limit_error, transient_reason

log = logging.getLogger(__name__)
T = TypeVar("T")

# SQLite takes its write lock when a write transaction begins (BEGIN IMMEDIATE) rather than on its first
# write, so two writers queue on the busy timeout instead of failing with "database is locked" mid-way.
_sqlite_immediate: contextvars.ContextVar[bool] = contextvars.ContextVar("sqlite_immediate", default=False)
SQLITE_BUSY_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class PoolSettings:
    """PostgreSQL's connection pool, per process (settings db_pool_size, db_max_overflow, db_pool_timeout_seconds,
    db_connect_timeout_seconds); SQLite has no use for them."""

    size: int = 10
    max_overflow: int = 10
    timeout_s: float = 30.0  # waiting longer for a pooled connection is a 503 (transient), not a hang
    connect_timeout_s: int = 10  # a database host that does not answer fails the request instead of hanging it

    @classmethod
    def from_settings(cls, settings: Settings) -> PoolSettings:
        return cls(
            size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            timeout_s=settings.db_pool_timeout_seconds,
            connect_timeout_s=settings.db_connect_timeout_seconds,
        )


def make_engine(db_url: str, pool: PoolSettings | None = None) -> Engine:
    """An engine for `db_url`, with SQLite tuned for several processes sharing one file.

    SQLite URLs take `?timeout=<seconds>`: how long a writer waits for another's lock (default 30 s).
    PostgreSQL URLs may carry `?connect_timeout=<seconds>`, which wins over `pool.connect_timeout_s`.
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
        pool = pool or PoolSettings()
        connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": pool.connect_timeout_s}
        # pre_ping replaces pooled connections the server closed meanwhile (restart, pg_terminate_backend)
        return create_engine(
            url,
            pool_pre_ping=True,
            pool_size=pool.size,
            max_overflow=pool.max_overflow,
            pool_timeout=pool.timeout_s,
            connect_args=connect_args,
        )
    raise InvalidArgument(f"unsupported database {url.get_backend_name()!r}: use sqlite:/// or postgresql://")


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not url.query.get("uri"):
        _make_folder(Path(database).expanduser().parent)
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


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InvalidArgument(f"{folder} is not a directory (a file of that name is in the way)") from None
    except OSError as exc:
        raise InvalidArgument(f"cannot create the folder {folder}: {exc.strerror or exc}") from None


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


@dataclass
class Ticket:
    """One unit of work a caller may give up on (shutdown): says whether its transaction committed."""

    committed: bool = False


# The ticket of the work running in this thread (set by whoever may abandon it: Backend's executor jobs).
current_ticket: contextvars.ContextVar[Ticket | None] = contextvars.ContextVar("current_ticket", default=None)
SHUTTING_DOWN = "the server is shutting down; retry the request"


class CommitGate:
    """Transactions commit through the gate until shutdown closes it; after that none can commit.

    Closing waits for the COMMITs under way, so afterwards every ticket's `committed` is final: work that
    was abandoned either committed before the gate closed or rolls back, never half and never later.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active = 0
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    @contextlib.contextmanager
    def passage(self) -> Iterator[None]:
        with self._cond:
            if self._closed:
                raise Unavailable(SHUTTING_DOWN)
            self._active += 1
        try:
            yield
        finally:
            with self._cond:
                self._active -= 1
                self._cond.notify_all()

    def close(self, timeout: float) -> bool:
        """Refuse every later COMMIT; True once those under way have finished (False: `timeout` passed)."""
        with self._cond:
            self._closed = True
            return self._cond.wait_for(lambda: self._active == 0, timeout)


class Database:
    """Owns the engine and hands out one transaction per unit of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.gate = CommitGate()
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=True)

    @classmethod
    def from_url(cls, db_url: str, pool: PoolSettings | None = None) -> Database:
        return cls(make_engine(db_url, pool))

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
            if self.gate.closed:
                raise Unavailable(SHUTTING_DOWN)
            started = time.monotonic()
            try:
                return self._attempt(fn, write)
            except Transient as failure:
                failures += 1
                if not self._may_retry(failure, failures, write, time.monotonic() - started):
                    log.warning("database unavailable: %s", failure.cause)
                    raise Unavailable(failure.message()) from failure.cause
                log.info("retrying after a transient database failure: %s", failure.cause)
                time.sleep(RETRY_PAUSE_S * 2 ** (failures - 1))

    def _attempt(self, fn: Callable[[Session], T], write: bool) -> T:
        token = _sqlite_immediate.set(write)
        try:
            with self._sessions() as session:  # closing the session rolls back whatever did not commit
                try:
                    session.begin()
                    result = fn(session)
                    session.flush()  # ORM writes go out now, so a failure here is still "before COMMIT"
                    xid = self._xid(session, write)
                except (DBAPIError, PoolTimeout) as exc:
                    reason = transient_reason(exc)
                    if reason is None:
                        limit = sqlite_limit_error(exc)
                        if limit is None:
                            raise
                        raise limit from exc
                    raise Transient(exc, reason, during_commit=False) from exc
                except sqlite3.OperationalError as exc:  # raised on a raw driver cursor (bulk paths)
                    limit = sqlite_limit_error(exc)
                    if limit is None:
                        raise
                    raise limit from exc
                self._commit(session, xid)
                return result
        finally:
            _sqlite_immediate.reset(token)

    def _xid(self, session: Session, write: bool) -> int | None:
        """PostgreSQL's id of a writing transaction, to settle its outcome if COMMIT gets no answer."""
        if not write or self.engine.dialect.name != "postgresql":
            return None
        return int(session.execute(text("SELECT txid_current()")).scalar_one())

    def _commit(self, session: Session, xid: int | None) -> None:
        with self.gate.passage():
            try:
                session.commit()
            except DBAPIError as exc:
                reason = transient_reason(exc)
                if reason is None:
                    raise
                outcome = self._commit_outcome(xid) if xid is not None else None
                if outcome != "committed":
                    raise Transient(exc, reason, during_commit=outcome != "aborted") from exc
                log.info("the connection was lost after COMMIT took effect: %s", exc)
            ticket = current_ticket.get()
            if ticket is not None:
                ticket.committed = True

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
    def _may_retry(failure: Transient, failures: int, write: bool, elapsed: float) -> bool:
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
