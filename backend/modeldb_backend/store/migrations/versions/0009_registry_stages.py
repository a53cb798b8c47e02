"""registry stages: stage transitions and the activity log of model versions

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 12:50:00.000000

New tables only (store/registry_stage_models.py), written by StageService.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_stage_transitions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("model_version_id", sa.BigInteger(), nullable=False),
        sa.Column("registered_model_id", sa.BigInteger(), nullable=False),
        sa.Column("source_stage", sa.Integer(), nullable=False),
        sa.Column("desired_stage", sa.Integer(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=256), nullable=False),
        sa.Column("time_created", sa.BigInteger(), nullable=False),
        sa.Column("time_updated", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_stage_transitions")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("registry_stage_transitions", schema=None) as batch_op:
        batch_op.create_index("ix_registry_stage_transitions_model", ["registered_model_id", "id"], unique=False)
        batch_op.create_index("ix_registry_stage_transitions_version", ["model_version_id", "id"], unique=False)

    op.create_table(
        "registry_stage_activities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("model_version_id", sa.BigInteger(), nullable=False),
        sa.Column("registered_model_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("author", sa.String(length=256), nullable=False),
        sa.Column("time_created", sa.BigInteger(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("transition_id", sa.Integer(), nullable=True),
        sa.Column("from_stage", sa.Integer(), nullable=True),
        sa.Column("to_stage", sa.Integer(), nullable=True),
        sa.Column("activity_state", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_stage_activities")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("registry_stage_activities", schema=None) as batch_op:
        batch_op.create_index("ix_registry_stage_activities_model", ["registered_model_id", "id"], unique=False)
        batch_op.create_index("ix_registry_stage_activities_transition", ["transition_id", "id"], unique=False)
        batch_op.create_index("ix_registry_stage_activities_version", ["model_version_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("registry_stage_activities", schema=None) as batch_op:
        batch_op.drop_index("ix_registry_stage_activities_version")
        batch_op.drop_index("ix_registry_stage_activities_transition")
        batch_op.drop_index("ix_registry_stage_activities_model")
    op.drop_table("registry_stage_activities")
    with op.batch_alter_table("registry_stage_transitions", schema=None) as batch_op:
        batch_op.drop_index("ix_registry_stage_transitions_version")
        batch_op.drop_index("ix_registry_stage_transitions_model")
    op.drop_table("registry_stage_transitions")
