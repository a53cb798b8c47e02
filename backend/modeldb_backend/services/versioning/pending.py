"""The VersioningService RPCs still being built: they answer 501 with the reason given here.

The service table (services/registry.py) reads this dict; whoever implements one of these RPCs deletes its
entry in the same commit. Standard library only: the client's table imports it.
"""

from __future__ import annotations

BEING_BUILT = "being built"

PENDING: dict[str, str] = {}
