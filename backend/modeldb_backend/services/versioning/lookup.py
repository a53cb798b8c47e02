"""Finding repositories and commits, and writing commit rows: the lookups every VersioningService RPC shares."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, cast

from google.protobuf import json_format
from psycopg2.extras import execute_values  # type: ignore[import-untyped]  # psycopg2 ships no type hints
from sqlalchemy import CursorResult, Insert, Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ...errors import InvalidArgument, NotFound
from ...pb.common import common_pb2
from ...pb.versioning import versioning_pb2 as vpb
from ...pb.versioning import versioning_service_pb2 as pb
from ...store import versioning_models as vm
from ..context import CallContext
from ..projects.rpcs import workspace_of
from ..sqlchunks import chunked
from .hashing import commit_sha

REPOSITORY = "repository"  # audit entity type of the service
COMMIT = "commit"  # audit entity type of commits (entity id "<repository id>:<sha>")
COMMIT_NOT_IN_REPOSITORY = "Commit_hash and repository_id mapping not found"


def insert_ignoring_duplicates(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING of many rows (executemany, 10,000 per statement); the number inserted.

    Content-addressed rows (blobs, trees, commits) may already exist, written by an earlier commit or by a
    concurrent one: then the existing row is the same content, and keeping it is right.
    """
    if not rows:
        return 0
    factory = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt: Insert = factory(table).on_conflict_do_nothing()
    inserted = 0
    for part in chunked(rows):
        result = cast(CursorResult[Any], session.execute(stmt, list(part)))  # an INSERT's result is a CursorResult
        inserted += max(result.rowcount, 0)
    return inserted


