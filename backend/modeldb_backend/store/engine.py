"""Engine and transaction factory for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import InvalidArgument, Unavailable

log = logging.getLogger(__name__)
T = TypeVar("T")

# SQLite takes its write lock when a write transaction begins (BEGIN IMMEDIATE) rather than on its first
# write, so two writers queue on the busy timeout instead of failing with "database is locked" mid-way.
_sqlite_immediate: contextvars.ContextVar[bool] = contextvars.ContextVar("sqlite_immediate", default=False)
SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(db_url: str) -> Engine:
    """An engine for `db_url`, with SQLite tuned for several processes sharing one file."""
    try:
        url = make_url(db_url)
    except Exception as exc:
        raise InvalidArgument(f"database URL is not valid: {exc}") from exc
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    if url.get_backend_name() == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg2")  # SQLAlchemy 2.1 would pick psycopg 3 otherwise
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    raise InvalidArgument(f"unsupported database {url.get_backend_name()!r}: use sqlite:/// or postgresql://")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
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
        """A session whose work commits on success and rolls back entirely on any error."""
        token = _sqlite_immediate.set(write)
        try:
            with self._sessions() as session, session.begin():
                yield session
        finally:
            _sqlite_immediate.reset(token)

    def run(self, fn: Callable[[Session], T], write: bool) -> T:
        """Run `fn` in one transaction; retries briefly when SQLite reports contention."""
        for attempt in range(5):
            try:
                with self.transaction(write) as session:
                    return fn(session)
            except OperationalError as exc:
                if not _is_lock_error(exc) or attempt == 4:
                    if _is_lock_error(exc):
                        raise Unavailable("the database is busy; retry the request") from exc
                    raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()


def _is_lock_error(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text
