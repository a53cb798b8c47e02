"""VersioningService: CreateCommit, GetCommit and DeleteCommit."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select

from ...errors import FailedPrecondition, InvalidArgument, NotFound
from ...pb.versioning import versioning_service_pb2 as pb
from ...store import versioning_models as vm
from ..context import CallContext
from .hashing import EMPTY_TREE_SHA
from .lookup import (
    REPOSITORY,
    commit_messages,
    commits_in_repository,
    insert_commit,
    require_commit,
    resolve_repository,
)
from .snapshots import plan_snapshot, snapshot_blobs, store_snapshot
from .three_way import apply_diffs


def _check_request(request: pb.CreateCommitRequest) -> None:
    """ModelDB's checks of the request itself, in its order (the blobs are checked by plan_snapshot)."""
    if not request.commit.parent_shas:
        raise InvalidArgument("Parent commits not found in the CreateCommitRequest")
    if request.blobs and (request.commit_base or request.diffs):
        raise InvalidArgument("Blob list and commit base with diffs should not be allowed together")
    if not request.commit.message:
        raise InvalidArgument("Commit message should not be empty")


def _check_parents(ctx: CallContext, repository_id: int, parents: Sequence[str]) -> None:
    found = commits_in_repository(ctx.session, repository_id, parents)
    missing = next((p for p in parents if p not in found), None)
    if missing is not None:
        raise NotFound(f"Parent commit '{missing}' not found in DB")


def _based_blobs(ctx: CallContext, repository_id: int, request: pb.CreateCommitRequest) -> list[pb.BlobExpanded]:
    """The snapshot of a commit made of `commit_base` with `diffs` applied (the merge rules, conflicts ignored)."""
    base_root = EMPTY_TREE_SHA
    if request.commit_base:
        message = f"Commit_base '{request.commit_base}' not found in the repository"
        base_root = require_commit(ctx.session, repository_id, request.commit_base, message).root_sha
    base = snapshot_blobs(ctx.session, base_root)
    if not request.diffs:
        return base
    return apply_diffs(base, request.diffs)


class CommitRpcs:
    def CreateCommit(self, ctx: CallContext, request: pb.CreateCommitRequest) -> pb.CreateCommitRequest.Response:
        """A commit whose snapshot is `blobs` exactly, or `commit_base` + `diffs`; branches are not moved."""
        _check_request(request)
        # Locked (PostgreSQL) like DeleteCommit: a parent must not be deleted between its check and the insert.
        repo = resolve_repository(ctx.session, request.repository_id, for_update=True)
        based = bool(request.commit_base or request.diffs)
        blobs = _based_blobs(ctx, repo.id, request) if based else request.blobs
        plan = plan_snapshot(blobs)  # every blob checked before anything is written
        parents = list(request.commit.parent_shas)
        _check_parents(ctx, repo.id, parents)
        root = store_snapshot(ctx.session, plan)
        spec = request.commit
        commit = insert_commit(
            ctx, repo.id, parents, spec.message, root, date_created=spec.date_created, hash_author=spec.author
        )
        changes = {"commit_sha": commit.commit_sha, "parent_shas": parents, "blobs": len(plan.blobs)}
        ctx.audit(REPOSITORY, str(repo.id), changes)
        return pb.CreateCommitRequest.Response(commit=commit)

    def GetCommit(self, ctx: CallContext, request: pb.GetCommitRequest) -> pb.GetCommitRequest.Response:
        repo = resolve_repository(ctx.session, request.repository_id)
        row = require_commit(ctx.session, repo.id, request.commit_sha)
        return pb.GetCommitRequest.Response(commit=commit_messages(ctx.session, [row])[0])

    def DeleteCommit(self, ctx: CallContext, request: pb.DeleteCommitRequest) -> pb.DeleteCommitRequest.Response:
        """Unlink the commit from the repository (and delete it when no other repository holds it), unless a
        child commit, a branch or a tag of the repository still needs it. Its content stays (shared)."""
        repo = resolve_repository(ctx.session, request.repository_id, for_update=True)
        sha = request.commit_sha
        require_commit(ctx.session, repo.id, sha, f"Commits not found for the ids: [{sha}]")
        _check_unreferenced(ctx, repo.id, sha)
        session = ctx.session
        link = vm.RepositoryCommit
        session.execute(delete(link).where(link.repository_id == repo.id, link.commit_sha == sha))
        if not session.scalar(select(func.count()).select_from(link).where(link.commit_sha == sha)):
            session.execute(delete(vm.CommitParent).where(vm.CommitParent.child_sha == sha))
            session.execute(delete(vm.Commit).where(vm.Commit.sha == sha))
        ctx.audit(REPOSITORY, str(repo.id), {"deleted_commit_sha": sha})
        return pb.DeleteCommitRequest.Response()


def _check_unreferenced(ctx: CallContext, repository_id: int, sha: str) -> None:
    """ModelDB's refusals, in its order: a child commit in the repository, then branches, then tags on it."""
    session = ctx.session
    cp, link = vm.CommitParent, vm.RepositoryCommit
    child = session.scalar(
        select(cp.child_sha)
        .join(link, link.commit_sha == cp.child_sha)
        .where(cp.parent_sha == sha, link.repository_id == repository_id)
        .limit(1)
    )
    if child is not None:
        raise FailedPrecondition(f"Commit '{sha}' has the child, please delete child commit first")
    for model, message, sep in (
        (vm.Branch, "Commits are associated with branch name : ", ", "),
        (vm.RepositoryTag, "Commit is associated with Tags : ", ","),
    ):
        names = sorted(
            session.scalars(select(model.name).where(model.repository_id == repository_id, model.commit_sha == sha))
        )
        if names:
            raise FailedPrecondition(message + sep.join(names))
