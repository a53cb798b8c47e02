"""VersioningService: reading a commit's snapshot (ListCommitBlobs, GetCommitComponent)."""

from __future__ import annotations


class BlobRpcs:
    """ListCommitBlobs and GetCommitComponent."""
