"""Artifacts of model versions: upload URLs, multipart parts, deletes."""

from __future__ import annotations


class ModelVersionArtifactRpcs:
    """Implementation class of the service table (services/registry.py)."""
