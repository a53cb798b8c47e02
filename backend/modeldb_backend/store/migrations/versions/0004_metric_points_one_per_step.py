"""metric_points: one point per (run_id, key, step); duplicates from earlier re-runs keep the latest

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 12:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEX = "ix_metric_points_run_key_step"
COLUMNS = ["run_id", "key", "step"]

# The latest point of a step is the last inserted one (the greatest id): the point the run's metric already
# shows. Correlated on the existing (run_id, key, step) index, in the same form on SQLite and PostgreSQL.
DELETE_SUPERSEDED = """
DELETE FROM metric_points
WHERE EXISTS (
    SELECT 1 FROM metric_points AS later
    WHERE later.run_id = metric_points.run_id
      AND later.key = metric_points.key
      AND later.step = metric_points.step
      AND later.id > metric_points.id
)
"""


def upgrade() -> None:
    op.execute(DELETE_SUPERSEDED)
    op.drop_index(INDEX, table_name="metric_points")
    op.create_index(INDEX, "metric_points", COLUMNS, unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="metric_points")
    op.create_index(INDEX, "metric_points", COLUMNS, unique=False)
