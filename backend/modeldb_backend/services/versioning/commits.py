"""VersioningService: CreateCommit, GetCommit and DeleteCommit."""

from __future__ import annotations

from ...pb.versioning import versioning_service_pb2 as pb
from ..context import CallContext
from .lookup import commit_messages, require_commit, resolve_repository


class CommitRpcs:
    def GetCommit(self, ctx: CallContext, request: pb.GetCommitRequest) -> pb.GetCommitRequest.Response:
        repo = resolve_repository(ctx.session, request.repository_id)
        row = require_commit(ctx.session, repo.id, request.commit_sha)
        return pb.GetCommitRequest.Response(commit=commit_messages(ctx.session, [row])[0])
