"""StageService: stage transitions, approvals, comments and the activity log of model versions.

Every call that changes something appends one activity to the version's log (registry_stage_activities) and
one audit record on the version (entity "model_version", id "mv:<id>"); a stage change (UpdateStage,
CommitTransition) also sets ModelVersion.stage and records {"stage": {"from", "to"}, "comment"} there, so the
audit trail answers who moved a version, when and from which stage. The rules are in stage_rules.py.

Activities follow ModelDB's "effective oneof": a transition opened carries `transition` (its current state),
an approval `approval`, a rejection `rejection`, a close `close`, a stage change (direct or by commit)
`update`, a comment none of them; `activity_state` is the transition's state right after the activity
(UNKNOWN for direct updates and comments, which belong to no transition). Lists are oldest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, select

from ...errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from ...pb.registry import stage_service_pb2 as pb
from ...store import registry_models as rm
from ...store.registry_stage_models import StageActivity, StageTransition
from ..context import CallContext, read_only
from .lookup import MAX_ID, model_by_id, touch, version_by_id
from .stage_rules import (
    APPROVE,
    OPEN_STATES,
    REJECT,
    State,
    check_target,
    stage_name,
    state_from_verdicts,
    state_name,
)

TRANSITION, CLOSE, COMMIT, UPDATE, COMMENT = "transition", "close", "commit", "update", "comment"


def _comment(ctx: CallContext, text: str, *, required: bool = False) -> str:
    if required and not text.strip():
        raise InvalidArgument("comment not present: a comment must be non-empty text")
    size = len(text.encode())
    if size > ctx.settings.max_value_bytes:
        raise InvalidArgument(f"comment is {size} bytes; the limit is {ctx.settings.max_value_bytes} bytes")
    return text


def _log(
    ctx: CallContext,
    version: rm.ModelVersion,
    kind: str,
    comment: str,
    *,
    transition: StageTransition | None = None,
    stages: tuple[int, int] | None = None,
) -> StageActivity:
    """Append one activity to the version's log; `stages` is (from, to) of a stage change."""
    row = StageActivity(
        model_version_id=version.id,
        registered_model_id=version.registered_model_id,
        kind=kind,
        author=ctx.actor,
        time_created=ctx.now,
        comment=comment,
        transition_id=transition.id if transition is not None else None,
        from_stage=stages[0] if stages else None,
        to_stage=stages[1] if stages else None,
        activity_state=transition.state if transition is not None else State.UNKNOWN,
    )
    ctx.session.add(row)
    ctx.session.flush()  # the id goes into the answer and the audit record
    return row


def _transition_pb(row: StageTransition) -> pb.Transition:
    return pb.Transition(
        source_stage=row.source_stage,  # type: ignore[arg-type]  # a StageEnum number from our own table
        desired_stage=row.desired_stage,  # type: ignore[arg-type]
        state=row.state,  # type: ignore[arg-type]  # a TransitionStateEnum number
        id=row.id,
    )


def _activity_pb(row: StageActivity, transitions: dict[int, StageTransition]) -> pb.Activity:
    out = pb.Activity(
        id=row.id,
        model_version_id=row.model_version_id,
        author_id=row.author,
        time_created=row.time_created,
        comment=row.comment,
        activity_state=row.activity_state,  # type: ignore[arg-type]  # a TransitionStateEnum number
    )
    if row.kind == TRANSITION and row.transition_id in transitions:
        out.transition.CopyFrom(_transition_pb(transitions[row.transition_id]))
    elif row.kind == APPROVE:
        out.approval.SetInParent()
    elif row.kind == REJECT:
        out.rejection.SetInParent()
    elif row.kind == CLOSE:
        out.close.SetInParent()
    elif row.kind in (UPDATE, COMMIT) and row.to_stage is not None:
        out.update.stage = row.to_stage  # type: ignore[assignment]  # a StageEnum number
    return out


def _single(row: StageActivity, transition: StageTransition | None = None) -> pb.Activity:
    return _activity_pb(row, {transition.id: transition} if transition is not None else {})


def _set_stage(
    ctx: CallContext, version: rm.ModelVersion, to: int, comment: str, transition: StageTransition | None
) -> StageActivity:
    """Move the version to stage `to`, log it and audit it on the version with where it came from."""
    before = version.stage
    version.stage = to
    touch(version, ctx)
    kind = COMMIT if transition is not None else UPDATE
    row = _log(ctx, version, kind, comment, transition=transition, stages=(before, to))
    changes: dict[str, Any] = {
        "stage": {"from": stage_name(before), "to": stage_name(to)},
        "comment": comment,
        "activity_id": row.id,
    }
    if transition is not None:
        changes["transition_id"] = transition.id
    ctx.audit(rm.MODEL_VERSION, rm.version_entity_id(version.id), changes)
    return row


