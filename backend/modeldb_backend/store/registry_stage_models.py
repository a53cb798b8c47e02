"""Tables of StageService: the stage transitions requested on model versions and the activity log of each.

Both hold the model version's and its registered model's ids as plain ids, like the lineage tables: the log is
history, read only through live versions (services/registry_service/stages.py joins the version table), and
deleting a version must not depend on this service. The ids never repeat (sqlite_autoincrement), so a log
can never attach itself to a later version or transition that happens to get a freed id.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import NAME, Base


class StageTransition(Base):
    """A requested move of one model version to another stage (a pull request of sorts) and its state.

    `state` is a TransitionStateEnum number: PENDING, APPROVED, REJECTED while open; CLOSED or COMMITTED
    when finished. Stages are StageEnum numbers.
    """

    __tablename__ = "registry_stage_transitions"
    __table_args__ = (
        Index("ix_registry_stage_transitions_version", "model_version_id", "id"),
        Index("ix_registry_stage_transitions_model", "registered_model_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    model_version_id: Mapped[int] = mapped_column(BigInteger)
    registered_model_id: Mapped[int] = mapped_column(BigInteger)
    source_stage: Mapped[int] = mapped_column(Integer)
    desired_stage: Mapped[int] = mapped_column(Integer)
    state: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(NAME)
    time_created: Mapped[int] = mapped_column(BigInteger)
    time_updated: Mapped[int] = mapped_column(BigInteger)


class StageActivity(Base):
    """One entry of a model version's activity log: a transition opened, an approval, a rejection, a close,
    a commit, a direct stage update or a comment (`kind`).

    `transition_id` links the entries about one transition; `from_stage`/`to_stage` are set by the entries
    that changed the version's stage (update, commit); `activity_state` is the transition's state right after
    this entry.
    """

    __tablename__ = "registry_stage_activities"
    __table_args__ = (
        Index("ix_registry_stage_activities_version", "model_version_id", "id"),
        Index("ix_registry_stage_activities_model", "registered_model_id", "id"),
        Index("ix_registry_stage_activities_transition", "transition_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    model_version_id: Mapped[int] = mapped_column(BigInteger)
    registered_model_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(NAME)
    time_created: Mapped[int] = mapped_column(BigInteger)
    comment: Mapped[str] = mapped_column(Text)
    transition_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    from_stage: Mapped[int | None] = mapped_column(Integer, nullable=True)
    to_stage: Mapped[int | None] = mapped_column(Integer, nullable=True)
    activity_state: Mapped[int] = mapped_column(Integer)
