"""The versioning store (VersioningService): repositories, commits and their content-addressed snapshots.

A commit is a full snapshot: `root_sha` names a tree. A tree is the rows of `tree_entries` sharing a `tree_sha`
(one row per child: a sub-tree or a blob); a blob is one `blob_contents` row, and a dataset blob's components
are rows of `dataset_components`, so a dataset of 100,000 files is 100,000 narrow rows rather than one huge
value. Everything below a commit is keyed by the SHA-256 of its content, so identical blobs and identical
sub-trees are stored once, whichever commits and repositories share them.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..limits import MAX_KEY_LENGTH, MAX_LOCATION_SEGMENT_LENGTH, MAX_NAME_LENGTH
from .models import Base, _live_unique

SHA = String(64)  # hex SHA-256
NAME = String(MAX_NAME_LENGTH)
TREE = "TREE"  # tree_entries.element_type of a sub-tree; any other value is a blob kind (blob_contents.kind)


class Repository(Base):
    __tablename__ = "repositories"
    __table_args__ = (
        # one live repository per (workspace, name): a concurrent duplicate fails on this index (409)
        _live_unique("ux_repositories_workspace_name", "workspace", "name"),
        Index("ix_repositories_date_updated", "date_updated"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(NAME, default="")
    name: Mapped[str] = mapped_column(NAME)
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(NAME, default="")
    date_created: Mapped[int] = mapped_column(BigInteger)
    date_updated: Mapped[int] = mapped_column(BigInteger)
    version_number: Mapped[int] = mapped_column(BigInteger, default=1)
    repository_visibility: Mapped[int] = mapped_column(Integer, default=0)
    visibility: Mapped[int] = mapped_column(Integer, default=0)
    attributes: Mapped[str] = mapped_column(Text, default="[]")  # list of common.KeyValue as JSON, request order
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Commit(Base):
    """A commit; shared by every repository that holds it (`repository_commits`)."""

    __tablename__ = "commits"

    sha: Mapped[str] = mapped_column(SHA, primary_key=True)
    message: Mapped[str] = mapped_column(Text)
    date_created: Mapped[int] = mapped_column(BigInteger)
    date_updated: Mapped[int] = mapped_column(BigInteger)
    author: Mapped[str] = mapped_column(NAME, default="")
    root_sha: Mapped[str] = mapped_column(SHA)
    version_number: Mapped[int] = mapped_column(BigInteger, default=1)


class RepositoryCommit(Base):
    __tablename__ = "repository_commits"
    __table_args__ = (Index("ix_repository_commits_commit_sha", "commit_sha"),)

    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"), primary_key=True)
    commit_sha: Mapped[str] = mapped_column(ForeignKey("commits.sha"), primary_key=True)


class CommitParent(Base):
    """The parents of a commit in order (a merge has two); indexed by parent for "has children" checks."""

    __tablename__ = "commit_parents"
    __table_args__ = (Index("ix_commit_parents_parent_sha", "parent_sha"),)

    child_sha: Mapped[str] = mapped_column(ForeignKey("commits.sha"), primary_key=True)
    parent_order: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_sha: Mapped[str] = mapped_column(SHA)


class TreeEntry(Base):
    """One child of a tree: a sub-tree (`element_type` TREE) or a blob (its kind, and the attributes the commit
    gave it at this place: they belong to the location, not to the content, and are part of the tree's SHA)."""

    __tablename__ = "tree_entries"

    tree_sha: Mapped[str] = mapped_column(SHA, primary_key=True)
    element_name: Mapped[str] = mapped_column(String(MAX_LOCATION_SEGMENT_LENGTH), primary_key=True)
    element_sha: Mapped[str] = mapped_column(SHA)
    element_type: Mapped[str] = mapped_column(String(32))
    attributes: Mapped[str] = mapped_column(Text, default="")  # list of common.KeyValue as JSON; "" for none


class BlobContent(Base):
    """A blob: the serialized `versioning.Blob` message; a dataset blob's is stored without its components."""

    __tablename__ = "blob_contents"

    sha: Mapped[str] = mapped_column(SHA, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class DatasetComponent(Base):
    """One component of a dataset blob, in the blob's order (`seq`). Path and S3 components fill the path
    columns (S3 also `s3_version_id`), query components the query columns."""

    __tablename__ = "dataset_components"

    blob_sha: Mapped[str] = mapped_column(SHA, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text, default="")
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    last_modified_at_source: Mapped[int] = mapped_column(BigInteger, default=0)
    sha256: Mapped[str] = mapped_column(Text, default="")
    md5: Mapped[str] = mapped_column(Text, default="")
    internal_versioned_path: Mapped[str] = mapped_column(Text, default="")
    base_path: Mapped[str] = mapped_column(Text, default="")
    s3_version_id: Mapped[str] = mapped_column(Text, default="")
    query: Mapped[str] = mapped_column(Text, default="")
    data_source_uri: Mapped[str] = mapped_column(Text, default="")
    execution_timestamp: Mapped[int] = mapped_column(BigInteger, default=0)
    num_records: Mapped[int] = mapped_column(BigInteger, default=0)


class Branch(Base):
    __tablename__ = "repository_branches"

    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"), primary_key=True)
    name: Mapped[str] = mapped_column(NAME, primary_key=True)
    commit_sha: Mapped[str] = mapped_column(SHA)


class RepositoryTag(Base):
    __tablename__ = "repository_tags"

    repository_id: Mapped[int] = mapped_column(ForeignKey("repositories.id"), primary_key=True)
    name: Mapped[str] = mapped_column(NAME, primary_key=True)
    commit_sha: Mapped[str] = mapped_column(SHA)


class RunVersionedInput(Base):
    """A run's versioned input (ExperimentRunService.logVersionedInput): key -> location in one commit."""

    __tablename__ = "run_versioned_inputs"
    __table_args__ = (Index("ix_run_versioned_inputs_repository_commit", "repository_id", "commit_sha"),)

    run_id: Mapped[str] = mapped_column(ForeignKey("experiment_runs.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH), primary_key=True)
    repository_id: Mapped[int] = mapped_column(Integer)
    commit_sha: Mapped[str] = mapped_column(SHA)
    location: Mapped[str] = mapped_column(Text)  # JSON list of segments
