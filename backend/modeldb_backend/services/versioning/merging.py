"""VersioningService: ComputeRepositoryDiff, MergeRepositoryCommits and RevertRepositoryCommits."""

from __future__ import annotations


class MergeRpcs:
    """VersioningService: ComputeRepositoryDiff, MergeRepositoryCommits and RevertRepositoryCommits."""
