"""CommentService implementation."""

from __future__ import annotations


class CommentRpcs:
    """RPCs of CommentService (to be filled)."""
