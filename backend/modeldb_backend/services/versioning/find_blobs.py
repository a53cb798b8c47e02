"""VersioningService: findRepositoriesBlobs."""

from __future__ import annotations


class FindBlobRpcs:
    """VersioningService: findRepositoriesBlobs."""
