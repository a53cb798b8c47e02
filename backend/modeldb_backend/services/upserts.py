"""INSERT that ignores or overwrites rows already present, on SQLite and PostgreSQL alike.

Idempotent adds (labels, lineage edges, key-value properties) must not turn a concurrent duplicate into an
IntegrityError (a 409): `ON CONFLICT` lets the database settle the race inside the statement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from .sqlchunks import chunked

# Rows per statement: with up to 5 columns each, far below SQLite's bound-parameter limit.
ROWS_PER_STATEMENT = 1_000


def _insert(session: Session, table: Table) -> Any:
    factory = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    return factory(table)


def insert_missing(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows`; those whose primary key is already there are left as they are."""
    for part in chunked(rows, ROWS_PER_STATEMENT):
        session.execute(_insert(session, table).values(list(part)).on_conflict_do_nothing())


def upsert(session: Session, table: Table, rows: Sequence[Mapping[str, Any]], update: Sequence[str]) -> None:
    """Insert `rows`; where the primary key is already there, overwrite the columns named in `update`."""
    keys = [c.name for c in table.primary_key.columns]
    for part in chunked(rows, ROWS_PER_STATEMENT):
        stmt = _insert(session, table).values(list(part))
        session.execute(
            stmt.on_conflict_do_update(index_elements=keys, set_={name: stmt.excluded[name] for name in update})
        )
