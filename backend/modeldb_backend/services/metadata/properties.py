"""Key-value properties of versioning entities: named groups of string keys and values.

A row is (entity, property_name, key) -> value. The single Property RPCs keep their keys under the empty
property name, which the key-value RPCs cannot address (they require a name), so the two never mix.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from ...errors import InvalidArgument, NotFound
from ...pb.metadata import metadata_service_pb2 as pb
from ...store.lineage_models import MAX_PROPERTY_KEY_LENGTH, MAX_PROPERTY_NAME_LENGTH, MetadataProperty
from ..sqlchunks import chunked
from ..upserts import upsert
from .ids import EntityKey

MAX_PAIRS = 1_000  # keys one request may name
SINGLE = ""  # the property name of the single Property RPCs
_T = MetadataProperty.__table__


def check_property_name(name: str, request_name: str) -> str:
    if not name:
        raise InvalidArgument(f"PropertyName not found in {request_name} request")
    if len(name) > MAX_PROPERTY_NAME_LENGTH:
        raise InvalidArgument(f"property_name is {len(name)} characters long; the limit is {MAX_PROPERTY_NAME_LENGTH}")
    return name


def check_key(key: str, request_name: str) -> str:
    if not key:
        raise InvalidArgument(f"Key not found in {request_name} request: every key must be non-empty")
    if len(key) > MAX_PROPERTY_KEY_LENGTH:
        raise InvalidArgument(
            f"key {key[:MAX_PROPERTY_KEY_LENGTH]!r}... is {len(key)} characters long; "
            f"the limit is {MAX_PROPERTY_KEY_LENGTH}"
        )
    return key


def check_keys(keys: Sequence[str], request_name: str) -> list[str]:
    """The distinct keys in request order, each checked."""
    if len(keys) > MAX_PAIRS:
        raise InvalidArgument(f"{len(keys)} keys in one request; the limit is {MAX_PAIRS}")
    return list(dict.fromkeys(check_key(k, request_name) for k in keys))


def check_value(value: str, limit: int) -> str:
    size = len(value.encode())
    if size > limit:
        raise InvalidArgument(f"a property value is {size} bytes; the limit is {limit} bytes")
    return value


def _of(key: EntityKey, name: str) -> ColumnElement[bool]:
    return and_(_T.c.entity_type == key[0], _T.c.entity_hash == key[1], _T.c.property_name == name)


def set_values(session: Session, key: EntityKey, name: str, values: dict[str, str]) -> None:
    """Insert or overwrite `values` (key -> value) of the entity's property `name`."""
    rows = [
        {"entity_type": key[0], "entity_hash": key[1], "property_name": name, "key": k, "value": v}
        for k, v in values.items()
    ]
    upsert(session, _T, rows, ["value"])


def get_values(session: Session, key: EntityKey, name: str, keys: Sequence[str] | None) -> list[tuple[str, str]]:
    """(key, value) of the named keys present, in request order; of all keys, sorted, when `keys` is None."""
    stmt = select(_T.c.key, _T.c.value).where(_of(key, name))
    if keys is None:
        return sorted((k, v) for k, v in session.execute(stmt))
    found: dict[str, str] = {}
    for part in chunked(keys):
        found.update((k, v) for k, v in session.execute(stmt.where(_T.c.key.in_(list(part)))))
    return [(k, found[k]) for k in keys if k in found]


def delete_values(session: Session, key: EntityKey, name: str, keys: Sequence[str] | None) -> None:
    """Delete the named keys (missing ones ignored), or all keys of the property when `keys` is None."""
    if keys is None:
        session.execute(_T.delete().where(_of(key, name)))
        return
    for part in chunked(keys):
        session.execute(_T.delete().where(_of(key, name), _T.c.key.in_(list(part))))


def pairs_of(request: pb.AddKeyValuePropertiesRequest, limit: int) -> dict[str, str]:
    """The request's pairs as key -> value; a key given twice keeps its last value, as applying them in order would."""
    name = "AddKeyValuePropertiesRequest"
    if len(request.key_value_property) > MAX_PAIRS:
        raise InvalidArgument(
            f"{len(request.key_value_property)} key-value pairs in one request; the limit is {MAX_PAIRS}"
        )
    return {check_key(p.key, name): check_value(p.value, limit) for p in request.key_value_property}


def single_value(session: Session, key: EntityKey, prop: str) -> str:
    values = get_values(session, key, SINGLE, [prop])
    if not values:
        raise NotFound(f"Property '{prop}' not found on {key[1]}")
    return values[0][1]
