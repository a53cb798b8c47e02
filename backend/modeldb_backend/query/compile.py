"""Query-language tree -> SQLAlchemy condition, through the same predicate code as KeyValueQuery finds.

Values are always bound parameters; nothing from the query text is ever pasted into SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, intersect, not_, or_

from ..errors import InvalidArgument
from .ast import And, Comparison, Expr, Not
from .conditions import owner_ids, predicate_condition
from .kinds import EntityKind
from .operands import Predicate
from .sorting import SortKey


def compile_expr(kind: EntityKind, expr: Expr) -> ColumnElement[bool]:
    """The condition selecting the entities of `kind` for which `expr` holds."""
    if isinstance(expr, Comparison):
        return predicate_condition(kind, Predicate(expr.key, expr.op, expr.value))
    if isinstance(expr, Not):
        return not_(compile_expr(kind, expr.item))
    if isinstance(expr, And):
        return _compile_and(kind, expr)
    return or_(*(compile_expr(kind, item) for item in expr.items))


def _compile_and(kind: EntityKind, expr: And) -> ColumnElement[bool]:
    """`id IN (A) AND id IN (B)` as `id IN (A INTERSECT B)`: the same set, but PostgreSQL then always hashes
    the id sets of the child-row predicates (`metrics.m0 > 0.5 and hyperparameters.opt == 'adam'`) instead of
    probing one predicate's index once per row of the other, which its row estimates often lead it to."""
    id_sets: list[Select[Any]] = []
    parts: list[ColumnElement[bool]] = []
    for item in expr.items:
        owners = owner_ids(kind, Predicate(item.key, item.op, item.value)) if isinstance(item, Comparison) else None
        if owners is None:
            parts.append(compile_expr(kind, item))
        else:
            id_sets.append(owners)
    if id_sets:
        parts.insert(0, kind.id.in_(intersect(*id_sets) if len(id_sets) > 1 else id_sets[0]))
    return and_(*parts)


def order_by_keys(order_by: Sequence[str]) -> list[SortKey]:
    """`["-metrics.acc", "name"]` -> metrics.acc descending, then name ascending."""
    keys = []
    for entry in order_by:
        text = entry.strip()
        descending = text.startswith("-")
        key = text[1:].strip() if text.startswith(("+", "-")) else text
        if not key:
            raise InvalidArgument(f"order_by entry {entry!r} has no key: use e.g. 'metrics.acc' or '-date_updated'")
        keys.append(SortKey(key, not descending))
    return keys
