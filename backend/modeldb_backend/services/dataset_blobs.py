"""DatasetVersionService managed uploads of dataset components (to be filled)."""

from __future__ import annotations


class DatasetBlobRpcs:
    pass
