"""ComputeRepositoryDiff (contract §1.6), and what MergeRepositoryCommits and RevertRepositoryCommits share with
it: naming the two sides (a branch or a commit each), the merge base, and the diff of two snapshots.

A diff reads only what changed: `changed_locations` compares the two Merkle trees and skips identical
sub-trees unread, and only the blobs at changed locations are loaded, so two commits of 100,000 blobs that
differ in one cost a few narrow reads rather than 200,000 blobs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import FailedPrecondition, InvalidArgument, NotFound
from ...pb.versioning import versioning_service_pb2 as pb
from ...store import versioning_models as vm
from ..context import CallContext
from .blob_diff import blob_diff
from .blob_rows import load_blobs
from .lookup import commits_in_repository, resolve_repository
from .snapshots import changed_locations

BOTH_OR_NEITHER = (
    "Branches and Commits both are not allowed in the request: give exactly one of commit_a and branch_a, "
    "and exactly one of commit_b and branch_b"
)


@dataclass(frozen=True)
class Side:
    """One side of a diff or merge: its commit, and how the request named it (branch name or short SHA)."""

    commit: vm.Commit
    label: str


def check_sides(commit_a: str, branch_a: str, commit_b: str, branch_b: str) -> None:
    """Exactly one of commit and branch per side; checked first, before the repository, as ModelDB does."""
    if bool(commit_a) == bool(branch_a) or bool(commit_b) == bool(branch_b):
        raise InvalidArgument(BOTH_OR_NEITHER)


def resolve_sides(
    session: Session, repository_id: int, commit_a: str, branch_a: str, commit_b: str, branch_b: str
) -> tuple[Side, Side]:
    """The commits a diff or merge request names, each by a branch or a commit SHA (exactly one per side)."""
    check_sides(commit_a, branch_a, commit_b, branch_b)
    return _side(session, repository_id, commit_a, branch_a), _side(session, repository_id, commit_b, branch_b)


def _side(session: Session, repository_id: int, sha: str, branch: str) -> Side:
    label = branch or sha[:7]
    if branch:
        ref = session.get(vm.Branch, (repository_id, branch))
        if ref is None:
            raise NotFound(f"Branch not found {branch}")
        sha = ref.commit_sha
    commit = session.get(vm.Commit, sha)
    if commit is None:
        raise NotFound(f"No such commit OR branch found : {sha}")
    if not commits_in_repository(session, repository_id, [sha]):
        raise NotFound(f"No such commit found in the repository : {sha}")
    return Side(commit, label)


def ancestors(session: Session, sha: str) -> list[tuple[int, str]]:
    """(date_created, sha) of the commit and all its ancestors over every parent, newest first (ties by SHA),
    in one recursive query rather than one query per commit."""
    cp, c = vm.CommitParent, vm.Commit
    # seeded from the commits table, not a literal: PostgreSQL wants both terms of the union typed alike
    seed = select(c.sha.label("sha")).where(c.sha == sha).cte("ancestry", recursive=True)
    walk = seed.union(select(cp.parent_sha).join(seed, cp.child_sha == seed.c.sha))
    stmt = select(c.date_created, c.sha).join(walk, c.sha == walk.c.sha)
    rows = session.execute(stmt.order_by(c.date_created.desc(), c.sha.desc())).all()
    return [(date, found) for date, found in rows]


def merge_base(session: Session, sha_a: str, sha_b: str) -> vm.Commit:
    """The newest common ancestor of two commits (contract §1.7): both ancestries, newest first, are walked
    together, advancing the side whose commit is newer, until they meet. Ties on date are broken by SHA on
    both lists alike, so equal dates cannot make the walk step past the common commit."""
    line_a, line_b = ancestors(session, sha_a), ancestors(session, sha_b)
    i = j = 0
    while i < len(line_a) and j < len(line_b):
        if line_a[i] == line_b[j]:
            found = session.get(vm.Commit, line_a[i][1])
            assert found is not None, "an ancestor read a moment ago"
            return found
        if line_a[i] > line_b[j]:
            i += 1
        else:
            j += 1
    # Every commit descends from its repository's initial commit, so this needs commits of unrelated histories.
    raise FailedPrecondition(f"Could not find base commit for merge: {sha_a} and {sha_b} have no common ancestor")


def snapshot_diff(session: Session, root_a: str, root_b: str) -> list[pb.BlobDiff]:
    """The diffs from snapshot A to snapshot B: added blobs, then deleted, then modified (a type change is a
    DELETED and an ADDED there), each part in location order. Loads only the blobs that changed."""
    changes = changed_locations(session, root_a, root_b)
    parts = (changes.added, changes.deleted, changes.modified)
    blobs = load_blobs(session, [sha for part in parts for c in part for sha in (c.sha_a, c.sha_b) if sha])
    diffs: list[pb.BlobDiff] = []
    for part in parts:
        for c in part:
            diffs.extend(blob_diff(c.location, blobs.get(c.sha_a), blobs.get(c.sha_b)))
    return diffs


def compute_repository_diff(
    ctx: CallContext, request: pb.ComputeRepositoryDiffRequest
) -> pb.ComputeRepositoryDiffRequest.Response:
    """ComputeRepositoryDiff: the diffs from side A (or its merge base with B) to side B."""
    check_sides(request.commit_a, request.branch_a, request.commit_b, request.branch_b)
    repo = resolve_repository(ctx.session, request.repository_id)
    a, b = resolve_sides(ctx.session, repo.id, request.commit_a, request.branch_a, request.commit_b, request.branch_b)
    commit_a = a.commit
    if request.replace_a_with_common_ancestor:
        commit_a = merge_base(ctx.session, a.commit.sha, b.commit.sha)
    return pb.ComputeRepositoryDiffRequest.Response(
        diffs=snapshot_diff(ctx.session, commit_a.root_sha, b.commit.root_sha)
    )
