"""ExperimentRunService implementation."""

from __future__ import annotations


class ExperimentRunRpcs:
    """RPCs of ExperimentRunService (to be filled)."""
