"""lineage_edges (LineageService), metadata_labels and metadata_properties (MetadataService): new tables

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 11:39:48.007625
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ids, no foreign keys: lineage may outlive the entities it names, metadata ids are versioning ids.
    op.create_table(
        "lineage_edges",
        sa.Column("input_type", sa.Integer(), nullable=False),
        sa.Column("input_id", sa.String(length=256), nullable=False),
        sa.Column("output_type", sa.Integer(), nullable=False),
        sa.Column("output_id", sa.String(length=256), nullable=False),
        sa.PrimaryKeyConstraint("input_type", "input_id", "output_type", "output_id", name=op.f("pk_lineage_edges")),
    )
    with op.batch_alter_table("lineage_edges", schema=None) as batch_op:
        batch_op.create_index(
            "ix_lineage_edges_output", ["output_type", "output_id", "input_type", "input_id"], unique=False
        )

    op.create_table(
        "metadata_labels",
        sa.Column("entity_type", sa.Integer(), nullable=False),
        sa.Column("entity_hash", sa.String(length=400), nullable=False),
        sa.Column("label", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("entity_type", "entity_hash", "label", name=op.f("pk_metadata_labels")),
    )
    with op.batch_alter_table("metadata_labels", schema=None) as batch_op:
        batch_op.create_index("ix_metadata_labels_label", ["label", "entity_type", "entity_hash"], unique=False)

    op.create_table(
        "metadata_properties",
        sa.Column("entity_type", sa.Integer(), nullable=False),
        sa.Column("entity_hash", sa.String(length=400), nullable=False),
        sa.Column("property_name", sa.String(length=128), nullable=False),
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint(
            "entity_type", "entity_hash", "property_name", "key", name=op.f("pk_metadata_properties")
        ),
    )


def downgrade() -> None:
    op.drop_table("metadata_properties")
    with op.batch_alter_table("metadata_labels", schema=None) as batch_op:
        batch_op.drop_index("ix_metadata_labels_label")

    op.drop_table("metadata_labels")
    with op.batch_alter_table("lineage_edges", schema=None) as batch_op:
        batch_op.drop_index("ix_lineage_edges_output")

    op.drop_table("lineage_edges")
