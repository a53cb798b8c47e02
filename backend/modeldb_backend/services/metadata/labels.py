"""Labels of versioning entities: checks, changes and the set-based lookups by label.

`labelled` is also what VersioningService's findRepositories filters on: repositories are
(VERSIONING_REPOSITORY, decimal repository id) rows of metadata_labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Select, and_, case, cast, func, select
from sqlalchemy.orm import Session

from ...errors import InvalidArgument
from ...pb.common import common_pb2
from ...store.lineage_models import MAX_LABEL_LENGTH, MetadataLabel
from ..sqlchunks import chunked
from ..upserts import insert_missing
from .ids import REPOSITORY, EntityKey

MAX_LABELS = 1_000  # labels one request may name
EQ, CONTAIN = common_pb2.OperatorEnum.EQ, common_pb2.OperatorEnum.CONTAIN
_T = MetadataLabel.__table__


def check_labels(labels: Sequence[str]) -> list[str]:
    """The distinct labels, in request order; each non-blank text of at most MAX_LABEL_LENGTH characters."""
    if len(labels) > MAX_LABELS:
        raise InvalidArgument(f"{len(labels)} labels in one request; the limit is {MAX_LABELS}")
    for label in labels:
        if not label.strip():
            raise InvalidArgument("a label is empty: labels must be non-blank text")
        if len(label) > MAX_LABEL_LENGTH:
            raise InvalidArgument(
                f"label {label[:MAX_LABEL_LENGTH]!r}... is {len(label)} characters long; "
                f"the limit is {MAX_LABEL_LENGTH}"
            )
    return list(dict.fromkeys(labels))


def _of(key: EntityKey) -> ColumnElement[bool]:
    return and_(_T.c.entity_type == key[0], _T.c.entity_hash == key[1])


def labels_of(session: Session, key: EntityKey) -> list[str]:
    """The entity's labels, sorted by code point (the same order on every database)."""
    return sorted(session.scalars(select(_T.c.label).where(_of(key))))


def add_labels(session: Session, key: EntityKey, labels: Sequence[str]) -> None:
    rows = [{"entity_type": key[0], "entity_hash": key[1], "label": label} for label in labels]
    insert_missing(session, _T, rows)


def delete_labels(session: Session, key: EntityKey, labels: Sequence[str] | None) -> None:
    """Delete the named labels (missing ones ignored), or all of the entity's labels when `labels` is None."""
    if labels is None:
        session.execute(_T.delete().where(_of(key)))
        return
    for part in chunked(labels):
        session.execute(_T.delete().where(_of(key), _T.c.label.in_(list(part))))


def labelled(labels: Sequence[str], operator: int = EQ, entity_type: int | None = None) -> Select[Any]:
    """(entity_type, entity_hash) of the entities that carry every one of `labels`: EQ exactly (through the
    label index), CONTAIN as a case-insensitive substring of some label of theirs. `labels` is not empty."""
    wanted = list(dict.fromkeys(labels))
    key = (_T.c.entity_type, _T.c.entity_hash)
    stmt = select(*key)
    if entity_type is not None:
        stmt = stmt.where(_T.c.entity_type == entity_type)
    if operator == EQ:
        count = func.count(func.distinct(_T.c.label))
        return stmt.where(_T.c.label.in_(wanted)).group_by(*key).having(count == len(wanted))
    if operator != CONTAIN:
        name = (
            common_pb2.OperatorEnum.Operator.Name(operator)
            if operator in common_pb2.OperatorEnum.Operator.values()
            else operator
        )
        raise InvalidArgument(f"operator {name} is not supported for labels: use EQ or CONTAIN")
    lowered = func.lower(_T.c.label)
    # An entity matches when, for each pattern, at least one of its labels contains it.
    each = [func.max(case((lowered.contains(p.lower(), autoescape=True), 1), else_=0)) == 1 for p in wanted]
    return stmt.group_by(*key).having(and_(*each))


def labelled_repository_ids(labels: Sequence[str], operator: int = EQ) -> Select[Any]:
    """The ids (integers) of the repositories that carry every one of `labels` (see `labelled`), for
    `Repository.id.in_(...)`; a repository's entity hash is always its decimal id (entity_key enforces it)."""
    inner = labelled(labels, operator, REPOSITORY).subquery()
    return select(cast(inner.c.entity_hash, BigInteger))


def labelled_ids(session: Session, labels: Sequence[str], operator: int) -> list[EntityKey]:
    """`labelled` run: sorted by type, then repositories by number and other ids by code point."""
    found = [(int(t), str(h)) for t, h in session.execute(labelled(labels, operator))]
    return sorted(found, key=lambda k: (k[0], int(k[1]) if k[0] == REPOSITORY else 0, k[1]))
