"""VersioningService: ComputeRepositoryDiff, MergeRepositoryCommits and RevertRepositoryCommits.

A merge applies diff(base -> B) to A's snapshot (three_way) and writes a merge commit with parents [B, A], even
when A already contains B: ModelDB never fast-forwards. Conflicts are an answer, not an error: 200 with the
conflicts and the common base, and nothing written. A revert applies diff(commit -> its first parent) to the
base commit's snapshot, conflicts ignored. Neither moves a branch: the client does. Both read and rewrite only
the blobs their diff touches (tree_patch), so their cost follows the size of the change, not of the snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...errors import FailedPrecondition, InvalidArgument
from ...pb.versioning import versioning_service_pb2 as pb
from ...store import versioning_models as vm
from ..context import CallContext
from .diffing import Side, check_sides, compute_repository_diff, merge_base, resolve_sides, snapshot_diff
from .lookup import (
    COMMIT,
    REPOSITORY,
    commit_messages,
    insert_commit,
    require_commit,
    resolve_repository,
)
from .snapshots import SnapshotPlan, attributes_messages, store_snapshot
from .three_way import Location, MergeResult, incoming_conflict, merge_diffs
from .tree_patch import LocationClash, attributes_at, blobs_at, patch_snapshot, plan_patch


def apply_at_changed_locations(
    session: Session, root_sha: str, diffs: Sequence[pb.BlobDiff], incoming_root: str
) -> tuple[MergeResult, dict[Location, pb.BlobExpanded | None]]:
    """Applies `diffs` to snapshot `root_sha`, reading only the blobs at the diffs' locations: the result, and
    the blobs that changed (None: removed). A changed blob keeps the attributes of the blob it replaces; a new
    one takes those of the blob at its location in `incoming_root`, the snapshot the diffs lead to (diffs
    carry no attributes)."""
    locations = list(dict.fromkeys(tuple(d.location) for d in diffs))
    before = blobs_at(session, root_sha, locations)
    merged = merge_diffs({location: item.blob for location, item in before.items()}, diffs)
    added = [location for location in locations if location in merged.blobs and location not in before]
    incoming = attributes_at(session, incoming_root, added) if added else {}
    changes: dict[Location, pb.BlobExpanded | None] = {}
    for location in locations:
        blob, old = merged.blobs.get(location), before.get(location)
        if blob is None:
            if old is not None:
                changes[location] = None
        elif old is None or old.blob != blob:
            attributes = old.attributes if old is not None else attributes_messages(incoming.get(location, ""))
            item = pb.BlobExpanded(location=location, attributes=attributes)
            item.blob.CopyFrom(blob)
            changes[location] = item
    return merged, changes


def _plan_merge(session: Session, a: Side, b: Side, base: vm.Commit) -> tuple[list[pb.BlobDiff], SnapshotPlan | None]:
    """A's snapshot with diff(base -> B) applied, planned (not stored); or the conflicts (and no plan)."""
    diffs = snapshot_diff(session, base.root_sha, b.commit.root_sha)
    merged, changes = apply_at_changed_locations(session, a.commit.root_sha, diffs, b.commit.root_sha)
    if merged.conflicts:
        return merged.conflicts, None
    try:
        return [], plan_patch(session, a.commit.root_sha, changes)
    except LocationClash as clash:
        # B's blob lands where A has a folder, or inside one of A's blobs: both cannot be kept, a conflict
        return [incoming_conflict(d) for d in diffs if tuple(d.location) == clash.location], None


def _date_after(ctx: CallContext, parent_shas: Sequence[str]) -> int:
    """Now, or just after the newest parent: a log lists a commit before its parents (date_created DESC)
    even when they were written within the same millisecond."""
    newest = ctx.session.scalar(select(func.max(vm.Commit.date_created)).where(vm.Commit.sha.in_(parent_shas)))
    return max(ctx.now, (newest or 0) + 1)


