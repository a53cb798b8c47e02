"""What can be queried on each entity kind: its table, its columns, its child fields and its liveness rule.

One `EntityKind` per searchable entity (projects, experiments, runs, datasets, dataset versions). The
predicate, sorting and paging code is written once against this description, so the find families cannot
drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import Select, String, cast, literal_column
from sqlalchemy.orm import InstrumentedAttribute

from ..store import models as m
from ..store import registry_models as reg

TEXT, NUMBER = "text", "number"

# Key-value fields of the `key_values` table and artifact fields of the `artifacts` table.
ATTRIBUTES, HYPERPARAMETERS, METRICS = "attributes", "hyperparameters", "metrics"
ARTIFACTS, DATASETS = "artifacts", "datasets"


@dataclass(frozen=True)
class EntityKind:
    """A searchable entity kind and the keys that predicates and sorts may use on it."""

    name: str
    model: (
        type[m.Project]
        | type[m.Experiment]
        | type[m.ExperimentRun]
        | type[m.Dataset]
        | type[m.DatasetVersion]
        | type[reg.RegisteredModel]
        | type[reg.ModelVersion]
    )
    # predicate key -> (column, TEXT | NUMBER)
    columns: Mapping[str, tuple[InstrumentedAttribute[Any], str]]
    sortable: frozenset[str]  # the columns a sort may name
    kv_fields: frozenset[str]
    artifact_fields: frozenset[str]
    # How child rows (tags, key-values, artifacts) name the entity when not by `model.id` itself:
    # datasets have integer ids, which their children store as text.
    child_key: Any = None
    tags_key: str = "tags"  # the predicate key of its tags (the registry calls them labels)

    @cached_property
    def sort_columns(self) -> Mapping[str, InstrumentedAttribute[Any]]:
        return {key: self.columns[key][0] for key in sorted(self.sortable)}

    @property
    def id(self) -> Any:
        return self.child_key if self.child_key is not None else self.model.id

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


def _live_datasets(stmt: Select[Any]) -> Select[Any]:
    return stmt.where(~m.Dataset.deleted)


def _live_dataset_versions(stmt: Select[Any]) -> Select[Any]:
    return stmt.join(m.Dataset, m.Dataset.id == m.DatasetVersion.dataset_id).where(
        ~m.DatasetVersion.deleted, ~m.Dataset.deleted
    )


def _live_registered_models(stmt: Select[Any]) -> Select[Any]:
    return stmt.where(~reg.RegisteredModel.deleted)


def _live_model_versions(stmt: Select[Any]) -> Select[Any]:
    return stmt.join(reg.RegisteredModel, reg.RegisteredModel.id == reg.ModelVersion.registered_model_id).where(
        ~reg.ModelVersion.deleted, ~reg.RegisteredModel.deleted
    )


_LIVE = {
    "project": _live_projects,
    "experiment": _live_experiments,
    "experiment_run": _live_runs,
    "dataset": _live_datasets,
    "dataset_version": _live_dataset_versions,
    reg.REGISTERED_MODEL: _live_registered_models,
    reg.MODEL_VERSION: _live_model_versions,
}


def _common(model: Any) -> dict[str, tuple[InstrumentedAttribute[Any], str]]:
    return {
        "id": (model.id, TEXT),
        "name": (model.name, TEXT),
        "owner": (model.owner, TEXT),
        "date_created": (model.date_created, NUMBER),
        "date_updated": (model.date_updated, NUMBER),
    }


SORT_COMMON = frozenset({"date_created", "date_updated", "name"})
PROJECTS = EntityKind(
    name="project",
    model=m.Project,
    columns=_common(m.Project),
    sortable=SORT_COMMON,
    kv_fields=frozenset({ATTRIBUTES}),
    artifact_fields=frozenset({ARTIFACTS}),
)

EXPERIMENTS = EntityKind(
    name="experiment",
    model=m.Experiment,
    columns={**_common(m.Experiment), "project_id": (m.Experiment.project_id, TEXT)},
    sortable=SORT_COMMON,
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
    sortable=SORT_COMMON | {"start_time", "end_time"},
    kv_fields=frozenset({ATTRIBUTES, HYPERPARAMETERS, METRICS}),
    artifact_fields=frozenset({ARTIFACTS, DATASETS}),
)

# Datasets and their versions: ModelDB's client queries time_created/time_logged; date_* are the names
# ModelDB's own list RPCs translate them to, so both work.
DATASET_KIND = EntityKind(
    name="dataset",
    model=m.Dataset,
    columns={
        "id": (m.Dataset.id, NUMBER),
        "name": (m.Dataset.name, TEXT),
        "owner": (m.Dataset.owner, TEXT),
        "description": (m.Dataset.description, TEXT),
        "time_created": (m.Dataset.time_created, NUMBER),
        "time_updated": (m.Dataset.time_updated, NUMBER),
        "date_created": (m.Dataset.time_created, NUMBER),
        "date_updated": (m.Dataset.time_updated, NUMBER),
    },
    sortable=frozenset({"id", "name", "time_created", "time_updated", "date_created", "date_updated"}),
    kv_fields=frozenset({ATTRIBUTES}),
    artifact_fields=frozenset(),
    child_key=cast(m.Dataset.id, String),
)

DATASET_VERSION_KIND = EntityKind(
    name="dataset_version",
    model=m.DatasetVersion,
    columns={
        "id": (m.DatasetVersion.id, TEXT),
        "dataset_id": (m.DatasetVersion.dataset_id, NUMBER),
        "parent_id": (m.DatasetVersion.parent_id, TEXT),
        "version": (m.DatasetVersion.version, NUMBER),
        "owner": (m.DatasetVersion.owner, TEXT),
        "description": (m.DatasetVersion.description, TEXT),
        "time_logged": (m.DatasetVersion.time_logged, NUMBER),
        "time_updated": (m.DatasetVersion.time_updated, NUMBER),
        "date_created": (m.DatasetVersion.time_logged, NUMBER),
        "date_updated": (m.DatasetVersion.time_updated, NUMBER),
    },
    sortable=frozenset({"version", "time_logged", "time_updated", "date_created", "date_updated"}),
    kv_fields=frozenset({ATTRIBUTES}),
    artifact_fields=frozenset(),
)

# Registered models and versions: integer ids, whose children are keyed `rm:<id>` / `mv:<id>`
# (store/registry_models.py); time_* are ModelDB's names, date_* the default sort key's.
_RM, _MV = reg.RegisteredModel, reg.ModelVersion
REGISTERED_MODEL_KIND = EntityKind(
    name=reg.REGISTERED_MODEL,
    model=_RM,
    columns={
        "id": (_RM.id, NUMBER),
        "name": (_RM.name, TEXT),
        "description": (_RM.description, TEXT),
        "owner": (_RM.owner, TEXT),
        "data_type": (_RM.data_type, NUMBER),
        "task_type": (_RM.task_type, NUMBER),
        "time_created": (_RM.time_created, NUMBER),
        "time_updated": (_RM.time_updated, NUMBER),
        "date_created": (_RM.time_created, NUMBER),
        "date_updated": (_RM.time_updated, NUMBER),
    },
    sortable=frozenset({"id", "name", "time_created", "time_updated", "date_created", "date_updated"}),
    kv_fields=frozenset({ATTRIBUTES}),
    artifact_fields=frozenset({ARTIFACTS}),
    child_key=literal_column("'rm:'").concat(cast(_RM.id, String)),
    tags_key="labels",
)

MODEL_VERSION_KIND = EntityKind(
    name=reg.MODEL_VERSION,
    model=_MV,
    columns={
        "id": (_MV.id, NUMBER),
        "registered_model_id": (_MV.registered_model_id, NUMBER),
        "version": (_MV.version, TEXT),
        "description": (_MV.description, TEXT),
        "owner": (_MV.owner, TEXT),
        "experiment_run_id": (_MV.experiment_run_id, TEXT),
        "stage": (_MV.stage, NUMBER),
        "lock_level": (_MV.lock_level, NUMBER),
        "archived": (_MV.archived, NUMBER),
        "time_created": (_MV.time_created, NUMBER),
        "time_updated": (_MV.time_updated, NUMBER),
        "date_created": (_MV.time_created, NUMBER),
        "date_updated": (_MV.time_updated, NUMBER),
    },
    sortable=frozenset({"id", "version", "stage", "time_created", "time_updated", "date_created", "date_updated"}),
    kv_fields=frozenset({ATTRIBUTES}),
    artifact_fields=frozenset({ARTIFACTS, DATASETS}),
    child_key=literal_column("'mv:'").concat(cast(_MV.id, String)),
    tags_key="labels",
)
