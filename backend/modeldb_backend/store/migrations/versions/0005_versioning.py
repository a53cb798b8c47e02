"""versioning: repositories, commits, snapshot trees, blobs, dataset components, branches, tags, run inputs

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 11:36:32.324583
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blob_contents",
        sa.Column("sha", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha", name=op.f("pk_blob_contents")),
    )
    op.create_table(
        "commits",
        sa.Column("sha", sa.String(length=64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("date_created", sa.BigInteger(), nullable=False),
        sa.Column("date_updated", sa.BigInteger(), nullable=False),
        sa.Column("author", sa.String(length=256), nullable=False),
        sa.Column("root_sha", sa.String(length=64), nullable=False),
        sa.Column("version_number", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("sha", name=op.f("pk_commits")),
    )
    op.create_table(
        "dataset_components",
        sa.Column("blob_sha", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("last_modified_at_source", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column("md5", sa.Text(), nullable=False),
        sa.Column("internal_versioned_path", sa.Text(), nullable=False),
        sa.Column("base_path", sa.Text(), nullable=False),
        sa.Column("s3_version_id", sa.Text(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("data_source_uri", sa.Text(), nullable=False),
        sa.Column("execution_timestamp", sa.BigInteger(), nullable=False),
        sa.Column("num_records", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("blob_sha", "seq", name=op.f("pk_dataset_components")),
    )
    op.create_table(
        "repositories",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workspace", sa.String(length=256), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=256), nullable=False),
        sa.Column("date_created", sa.BigInteger(), nullable=False),
        sa.Column("date_updated", sa.BigInteger(), nullable=False),
        sa.Column("version_number", sa.BigInteger(), nullable=False),
        sa.Column("repository_visibility", sa.Integer(), nullable=False),
        sa.Column("visibility", sa.Integer(), nullable=False),
        sa.Column("attributes", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repositories")),
    )
    with op.batch_alter_table("repositories", schema=None) as batch_op:
        batch_op.create_index("ix_repositories_date_updated", ["date_updated"], unique=False)
        batch_op.create_index(
            "ux_repositories_workspace_name",
            ["workspace", "name"],
            unique=True,
            sqlite_where=sa.text("deleted = false"),
            postgresql_where=sa.text("deleted = false"),
        )

    op.create_table(
        "tree_entries",
        sa.Column("tree_sha", sa.String(length=64), nullable=False),
        sa.Column("element_name", sa.String(length=256), nullable=False),
        sa.Column("element_sha", sa.String(length=64), nullable=False),
        sa.Column("element_type", sa.String(length=32), nullable=False),
        sa.Column("attributes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("tree_sha", "element_name", name=op.f("pk_tree_entries")),
    )
    op.create_table(
        "commit_parents",
        sa.Column("child_sha", sa.String(length=64), nullable=False),
        sa.Column("parent_order", sa.Integer(), nullable=False),
        sa.Column("parent_sha", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["child_sha"], ["commits.sha"], name=op.f("fk_commit_parents_child_sha_commits")),
        sa.PrimaryKeyConstraint("child_sha", "parent_order", name=op.f("pk_commit_parents")),
    )
    with op.batch_alter_table("commit_parents", schema=None) as batch_op:
        batch_op.create_index("ix_commit_parents_parent_sha", ["parent_sha"], unique=False)

    op.create_table(
        "repository_branches",
        sa.Column("repository_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("commit_sha", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["repository_id"], ["repositories.id"], name=op.f("fk_repository_branches_repository_id_repositories")
        ),
        sa.PrimaryKeyConstraint("repository_id", "name", name=op.f("pk_repository_branches")),
    )
    op.create_table(
        "repository_commits",
        sa.Column("repository_id", sa.Integer(), nullable=False),
        sa.Column("commit_sha", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["commit_sha"], ["commits.sha"], name=op.f("fk_repository_commits_commit_sha_commits")),
        sa.ForeignKeyConstraint(
            ["repository_id"], ["repositories.id"], name=op.f("fk_repository_commits_repository_id_repositories")
        ),
        sa.PrimaryKeyConstraint("repository_id", "commit_sha", name=op.f("pk_repository_commits")),
    )
    with op.batch_alter_table("repository_commits", schema=None) as batch_op:
        batch_op.create_index("ix_repository_commits_commit_sha", ["commit_sha"], unique=False)

    op.create_table(
        "repository_tags",
        sa.Column("repository_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("commit_sha", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["repository_id"], ["repositories.id"], name=op.f("fk_repository_tags_repository_id_repositories")
        ),
        sa.PrimaryKeyConstraint("repository_id", "name", name=op.f("pk_repository_tags")),
    )
    op.create_table(
        "run_versioned_inputs",
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=250), nullable=False),
        sa.Column("repository_id", sa.Integer(), nullable=False),
        sa.Column("commit_sha", sa.String(length=64), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["experiment_runs.id"], name=op.f("fk_run_versioned_inputs_run_id_experiment_runs")
        ),
        sa.PrimaryKeyConstraint("run_id", "key", name=op.f("pk_run_versioned_inputs")),
    )
    with op.batch_alter_table("run_versioned_inputs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_run_versioned_inputs_repository_commit", ["repository_id", "commit_sha"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("run_versioned_inputs", schema=None) as batch_op:
        batch_op.drop_index("ix_run_versioned_inputs_repository_commit")

    op.drop_table("run_versioned_inputs")
    op.drop_table("repository_tags")
    with op.batch_alter_table("repository_commits", schema=None) as batch_op:
        batch_op.drop_index("ix_repository_commits_commit_sha")

    op.drop_table("repository_commits")
    op.drop_table("repository_branches")
    with op.batch_alter_table("commit_parents", schema=None) as batch_op:
        batch_op.drop_index("ix_commit_parents_parent_sha")

    op.drop_table("commit_parents")
    op.drop_table("tree_entries")
    with op.batch_alter_table("repositories", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_repositories_workspace_name",
            sqlite_where=sa.text("deleted = false"),
            postgresql_where=sa.text("deleted = false"),
        )
        batch_op.drop_index("ix_repositories_date_updated")

    op.drop_table("repositories")
    op.drop_table("dataset_components")
    op.drop_table("commits")
    op.drop_table("blob_contents")
