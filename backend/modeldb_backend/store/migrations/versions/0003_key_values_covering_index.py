"""key_values: covering indexes for predicates: numbers (field, key, num_value, entity_id), short strings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 23:55:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

PLAIN_SHORT_STRING = "length(str_value) <= 200 AND value = '\"' || str_value || '\"'"


def upgrade() -> None:
    # The new index answers `metrics.acc > 0.9` (and the sort on a metric) from the index alone; the old one
    # is its prefix, so it goes rather than costing every key-value write a second time.
    with op.batch_alter_table("key_values", schema=None) as batch_op:
        batch_op.create_index(
            "ix_key_values_field_key_num_entity", ["field", "key", "num_value", "entity_id"], unique=False
        )
        batch_op.drop_index("ix_key_values_field_key_num")
        # Only plain strings of up to 200 characters (see models.PLAIN_SHORT_STRING): a PostgreSQL b-tree entry
        # must stay under ~2.7 kB, and for these str_value equality is value equality.
        batch_op.create_index(
            "ix_key_values_field_key_str_entity",
            ["field", "key", "str_value", "entity_id"],
            unique=False,
            sqlite_where=sa.text(PLAIN_SHORT_STRING),
            postgresql_where=sa.text(PLAIN_SHORT_STRING),
        )


def downgrade() -> None:
    with op.batch_alter_table("key_values", schema=None) as batch_op:
        batch_op.drop_index("ix_key_values_field_key_str_entity")
        batch_op.create_index("ix_key_values_field_key_num", ["field", "key", "num_value"], unique=False)
        batch_op.drop_index("ix_key_values_field_key_num_entity")
