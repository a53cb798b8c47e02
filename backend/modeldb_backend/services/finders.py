"""Find and list RPCs of projects, experiments and runs (filtering, sorting and paging in SQL)."""

from __future__ import annotations


class ProjectFinders:
    pass


class ExperimentFinders:
    pass


class ExperimentRunFinders:
    pass
