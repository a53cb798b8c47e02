"""Key-values and tags of every entity, read and written set-based.

Readers take many entity ids at once and return a dict per id, so hydrating a page of 100 runs costs
one query per table, never one per run. Artifacts (and dataset links) are in artifacts/rows.py, proto
messages kept as JSON columns in json_columns.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import cast

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..errors import AlreadyExists, InvalidArgument
from ..pb.common import common_pb2
from ..store import models as m
from .context import CallContext
from .sqlchunks import IN_CHUNK, chunked  # keys from a request go to the database in chunks (see there)
from .values import check_key, check_tags, decode_value, encode_value

ATTRIBUTES, HYPERPARAMETERS, METRICS = "attributes", "hyperparameters", "metrics"
ARTIFACTS, DATASETS = "artifacts", "datasets"
# --- key-values -------------------------------------------------------------------------------------


def check_batch_keys(kvs: Sequence[common_pb2.KeyValue], what: str) -> list[str]:
    """Validate a batch: every key present and unique within the request (ModelDB's 400 message).

    Membership is tested in a set: a list made this quadratic (100,000 keys took a minute under the write lock).
    """
    return unique_keys((kv.key for kv in kvs), what)


def unique_keys(keys: Iterable[str], what: str) -> list[str]:
    """`keys` in request order after checking each; a repeated key is a 400, found in linear time."""
    seen: set[str] = set()
    out: list[str] = []
    for key in keys:
        check_key(key, what)
        if key in seen:
            raise InvalidArgument(f"Multiple key {key} found in request")
        seen.add(key)
        out.append(key)
    return out


def add_key_values(
    ctx: CallContext,
    entity_type: str,
    entity_id: str,
    field: str,
    kvs: Sequence[common_pb2.KeyValue],
    *,
    replace: bool = False,
    what: str | None = None,
) -> None:
    """Store a batch atomically: one bad or already-present key rejects the whole batch (409/400)."""
    what = what or field.rstrip("s")
    keys = check_batch_keys(kvs, what)
    rows = []
    for kv in kvs:
        text, num, string = encode_value(kv.value, kv.key, ctx.settings.max_value_bytes)
        rows.append(
            {
                "entity_type": entity_type,
                "entity_id": entity_id,
                "field": field,
                "key": kv.key,
                "value": text,
                "value_type": int(kv.value_type),
                "num_value": num,
                "str_value": string,
            }
        )
    if not rows:
        return
    where = (m.KeyValue.entity_id == entity_id, m.KeyValue.field == field)
    existing = [
        k
        for part in chunked(keys)
        for k in ctx.session.scalars(select(m.KeyValue.key).where(*where, m.KeyValue.key.in_(part)))
    ]
    if existing and not replace:
        raise AlreadyExists(f"Key {min(existing)} already exists")
    for part in chunked(existing):
        ctx.session.execute(delete(m.KeyValue).where(*where, m.KeyValue.key.in_(part)))
    # Core insert of the table: the ORM bulk path spent seconds per 100,000 rows building its own batches.
    ctx.session.execute(insert(m.KeyValue.__table__), rows)


def delete_key_values(ctx: CallContext, entity_id: str, field: str, keys: Sequence[str], delete_all: bool) -> None:
    stmt = delete(m.KeyValue).where(m.KeyValue.entity_id == entity_id, m.KeyValue.field == field)
    if delete_all:
        ctx.session.execute(stmt)
        return
    if not keys:
        raise InvalidArgument(f"no {field} keys given: pass keys, or delete_all=true")
    for part in chunked(list(keys)):
        ctx.session.execute(stmt.where(m.KeyValue.key.in_(part)))


def load_key_values(
    session: Session, entity_ids: Iterable[str], field: str, keys: Sequence[str] | None = None
) -> dict[str, list[common_pb2.KeyValue]]:
    """Key-values per entity id, sorted by key."""
    ids = list(entity_ids)
    out: dict[str, list[common_pb2.KeyValue]] = defaultdict(list)
    if not ids:
        return out
    kv = m.KeyValue
    # Plain column tuples, not ORM objects: a page of 1,000 runs has tens of thousands of rows, and building
    # an ORM instance per row cost more than the query itself.
    q = select(kv.entity_id, kv.key, kv.value, kv.value_type).where(kv.entity_id.in_(ids), kv.field == field)
    wanted = None if keys is None else set(keys)
    if wanted is not None and len(wanted) <= IN_CHUNK:
        q = q.where(kv.key.in_(list(wanted)))
        wanted = None  # more keys than one IN list takes are filtered here instead
    make = common_pb2.KeyValue
    for entity_id, key, text, value_type in session.execute(q.order_by(kv.entity_id, kv.key)):
        if wanted is None or key in wanted:
            number = cast("common_pb2.ValueTypeEnum.ValueType", value_type)  # the column holds the enum's number
            out[entity_id].append(make(key=key, value=decode_value(text), value_type=number))
    return out


# --- tags ---------------------------------------------------------------------------------------------


def add_tags(ctx: CallContext, entity_type: str, entity_id: str, tags: Sequence[str]) -> None:
    """Add tags; tags already present are ignored (ModelDB de-duplicates)."""
    wanted = check_tags(tags)
    if not wanted:
        return
    present = {
        t
        for part in chunked(wanted)
        for t in ctx.session.scalars(select(m.Tag.tag).where(m.Tag.entity_id == entity_id, m.Tag.tag.in_(part)))
    }
    rows = [{"entity_id": entity_id, "entity_type": entity_type, "tag": t} for t in wanted if t not in present]
    if rows:
        ctx.session.execute(insert(m.Tag), rows)


def delete_tags(ctx: CallContext, entity_id: str, tags: Sequence[str], delete_all: bool) -> None:
    stmt = delete(m.Tag).where(m.Tag.entity_id == entity_id)
    if delete_all:
        ctx.session.execute(stmt)
        return
    if not tags:
        raise InvalidArgument("no tags given: pass tags, or delete_all=true")
    for part in chunked(list(tags)):
        ctx.session.execute(stmt.where(m.Tag.tag.in_(part)))


def load_tags(session: Session, entity_ids: Iterable[str]) -> dict[str, list[str]]:
    """Tags per entity id, sorted alphabetically."""
    ids = list(entity_ids)
    out: dict[str, list[str]] = defaultdict(list)
    if ids:
        for entity_id, tag in session.execute(
            select(m.Tag.entity_id, m.Tag.tag).where(m.Tag.entity_id.in_(ids)).order_by(m.Tag.entity_id, m.Tag.tag)
        ):
            out[entity_id].append(tag)
    return out