def bulk_insert_ignoring(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """insert_ignoring_duplicates for the large content-addressed tables (tree entries, blobs, components): the
    same statement through the driver's own bulk path, without SQLAlchemy's per-row parameter handling (most
    of the cost of a 100,000-blob commit). Rows must carry every column (a table default fills a missing one);
    column widths are the caller's to check (snapshot names are checked by rules.check_location)."""
    if not rows:
        return
    names = list(rows[0])
    defaults = {c.name: getattr(c.default, "arg", None) for c in table.columns if c.name not in names and c.default}
    names += list(defaults)
    values = [tuple(row.get(n, defaults.get(n)) for n in names) for row in rows]
    columns = ", ".join(f'"{n}"' for n in names)
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        with conn.connection.dbapi_connection.cursor() as cursor:  # type: ignore[union-attr]  # a connection in a transaction holds its DBAPI connection
            sql = f"INSERT INTO {table.name} ({columns}) VALUES %s ON CONFLICT DO NOTHING"
            execute_values(cursor, sql, values, page_size=2000)
    else:
        marks = ", ".join("?" for _ in names)
        conn.exec_driver_sql(f"INSERT INTO {table.name} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING", values)


# --- repositories ----------------------------------------------------------------------------------------


def resolve_repository(
    session: Session, rid: vpb.RepositoryIdentification, *, for_update: bool = False
) -> vm.Repository:
    """The live repository a RepositoryIdentification names: by `named_id` (name within its workspace, "" and
    "personal" being the one OSS workspace) when it has a name, else by `repo_id`. NOT_FOUND `Couldn't find
    repository by id <id>` / `... by name <name>`; neither given is INVALID_ARGUMENT. `for_update` locks the row
    (PostgreSQL), for calls that change the repository or must not race its deletion."""
    if rid.named_id.name:
        stmt = select(vm.Repository).where(
            vm.Repository.workspace == workspace_of(rid.named_id.workspace_name),
            vm.Repository.name == rid.named_id.name,
            ~vm.Repository.deleted,
        )
        row = session.scalar(stmt.with_for_update() if for_update else stmt)
        if row is None:
            raise NotFound(f"Couldn't find repository by name {rid.named_id.name}")
        return row
    if not rid.repo_id:
        raise InvalidArgument("Repository id not found: set repository_id.repo_id or repository_id.named_id.name")
    found = session.get(vm.Repository, rid.repo_id, with_for_update=for_update or None) if rid.repo_id < 2**63 else None
    if found is None or found.deleted:
        raise NotFound(f"Couldn't find repository by id {rid.repo_id}")
    return found


def repository_message(row: vm.Repository) -> pb.Repository:
    """The wire form of a repository row (workspace_id is the workspace name; "" is the personal one)."""
    repo = pb.Repository(
        id=row.id,
        name=row.name,
        date_created=row.date_created,
        date_updated=row.date_updated,
        workspace_id=row.workspace,
        repository_visibility=cast(Any, row.repository_visibility),
        owner=row.owner,
        description=row.description,
        visibility=cast(Any, row.visibility),
        version_number=row.version_number,
    )
    repo.attributes.extend(json_format.ParseDict(a, common_pb2.KeyValue()) for a in json.loads(row.attributes))
    return repo


def attributes_json(attributes: Sequence[common_pb2.KeyValue]) -> str:
    """How repositories.attributes stores KeyValues: a JSON list, in request order."""
    return json.dumps([json_format.MessageToDict(a, preserving_proto_field_name=True) for a in attributes])


# --- commits ---------------------------------------------------------------------------------------------


def require_commit(
    session: Session, repository_id: int, sha: str, message: str = COMMIT_NOT_IN_REPOSITORY
) -> vm.Commit:
    """The commit `sha` of the repository; NOT_FOUND `message` when the repository does not hold it."""
    row = session.scalar(
        select(vm.Commit)
        .join(vm.RepositoryCommit, vm.RepositoryCommit.commit_sha == vm.Commit.sha)
        .where(vm.RepositoryCommit.repository_id == repository_id, vm.Commit.sha == sha)
    )
    if row is None:
        raise NotFound(message)
    return row


def commits_in_repository(session: Session, repository_id: int, shas: Sequence[str]) -> set[str]:
    """Which of `shas` the repository holds (one SELECT per 10,000)."""
    found: set[str] = set()
    link = vm.RepositoryCommit
    for part in chunked(list(dict.fromkeys(shas))):
        stmt = select(link.commit_sha).where(link.repository_id == repository_id, link.commit_sha.in_(part))
        found.update(session.scalars(stmt))
    return found


def commit_messages(session: Session, rows: Sequence[vm.Commit]) -> list[pb.Commit]:
    """Commit messages for rows, with their parents in order (one SELECT per 10,000 commits)."""
    parents: dict[str, list[str]] = {row.sha: [] for row in rows}
    cp = vm.CommitParent
    for part in chunked(list(parents)):
        stmt = select(cp.child_sha, cp.parent_sha).where(cp.child_sha.in_(part)).order_by(cp.child_sha, cp.parent_order)
        for child, parent in session.execute(stmt):
            parents[child].append(parent)
    return [
        pb.Commit(
            parent_shas=parents[row.sha],
            message=row.message,
            date_created=row.date_created,
            author=row.author,
            commit_sha=row.sha,
            date_updated=row.date_updated,
            version_number=row.version_number,
        )
        for row in rows
    ]


def insert_commit(
    ctx: CallContext,
    repository_id: int,
    parent_shas: Sequence[str],
    message: str,
    root_sha: str,
    *,
    date_created: int = 0,
    hash_author: str = "",
) -> pb.Commit:
    """Write a commit of `root_sha` with its parents (in order) into the repository; its message back.

    The SHA is ModelDB's (hashing.commit_sha over parents, message, date, `hash_author`, root); the stored
    author is the caller. `date_created` 0 means now. The same content written again (same SHA) is the same
    commit: the existing row is kept and linked to this repository too, so shared commits are stored once.
    Parents must already be checked to belong to the repository. Does not audit (the RPC does).
    """
    created = date_created or ctx.now
    sha = commit_sha(parent_shas, message, created, hash_author, root_sha)
    row = {
        "sha": sha,
        "message": message,
        "date_created": created,
        "date_updated": created,
        "author": ctx.actor,
        "root_sha": root_sha,
        "version_number": 1,
    }
    session = ctx.session
    insert_ignoring_duplicates(session, vm.Commit.__table__, [row])
    parents = [{"child_sha": sha, "parent_order": i, "parent_sha": p} for i, p in enumerate(parent_shas)]
    insert_ignoring_duplicates(session, vm.CommitParent.__table__, parents)
    link = {"repository_id": repository_id, "commit_sha": sha}
    insert_ignoring_duplicates(session, vm.RepositoryCommit.__table__, [link])
    stored = session.get(vm.Commit, sha)
    assert stored is not None, "the commit row was just written"
    return commit_messages(session, [stored])[0]
