"""request keys: idempotency keys of mutating RPCs with the stored answer

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 15:00:00.000000

A new table only (store/models.py RequestKey), written by services/request_keys.py.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "request_keys",
        sa.Column("actor", sa.String(length=256), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("rpc", sa.String(length=256), nullable=False),
        sa.Column("request_sha256", sa.String(length=64), nullable=False),
        sa.Column("response", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("actor", "key", name=op.f("pk_request_keys")),
    )
    with op.batch_alter_table("request_keys", schema=None) as batch_op:
        batch_op.create_index("ix_request_keys_created_at", ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("request_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_request_keys_created_at")
    op.drop_table("request_keys")
