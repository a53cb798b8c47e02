"""RegistryService and StageService RPCs still being written (issue 15): they answer 501 with this reason.

Each helper removed its RPCs from here as it implemented them; every RPC is served now.
"""

from __future__ import annotations

BEING_BUILT = "being built: the model registry is in progress"

PENDING: dict[str, str] = {}
