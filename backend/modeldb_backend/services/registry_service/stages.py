"""StageService: stage transitions, approvals, comments and the activity log."""

from __future__ import annotations


class StageRpcs:
    """Implementation class of the service table (services/registry.py)."""
