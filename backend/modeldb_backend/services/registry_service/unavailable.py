"""RPCs a tracking server cannot serve (external deployments): a clear error."""

from __future__ import annotations


class UnavailableRpcs:
    """Implementation class of the service table (services/registry.py)."""
