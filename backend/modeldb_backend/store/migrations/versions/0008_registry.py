"""registry: registered models and model versions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 12:30:36.169245

New tables only (store/registry_models.py); their labels, attributes and artifacts go to the existing tags,
key_values and artifacts tables.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registered_models",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workspace", sa.String(length=256), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("readme_text", sa.Text(), nullable=False),
        sa.Column("readme_text_updated", sa.Boolean(), nullable=False),
        sa.Column("owner", sa.String(length=256), nullable=False),
        sa.Column("visibility", sa.Integer(), nullable=False),
        sa.Column("resource_visibility", sa.Integer(), nullable=False),
        sa.Column("custom_permission", sa.Text(), nullable=True),
        sa.Column("data_type", sa.Integer(), nullable=False),
        sa.Column("task_type", sa.Integer(), nullable=False),
        sa.Column("pii", sa.Boolean(), nullable=False),
        sa.Column("time_created", sa.BigInteger(), nullable=False),
        sa.Column("time_updated", sa.BigInteger(), nullable=False),
        sa.Column("version_number", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registered_models")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("registered_models", schema=None) as batch_op:
        batch_op.create_index("ix_registered_models_time_updated", ["time_updated"], unique=False)
        batch_op.create_index(
            "ux_registered_models_workspace_name",
            ["workspace", "name"],
            unique=True,
            sqlite_where=sa.text("deleted = false"),
            postgresql_where=sa.text("deleted = false"),
        )

    op.create_table(
        "model_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("registered_model_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=256), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("readme_text", sa.Text(), nullable=False),
        sa.Column("readme_text_updated", sa.Boolean(), nullable=False),
        sa.Column("owner", sa.String(length=256), nullable=False),
        sa.Column("experiment_run_id", sa.String(length=36), nullable=True),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("lock_level", sa.Integer(), nullable=False),
        sa.Column("archived", sa.Integer(), nullable=False),
        sa.Column("environment", sa.Text(), nullable=True),
        sa.Column("code_blob_map", sa.Text(), nullable=True),
        sa.Column("docker_metadata", sa.Text(), nullable=True),
        sa.Column("apis", sa.Text(), nullable=True),
        sa.Column("redirect_metadata", sa.Text(), nullable=False),
        sa.Column("input_description", sa.Text(), nullable=False),
        sa.Column("hide_input_label", sa.Boolean(), nullable=False),
        sa.Column("output_description", sa.Text(), nullable=False),
        sa.Column("hide_output_label", sa.Boolean(), nullable=False),
        sa.Column("time_created", sa.BigInteger(), nullable=False),
        sa.Column("time_updated", sa.BigInteger(), nullable=False),
        sa.Column("version_number", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["registered_model_id"],
            ["registered_models.id"],
            name=op.f("fk_model_versions_registered_model_id_registered_models"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_versions")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("model_versions", schema=None) as batch_op:
        batch_op.create_index("ix_model_versions_experiment_run_id", ["experiment_run_id"], unique=False)
        batch_op.create_index(
            "ix_model_versions_model_time_updated", ["registered_model_id", "time_updated"], unique=False
        )
        batch_op.create_index(
            "ux_model_versions_model_version",
            ["registered_model_id", "version"],
            unique=True,
            sqlite_where=sa.text("deleted = false"),
            postgresql_where=sa.text("deleted = false"),
        )


def downgrade() -> None:
    with op.batch_alter_table("model_versions", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_model_versions_model_version",
            sqlite_where=sa.text("deleted = false"),
            postgresql_where=sa.text("deleted = false"),
        )
        batch_op.drop_index("ix_model_versions_model_time_updated")
        batch_op.drop_index("ix_model_versions_experiment_run_id")

    op.drop_table("model_versions")
    with op.batch_alter_table("registered_models", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_registered_models_workspace_name",
            sqlite_where=sa.text("deleted = false"),
            postgresql_where=sa.text("deleted = false"),
        )
        batch_op.drop_index("ix_registered_models_time_updated")

    op.drop_table("registered_models")
