"""Bookkeeping of bytes uploaded to the artifact store (to be filled)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..artifacts import StoredObject


def record_upload(session: Session, path: str, stored: StoredObject) -> None:
    """Mark the blob at `path` complete with its size and checksum."""
    raise NotImplementedError
