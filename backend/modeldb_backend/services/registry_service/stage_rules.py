"""The rules of StageService: which stages a version may move to, and how a transition's state follows from
its reviews. Pure functions of numbers, so the RPCs (stages.py) and their messages share one definition.

Stages (StageEnum): a version starts UNASSIGNED. It may be moved to DEVELOPMENT, STAGING, PRODUCTION or
ARCHIVED, from any stage (an archived version may be brought back to any of them), but never to the stage it
is in, never to UNKNOWN and never back to UNASSIGNED: UNASSIGNED means "nobody has set a stage yet", which
`find("stage == unassigned")` relies on; a version taken out of use is ARCHIVED. ModelDB's client offers
exactly these targets (`verta.registry.stage_change`: Development, Staging, Production, Archived).

Transitions (TransitionStateEnum): PENDING when opened; each reviewer's last verdict counts: any rejection
makes it REJECTED, else any approval APPROVED, else PENDING. Open (PENDING, APPROVED, REJECTED) transitions
can be reviewed, commented and closed; only an APPROVED one can be committed, which moves the version to the
desired stage. CLOSED and COMMITTED are final.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...errors import InvalidArgument
from ...pb.registry import stage_service_pb2 as pb

Stage = pb.StageEnum
State = pb.TransitionStateEnum

TARGET_STAGES = (Stage.DEVELOPMENT, Stage.STAGING, Stage.PRODUCTION, Stage.ARCHIVED)
OPEN_STATES = frozenset({State.PENDING, State.APPROVED, State.REJECTED})
APPROVE, REJECT = "approval", "rejection"  # the activity kinds that are verdicts


def stage_name(stage: int) -> str:
    """The enum name of a stage number, or the number itself when it names no stage."""
    return Stage.Stage.Name(stage) if stage in Stage.Stage.values() else str(stage)


def state_name(state: int) -> str:
    return State.TransitionState.Name(state) if state in State.TransitionState.values() else str(state)


def _targets() -> str:
    return ", ".join(stage_name(s) for s in TARGET_STAGES)


def check_target(current: int, target: int, what: str = "stage") -> None:
    """Refuse a move of a version in `current` to `target` that the rules above do not allow (400)."""
    if target == Stage.UNKNOWN:
        raise InvalidArgument(f"{what} not present: it must be one of {_targets()}")
    if target == Stage.UNASSIGNED:
        raise InvalidArgument(
            f"{what} UNASSIGNED cannot be set: it only marks a version whose stage was never set; "
            f"to take a version out of use, move it to ARCHIVED (allowed: {_targets()})"
        )
    if target not in TARGET_STAGES:
        raise InvalidArgument(f"{what} {target} is not a stage: it must be one of {_targets()}")
    if target == current:
        raise InvalidArgument(f"the model version is already in {stage_name(target)}: choose another {what}")


def state_from_verdicts(verdicts: Iterable[tuple[str, str]]) -> int:
    """The state of an open transition from its reviews, oldest first: (author, kind) pairs."""
    last: dict[str, str] = {}
    for author, kind in verdicts:
        last[author] = kind
    if REJECT in last.values():
        return State.REJECTED
    if APPROVE in last.values():
        return State.APPROVED
    return State.PENDING
