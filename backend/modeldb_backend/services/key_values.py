"""The repeated parts every entity has (key-values, tags, artifacts), read and written set-based.

Readers take many entity ids at once and return a dict per id, so hydrating a page of 100 runs costs
one query per table, never one per run.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence

from google.protobuf import json_format
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..errors import AlreadyExists, InvalidArgument
from ..pb.common import common_pb2
from ..store import models as m
from .artifacts.blobs import artifact_owner, forget_owners, store_path
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
            out[entity_id].append(make(key=key, value=decode_value(text), value_type=value_type))
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


# --- artifacts ----------------------------------------------------------------------------------------


def artifact_row(entity_type: str, entity_id: str, field: str, art: common_pb2.Artifact) -> dict[str, object]:
    return {
        "entity_type": entity_type,
        "entity_id": entity_id,
        "field": field,
        "key": art.key,
        "path": art.path,
        "path_only": art.path_only,
        "artifact_type": int(art.artifact_type),
        "linked_artifact_id": art.linked_artifact_id,
        "filename_extension": art.filename_extension,
        "serialization": art.serialization,
        "artifact_subtype": art.artifact_subtype,
        "upload_completed": art.upload_completed,
    }


def add_artifacts(
    ctx: CallContext,
    entity_type: str,
    entity_id: str,
    field: str,
    artifacts: Sequence[common_pb2.Artifact],
    *,
    replace: bool = False,
) -> None:
    """Store artifacts (or dataset links); an existing key is a 409 unless `replace`."""
    what = "dataset" if field == DATASETS else "artifact"
    keys = unique_keys((art.key for art in artifacts), f"{what} key")
    if not keys:
        return
    where = (m.Artifact.entity_id == entity_id, m.Artifact.field == field)
    present = [
        k
        for part in chunked(keys)
        for k in ctx.session.scalars(select(m.Artifact.key).where(*where, m.Artifact.key.in_(part)))
    ]
    if present and not replace:
        raise AlreadyExists(f"Key '{min(present)}' already exists")
    rows = [_stored_artifact_row(ctx, entity_type, entity_id, field, a) for a in artifacts]
    if present:
        delete_artifacts(ctx, entity_id, field, present)
    ctx.session.execute(insert(m.Artifact), rows)


def _stored_artifact_row(
    ctx: CallContext, entity_type: str, entity_id: str, field: str, art: common_pb2.Artifact
) -> dict[str, object]:
    """An artifact whose bytes go to the store needs a path the store accepts (checked now, not at upload).

    On S3 the bytes travel straight to the bucket, so the artifact is complete only once they are there.
    """
    row = artifact_row(entity_type, entity_id, field, art)
    if field == ARTIFACTS and not art.path_only:
        if art.path:
            store_path(art.path, f"artifact {art.key!r}")
        if ctx.artifacts is not None and ctx.artifacts.kind == "s3":
            row["upload_completed"] = False
    return row


def delete_artifacts(ctx: CallContext, entity_id: str, field: str, keys: Sequence[str]) -> int:
    """Delete artifact rows; their issued upload URLs stop admitting bytes (the stored bytes stay)."""
    where = (m.Artifact.entity_id == entity_id, m.Artifact.field == field)
    ids = [
        i
        for part in chunked(list(keys))
        for i in ctx.session.scalars(select(m.Artifact.id).where(*where, m.Artifact.key.in_(part)))
    ]
    if not ids:
        return 0
    for part in chunked(ids):
        forget_owners(ctx.session, [artifact_owner(i) for i in part])
        ctx.session.execute(delete(m.Artifact).where(m.Artifact.id.in_(part)))
    return len(ids)


def artifact_message(row: m.Artifact) -> common_pb2.Artifact:
    return common_pb2.Artifact(
        key=row.key,
        path=row.path,
        path_only=row.path_only,
        artifact_type=row.artifact_type,  # type: ignore[arg-type]
        linked_artifact_id=row.linked_artifact_id,
        filename_extension=row.filename_extension,
        serialization=row.serialization,
        artifact_subtype=row.artifact_subtype,
        upload_completed=row.upload_completed,
    )


def load_artifacts(
    session: Session, entity_ids: Iterable[str], field: str, key: str | None = None
) -> dict[str, list[common_pb2.Artifact]]:
    """Artifacts per entity id, sorted by key."""
    ids = list(entity_ids)
    out: dict[str, list[common_pb2.Artifact]] = defaultdict(list)
    if not ids:
        return out
    q = select(m.Artifact).where(m.Artifact.entity_id.in_(ids), m.Artifact.field == field)
    if key:
        q = q.where(m.Artifact.key == key)
    for row in session.scalars(q.order_by(m.Artifact.entity_id, m.Artifact.key)):
        out[row.entity_id].append(artifact_message(row))
    return out


# --- messages stored as JSON columns --------------------------------------------------------------------


def message_json(message: object) -> str | None:
    """JSON text of a proto message for a JSON column, or None when the message is unset/empty."""
    from google.protobuf.message import Message

    assert isinstance(message, Message)
    if message.ByteSize() == 0:
        return None
    return json.dumps(json_format.MessageToDict(message, preserving_proto_field_name=True), sort_keys=True)


def fill_message(target: object, text: str | None) -> None:
    """Parse JSON column text into `target` (a sub-message of the response being built)."""
    from google.protobuf.message import Message

    assert isinstance(target, Message)
    if text:
        json_format.ParseDict(json.loads(text), target, ignore_unknown_fields=True)
