"""Predicate -> SQL condition: the one implementation of `metrics.acc > 0.9` for every query syntax.

A predicate key names either a column of the entity (`name`, `date_created`, ...) or a child row
(`metrics.<k>`, `tags`, `artifacts.<k>`, ...). Child predicates become `entity.id IN (SELECT owner FROM
child WHERE <match>)`, which the (field, key, num_value) index serves. Negated operators (NE, NOT_CONTAIN,
NOT_IN) are the negation of their positive form, so entities that lack the key match them, as in ModelDB.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnClause, ColumnElement, Select, and_, false, func, literal_column, not_, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from ..errors import InvalidArgument
from ..store import models as m
from . import operands as o
from .kinds import METRICS, NUMBER, RUNS, EntityKind

Condition = ColumnElement[bool]
_COMPARE: dict[str, Callable[[Any, Any], Condition]] = {
    o.EQ: lambda c, v: c == v,
    o.GT: lambda c, v: c > v,
    o.GTE: lambda c, v: c >= v,
    o.LT: lambda c, v: c < v,
    o.LTE: lambda c, v: c <= v,
}


def predicate_condition(kind: EntityKind, pred: o.Predicate) -> Condition:
    """The SQL condition selecting the entities of `kind` that satisfy `pred`."""
    positive = _check(pred)
    cond = _target(kind, pred.key).match(positive, pred)
    return not_(cond) if positive != pred.op else cond


def owner_ids(kind: EntityKind, pred: o.Predicate) -> Select[Any] | None:
    """For a positive predicate on the entity's own child rows (`metrics.acc > 0.9`): the SELECT of the ids
    of the entities satisfying it, so that several can be intersected in one subquery; otherwise None."""
    positive = _check(pred)
    target = _target(kind, pred.key)
    if positive != pred.op or not isinstance(target, _Child) or target.entity_id is not kind.id:
        return None
    return target.owners(positive, pred)


def _check(pred: o.Predicate) -> str:
    """The positive form of the predicate's operator, once the predicate is known to be well formed."""
    if not pred.key:
        raise InvalidArgument("Key is empty")
    o.check_size(pred.key, pred.op, pred.value)
    if pred.op not in o.OPERATORS:
        raise InvalidArgument(
            f"predicate {pred.key!r}: unknown operator {pred.op!r}; use one of {', '.join(o.OPERATORS)}"
        )
    _reject_nul(pred)
    return o.POSITIVE_OF.get(pred.op, pred.op)


def _reject_nul(pred: o.Predicate) -> None:
    """PostgreSQL text cannot hold NUL, so such a value could never match; say so instead of failing."""
    items = pred.value if isinstance(pred.value, list | tuple) else [pred.value]
    if "\x00" in pred.key or any(isinstance(v, str) and "\x00" in v for v in items):
        raise InvalidArgument(f"predicate {pred.key!r}: keys and values must not contain NUL characters")


# --- targets: what a key points at ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """A column of the entity row itself."""

    column: InstrumentedAttribute[Any]
    numeric: bool

    def match(self, op: str, pred: o.Predicate) -> Condition:
        if self.numeric:
            return number_match(self.column, op, pred)
        return text_match(self.column, op, pred)


@dataclass(frozen=True)
class _Child:
    """Rows of a child table owned by the entity: the entity matches when one of its rows matches."""

    owner: InstrumentedAttribute[Any]  # child column holding the entity id
    entity_id: InstrumentedAttribute[Any]
    filters: tuple[Condition, ...]
    matcher: Callable[[str, o.Predicate], Condition]

    def owners(self, op: str, pred: o.Predicate) -> Select[Any]:
        # correlate(None): the child table may also be joined in the outer query (experiments for runs)
        return select(self.owner).where(*self.filters, self.matcher(op, pred)).correlate(None)

    def match(self, op: str, pred: o.Predicate) -> Condition:
        return self.entity_id.in_(self.owners(op, pred))


def _target(kind: EntityKind, key: str) -> _Column | _Child:
    if key in kind.columns:
        column, ctype = kind.columns[key]
        return _Column(column, ctype == NUMBER)
    field, _, rest = key.partition(".")
    if key == kind.tags_key:
        return _Child(m.Tag.entity_id, kind.id, (), lambda op, p: text_match(m.Tag.tag, op, p, ordering=False))
    if field in kind.kv_fields and rest:
        return _key_value_target(kind, field, rest)
    if field in kind.artifact_fields and rest:
        return _artifact_target(kind, field, rest)
    if kind is RUNS and key == "experiment.name":
        return _Child(
            m.Experiment.id, m.ExperimentRun.experiment_id, (), lambda op, p: text_match(m.Experiment.name, op, p)
        )
    if kind is RUNS and field == "observations" and rest.startswith("attribute.") and rest != "attribute.":
        obs = m.Observation
        filters = (obs.kind == "attribute", obs.key == rest[len("attribute.") :])
        return _Child(obs.run_id, kind.id, filters, lambda op, p: value_match(obs, op, p, numeric_only=False))
    raise InvalidArgument(f"Predicate cannot be handled: {key}")


def _key_value_target(kind: EntityKind, field: str, key: str) -> _Child:
    kv = m.KeyValue
    numeric_only = field == METRICS  # metrics are measurements: ordering them by text is always a mistake
    return _Child(
        kv.entity_id, kind.id, (kv.field == field, kv.key == key), lambda op, p: value_match(kv, op, p, numeric_only)
    )


