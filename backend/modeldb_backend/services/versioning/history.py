"""VersioningService: ListCommits and ListCommitsLog."""

from __future__ import annotations


class HistoryRpcs:
    """VersioningService: ListCommits and ListCommitsLog."""
