"""SQLAlchemy 2 typed models: the schema of the tracking store.

Entities (projects, experiments, runs, comments) have their own tables; the repeated parts of an entity
(key-values, tags, artifacts, observations) live in narrow tables keyed by the owning entity's id, so that
finds and sorts are set-based joins with indexes, never a scan of serialized blobs.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Engine,
    Float,
    ForeignKey,
    Index,
    Insert,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Update,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.elements import BindParameter

from ..errors import InvalidArgument
from ..limits import MAX_KEY_LENGTH, MAX_NAME_LENGTH, MAX_TAG_LENGTH

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(36)
NAME = String(MAX_NAME_LENGTH)
KEY = String(MAX_KEY_LENGTH)
NOT_DELETED = text("deleted = false")
# The key-values string index holds "plain" strings: up to INDEXED_STR_CHARS characters (a PostgreSQL b-tree
# entry must stay under ~2.7 kB, and values may be 64 kB) whose stored JSON is the text in quotes (no escapes,
# so no NUL that str_value drops). For them str_value equality IS value equality, so the index alone answers
# `hyperparameters.opt == 'adam'`. The query layer repeats this condition, word for word, to use the index.
INDEXED_STR_CHARS = 200
PLAIN_SHORT_STRING = text(f"length(str_value) <= {INDEXED_STR_CHARS} AND value = '\"' || str_value || '\"'")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    if TYPE_CHECKING:
        # Every model here is mapped to a Table (DeclarativeBase types it as any FromClause).
        __table__: ClassVar[Table]


def _live_unique(name: str, *columns: str) -> Index:
    """A uniqueness rule among non-deleted rows only: soft-deleted names become reusable at once."""
    return Index(name, *columns, unique=True, sqlite_where=NOT_DELETED, postgresql_where=NOT_DELETED)


class Project(Base):
    __tablename__ = "projects"
    __table_args__ = (
        _live_unique("ux_projects_workspace_name", "workspace", "name"),
        Index("ix_projects_date_updated", "date_updated"),
        Index("ix_projects_date_created", "date_created"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    workspace: Mapped[str] = mapped_column(NAME, default="")
    name: Mapped[str] = mapped_column(NAME)
    description: Mapped[str] = mapped_column(Text, default="")
    short_name: Mapped[str] = mapped_column(String(40), default="")
    readme_text: Mapped[str] = mapped_column(Text, default="")
    project_visibility: Mapped[int] = mapped_column(Integer, default=0)
    visibility: Mapped[int] = mapped_column(Integer, default=0)
    owner: Mapped[str] = mapped_column(NAME, default="")
    code_version: Mapped[str | None] = mapped_column(Text)  # CodeVersion message as JSON
    date_created: Mapped[int] = mapped_column(BigInteger)
    date_updated: Mapped[int] = mapped_column(BigInteger)
    version_number: Mapped[int] = mapped_column(BigInteger, default=0)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Experiment(Base):
    __tablename__ = "experiments"
    __table_args__ = (
        _live_unique("ux_experiments_project_name", "project_id", "name"),
        Index("ix_experiments_project_date_updated", "project_id", "date_updated"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"))
    name: Mapped[str] = mapped_column(NAME)
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(NAME, default="")
    code_version: Mapped[str | None] = mapped_column(Text)
    date_created: Mapped[int] = mapped_column(BigInteger)
    date_updated: Mapped[int] = mapped_column(BigInteger)
    version_number: Mapped[int] = mapped_column(BigInteger, default=0)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class ExperimentRun(Base):
    __tablename__ = "experiment_runs"
    __table_args__ = (
        _live_unique("ux_experiment_runs_experiment_name", "experiment_id", "name"),
        Index("ix_experiment_runs_project_date_updated", "project_id", "date_updated"),
        Index("ix_experiment_runs_experiment_date_updated", "experiment_id", "date_updated"),
        Index("ix_experiment_runs_date_created", "date_created"),
        Index("ix_experiment_runs_parent_id", "parent_id"),
        Index("ix_experiment_runs_name", "name"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"))
    experiment_id: Mapped[str] = mapped_column(ForeignKey("experiments.id"))
    name: Mapped[str] = mapped_column(NAME)
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(NAME, default="")
    date_created: Mapped[int] = mapped_column(BigInteger)
    date_updated: Mapped[int] = mapped_column(BigInteger)
    start_time: Mapped[int] = mapped_column(BigInteger, default=0)
    end_time: Mapped[int] = mapped_column(BigInteger, default=0)
    code_version: Mapped[str] = mapped_column(Text, default="")  # free-form string field of ModelDB
    code_version_snapshot: Mapped[str | None] = mapped_column(Text)  # CodeVersion message as JSON
    parent_id: Mapped[str] = mapped_column(ID, default="")
    environment: Mapped[str | None] = mapped_column(Text)  # EnvironmentBlob as JSON
    versioned_inputs: Mapped[str | None] = mapped_column(Text)  # VersioningEntry as JSON
    features: Mapped[str | None] = mapped_column(Text)  # list of feature names as JSON
    job_id: Mapped[str] = mapped_column(NAME, default="")
    version_number: Mapped[int] = mapped_column(BigInteger, default=0)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class KeyValue(Base):
    """Attributes, hyperparameters and metrics of any entity, one row per key.

    `value` keeps the exact JSON of the protobuf Value for a lossless round trip; `num_value` and
    `str_value` are derived copies that the query layer compares and sorts on (numbers numerically).
    """

    __tablename__ = "key_values"
    __table_args__ = (
        UniqueConstraint("entity_id", "field", "key"),
        # entity_id last: numeric predicates and sorts on a key are answered from the index alone
        Index("ix_key_values_field_key_num_entity", "field", "key", "num_value", "entity_id"),
        # string equality (`hyperparameters.opt == 'adam'`); partial, so numbers (most rows) cost no extra write
        Index(
            "ix_key_values_field_key_str_entity",
            "field",
            "key",
            "str_value",
            "entity_id",
            sqlite_where=PLAIN_SHORT_STRING,
            postgresql_where=PLAIN_SHORT_STRING,
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(ID)
    field: Mapped[str] = mapped_column(String(32))  # attributes | hyperparameters | metrics
    key: Mapped[str] = mapped_column(KEY)
    value: Mapped[str] = mapped_column(Text)
    value_type: Mapped[int] = mapped_column(Integer, default=0)
    num_value: Mapped[float | None] = mapped_column(Float)
    str_value: Mapped[str | None] = mapped_column(Text)


class Tag(Base):
    __tablename__ = "tags"
    __table_args__ = (Index("ix_tags_tag", "tag"),)

    entity_id: Mapped[str] = mapped_column(ID, primary_key=True)
    tag: Mapped[str] = mapped_column(String(MAX_TAG_LENGTH), primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(32))


class Artifact(Base):
    """Artifacts and dataset links of any entity (`field` = artifacts | datasets)."""

    __tablename__ = "artifacts"
    __table_args__ = (
        UniqueConstraint("entity_id", "field", "key"),
        Index("ix_artifacts_linked_artifact_id", "linked_artifact_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(ID)
    field: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(KEY)
    path: Mapped[str] = mapped_column(Text, default="")
    path_only: Mapped[bool] = mapped_column(Boolean, default=False)
    artifact_type: Mapped[int] = mapped_column(Integer, default=0)
    linked_artifact_id: Mapped[str] = mapped_column(NAME, default="")
    filename_extension: Mapped[str] = mapped_column(String(64), default="")
    serialization: Mapped[str] = mapped_column(String(64), default="")
    artifact_subtype: Mapped[str] = mapped_column(String(64), default="")
    upload_completed: Mapped[bool] = mapped_column(Boolean, default=False)


class Observation(Base):
    """One observation of a run; insertion order is the primary key order."""

    __tablename__ = "observations"
    __table_args__ = (Index("ix_observations_run_key_epoch", "run_id", "key", "epoch_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("experiment_runs.id"))
    key: Mapped[str] = mapped_column(KEY)
    kind: Mapped[str] = mapped_column(String(16))  # attribute | artifact
    value: Mapped[str] = mapped_column(Text)  # KeyValue.value JSON, or the Artifact message as JSON
    value_type: Mapped[int] = mapped_column(Integer, default=0)
    num_value: Mapped[float | None] = mapped_column(Float)
    str_value: Mapped[str | None] = mapped_column(Text)
    timestamp: Mapped[int] = mapped_column(BigInteger)
    epoch_number: Mapped[float] = mapped_column(Float)


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_entity_id", "entity_id"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    entity_id: Mapped[str] = mapped_column(ID)
    user_id: Mapped[str] = mapped_column(NAME, default="")
    date_time: Mapped[int] = mapped_column(BigInteger)
    message: Mapped[str] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditRecord(Base):
    """Append-only history of every mutating call; never updated or deleted by any API."""

    __tablename__ = "audit_records"
    __table_args__ = (
        Index("ix_audit_records_entity", "entity_id", "id"),
        Index("ix_audit_records_action", "action", "id"),
        Index("ix_audit_records_ts", "ts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ts: Mapped[int] = mapped_column(BigInteger)
    actor: Mapped[str] = mapped_column(NAME)
    action: Mapped[str] = mapped_column(String(128))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(NAME)
    changes: Mapped[str] = mapped_column(Text)  # JSON object


class Dataset(Base):
    """A ModelDB dataset; its id is rendered as a decimal string on the wire, as ModelDB does."""

    __tablename__ = "datasets"
    __table_args__ = (
        _live_unique("ux_datasets_workspace_name", "workspace", "name"),
        Index("ix_datasets_time_updated", "time_updated"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(NAME, default="")
    name: Mapped[str] = mapped_column(NAME)
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(NAME, default="")
    dataset_visibility: Mapped[int] = mapped_column(Integer, default=0)
    dataset_type: Mapped[int] = mapped_column(Integer, default=0)
    visibility: Mapped[int] = mapped_column(Integer, default=0)
    time_created: Mapped[int] = mapped_column(BigInteger)
    time_updated: Mapped[int] = mapped_column(BigInteger)
    version_number: Mapped[int] = mapped_column(BigInteger, default=0)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class DatasetVersion(Base):
    """A version of a dataset: versions are numbered 1, 2, 3... per dataset, each pointing at its parent."""

    __tablename__ = "dataset_versions"
    __table_args__ = (
        Index("ix_dataset_versions_dataset_version", "dataset_id", "version"),
        Index("ix_dataset_versions_time_logged", "time_logged"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id"))
    parent_id: Mapped[str] = mapped_column(ID, default="")
    version: Mapped[int] = mapped_column(BigInteger)
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(NAME, default="")
    dataset_type: Mapped[int] = mapped_column(Integer, default=0)
    info_kind: Mapped[str] = mapped_column(String(32), default="")  # raw | path | query | "" (legacy oneof)
    info: Mapped[str | None] = mapped_column(Text)  # the legacy *_dataset_version_info message as JSON
    dataset_blob: Mapped[str | None] = mapped_column(Text)  # versioning.DatasetBlob as JSON
    time_logged: Mapped[int] = mapped_column(BigInteger)
    time_updated: Mapped[int] = mapped_column(BigInteger)
    version_number: Mapped[int] = mapped_column(BigInteger, default=0)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class StoredBlob(Base):
    """Bytes uploaded through the artifact store: what was uploaded where, its size, checksum and parts.

    `owner_key` names what the bytes belong to: "artifact:<artifacts.id>", "code:<run id>" or
    "dataset:<dataset version id>:<component path>"; the path is the store-relative location.
    """

    __tablename__ = "stored_blobs"
    __table_args__ = (UniqueConstraint("owner_key"), Index("ix_stored_blobs_path", "path"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    owner_key: Mapped[str] = mapped_column(String(512))
    path: Mapped[str] = mapped_column(String(1024))
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    upload_id: Mapped[str | None] = mapped_column(String(1024))  # S3 multipart upload in progress
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
    time_updated: Mapped[int] = mapped_column(BigInteger)


class UploadPart(Base):
    """One committed part of a multipart upload (part number and the ETag the store returned)."""

    __tablename__ = "upload_parts"
    __table_args__ = (UniqueConstraint("blob_id", "part_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    blob_id: Mapped[int] = mapped_column(ForeignKey("stored_blobs.id"))
    part_number: Mapped[int] = mapped_column(BigInteger)
    etag: Mapped[str] = mapped_column(String(256))


class MetricPoint(Base):
    """One point of a metric series (our extension); the run's ModelDB metric holds the latest by step.
    One point per (run, key, step): logging at a step the run has replaces that point."""

    __tablename__ = "metric_points"
    __table_args__ = (Index("ix_metric_points_run_key_step", "run_id", "key", "step", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("experiment_runs.id"))
    key: Mapped[str] = mapped_column(KEY)
    step: Mapped[int] = mapped_column(BigInteger)
    value: Mapped[float] = mapped_column(Float)
    timestamp: Mapped[int] = mapped_column(BigInteger)


class AppliedBatch(Base):
    """Idempotency keys of applied batches: a retried batch with a known key is acknowledged, not re-applied."""

    __tablename__ = "applied_batches"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    run_id: Mapped[str] = mapped_column(ID)
    applied_at: Mapped[int] = mapped_column(BigInteger)


class RequestKey(Base):
    """Idempotency keys of mutating RPCs (services/request_keys.py): the first call's answer, stored with the
    call in its transaction, is what a retry with the same key gets instead of running again."""

    __tablename__ = "request_keys"
    __table_args__ = (Index("ix_request_keys_created_at", "created_at"),)

    actor: Mapped[str] = mapped_column(String(256), primary_key=True)  # keys are the caller's own namespace
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    rpc: Mapped[str] = mapped_column(String(256))  # the gRPC path: /service/Method
    request_sha256: Mapped[str] = mapped_column(String(64))
    response: Mapped[bytes] = mapped_column(LargeBinary)  # the serialised response message
    created_at: Mapped[int] = mapped_column(BigInteger)


class RunState(Base):
    """Lifecycle of a run (our extension; ModelDB has no run status): status, heartbeat."""

    __tablename__ = "run_states"
    __table_args__ = (Index("ix_run_states_status_heartbeat", "status", "heartbeat"),)

    run_id: Mapped[str] = mapped_column(ForeignKey("experiment_runs.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # RUNNING | FINISHED | FAILED | KILLED
    heartbeat: Mapped[int] = mapped_column(BigInteger, default=0)
    timeout_ms: Mapped[int] = mapped_column(BigInteger, default=0)  # 0 = no heartbeat watchdog


# --- one answer for over-long text on every database ---------------------------------------------------------
# PostgreSQL refuses a value longer than its VARCHAR(n) column; SQLite stores it. The services check the
# request fields they know are bounded (names, keys, workspaces, paths) with their own messages; this is the
# net under them: any INSERT or UPDATE carrying text over a column's width is the same 400 on both.


@functools.cache
def _widths(table: Table) -> dict[str, int]:
    return {c.key: c.type.length for c in table.columns if isinstance(c.type, String) and c.type.length}


def _rows(statement: Insert | Update, multiparams: Any, params: Any) -> Iterable[Mapping[Any, Any]]:
    if params:
        yield params
    if isinstance(multiparams, list | tuple):
        yield from (row for row in multiparams if isinstance(row, Mapping))
    values = getattr(statement, "_values", None)
    if values:
        yield {getattr(k, "key", k): v.value if isinstance(v, BindParameter) else v for k, v in values.items()}


def check_widths(table: Table, rows: Iterable[Mapping[Any, Any]]) -> None:
    widths = _widths(table)
    if not widths:
        return
    for row in rows:
        for key, width in widths.items():
            value = row.get(key)
            if isinstance(value, str) and len(value) > width:
                raise InvalidArgument(
                    f"a value for {table.name}.{key} is {len(value)} characters long; the limit is {width}"
                )


@event.listens_for(Engine, "before_execute")
def _before_execute(_conn: Any, statement: Any, multiparams: Any, params: Any, _options: Any) -> None:
    if isinstance(statement, Insert | Update) and isinstance(statement.table, Table):
        check_widths(statement.table, _rows(statement, multiparams, params))


# The versioning tables live in their own module on the same Base; importing it here puts them in
# Base.metadata for the migrations and the schema check (the module imports Base from this one, which is
# complete by now).
from . import lineage_models as lineage_models  # noqa: E402  # lineage and metadata tables, the same way
from . import registry_models as registry_models  # noqa: E402  # registered models and model versions
from . import registry_stage_models as registry_stage_models  # noqa: E402  # stage transitions, activities
from . import versioning_models as versioning_models  # noqa: E402