def _artifact_target(kind: EntityKind, field: str, key: str) -> _Child:
    art = m.Artifact
    if key == "linked_artifact_id":  # any artifact of the field linked to the given id (dataset versions)
        return _Child(
            art.entity_id, kind.id, (art.field == field,), lambda op, p: text_match(art.linked_artifact_id, op, p)
        )
    return _Child(
        art.entity_id, kind.id, (art.field == field, art.key == key), lambda op, p: text_match(art.path, op, p)
    )


# --- matchers: one operator against one kind of column ---------------------------------------------------


def text_match(column: Any, op: str, pred: o.Predicate, *, ordering: bool = True) -> Condition:
    """A text column: equality, lexicographic order, case-insensitive substring, membership."""
    if op == o.IN:
        listed: Condition = column.in_(
            [o.as_text(pred.key, pred.op, v) for v in o.values(pred.key, pred.op, pred.value)]
        )
        return listed
    text = o.as_text(pred.key, pred.op, o.scalar(pred.key, pred.op, pred.value))
    if op == o.CONTAIN:
        return func.lower(column).like(o.like_pattern(text), escape=o.LIKE_ESCAPE)
    if op in o.ORDERING and not ordering:
        raise InvalidArgument(
            f"predicate {pred.key!r}: {pred.op} is not supported on {pred.key};"
            " use EQ, NE, CONTAIN, NOT_CONTAIN, IN or NOT_IN"
        )
    return _COMPARE[op](column, text)


def number_match(column: Any, op: str, pred: o.Predicate) -> Condition:
    """A numeric column (dates in ms, start/end times)."""
    if op == o.CONTAIN:
        raise InvalidArgument(
            f"predicate {pred.key!r}: {pred.op} matches text, but {pred.key} is a number;"
            " use EQ, NE, GT, GTE, LT, LTE, IN or NOT_IN"
        )
    if op == o.IN:
        listed: Condition = column.in_(
            [o.as_number(pred.key, pred.op, v) for v in o.values(pred.key, pred.op, pred.value)]
        )
        return listed
    return _COMPARE[op](column, o.as_number(pred.key, pred.op, o.scalar(pred.key, pred.op, pred.value)))


def value_match(table: Any, op: str, pred: o.Predicate, numeric_only: bool) -> Condition:
    """A stored protobuf Value (key-values, observations): numbers compare numerically on `num_value`,
    strings on `str_value`, booleans and null exactly on the stored JSON text."""
    if op == o.IN:
        return _value_in(table, pred)
    value = o.scalar(pred.key, pred.op, pred.value)
    if o.is_number(value):
        if op == o.CONTAIN:
            raise InvalidArgument(
                f"predicate {pred.key!r}: {pred.op} matches text but the value {o.number_text(value)} is a number;"
                " quote it to match text, or use EQ/GT/LT for numbers"
            )
        return _COMPARE[op](table.num_value, value)
    if isinstance(value, str):
        if op in o.ORDERING and numeric_only:
            raise InvalidArgument(
                f"predicate {pred.key!r}: {pred.op} on metrics compares numbers, got the string {value!r}"
            )
        return _text_value_match(table, op, value)
    if op != o.EQ:
        raise InvalidArgument(f"predicate {pred.key!r}: {pred.op} cannot compare {o.describe(value)}; use EQ or NE")
    exact: Condition = table.value == o.value_json(value)
    return exact


def _text_value_match(table: Any, op: str, text: str) -> Condition:
    if op == o.EQ:  # exact stored JSON: the string "true" does not equal the boolean true
        stored = o.value_json(text)
        if table is m.KeyValue and len(text) <= m.INDEXED_STR_CHARS and stored == f'"{text}"':
            return _plain_string_match(text)
        exact: Condition = table.value == stored
        return exact
    # booleans also keep a text copy ("true"/"false") in str_value; only real strings take part here
    is_string = table.value.not_in(("true", "false"))
    if op == o.CONTAIN:
        return and_(func.lower(table.str_value).like(o.like_pattern(text), escape=o.LIKE_ESCAPE), is_string)
    return and_(_COMPARE[op](table.str_value, text), is_string)


def _plain_string_match(text: str) -> Condition:
    """Key-values equal to the string `text`, which is short and stored without escapes: the same as
    `value == '"text"'`, spelled as the partial string index's condition (literals, not parameters, so that
    SQLite and PostgreSQL both see the index applies) and answered from that index alone."""
    kv = m.KeyValue
    quote: ColumnClause[str] = literal_column("'\"'")
    return and_(
        kv.str_value == text,
        func.length(kv.str_value) <= literal_column(str(m.INDEXED_STR_CHARS)),
        kv.value == quote.concat(kv.str_value).concat(quote),
    )


def _value_in(table: Any, pred: o.Predicate) -> Condition:
    items = o.values(pred.key, pred.op, pred.value)
    numbers = [v for v in items if o.is_number(v)]
    others = [o.value_json(v) for v in items if not o.is_number(v)]
    parts = []
    if numbers:
        parts.append(table.num_value.in_(numbers))
    if others:
        parts.append(table.value.in_(others))
    return or_(*parts) if parts else false()
