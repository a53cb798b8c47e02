"""Loading live entities by id and turning rows into ModelDB messages (set-based hydration)."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import InvalidArgument, NotFound
from ..pb.common import common_pb2
from ..pb.modeldb import common_pb2 as mdb_common_pb2
from ..pb.modeldb import experiment_run_service_pb2 as run_pb2
from ..pb.modeldb import experiment_service_pb2 as exp_pb2
from ..pb.modeldb import project_service_pb2 as proj_pb2
from ..store import models as m
from .artifacts.rows import load_artifacts
from .context import CallContext
from .experiment_runs.code_from_blobs import code_versions_from_blobs
from .experiment_runs.versioned_input_rows import load_versioned_inputs
from .json_columns import fill_message
from .key_values import ARTIFACTS, ATTRIBUTES, DATASETS, HYPERPARAMETERS, METRICS, load_key_values, load_tags
from .values import decode_value

Named = TypeVar("Named", m.Project, m.Dataset)

PROJECT, EXPERIMENT, RUN = "project", "experiment", "experiment_run"


def new_id() -> str:
    return str(uuid.uuid4())


def require(value: str, message: str) -> str:
    """ModelDB's 400 for a missing id: `Project ID not present` and friends."""
    if not value:
        raise InvalidArgument(message)
    return value


def live_project(session: Session, project_id: str, *, for_update: bool = False) -> m.Project:
    require(project_id, "Project ID not present")
    row = session.get(m.Project, project_id, with_for_update=for_update or None)
    if row is None or row.deleted:
        raise NotFound(f"Project not found for given Id: {project_id}")
    return row


def live_by_name(session: Session, model: type[Named], workspace: str, name: str) -> Named | None:
    """The live project or dataset called `name` in `workspace` (names are unique among live ones), or None."""
    return session.scalar(select(model).where(model.workspace == workspace, model.name == name, ~model.deleted))


def live_experiment(session: Session, experiment_id: str, *, for_update: bool = False) -> m.Experiment:
    require(experiment_id, "Experiment ID not present")
    row = session.get(m.Experiment, experiment_id, with_for_update=for_update or None)
    if row is None or row.deleted:
        raise NotFound(f"Experiment not found for the ID: {experiment_id}")
    return row


def live_run(session: Session, run_id: str, *, for_update: bool = False) -> m.ExperimentRun:
    require(run_id, "ExperimentRun ID not present")
    row = session.get(m.ExperimentRun, run_id, with_for_update=for_update or None)
    if row is None or row.deleted:
        raise NotFound(f"ExperimentRun not found for given Id: {run_id}")
    return row


def touch(row: m.Project | m.Experiment | m.ExperimentRun, ctx: CallContext) -> None:
    """Every mutation: date_updated = max(old, now) and version_number + 1."""
    row.date_updated = max(row.date_updated or 0, ctx.now)
    row.version_number = (row.version_number or 0) + 1


# --- hydration ------------------------------------------------------------------------------------------


def project_messages(session: Session, rows: Sequence[m.Project]) -> list[proj_pb2.Project]:
    ids = [r.id for r in rows]
    attrs = load_key_values(session, ids, ATTRIBUTES)
    tags = load_tags(session, ids)
    arts = load_artifacts(session, ids, ARTIFACTS)
    out = []
    for r in rows:
        msg = proj_pb2.Project(
            id=r.id,
            name=r.name,
            description=r.description,
            date_created=r.date_created,
            date_updated=r.date_updated,
            short_name=r.short_name,
            readme_text=r.readme_text,
            project_visibility=r.project_visibility,  # type: ignore[arg-type]  # the column holds the enum's number; the stubs accept only the enum type
            visibility=r.visibility,  # type: ignore[arg-type]  # the column holds the enum's number; the stubs accept only the enum type
            owner=r.owner,
            attributes=attrs.get(r.id, []),
            tags=tags.get(r.id, []),
            artifacts=arts.get(r.id, []),
            version_number=r.version_number,
        )
        fill_message(msg.code_version_snapshot, r.code_version)
        out.append(msg)
    return out


def experiment_messages(session: Session, rows: Sequence[m.Experiment]) -> list[exp_pb2.Experiment]:
    ids = [r.id for r in rows]
    attrs = load_key_values(session, ids, ATTRIBUTES)
    tags = load_tags(session, ids)
    arts = load_artifacts(session, ids, ARTIFACTS)
    out = []
    for r in rows:
        msg = exp_pb2.Experiment(
            id=r.id,
            project_id=r.project_id,
            name=r.name,
            description=r.description,
            date_created=r.date_created,
            date_updated=r.date_updated,
            owner=r.owner,
            attributes=attrs.get(r.id, []),
            tags=tags.get(r.id, []),
            artifacts=arts.get(r.id, []),
            version_number=r.version_number,
        )
        fill_message(msg.code_version_snapshot, r.code_version)
        out.append(msg)
    return out


def observation_message(row: m.Observation, with_timestamp: bool = True) -> run_pb2.Observation:
    from ..pb.common import common_pb2

    obs = run_pb2.Observation(timestamp=row.timestamp if with_timestamp else 0)
    obs.epoch_number.number_value = row.epoch_number
    if row.kind == "artifact":
        fill_message(obs.artifact, row.value)
    else:
        obs.attribute.CopyFrom(
            common_pb2.KeyValue(key=row.key, value=decode_value(row.value), value_type=row.value_type)  # type: ignore[arg-type]  # the column holds the enum's number; the stubs accept only the enum type
        )
    return obs


