"""ExtensionService logBatch and getMetricHistory (to be filled)."""

from __future__ import annotations


class SeriesRpcs:
    pass
