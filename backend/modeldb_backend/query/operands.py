"""Predicate operands: the Python value of a predicate, checked against what its operator and key accept.

ModelDB's client always sends `value_type` 0 and puts the value in a `google.protobuf.Value` as a JSON
number or string, so the kind of the *value* decides how it compares, never `value_type`.
Every refusal here is a 400 that names the key, the operator and the rule.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, TypeGuard

from google.protobuf import struct_pb2

from ..errors import InvalidArgument

Scalar = str | int | float | bool | None

EQ, NE, GT, GTE, LT, LTE = "EQ", "NE", "GT", "GTE", "LT", "LTE"
CONTAIN, NOT_CONTAIN, IN, NOT_IN = "CONTAIN", "NOT_CONTAIN", "IN", "NOT_IN"
OPERATORS = (EQ, NE, GT, GTE, LT, LTE, CONTAIN, NOT_CONTAIN, IN, NOT_IN)
ORDERING = frozenset({GT, GTE, LT, LTE})
# A negated operator matches every entity that does NOT match its positive form, including entities
# that lack the key altogether (ModelDB's "id NOT IN (ids matching EQ)").
POSITIVE_OF = {NE: EQ, NOT_CONTAIN: CONTAIN, NOT_IN: IN}

# Limits that make SQLite and PostgreSQL answer alike (checked before any SQL is built): SQLite refuses LIKE
# patterns over 50,000 bytes and expression trees deeper than 1,000, and PostgreSQL plans the intersection
# of many predicates in time that grows steeply with their number (over 3 s for 100).
MAX_PREDICATES = 64  # comparisons in one find (its predicates) or one query-language query
MAX_IN_VALUES = 1_000  # values of one IN / NOT_IN list
MAX_VALUE_CHARS = 10_000  # characters of one string value (as many as a whole query may have)
MAX_KEY_CHARS = 1_000  # characters of one predicate key (stored keys have at most 250)


@dataclass(frozen=True)
class Predicate:
    """One comparison `key op value`, whichever syntax it came from (KeyValueQuery or the query language)."""

    key: str
    op: str
    value: Any


def python_value(value: struct_pb2.Value, key: str) -> Any:
    """The predicate value of a KeyValueQuery as a Python scalar or list."""
    kind = value.WhichOneof("kind")
    if kind is None:
        raise InvalidArgument(f"predicate {key!r} has no value: set value to a number, a string or a list")
    if kind == "struct_value":
        raise InvalidArgument(f"predicate {key!r} has an object value: compare with a number, a string or a list")
    if kind == "list_value":
        return [python_value(v, key) for v in value.list_value.values]
    if kind == "number_value":
        return _number(value.number_value, key)
    if kind == "string_value":
        return value.string_value
    if kind == "bool_value":
        return value.bool_value
    return None


def check_count(count: int, what: str) -> None:
    if count > MAX_PREDICATES:
        raise InvalidArgument(
            f"{what} has {count} comparisons; the limit is {MAX_PREDICATES}: use IN [...] for a list of values"
        )


def check_size(key: str, op: str, value: Any) -> None:
    """Refuse keys, lists and strings over the limits above, naming the predicate and the limit."""
    if len(key) > MAX_KEY_CHARS:
        raise InvalidArgument(f"predicate key is {len(key)} characters long; the limit is {MAX_KEY_CHARS}")
    items = value if isinstance(value, list | tuple) else [value]
    if len(items) > MAX_IN_VALUES:
        raise InvalidArgument(f"predicate {key!r}: {op} has {len(items)} values; the limit is {MAX_IN_VALUES}")
    longest = max((len(v) for v in items if isinstance(v, str)), default=0)
    if longest > MAX_VALUE_CHARS:
        raise InvalidArgument(
            f"predicate {key!r}: a value of {longest} characters is over the limit of {MAX_VALUE_CHARS}"
        )


def _number(number: float, key: str) -> int | float:
    if not math.isfinite(number):
        raise InvalidArgument(f"predicate {key!r}: {number} is not a finite number")
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def describe(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if is_number(value):
        return "a number"
    return "a string"


def scalar(key: str, op: str, value: Any) -> Scalar:
    """The one value of a non-list operator; a list is refused with the operator to use instead."""
    if isinstance(value, list | tuple):
        raise InvalidArgument(f"predicate {key!r}: {op} compares one value, not a list; use IN or NOT_IN for a list")
    one: Scalar = value
    return one


def values(key: str, op: str, value: Any) -> list[Scalar]:
    """The values of IN / NOT_IN, which need a list."""
    if not isinstance(value, list | tuple):
        raise InvalidArgument(f"predicate {key!r}: {op} needs a list of values, got {describe(value)}")
    for item in value:
        if isinstance(item, list | tuple | dict):
            raise InvalidArgument(f"predicate {key!r}: the values of {op} must be numbers or strings, not lists")
    return list(value)


def number_text(number: int | float) -> str:
    """A number as the text a person would type: 3 rather than 3.0."""
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        return str(int(number))
    return repr(number)


def as_text(key: str, op: str, value: Scalar) -> str:
    """A value compared with a text column. Numbers become their text: the ModelDB client sends
    `name == 123` as the number 123, and the user meant the name "123"."""
    if isinstance(value, str):
        return value
    if is_number(value):
        return number_text(value)
    raise InvalidArgument(f"predicate {key!r}: {op} on {key} compares text, got {describe(value)}")


def as_number(key: str, op: str, value: Scalar) -> int | float:
    """A value compared with a numeric column; numeric strings ("1700000000000") are accepted."""
    if is_number(value):
        return value
    if isinstance(value, str):
        try:
            return _number(float(value.strip()), key)
        except ValueError:
            pass
    raise InvalidArgument(f"predicate {key!r}: {op} on {key} compares numbers, got {describe(value)} {value!r}")


def like_pattern(text: str) -> str:
    """`%text%` for a case-insensitive LIKE with the user's own `%`, `_` and `\\` taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


LIKE_ESCAPE = "\\"


def value_json(value: Scalar) -> str:
    """The stored JSON text of a scalar value (as `values.encode_value` writes it), for exact matches."""
    if is_number(value):
        return number_text(value)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