def _audit_transition(ctx: CallContext, transition: StageTransition, action: str, row: StageActivity) -> None:
    ctx.audit(
        rm.MODEL_VERSION,
        rm.version_entity_id(transition.model_version_id),
        {
            "transition": {
                "id": transition.id,
                "action": action,
                "from": stage_name(transition.source_stage),
                "to": stage_name(transition.desired_stage),
                "state": state_name(transition.state),
            },
            "comment": row.comment,
            "activity_id": row.id,
        },
    )


def _open_transition(ctx: CallContext, transition_id: int, doing: str) -> tuple[StageTransition, rm.ModelVersion]:
    """The transition (locked for this call) and its live version; refused unless the transition is open."""
    if not transition_id:
        raise InvalidArgument("transition_id not present: give the id of a transition (FindTransitions lists them)")
    # An id past the largest the database holds names nothing (and SQLite cannot even bind it).
    transition = (
        ctx.session.get(StageTransition, transition_id, with_for_update=True) if transition_id <= MAX_ID else None
    )
    if transition is None:
        raise NotFound(f"Transition not found for given Id: {transition_id}")
    try:
        version = version_by_id(ctx.session, transition.model_version_id, for_update=True)
    except NotFound:
        raise NotFound(
            f"Transition {transition_id} belongs to model version {transition.model_version_id}, which was deleted"
        ) from None
    if transition.state not in OPEN_STATES:
        raise FailedPrecondition(
            f"Transition {transition_id} is {state_name(transition.state)}: it cannot be {doing} any more; "
            "create a new transition (CreateTransition)"
        )
    return transition, version


def _review(ctx: CallContext, transition_id: int, comment: str, kind: str) -> pb.Activity:
    """Record an approval or rejection; the state follows from every reviewer's last verdict."""
    transition, version = _open_transition(ctx, transition_id, "approved" if kind == APPROVE else "rejected")
    comment = _comment(ctx, comment)
    earlier = ctx.session.execute(
        select(StageActivity.author, StageActivity.kind)
        .where(StageActivity.transition_id == transition.id, StageActivity.kind.in_((APPROVE, REJECT)))
        .order_by(StageActivity.id)
    ).all()
    transition.state = state_from_verdicts([(a, k) for a, k in earlier] + [(ctx.actor, kind)])
    transition.time_updated = ctx.now
    row = _log(ctx, version, kind, comment, transition=transition)
    _audit_transition(ctx, transition, "approve" if kind == APPROVE else "reject", row)
    return _single(row)


def _scope(ctx: CallContext, model_id: int, version_id: int, columns: tuple[Any, Any]) -> list[ColumnElement[bool]]:
    """The filter of a find by registered model and/or version (one is required; both must agree)."""
    if not model_id and not version_id:
        raise InvalidArgument("registered_model_id or model_version_id is required: give the model or version to list")
    model_column, version_column = columns
    conditions: list[ColumnElement[bool]] = []
    if model_id:
        model_by_id(ctx.session, model_id)
        conditions.append(model_column == model_id)
    if version_id:
        version = version_by_id(ctx.session, version_id)
        if model_id and version.registered_model_id != model_id:
            raise InvalidArgument(
                f"model version {version_id} belongs to registered model {version.registered_model_id}, "
                f"not {model_id}: give one of the two ids, or both of the same model"
            )
        conditions.append(version_column == version_id)
    return conditions


def _live_versions() -> Any:
    """Ids of the versions not deleted, of models not deleted: the lists show only their activities."""
    return (
        select(rm.ModelVersion.id)
        .join(rm.RegisteredModel, rm.RegisteredModel.id == rm.ModelVersion.registered_model_id)
        .where(rm.ModelVersion.deleted.is_(False), rm.RegisteredModel.deleted.is_(False))
    )


def _states(values: Sequence[int]) -> list[int]:
    for value in values:
        if value not in OPEN_STATES | {State.CLOSED, State.COMMITTED}:
            raise InvalidArgument(
                f"state {state_name(value)} is not a transition state: use PENDING, APPROVED, REJECTED, CLOSED "
                "or COMMITTED, or none for any"
            )
    return list(values)


