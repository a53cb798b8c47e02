"""Running a find: one page query (filter, sort, LIMIT/OFFSET) that also counts all matches, all in SQL.

The count rides along as `count(*) OVER ()`: the sort already visits every match, so counting them there is
nearly free, where a separate COUNT query evaluated the whole filter a second time (half the time of a
filtered top-100). Only a page past the end (no rows, so no count) needs its own COUNT.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ..errors import InvalidArgument
from . import operands as o
from .conditions import predicate_condition
from .kinds import EntityKind
from .sorting import SortKey, apply_sort, check_sort_keys


@dataclass
class Find:
    """What to find: conditions (ANDed), sort order, and the ModelDB page (1-based; 0 = no paging)."""

    kind: EntityKind
    where: list[ColumnElement[bool]] = field(default_factory=list)
    order: Sequence[SortKey] = ()
    page_number: int = 0
    page_limit: int = 0

    def add_predicates(self, predicates: Sequence[o.Predicate]) -> None:
        o.check_count(len(predicates), "the request")
        self.where.extend(predicate_condition(self.kind, p) for p in predicates)


@dataclass
class Found:
    rows: list[Any]
    total: int


def check_page(page_number: int, page_limit: int) -> None:
    if page_number < 0 or page_limit < 0:
        raise InvalidArgument(
            f"page_number ({page_number}) and page_limit ({page_limit}) must not be negative; both 0 return every match"
        )


def run_find(session: Session, find: Find) -> Found:
    """The page of live entities matching `find`, and the count of all matches ignoring the page."""
    rows, total = find_page(
        session, find.kind, [find.kind.model], find.where, find.order, find.page_number, find.page_limit
    )
    return Found([row[0] for row in rows], total)


def find_page(
    session: Session,
    kind: EntityKind,
    columns: Sequence[Any],
    where: Sequence[ColumnElement[bool]],
    order: Sequence[SortKey],
    page_number: int,
    page_limit: int,
) -> tuple[list[Sequence[Any]], int]:
    """`columns` of the page of live entities of `kind` matching `where`, sorted by `order`, and the count of
    all matches ignoring the page. Both page fields > 0 select a page (1-based); otherwise every match."""
    check_page(page_number, page_limit)
    check_sort_keys(kind, order)
    if page_number == 0 or page_limit == 0:
        stmt = apply_sort(kind, kind.live(select(*columns)).where(*where), order)
        rows: list[Sequence[Any]] = list(session.execute(stmt))
        return rows, len(rows)
    counted = kind.live(select(*columns, func.count().over().label("total_matches"))).where(*where)
    page = apply_sort(kind, counted, order).limit(page_limit).offset((page_number - 1) * page_limit)
    found = session.execute(page).all()
    if found:
        width = len(columns)
        return [row[:width] for row in found], int(found[0][width])
    if page_number == 1:
        return [], 0
    model = kind.model
    total = session.scalar(kind.live(select(func.count(model.id)).select_from(model)).where(*where))
    return [], int(total or 0)
