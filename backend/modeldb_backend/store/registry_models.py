"""Tables of RegistryService: registered models and their versions, on the same Base as store/models.py.

What each holds:
- scalar fields of RegisteredModel / ModelVersion are columns (found and sorted on in SQL);
- labels, attributes and artifacts use the shared narrow tables (`tags`, `key_values`, `artifacts`) like runs
  do, under the entity ids of `model_entity_id` / `version_entity_id` (prefixed: those tables are keyed by
  entity id alone, and model and version ids are both small integers); the model artifact is the `artifacts`
  row of field `model`, the datasets those of field `datasets` (uploads, deletes and run links then work
  exactly as for runs);
- environment, code_blob_map, docker_metadata, apis and custom_permission are JSON columns: each is read and
  written whole, never searched, and nests deeply (an EnvironmentBlob, a map of CodeBlobs), so rows would only
  add joins.
Deletes are soft (`deleted`): names become reusable at once through the partial unique indexes, and ids are
never reused (sqlite_autoincrement; PostgreSQL sequences never go back), so rows keyed by an id (stage
activities, audit records) never attach to a later entity.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import ID, NAME, NOT_DELETED, Base

REGISTERED_MODEL = "registered_model"  # entity_type of its tags, key_values, artifacts and audit records
MODEL_VERSION = "model_version"
STAGE_UNASSIGNED = 5  # StageEnum.UNASSIGNED: a version's stage until someone sets one
LOCK_OPEN = 1  # ModelVersionLockLevelEnum.OPEN


def model_entity_id(model_id: int) -> str:
    """The entity id of a registered model in tags, key_values, artifacts and audit records."""
    return f"rm:{model_id}"


def version_entity_id(version_id: int) -> str:
    """The entity id of a model version in tags, key_values, artifacts and audit records."""
    return f"mv:{version_id}"


class RegisteredModel(Base):
    __tablename__ = "registered_models"
    __table_args__ = (
        Index(
            "ux_registered_models_workspace_name",
            "workspace",
            "name",
            unique=True,
            sqlite_where=NOT_DELETED,
            postgresql_where=NOT_DELETED,
        ),
        Index("ix_registered_models_time_updated", "time_updated"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(NAME, default="")
    name: Mapped[str] = mapped_column(NAME)
    description: Mapped[str] = mapped_column(Text, default="")
    readme_text: Mapped[str] = mapped_column(Text, default="")
    readme_text_updated: Mapped[bool] = mapped_column(Boolean, default=False)
    owner: Mapped[str] = mapped_column(NAME, default="")
    visibility: Mapped[int] = mapped_column(Integer, default=0)
    resource_visibility: Mapped[int] = mapped_column(Integer, default=0)
    custom_permission: Mapped[str | None] = mapped_column(Text)  # CollaboratorPermissions as JSON
    data_type: Mapped[int] = mapped_column(Integer, default=0)
    task_type: Mapped[int] = mapped_column(Integer, default=0)
    pii: Mapped[bool] = mapped_column(Boolean, default=False)
    time_created: Mapped[int] = mapped_column(BigInteger)
    time_updated: Mapped[int] = mapped_column(BigInteger)
    version_number: Mapped[int] = mapped_column(BigInteger, default=0)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class ModelVersion(Base):
    """`stage` is a StageEnum number, `lock_level` a ModelVersionLockLevelEnum one, `archived` a Ternary."""

    __tablename__ = "model_versions"
    __table_args__ = (
        Index(
            "ux_model_versions_model_version",
            "registered_model_id",
            "version",
            unique=True,
            sqlite_where=NOT_DELETED,
            postgresql_where=NOT_DELETED,
        ),
        Index("ix_model_versions_model_time_updated", "registered_model_id", "time_updated"),
        Index("ix_model_versions_experiment_run_id", "experiment_run_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    registered_model_id: Mapped[int] = mapped_column(ForeignKey("registered_models.id"))
    version: Mapped[str] = mapped_column(NAME)
    description: Mapped[str] = mapped_column(Text, default="")
    readme_text: Mapped[str] = mapped_column(Text, default="")
    readme_text_updated: Mapped[bool] = mapped_column(Boolean, default=False)
    owner: Mapped[str] = mapped_column(NAME, default="")
    experiment_run_id: Mapped[str | None] = mapped_column(ID)
    stage: Mapped[int] = mapped_column(Integer, default=STAGE_UNASSIGNED)
    lock_level: Mapped[int] = mapped_column(Integer, default=LOCK_OPEN)
    archived: Mapped[int] = mapped_column(Integer, default=0)
    environment: Mapped[str | None] = mapped_column(Text)  # EnvironmentBlob as JSON
    code_blob_map: Mapped[str | None] = mapped_column(Text)  # {key: CodeBlob} as JSON
    docker_metadata: Mapped[str | None] = mapped_column(Text)  # DockerMetadata as JSON
    apis: Mapped[str | None] = mapped_column(Text)  # list of strings as JSON
    redirect_metadata: Mapped[str] = mapped_column(Text, default="")
    input_description: Mapped[str] = mapped_column(Text, default="")
    hide_input_label: Mapped[bool] = mapped_column(Boolean, default=False)
    output_description: Mapped[str] = mapped_column(Text, default="")
    hide_output_label: Mapped[bool] = mapped_column(Boolean, default=False)
    time_created: Mapped[int] = mapped_column(BigInteger)
    time_updated: Mapped[int] = mapped_column(BigInteger)
    version_number: Mapped[int] = mapped_column(BigInteger, default=0)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
