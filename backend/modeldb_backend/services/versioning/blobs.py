"""VersioningService: reading a commit's snapshot (ListCommitBlobs, GetCommitComponent)."""

from __future__ import annotations

from sqlalchemy import select

from ...errors import InvalidArgument, NotFound
from ...pb.versioning import versioning_pb2 as vpb
from ...pb.versioning import versioning_service_pb2 as pb
from ...store import versioning_models as vm
from ..context import CallContext
from .lookup import require_commit, resolve_repository
from .snapshots import read_component, snapshot_blobs


def commit_root(ctx: CallContext, rid: vpb.RepositoryIdentification, sha: str) -> str:
    """The root tree of a repository's commit, with ModelDB's snapshot-reading errors: INVALID_ARGUMENT
    `Commit SHA should not be empty`, NOT_FOUND `No such commit` / `No such commit found in the repository`."""
    if not sha:
        raise InvalidArgument("Commit SHA should not be empty")
    repo = resolve_repository(ctx.session, rid)
    if ctx.session.scalar(select(vm.Commit.sha).where(vm.Commit.sha == sha)) is None:
        raise NotFound("No such commit")
    return require_commit(ctx.session, repo.id, sha, "No such commit found in the repository").root_sha


class BlobRpcs:
    def ListCommitBlobs(
        self, ctx: CallContext, request: pb.ListCommitBlobsRequest
    ) -> pb.ListCommitBlobsRequest.Response:
        """Every blob at or under `location_prefix` (all for none), in location order, attributes included."""
        root = commit_root(ctx, request.repository_id, request.commit_sha)
        blobs = snapshot_blobs(ctx.session, root, request.location_prefix)
        return pb.ListCommitBlobsRequest.Response(blobs=blobs)

    def GetCommitComponent(
        self, ctx: CallContext, request: pb.GetCommitComponentRequest
    ) -> pb.GetCommitComponentRequest.Response:
        """The folder at `location` (names of its blobs and sub-folders) or the blob there with its attributes."""
        root = commit_root(ctx, request.repository_id, request.commit_sha)
        return read_component(ctx.session, root, request.location)
