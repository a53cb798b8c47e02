"""The syntax tree of the run query language, and its rendering back to canonical query text.

`render(parse(text))` is a canonical form of `text`, and `parse(render(tree)) == tree` for every tree
(the grammar's property tests check both), so a saved query can always be shown and re-run as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .operands import CONTAIN, EQ, GT, GTE, IN, LT, LTE, NE, NOT_CONTAIN, NOT_IN, number_text


@dataclass(frozen=True)
class Comparison:
    """`key op value`; `key` is the predicate key (`metrics.acc`), `op` an operator name (EQ, IN, ...),
    `value` a str/int/float/bool/None, or a tuple of those for IN / NOT_IN."""

    key: str
    op: str
    value: Any
    depth: int = field(default=1, compare=False, repr=False)


@dataclass(frozen=True)
class And:
    items: tuple[Expr, ...]
    depth: int = field(default=1, compare=False, repr=False)


@dataclass(frozen=True)
class Or:
    items: tuple[Expr, ...]
    depth: int = field(default=1, compare=False, repr=False)


@dataclass(frozen=True)
class Not:
    item: Expr
    depth: int = field(default=1, compare=False, repr=False)


Expr = Comparison | And | Or | Not

OPERATOR_TEXT = {
    EQ: "==",
    NE: "!=",
    GT: ">",
    GTE: ">=",
    LT: "<",
    LTE: "<=",
    CONTAIN: "contains",
    NOT_CONTAIN: "not contains",
    IN: "in",
    NOT_IN: "not in",
}
KEYWORDS = frozenset({"and", "or", "not", "in", "contains", "true", "false", "null"})
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STRING_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def render(expr: Expr) -> str:
    """Canonical query text of a tree: single-quoted strings, `==`, parentheses only where needed."""
    if isinstance(expr, Comparison):
        return f"{render_key(expr.key)} {OPERATOR_TEXT[expr.op]} {render_value(expr.value)}"
    if isinstance(expr, Not):
        return f"not {_operand(expr.item, compound=(And, Or))}"
    joiner = " and " if isinstance(expr, And) else " or "
    return joiner.join(_operand(item, compound=(And, Or)) for item in expr.items)


def _operand(expr: Expr, compound: tuple[type, ...]) -> str:
    text = render(expr)
    return f"({text})" if isinstance(expr, compound) else text


def render_key(key: str) -> str:
    """`field.rest`: the field as a name, the rest plain when it is a chain of names, else in backticks."""
    field_name, dot, rest = key.partition(".")
    head = _segment(field_name)
    if not dot:
        return head
    plain = all(_NAME.fullmatch(s) and s.lower() not in KEYWORDS for s in rest.split("."))
    return f"{head}.{rest}" if plain else f"{head}.{_backticked(rest)}"


def _segment(name: str) -> str:
    return name if _NAME.fullmatch(name) and name.lower() not in KEYWORDS else _backticked(name)


def _backticked(text: str) -> str:
    return "`" + text.replace("`", "``") + "`"


def render_value(value: Any) -> str:
    if isinstance(value, tuple | list):
        return "[" + ", ".join(render_value(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value) if isinstance(value, int) else repr(float(value))
    return "'" + "".join(_STRING_ESCAPES.get(c, c) for c in str(value)) + "'"
