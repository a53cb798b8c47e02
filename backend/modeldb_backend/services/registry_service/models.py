"""Registered models: create, get, find, count, update, delete."""

from __future__ import annotations


class RegisteredModelRpcs:
    """Implementation class of the service table (services/registry.py)."""
