"""Query-language tree -> SQLAlchemy condition, through the same predicate code as KeyValueQuery finds.

Values are always bound parameters; nothing from the query text is ever pasted into SQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, not_, or_

from ..errors import InvalidArgument
from .ast import And, Comparison, Expr, Not
from .conditions import predicate_condition
from .kinds import EntityKind
from .operands import Predicate
from .sorting import SortKey


def compile_expr(kind: EntityKind, expr: Expr) -> ColumnElement[bool]:
    """The condition selecting the entities of `kind` for which `expr` holds."""
    if isinstance(expr, Comparison):
        return predicate_condition(kind, Predicate(expr.key, expr.op, expr.value))
    if isinstance(expr, Not):
        return not_(compile_expr(kind, expr.item))
    parts = [compile_expr(kind, item) for item in expr.items]
    return and_(*parts) if isinstance(expr, And) else or_(*parts)


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