def _first_parent(session: Session, sha: str) -> vm.Commit:
    cp = vm.CommitParent
    parent_sha = session.scalar(select(cp.parent_sha).where(cp.child_sha == sha, cp.parent_order == 0))
    parent = session.get(vm.Commit, parent_sha) if parent_sha is not None else None
    if parent is None:
        raise FailedPrecondition(f"No parent found for commit : {sha}: an initial commit cannot be reverted")
    return parent


class MergeRpcs:
    def ComputeRepositoryDiff(
        self, ctx: CallContext, request: pb.ComputeRepositoryDiffRequest
    ) -> pb.ComputeRepositoryDiffRequest.Response:
        return compute_repository_diff(ctx, request)

    def MergeRepositoryCommits(
        self, ctx: CallContext, request: pb.MergeRepositoryCommitsRequest
    ) -> pb.MergeRepositoryCommitsRequest.Response:
        session = ctx.session
        check_sides(request.commit_sha_a, request.branch_a, request.commit_sha_b, request.branch_b)
        # locked as CreateCommit locks it: a new commit must not race the deletion of its parents or repository
        repo = resolve_repository(session, request.repository_id, for_update=True)
        a, b = resolve_sides(
            session, repo.id, request.commit_sha_a, request.branch_a, request.commit_sha_b, request.branch_b
        )
        base = merge_base(session, a.commit.sha, b.commit.sha)
        conflicts, plan = _plan_merge(session, a, b, base)
        outcome = {"commit_a": a.commit.sha, "commit_b": b.commit.sha, "common_base": base.sha}
        if plan is None:
            ctx.audit(REPOSITORY, str(repo.id), {**outcome, "conflicts": len(conflicts), "merged": False})
            return pb.MergeRepositoryCommitsRequest.Response(
                conflicts=conflicts, common_base=commit_messages(session, [base])[0]
            )
        if request.is_dry_run:
            ctx.audit(REPOSITORY, str(repo.id), {**outcome, "dry_run": True, "merged": False})
            return pb.MergeRepositoryCommitsRequest.Response()
        root_sha = store_snapshot(session, plan)
        parents = [b.commit.sha, a.commit.sha]
        message = request.content.message or f"Merge {a.label} into {b.label}"
        commit = insert_commit(
            ctx, repo.id, parents, message, root_sha, date_created=_date_after(ctx, parents), hash_author=ctx.actor
        )
        ctx.audit(COMMIT, f"{repo.id}:{commit.commit_sha}")
        return pb.MergeRepositoryCommitsRequest.Response(commit=commit)

    def RevertRepositoryCommits(
        self, ctx: CallContext, request: pb.RevertRepositoryCommitsRequest
    ) -> pb.RevertRepositoryCommitsRequest.Response:
        if not request.commit_to_revert_sha:
            raise InvalidArgument("Revert Commit SHA not found in the request")
        if not request.base_commit_sha:
            raise InvalidArgument("Revert Base Commit SHA not found in the request")
        session = ctx.session
        repo = resolve_repository(session, request.repository_id, for_update=True)
        sha, base_sha = request.commit_to_revert_sha, request.base_commit_sha
        reverted = require_commit(session, repo.id, sha, f"No such revert commit found in the repository : {sha}")
        base = require_commit(session, repo.id, base_sha, f"No such base commit found in the repository : {base_sha}")
        # a merge commit is reverted against its first parent: the branch it was merged into
        parent = _first_parent(session, sha)
        undo = snapshot_diff(session, reverted.root_sha, parent.root_sha)
        # conflicts ignored, as ModelDB does: a conflicting element keeps the base's value
        _, changes = apply_at_changed_locations(session, base.root_sha, undo, parent.root_sha)
        root_sha = patch_snapshot(session, base.root_sha, changes)
        message = request.content.message or f'Revert "{reverted.message} ({sha[:7]})"'
        commit = insert_commit(
            ctx,
            repo.id,
            [base.sha],
            message,
            root_sha,
            date_created=_date_after(ctx, [base.sha]),
            hash_author=ctx.actor,
        )
        ctx.audit(COMMIT, f"{repo.id}:{commit.commit_sha}")
        return pb.RevertRepositoryCommitsRequest.Response(commit=commit)
