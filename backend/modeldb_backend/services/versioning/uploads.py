"""VersioningService: versioned dataset artifact uploads (getUrlForBlobVersioned and the multipart parts)."""

from __future__ import annotations


class VersionedUploadRpcs:
    """VersioningService: versioned dataset artifact uploads (getUrlForBlobVersioned and the multipart parts)."""
