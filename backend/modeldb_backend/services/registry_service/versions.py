"""Model versions: create, get, find, update, delete, lock."""

from __future__ import annotations


class ModelVersionRpcs:
    """Implementation class of the service table (services/registry.py)."""
