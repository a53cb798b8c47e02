"""DatasetService (to be filled)."""

from __future__ import annotations


class DatasetRpcs:
    pass
