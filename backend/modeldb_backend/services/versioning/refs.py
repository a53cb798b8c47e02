"""VersioningService: branches and tags (List/Get/Set/Delete)."""

from __future__ import annotations


class RefRpcs:
    """VersioningService: branches and tags (List/Get/Set/Delete)."""
