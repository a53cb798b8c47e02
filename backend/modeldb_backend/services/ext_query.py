"""ExtensionService.queryRuns: the boolean query language over runs (to be filled)."""

from __future__ import annotations


class QueryRpcs:
    pass
