"""What can be queried on each entity kind: its table, its columns, its child fields and its liveness rule.

One `EntityKind` per searchable entity (projects, experiments, runs). The predicate, sorting and paging code
is written once against this description, so the three find families cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute

from ..store import models as m

TEXT, NUMBER = "text", "number"

# Key-value fields of the `key_values` table and artifact fields of the `artifacts` table.
ATTRIBUTES, HYPERPARAMETERS, METRICS = "attributes", "hyperparameters", "metrics"
ARTIFACTS, DATASETS = "artifacts", "datasets"


@dataclass(frozen=True)
class EntityKind:
    """A searchable entity kind and the keys that predicates and sorts may use on it."""

    name: str
    model: type[m.Project] | type[m.Experiment] | type[m.ExperimentRun]
    # predicate key -> (column, TEXT | NUMBER)
    columns: Mapping[str, tuple[InstrumentedAttribute[Any], str]]
    sort_columns: Mapping[str, InstrumentedAttribute[Any]]
    kv_fields: frozenset[str]
    artifact_fields: frozenset[str]

    @property
    def id(self) -> InstrumentedAttribute[str]:
        return self.model.id

    def live(self, stmt: Select[Any]) -> Select[Any]:
        """`stmt` restricted to live (non-deleted) entities whose parents are live too."""
        return _LIVE[self.name](stmt)


def _live_projects(stmt: Select[Any]) -> Select[Any]:
    return stmt.where(~m.Project.deleted)


def _live_experiments(stmt: Select[Any]) -> Select[Any]:
    return stmt.join(m.Project, m.Project.id == m.Experiment.project_id).where(
        ~m.Experiment.deleted, ~m.Project.deleted
    )


def _live_runs(stmt: Select[Any]) -> Select[Any]:
    return (
        stmt.join(m.Experiment, m.Experiment.id == m.ExperimentRun.experiment_id)
        .join(m.Project, m.Project.id == m.ExperimentRun.project_id)
        .where(~m.ExperimentRun.deleted, ~m.Experiment.deleted, ~m.Project.deleted)
    )


_LIVE = {"project": _live_projects, "experiment": _live_experiments, "experiment_run": _live_runs}


def _common(model: Any) -> dict[str, tuple[InstrumentedAttribute[Any], str]]:
    return {
        "id": (model.id, TEXT),
        "name": (model.name, TEXT),
        "owner": (model.owner, TEXT),
        "date_created": (model.date_created, NUMBER),
        "date_updated": (model.date_updated, NUMBER),
    }


def _sorts(model: Any) -> dict[str, InstrumentedAttribute[Any]]:
    return {"date_created": model.date_created, "date_updated": model.date_updated, "name": model.name}


PROJECTS = EntityKind(
    name="project",
    model=m.Project,
    columns=_common(m.Project),
    sort_columns=_sorts(m.Project),
    kv_fields=frozenset({ATTRIBUTES}),
    artifact_fields=frozenset({ARTIFACTS}),
)

EXPERIMENTS = EntityKind(
    name="experiment",
    model=m.Experiment,
    columns={**_common(m.Experiment), "project_id": (m.Experiment.project_id, TEXT)},
    sort_columns=_sorts(m.Experiment),
    kv_fields=frozenset({ATTRIBUTES}),
    artifact_fields=frozenset({ARTIFACTS}),
)

RUNS = EntityKind(
    name="experiment_run",
    model=m.ExperimentRun,
    columns={
        **_common(m.ExperimentRun),
        "project_id": (m.ExperimentRun.project_id, TEXT),
        "experiment_id": (m.ExperimentRun.experiment_id, TEXT),
        "start_time": (m.ExperimentRun.start_time, NUMBER),
        "end_time": (m.ExperimentRun.end_time, NUMBER),
    },
    sort_columns={
        **_sorts(m.ExperimentRun),
        "start_time": m.ExperimentRun.start_time,
        "end_time": m.ExperimentRun.end_time,
    },
    kv_fields=frozenset({ATTRIBUTES, HYPERPARAMETERS, METRICS}),
    artifact_fields=frozenset({ARTIFACTS, DATASETS}),
)
