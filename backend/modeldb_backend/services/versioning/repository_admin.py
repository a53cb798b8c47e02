"""VersioningService: ListRepositories, UpdateRepository, DeleteRepository and findRepositories."""

from __future__ import annotations


class RepositoryAdminRpcs:
    """VersioningService: ListRepositories, UpdateRepository, DeleteRepository and findRepositories."""
