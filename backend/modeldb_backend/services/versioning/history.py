"""VersioningService: ListCommits and ListCommitsLog.

A log is the start commit and all its ancestors over every parent, newest first. The ancestors come from one
recursive CTE over `commit_parents` (UNION, so a commit reached through several merges is visited once), never
one query per commit: a 10,000-commit log costs the same handful of statements as a 3-commit one.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import CTE, Select, cast, func, literal, select
from sqlalchemy.orm import Session

from ...errors import InvalidArgument, NotFound
from ...pb.common import common_pb2
from ...pb.versioning import versioning_service_pb2 as pb
from ...store import versioning_models as vm
from ..context import CallContext
from .lookup import commit_messages, require_commit, resolve_repository


def ancestry(start: str, name: str = "ancestry") -> CTE:
    """A recursive CTE with one column `sha`: `start` and every commit reachable from it through parents."""
    # typed like the parent column: PostgreSQL refuses a recursive CTE whose two terms differ in type
    found = select(cast(literal(start), vm.CommitParent.parent_sha.type).label("sha")).cte(name, recursive=True)
    parent = vm.CommitParent
    step = select(parent.parent_sha).join(found, parent.child_sha == found.c.sha)
    return found.union(step)  # UNION, not UNION ALL: an ancestor shared through merges is visited once


def is_ancestor(session: Session, older: str, newer: str) -> bool:
    """Whether `older` is `newer` or one of its ancestors (one statement)."""
    found = ancestry(newer)
    return bool(session.scalar(select(func.count()).select_from(found).where(found.c.sha == older)))


def check_pagination(pagination: common_pb2.Pagination) -> tuple[int, int] | None:
    """(limit, offset) of a ModelDB Pagination, or None for "everything" (no page_limit). Pages count from 1."""
    number, limit = pagination.page_number, pagination.page_limit
    if limit < 0 or number < 0:
        raise InvalidArgument(f"pagination must not be negative: page_number {number}, page_limit {limit}")
    if limit == 0:
        return None
    if number == 0:
        raise InvalidArgument(f"pagination.page_number is 0 with page_limit {limit}: pages are numbered from 1")
    return limit, (number - 1) * limit


def children_first(commits: Sequence[pb.Commit]) -> list[pb.Commit]:
    """`commits` (sorted by date_created DESC) with each run of equal timestamps ordered so that a commit comes
    before its parents: a commit may carry its parent's millisecond (dates come from the request, or the clock
    of a fast client), and a log must never show a parent above its child."""
    out: list[pb.Commit] = []
    i = 0
    while i < len(commits):
        j = i
        while j < len(commits) and commits[j].date_created == commits[i].date_created:
            j += 1
        out.extend(_topological(commits[i:j]) if j - i > 1 else commits[i:j])
        i = j
    return out


def _topological(group: Sequence[pb.Commit]) -> list[pb.Commit]:
    """Kahn's order of a group of same-time commits, children first; ties keep the group's (SHA) order."""
    in_group = {c.commit_sha for c in group}
    waiting = {c.commit_sha: 0 for c in group}  # how many children in the group are not placed yet
    for c in group:
        for p in c.parent_shas:
            if p in in_group:
                waiting[p] += 1
    placed: list[pb.Commit] = []
    remaining = list(group)
    while remaining:
        ready = next(c for c in remaining if waiting[c.commit_sha] == 0)  # a DAG always has one
        remaining.remove(ready)
        placed.append(ready)
        for p in ready.parent_shas:
            if p in in_group:
                waiting[p] -= 1
    return placed


def _log_start(ctx: CallContext, repository_id: int, request: pb.ListCommitsLogRequest) -> str:
    if request.branch and request.commit_sha:
        raise InvalidArgument("Pass either branch or commit_sha to start the log from, not both")
    if request.branch:
        row = ctx.session.get(vm.Branch, (repository_id, request.branch))
        if row is None:
            raise NotFound(f"Branch not found {request.branch}")
        return row.commit_sha
    if not request.commit_sha:
        raise InvalidArgument("Pass branch or commit_sha: the commit to start the log from")
    return require_commit(ctx.session, repository_id, request.commit_sha, f"Commit not found {request.commit_sha}").sha


def _commits_between(ctx: CallContext, repository_id: int, request: pb.ListCommitsRequest) -> Select[vm.Commit]:
    link = vm.RepositoryCommit
    stmt = select(vm.Commit).join(link, link.commit_sha == vm.Commit.sha).where(link.repository_id == repository_id)
    if request.commit_base:
        message = f"Couldn't find base commit by sha : {request.commit_base}"
        base = require_commit(ctx.session, repository_id, request.commit_base, message)
        stmt = stmt.where(vm.Commit.date_created >= base.date_created)
    if request.commit_head:
        message = f"Couldn't find head commit by sha : {request.commit_head}"
        head = require_commit(ctx.session, repository_id, request.commit_head, message)
        stmt = stmt.where(vm.Commit.date_created <= head.date_created)
    return stmt


class HistoryRpcs:
    """VersioningService: ListCommits and ListCommitsLog."""

    def ListCommits(self, ctx: CallContext, request: pb.ListCommitsRequest) -> pb.ListCommitsRequest.Response:
        """The repository's commits created between commit_base and commit_head (inclusive, each optional),
        last updated first, a page of them when pagination has a page_limit; total_records counts them all."""
        repo = resolve_repository(ctx.session, request.repository_id)
        page = check_pagination(request.pagination)
        stmt = _commits_between(ctx, repo.id, request)
        total = ctx.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        ordered = stmt.order_by(vm.Commit.date_updated.desc(), vm.Commit.date_created.desc(), vm.Commit.sha)
        if page is not None:
            ordered = ordered.limit(page[0]).offset(page[1])
        rows = list(ctx.session.scalars(ordered))
        return pb.ListCommitsRequest.Response(commits=commit_messages(ctx.session, rows), total_records=total)

    def ListCommitsLog(self, ctx: CallContext, request: pb.ListCommitsLogRequest) -> pb.ListCommitsLogRequest.Response:
        """The start commit (a branch's head or commit_sha) and all its ancestors, newest first: date_created
        DESC, a child before its parents at equal dates, then by SHA. No pagination (as ModelDB)."""
        repo = resolve_repository(ctx.session, request.repository_id)
        start = _log_start(ctx, repo.id, request)
        found = ancestry(start)
        stmt = (
            select(vm.Commit)
            .join(found, found.c.sha == vm.Commit.sha)
            .order_by(vm.Commit.date_created.desc(), vm.Commit.sha)
        )
        rows = list(ctx.session.scalars(stmt))
        commits = children_first(commit_messages(ctx.session, rows))
        return pb.ListCommitsLogRequest.Response(commits=commits, total_records=len(commits))
