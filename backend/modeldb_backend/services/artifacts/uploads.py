"""Bytes arriving through the local store's PUT endpoint: who may send them, and what completion records."""

from __future__ import annotations

import json

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...artifacts import StoredObject
from ...store import models as m
from ..context import now_ms
from ..loading import EXPERIMENT, PROJECT, RUN
from .blobs import logged_path, mark_complete

UPLOAD_ACTION = "storeArtifact"
VERSIONED_OWNER = "repository"  # the audit entity type of VersioningService (services/versioning/lookup.py)


def upload_is_open(session: Session, path: str, upload_id: str | None = None) -> bool:
    """Whether an issued upload URL still waits for the bytes of `path` (the endpoint admits nothing else).

    Without `upload_id`: a single-PUT URL; with it: a part URL of that multipart upload.
    """
    match = m.StoredBlob.upload_id.is_(None) if upload_id is None else m.StoredBlob.upload_id == upload_id
    q = select(m.StoredBlob.id).where(m.StoredBlob.path == path, ~m.StoredBlob.completed, match).limit(1)
    return session.scalar(q) is not None


def record_upload(session: Session, path: str, stored: StoredObject, actor: str = "local") -> int:
    """Mark every blob stored at `path` complete with its size and checksum; returns how many there were.

    Paths are content-addressed by ModelDB's client, so several owners may share one path: all of them now
    have their bytes. Their artifacts become upload_completed, and the upload joins the audit trail.
    """
    now = now_ms()
    # Owners in the middle of a multipart upload of the same path finish it themselves.
    q = select(m.StoredBlob).where(m.StoredBlob.path == path, m.StoredBlob.upload_id.is_(None))
    blobs = list(session.scalars(q.with_for_update()))
    for blob in blobs:
        mark_complete(blob, stored, now)
    artifact_ids = [int(b.owner_key.split(":", 1)[1]) for b in blobs if b.owner_key.startswith("artifact:")]
    if artifact_ids:
        session.execute(update(m.Artifact).where(m.Artifact.id.in_(artifact_ids)).values(upload_completed=True))
    changes = json.dumps({"path": logged_path(path), "size": stored.size, "sha256": stored.sha256}, sort_keys=True)
    session.add_all(
        m.AuditRecord(
            ts=now,
            actor=actor,
            action=UPLOAD_ACTION,
            entity_type=entity_type,
            entity_id=entity_id,
            changes=changes,
        )
        for entity_type, entity_id in _owners(session, [b.owner_key for b in blobs])
    )
    return len(blobs)


def _owners(session: Session, owner_keys: list[str]) -> list[tuple[str, str]]:
    """(entity type, entity id) of each owner key, for the audit trail."""
    out: list[tuple[str, str]] = []
    for key in owner_keys:
        kind, _, rest = key.partition(":")
        if kind == "artifact":
            row = session.get(m.Artifact, int(rest))
            if row is not None:
                out.append((row.entity_type, row.entity_id))
        elif kind == "code":
            out.append((_code_owner_type(session, rest), rest))
        elif kind == "dataset":
            out.append(("dataset_version", rest.partition(":")[0]))
        elif kind == "versioned":  # a dataset component of a versioning repository: versioned:<repo id>:<sha>
            out.append((VERSIONED_OWNER, rest.partition(":")[0]))
    return sorted(set(out))


def _code_owner_type(session: Session, entity_id: str) -> str:
    if session.get(m.ExperimentRun, entity_id) is not None:
        return RUN
    return EXPERIMENT if session.get(m.Experiment, entity_id) is not None else PROJECT
