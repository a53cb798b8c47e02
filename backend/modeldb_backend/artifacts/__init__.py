"""Artifact stores: local disk (default) and S3-compatible object storage, behind one interface."""

from __future__ import annotations

import os

from .base import ArtifactStore, StoredObject, TransferUrl
from .local import LocalArtifactStore


def open_store(root: str, endpoint_url: str | None = None) -> ArtifactStore:
    """The store for an artifact root: `s3://bucket/prefix` or a local directory.

    `endpoint_url` points the S3 client at an S3-compatible service (MinIO, moto, ...); without it the
    MODELDB_S3_ENDPOINT_URL variable is used, else AWS itself.
    """
    if root.startswith("s3://"):
        from .s3 import S3ArtifactStore

        return S3ArtifactStore(
            root,
            endpoint_url=endpoint_url or None,  # Settings reads MODELDB_S3_ENDPOINT_URL
            region=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None,
        )
    return LocalArtifactStore(root)


__all__ = ["ArtifactStore", "LocalArtifactStore", "StoredObject", "TransferUrl", "open_store"]
