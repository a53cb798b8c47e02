"""Artifact stores: local disk (default) and S3-compatible object storage, behind one interface."""

from __future__ import annotations

import os

from .base import ArtifactStore, StoredObject, TransferUrl
from .local import LocalArtifactStore


def open_store(root: str) -> ArtifactStore:
    """The store for an artifact root: `s3://bucket/prefix` or a local directory."""
    if root.startswith("s3://"):
        from .s3 import S3ArtifactStore

        return S3ArtifactStore(
            root,
            endpoint_url=os.environ.get("MODELDB_S3_ENDPOINT_URL") or None,
            region=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None,
        )
    return LocalArtifactStore(root)


__all__ = ["ArtifactStore", "LocalArtifactStore", "StoredObject", "TransferUrl", "open_store"]
