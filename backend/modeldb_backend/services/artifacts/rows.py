"""Artifacts and dataset links of every entity (the `artifacts` table), read and written set-based.

An artifact whose bytes go to the store is checked against the store's path rules when it is logged, and
deleting one closes its issued upload URLs (services/artifacts/blobs.py keeps that bookkeeping).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ...errors import AlreadyExists
from ...pb.common import common_pb2
from ...store import models as m
from ..context import CallContext
from ..key_values import ARTIFACTS, DATASETS, unique_keys
from ..sqlchunks import chunked
from .blobs import artifact_owner, forget_owners, store_path


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
        artifact_type=row.artifact_type,  # type: ignore[arg-type]  # the column holds the enum's number; the stubs accept only the enum type
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
