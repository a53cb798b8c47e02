"""Apply the Alembic migration tree at start-up, serialised across processes by a lock.

Rolling upgrades: the new release's migration runs first, while old servers still serve. A database at a
revision this server's scripts do not know was migrated by a newer release; migrations are additive within a
release line, so an old server starts and serves on it (with a warning) instead of failing on Alembic's "Can't
locate revision". A database BEHIND this server's head (a known older revision) is migrated at start-up.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import logging
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
PG_LOCK_KEY = 0x6D6F64656C6462  # "modeldb": one advisory lock id for every server sharing a database


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migration tree has no head revision"
    return head


@functools.cache
def known_revisions() -> frozenset[str]:
    """Every revision id of this server's migration scripts."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return frozenset(script.revision for script in scripts.walk_revisions())


def is_newer(revision: str) -> bool:
    """Whether the database's `revision` comes from a newer release: one this server's scripts do not know."""
    return revision not in known_revisions()


def newer_schema_warning(revision: str) -> str:
    return (
        f"the database schema is at {revision}, a revision this server's migrations do not know: a newer release "
        f"migrated it; serving on it with this release's schema {head_revision()} (migrations are additive within "
        "a release line), upgrade this server"
    )


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Concurrent first starts must not race: PostgreSQL advisory lock, or a lock file beside SQLite."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": PG_LOCK_KEY})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_LOCK_KEY})
                conn.commit()
        return
    database = engine.url.database or ""
    if not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).expanduser().with_name(Path(database).name + ".migrate-lock")
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine) -> str:
    """Bring the schema to this server's head revision and return it; a newer database is left as it is."""
    with _migration_lock(engine):
        before = current_revision(engine)
        head = head_revision()
        if before is not None and is_newer(before):
            log.warning("%s", newer_schema_warning(before))
        elif before != head:
            log.info("migrating database schema from %s to %s", before or "empty", head)
            command.upgrade(alembic_config(engine), "head")
    return head
