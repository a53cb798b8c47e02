"""DatasetVersionService (to be filled)."""

from __future__ import annotations


class DatasetVersionRpcs:
    pass
