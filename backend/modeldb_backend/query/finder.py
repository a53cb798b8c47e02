"""Running a find: one COUNT of all matches, one page query (filter, sort, LIMIT/OFFSET), all in SQL."""

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
        self.where.extend(predicate_condition(self.kind, p) for p in predicates)


@dataclass
class Found:
    rows: list[Any]
    total: int


def _check_page(find: Find) -> None:
    if find.page_number < 0 or find.page_limit < 0:
        raise InvalidArgument(
            f"page_number ({find.page_number}) and page_limit ({find.page_limit}) must not be negative;"
            " both 0 return every match"
        )


def run_find(session: Session, find: Find) -> Found:
    """The page of live entities matching `find`, and the count of all matches ignoring the page."""
    _check_page(find)
    check_sort_keys(find.kind, find.order)
    model = find.kind.model
    total = session.scalar(find.kind.live(select(func.count(model.id)).select_from(model)).where(*find.where)) or 0
    if total == 0:
        return Found([], 0)
    stmt = apply_sort(find.kind, find.kind.live(select(model)).where(*find.where), find.order)
    if find.page_number > 0 and find.page_limit > 0:
        stmt = stmt.limit(find.page_limit).offset((find.page_number - 1) * find.page_limit)
    return Found(list(session.scalars(stmt)), int(total))
