"""Sort keys -> ORDER BY, in SQL.

Key-value sort keys (`metrics.<k>`, `hyperparameters.<k>`, `attributes.<k>`) LEFT JOIN the entity's value
for that key and sort NUMERICALLY (ModelDB sorts the stored text, so 10 < 9 there; numeric order is what
its client's own skipped tests expect). Entities lacking the key come last in both directions, numbers
come before strings, and the entity id breaks ties so pages never overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case
from sqlalchemy.orm import aliased

from ..errors import InvalidArgument
from ..store import models as m
from .kinds import EntityKind

DEFAULT_SORT_KEY = "date_updated"


@dataclass(frozen=True)
class SortKey:
    key: str
    ascending: bool


def sort_keys(sort_key: str, ascending: bool) -> list[SortKey]:
    """The ModelDB pair (sort_key, ascending); an empty key means date_updated."""
    return [SortKey(sort_key or DEFAULT_SORT_KEY, ascending)]


def check_sort_keys(kind: EntityKind, keys: Sequence[SortKey]) -> None:
    """Refuse an unknown sort key before anything runs."""
    for sk in keys:
        if sk.key not in kind.sort_columns and _kv_key(kind, sk.key) is None:
            raise InvalidArgument(f"Sort key cannot be handled: {sk.key}")


def _kv_key(kind: EntityKind, key: str) -> tuple[str, str] | None:
    field, _, rest = key.partition(".")
    return (field, rest) if field in kind.kv_fields and rest else None


def _direction(expr: Any, ascending: bool) -> Any:
    return expr.asc() if ascending else expr.desc()


def apply_sort(kind: EntityKind, stmt: Select[Any], keys: Sequence[SortKey]) -> Select[Any]:
    """`stmt` with the joins and ORDER BY for `keys`, then the id tiebreak in the last key's direction."""
    check_sort_keys(kind, keys)
    order: list[Any] = []
    for position, sk in enumerate(keys):
        if sk.key in kind.sort_columns:
            order.append(_direction(kind.sort_columns[sk.key], sk.ascending))
            continue
        field, key = _kv_key(kind, sk.key)  # type: ignore[misc]  # check_sort_keys accepted only columns and key-value keys
        kv = aliased(m.KeyValue, name=f"sort_kv_{position}")
        # (entity_id, field, key) is unique, so the join never duplicates an entity
        stmt = stmt.outerjoin(kv, and_(kv.entity_id == kind.id, kv.field == field, kv.key == key))
        order += [
            case((kv.id.is_(None), 1), else_=0),  # lacking the key: last, whatever the direction
            case((kv.num_value.is_(None), 1), else_=0),  # numbers before strings and other values
            _direction(kv.num_value, sk.ascending),
            _direction(kv.str_value, sk.ascending),
        ]
    order.append(_direction(kind.id, keys[-1].ascending if keys else False))
    return stmt.order_by(*order)
