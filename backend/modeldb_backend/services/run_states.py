"""ExtensionService setRunStatus, getRunStates and heartbeat (to be filled)."""

from __future__ import annotations


class RunStateRpcs:
    pass