def load_observations(
    session: Session, run_ids: Sequence[str], key: str | None = None, keys: Sequence[str] | None = None
) -> dict[str, list[run_pb2.Observation]]:
    """Observations per run in insertion order (of one key, or of some keys, when given)."""
    out: dict[str, list[run_pb2.Observation]] = defaultdict(list)
    if not run_ids:
        return out
    q = select(m.Observation).where(m.Observation.run_id.in_(list(run_ids)))
    if key is not None:
        q = q.where(m.Observation.key == key)
    if keys is not None:
        q = q.where(m.Observation.key.in_(list(keys)))
    for row in session.scalars(q.order_by(m.Observation.id)):
        out[row.run_id].append(observation_message(row))
    return out


# --- run columns (queryRuns.columns) ------------------------------------------------------------------

KEYED_RUN_FIELDS = (ATTRIBUTES, HYPERPARAMETERS, METRICS, ARTIFACTS, DATASETS, "observations")
RUN_FIELDS = (*KEYED_RUN_FIELDS, "tags", "code_version_snapshot", "environment", "versioned_inputs", "features")


@dataclass(frozen=True)
class RunColumns:
    """The parts of runs to hydrate: field -> None for the whole field, or the set of keys wanted.

    Fields not listed are left empty; the run's own scalar columns are always filled.
    """

    parts: Mapping[str, frozenset[str] | None]

    def wants(self, field: str) -> bool:
        return field in self.parts

    def keys(self, field: str) -> list[str] | None:
        wanted = self.parts.get(field)
        return None if wanted is None else sorted(wanted)


ALL_RUN_COLUMNS = RunColumns(dict.fromkeys(RUN_FIELDS))


def parse_run_columns(columns: Sequence[str]) -> RunColumns | None:
    """Column names as RunColumns (None when no restriction); an unknown name is a 400 listing valid ones."""
    if not columns:
        return None
    parts: dict[str, set[str] | None] = {}
    for column in columns:
        field, dot, key = column.partition(".")
        if field not in RUN_FIELDS or (dot and (field not in KEYED_RUN_FIELDS or not key)):
            raise InvalidArgument(
                f"unknown column {column!r}: columns are {', '.join(RUN_FIELDS)}, or one key of "
                f"{', '.join(KEYED_RUN_FIELDS)} such as metrics.acc"
            )
        if not dot:
            parts[field] = None
        elif field not in parts or parts[field] is not None:
            keys = parts.setdefault(field, set())
            if keys is not None:  # None (the whole field) was ruled out just above
                keys.add(key)
    return RunColumns({f: None if k is None else frozenset(k) for f, k in parts.items()})


def _load_run_artifacts(
    session: Session, ids: list[str], field: str, keys: list[str] | None
) -> dict[str, list[common_pb2.Artifact]]:
    if keys is None:
        return load_artifacts(session, ids, field)
    out: dict[str, list[common_pb2.Artifact]] = defaultdict(list)
    for key in keys:  # one query per requested key, not per run; keys come back sorted
        for run_id, arts in load_artifacts(session, ids, field, key).items():
            out[run_id].extend(arts)
    return out


def _load_run_parts(session: Session, ids: list[str], columns: RunColumns) -> dict[str, Mapping[str, Any]]:
    """The child rows of the wanted fields, one query per field (per key for artifacts)."""
    parts: dict[str, Mapping[str, Any]] = {}
    for field in (ATTRIBUTES, HYPERPARAMETERS, METRICS):
        if columns.wants(field):
            parts[field] = load_key_values(session, ids, field, columns.keys(field))
    for field in (ARTIFACTS, DATASETS):
        if columns.wants(field):
            parts[field] = _load_run_artifacts(session, ids, field, columns.keys(field))
    if columns.wants("observations"):
        parts["observations"] = load_observations(session, ids, keys=columns.keys("observations"))
    if columns.wants("tags"):
        parts["tags"] = load_tags(session, ids)
    return parts


def run_messages(
    session: Session, rows: Sequence[m.ExperimentRun], columns: RunColumns | None = None
) -> list[run_pb2.ExperimentRun]:
    """Runs as messages; with `columns`, only those parts (scalar columns always)."""
    columns = columns or ALL_RUN_COLUMNS
    parts = _load_run_parts(session, [r.id for r in rows], columns)
    linked = load_versioned_inputs(session, [r.id for r in rows]) if columns.wants("versioned_inputs") else {}
    code_from_blobs = code_versions_from_blobs(session, linked) if linked else {}
    out = []
    for r in rows:
        msg = run_pb2.ExperimentRun(
            id=r.id,
            project_id=r.project_id,
            experiment_id=r.experiment_id,
            name=r.name,
            description=r.description,
            date_created=r.date_created,
            date_updated=r.date_updated,
            start_time=r.start_time,
            end_time=r.end_time,
            code_version=r.code_version,
            parent_id=r.parent_id,
            job_id=r.job_id,
            owner=r.owner,
            version_number=r.version_number,
            **{field: children.get(r.id, []) for field, children in parts.items()},
        )
        if columns.wants("features"):
            msg.features.extend(mdb_common_pb2.Feature(name=n) for n in json.loads(r.features or "[]"))
        if columns.wants("code_version_snapshot"):
            fill_message(msg.code_version_snapshot, r.code_version_snapshot)
        if columns.wants("environment"):
            fill_message(msg.environment, r.environment)
        if r.id in linked:
            msg.versioned_inputs.CopyFrom(linked[r.id])
            for location, code in code_from_blobs.get(r.id, {}).items():
                msg.code_version_from_blob[location].CopyFrom(code)
        out.append(msg)
    return out