class StageRpcs:
    """StageService (services/registry.py). Each call is one transaction; refusals write nothing."""

    def CreateTransition(self, ctx: CallContext, request: pb.CreateTransitionRequest) -> pb.Activity:
        version = version_by_id(ctx.session, request.model_version_id, for_update=True)
        check_target(version.stage, request.desired_stage, "desired_stage")
        comment = _comment(ctx, request.comment)
        duplicate = ctx.session.scalar(
            select(StageTransition.id).where(
                StageTransition.model_version_id == version.id,
                StageTransition.desired_stage == request.desired_stage,
                StageTransition.state.in_(OPEN_STATES),
            )
        )
        if duplicate is not None:
            raise AlreadyExists(
                f"a transition of model version {version.id} to {stage_name(request.desired_stage)} already exists "
                f"(id {duplicate}): review, commit or close it"
            )
        transition = StageTransition(
            model_version_id=version.id,
            registered_model_id=version.registered_model_id,
            source_stage=version.stage,
            desired_stage=request.desired_stage,
            state=State.PENDING,
            author=ctx.actor,
            time_created=ctx.now,
            time_updated=ctx.now,
        )
        ctx.session.add(transition)
        ctx.session.flush()
        row = _log(ctx, version, TRANSITION, comment, transition=transition)
        _audit_transition(ctx, transition, "create", row)
        return _single(row, transition)

    def ApproveTransition(self, ctx: CallContext, request: pb.ApproveTransitionRequest) -> pb.Activity:
        return _review(ctx, request.transition_id, request.comment, APPROVE)

    def RejectTransition(self, ctx: CallContext, request: pb.RejectTransitionRequest) -> pb.Activity:
        return _review(ctx, request.transition_id, request.comment, REJECT)

    def CloseTransition(self, ctx: CallContext, request: pb.CloseTransitionRequest) -> pb.Activity:
        transition, version = _open_transition(ctx, request.transition_id, "closed")
        comment = _comment(ctx, request.comment)
        transition.state = State.CLOSED
        transition.time_updated = ctx.now
        row = _log(ctx, version, CLOSE, comment, transition=transition)
        _audit_transition(ctx, transition, "close", row)
        return _single(row)

    def CommitTransition(self, ctx: CallContext, request: pb.CommitTransitionRequest) -> pb.Activity:
        transition, version = _open_transition(ctx, request.transition_id, "committed")
        if transition.state != State.APPROVED:
            raise FailedPrecondition(
                f"Transition {transition.id} is {state_name(transition.state)}: only an APPROVED transition can be "
                "committed; approve it first (ApproveTransition)"
            )
        if version.stage == transition.desired_stage:
            raise FailedPrecondition(
                f"model version {version.id} is already in {stage_name(version.stage)}: there is nothing to "
                f"commit; close transition {transition.id} instead (CloseTransition)"
            )
        comment = _comment(ctx, request.comment)
        transition.state = State.COMMITTED
        transition.time_updated = ctx.now
        return _single(_set_stage(ctx, version, transition.desired_stage, comment, transition))

    def CreateComment(self, ctx: CallContext, request: pb.CreateCommentRequest) -> pb.Activity:
        version = version_by_id(ctx.session, request.model_version_id, for_update=True)
        row = _log(ctx, version, COMMENT, _comment(ctx, request.comment, required=True))
        ctx.audit(rm.MODEL_VERSION, rm.version_entity_id(version.id), {"comment": row.comment, "activity_id": row.id})
        return _single(row)

    def UpdateStage(self, ctx: CallContext, request: pb.UpdateStageRequest) -> pb.Activity:
        version = version_by_id(ctx.session, request.model_version_id, for_update=True)
        check_target(version.stage, request.stage)
        return _single(_set_stage(ctx, version, request.stage, _comment(ctx, request.comment), None))

    @read_only
    def FindActivities(self, ctx: CallContext, request: pb.FindActivitiesRequest) -> pb.FindActivitiesRequest.Response:
        conditions = _scope(
            ctx,
            request.registered_model_id,
            request.model_version_id,
            (StageActivity.registered_model_id, StageActivity.model_version_id),
        )
        rows = ctx.session.scalars(
            select(StageActivity)
            .where(*conditions, StageActivity.model_version_id.in_(_live_versions()))
            .order_by(StageActivity.id)
        ).all()
        ids = {r.transition_id for r in rows if r.kind == TRANSITION and r.transition_id is not None}
        transitions = {t.id: t for t in ctx.session.scalars(select(StageTransition).where(StageTransition.id.in_(ids)))}
        return pb.FindActivitiesRequest.Response(activities=[_activity_pb(r, transitions) for r in rows])

    @read_only
    def FindTransitions(
        self, ctx: CallContext, request: pb.FindTransitionsRequest
    ) -> pb.FindTransitionsRequest.Response:
        conditions = _scope(
            ctx,
            request.registered_model_id,
            request.model_version_id,
            (StageTransition.registered_model_id, StageTransition.model_version_id),
        )
        states = _states(request.state)
        if states:
            conditions.append(StageTransition.state.in_(states))
        pairs = ctx.session.execute(
            select(StageActivity, StageTransition)
            .join(StageTransition, StageTransition.id == StageActivity.transition_id)
            .where(
                *conditions,
                StageActivity.kind == TRANSITION,
                StageTransition.model_version_id.in_(_live_versions()),
            )
            .order_by(StageTransition.id)
        ).all()
        return pb.FindTransitionsRequest.Response(activities=[_single(a, t) for a, t in pairs])
