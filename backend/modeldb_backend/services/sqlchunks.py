"""Request-sized lists in SQL `IN (...)`: at most IN_CHUNK items per statement, one statement per chunk.

SQLite builds limit the bound parameters of one statement (32,766 by default, 250,000 in Debian's build);
PostgreSQL through psycopg2 has no such limit. A list from a request therefore goes to the database in chunks,
so that a request of any size gets the same answer on both. Where a list cannot be split (a find that sorts
and pages its matches), the request may name at most MAX_LISTED_IDS items, checked before any SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from ..errors import InvalidArgument

T = TypeVar("T")
# Far below every SQLite build's limit, with room for the statement's other parameters.
IN_CHUNK = 10_000
# Ids one find may name (findDatasets' dataset_ids): one IN list, so at most one chunk.
MAX_LISTED_IDS = IN_CHUNK


def chunked(items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def select_in(session: Session, column: Any, by: Any, items: Sequence[Any], *where: ColumnElement[bool]) -> list[Any]:
    """`column` of the rows whose `by` is among `items` and that match `where`: one SELECT per chunk."""
    stmt = select(column).where(*where)
    return [value for part in chunked(items) for value in session.scalars(stmt.where(by.in_(part)))]


def present(session: Session, column: Any, items: Sequence[T], *where: ColumnElement[bool]) -> set[T]:
    """The `items` found in `column` among the rows matching `where`: one SELECT per chunk."""
    return set(select_in(session, column, column, items, *where))


def first_missing(items: Iterable[T], found: set[T]) -> T | None:
    """The first item, in request order, that is not in `found` (the one a 404 names)."""
    return next((item for item in items if item not in found), None)


def check_listed(items: Sequence[str], field: str, noun: str = "ids") -> list[str]:
    """`items` without repeats; more than MAX_LISTED_IDS distinct items is a 400 (before any SQL)."""
    distinct = list(dict.fromkeys(items))
    if len(distinct) > MAX_LISTED_IDS:
        raise InvalidArgument(
            f"{field} lists {len(distinct)} distinct {noun}; one request may list at most {MAX_LISTED_IDS}: "
            "split the list over several requests"
        )
    return distinct
