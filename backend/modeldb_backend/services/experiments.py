"""ExperimentService implementation."""

from __future__ import annotations


class ExperimentRpcs:
    """RPCs of ExperimentService (to be filled)."""
