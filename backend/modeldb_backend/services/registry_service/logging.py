"""Logging datasets, code, attributes and Docker metadata into a model version."""

from __future__ import annotations


class ModelVersionLogRpcs:
    """Implementation class of the service table (services/registry.py)."""
