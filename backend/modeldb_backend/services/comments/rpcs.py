"""CommentService: discussion threads on experiment runs (used by the web UI)."""

from __future__ import annotations

from sqlalchemy import select

from ...errors import InvalidArgument, NotFound
from ...pb.modeldb import comment_service_pb2 as pb
from ...store import models as m
from ..context import CallContext
from ..loading import live_run, new_id, require

COMMENT = "comment"


def _comment(row: m.Comment) -> pb.Comment:
    # OSS ModelDB has no user service: the author is the caller's local identity and user_info stays empty.
    return pb.Comment(
        id=row.id, user_id=row.user_id, date_time=row.date_time, message=row.message, verta_id=row.user_id
    )


def _check_message(ctx: CallContext, message: str) -> str:
    if not message.strip():
        raise InvalidArgument("Comment message not present: message must be non-empty text")
    size = len(message.encode())
    if size > ctx.settings.max_value_bytes:
        raise InvalidArgument(f"Comment message is {size} bytes; the limit is {ctx.settings.max_value_bytes} bytes")
    return message


def _live_comment(ctx: CallContext, comment_id: str, run_id: str) -> m.Comment:
    row = ctx.session.get(m.Comment, comment_id, with_for_update=True)
    if row is None or row.deleted or row.entity_id != run_id:
        raise NotFound(f"Comment {comment_id} not found on ExperimentRun {run_id}")
    return row


class CommentRpcs:
    """Comments on runs; the run must exist and be live for every call."""

    def addExperimentRunComment(self, ctx: CallContext, request: pb.AddComment) -> pb.AddComment.Response:
        require(request.entity_id, "Entity ID not present: entity_id must be an ExperimentRun id")
        message = _check_message(ctx, request.message)
        run = live_run(ctx.session, request.entity_id)
        row = m.Comment(
            id=new_id(),
            entity_id=run.id,
            user_id=ctx.actor,
            date_time=request.date_time or ctx.now,
            message=message,
            deleted=False,
        )
        ctx.session.add(row)
        ctx.session.flush()
        ctx.audit(COMMENT, row.id)
        return pb.AddComment.Response(comment=_comment(row))

    def updateExperimentRunComment(self, ctx: CallContext, request: pb.UpdateComment) -> pb.UpdateComment.Response:
        require(request.id, "Comment ID not present")
        require(request.entity_id, "Entity ID not present: entity_id must be an ExperimentRun id")
        message = _check_message(ctx, request.message)
        run = live_run(ctx.session, request.entity_id)
        row = _live_comment(ctx, request.id, run.id)
        row.message = message
        # ModelDB stamps an edited comment with the edit time.
        row.date_time = request.date_time or ctx.now
        ctx.audit(COMMENT, row.id)
        return pb.UpdateComment.Response(comment=_comment(row))

    def getExperimentRunComments(self, ctx: CallContext, request: pb.GetComments) -> pb.GetComments.Response:
        require(request.entity_id, "Entity ID not present: entity_id must be an ExperimentRun id")
        run = live_run(ctx.session, request.entity_id)
        rows = ctx.session.scalars(
            select(m.Comment)
            .where(m.Comment.entity_id == run.id, ~m.Comment.deleted)
            .order_by(m.Comment.date_time, m.Comment.id)
        )
        return pb.GetComments.Response(comments=[_comment(r) for r in rows])

    def deleteExperimentRunComment(self, ctx: CallContext, request: pb.DeleteComment) -> pb.DeleteComment.Response:
        require(request.id, "Comment ID not present")
        require(request.entity_id, "Entity ID not present: entity_id must be an ExperimentRun id")
        run = live_run(ctx.session, request.entity_id)
        row = _live_comment(ctx, request.id, run.id)
        row.deleted = True
        ctx.audit(COMMENT, row.id, {"deleted": True})
        return pb.DeleteComment.Response(status=True)
