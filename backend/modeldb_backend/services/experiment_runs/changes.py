"""Helpers shared by the ExperimentRunService mixins: loading runs for change, names, observations."""

from __future__ import annotations

import math
from collections.abc import Sequence

from google.protobuf import json_format
from sqlalchemy import ColumnElement, String, func, insert, literal, select

from ...errors import AlreadyExists, InvalidArgument, NotFound
from ...pb.common import common_pb2
from ...pb.modeldb import experiment_run_service_pb2 as pb
from ...store import models as m
from ..artifacts.blobs import copy_blobs
from ..artifacts.rows import artifact_row
from ..context import CallContext
from ..json_columns import message_json
from ..loading import RUN, live_run, new_id, run_messages, touch
from ..sqlchunks import chunked
from ..values import check_key, check_name, encode_value


def run_message(ctx: CallContext, row: m.ExperimentRun) -> pb.ExperimentRun:
    return run_messages(ctx.session, [row])[0]


def changed_run(ctx: CallContext, run_id: str, changes: dict[str, object] | None = None) -> m.ExperimentRun:
    """The live run a mutation is about to change, locked, with date_updated/version bumped and audited.

    Locking the row serialises concurrent writers of one run, so version numbers and automatic
    observation epochs never race.
    """
    row = live_run(ctx.session, run_id, for_update=True)
    touch(row, ctx)
    ctx.audit(RUN, row.id, changes)
    return row


def generated_name() -> str:
    """ModelDB names an unnamed run at random; a short random suffix keeps names unique and readable."""
    return f"Run {new_id()[:8]}"


def run_name(name: str) -> str:
    return check_name(name, "ExperimentRun") or generated_name()


def check_name_free(ctx: CallContext, experiment_id: str, name: str, exclude_id: str = "") -> None:
    """Run names are unique per experiment among live runs (deleted runs free their name at once)."""
    clash = ctx.session.scalar(
        select(m.ExperimentRun.id).where(
            m.ExperimentRun.experiment_id == experiment_id,
            m.ExperimentRun.name == name,
            ~m.ExperimentRun.deleted,
            m.ExperimentRun.id != exclude_id,
        )
    )
    if clash:
        raise AlreadyExists(f"ExperimentRun '{name}' already exists in database")


def live_parent(ctx: CallContext, parent_id: str) -> m.ExperimentRun:
    row = ctx.session.get(m.ExperimentRun, parent_id)
    if row is None or row.deleted:
        raise NotFound(f"Parent ExperimentRun not found for given Id: {parent_id}")
    return row


def require_message(present: bool, what: str) -> None:
    if not present:
        raise InvalidArgument(f"{what} not present")


def check_text(value: str, what: str, limit: int | None = None) -> str:
    """Free text stored in a plain column: PostgreSQL refuses NUL, and bounded columns refuse longer text."""
    if "\x00" in value:
        raise InvalidArgument(f"{what} contains a NUL character, which cannot be stored")
    if limit is not None and len(value) > limit:
        raise InvalidArgument(f"{what} is {len(value)} characters long; the limit is {limit}")
    return value


def column_width(table: type[m.Base], field: str) -> int | None:
    """The width of a string column as the store defines it (None: unbounded text), so a check and the column
    it protects cannot disagree."""
    kind = table.__table__.c[field].type
    if not isinstance(kind, String):
        raise TypeError(f"{table.__name__}.{field} is not a string column")
    return kind.length


# Artifact string fields and the width of their columns (keys are checked elsewhere).
ARTIFACT_TEXT_LIMITS: dict[str, int | None] = {
    field: column_width(m.Artifact, field)
    for field in ("path", "linked_artifact_id", "filename_extension", "serialization", "artifact_subtype")
}


def stored_artifacts(artifacts: Sequence[common_pb2.Artifact]) -> list[common_pb2.Artifact]:
    """Artifacts as stored: the local store has no separate upload step to wait for (as ModelDB's NFS store)."""
    out = []
    for art in artifacts:
        for field, limit in ARTIFACT_TEXT_LIMITS.items():
            check_text(getattr(art, field), f"artifact {art.key!r} {field}", limit)
        copy = common_pb2.Artifact()
        copy.CopyFrom(art)
        copy.upload_completed = True
        out.append(copy)
    return out


# --- observations ---------------------------------------------------------------------------------------


def _observation_key(obs: pb.Observation) -> str:
    kind = obs.WhichOneof("oneOf")
    if kind is None:
        raise InvalidArgument("observation needs an attribute or an artifact")
    return obs.attribute.key if kind == "attribute" else obs.artifact.key


def _explicit_epoch(obs: pb.Observation) -> int | None:
    """ModelDB accepts only a numeric epoch_number and keeps its integer part."""
    if not obs.HasField("epoch_number"):
        return None
    value = obs.epoch_number
    if value.WhichOneof("kind") != "number_value" or not math.isfinite(value.number_value):
        raise InvalidArgument(
            f"Observations can only have numeric epoch_number, got {json_format.MessageToJson(value)} "
            f"for key {_observation_key(obs)!r}"
        )
    return int(value.number_value)


def _max_epochs(ctx: CallContext, run_id: str, keys: set[str]) -> dict[str, int]:
    """The last epoch of each key the run has already (one query per IN_CHUNK keys of the request)."""
    stmt = select(m.Observation.key, func.max(m.Observation.epoch_number)).where(m.Observation.run_id == run_id)
    out: dict[str, int] = {}
    for part in chunked(sorted(keys)):
        rows = ctx.session.execute(stmt.where(m.Observation.key.in_(part)).group_by(m.Observation.key))
        out.update((key, int(epoch)) for key, epoch in rows if epoch is not None)
    return out


def _observation_row(ctx: CallContext, run_id: str, obs: pb.Observation, epoch: int) -> dict[str, object]:
    key = _observation_key(obs)
    row: dict[str, object] = {
        "run_id": run_id,
        "key": key,
        "timestamp": obs.timestamp or ctx.now,
        "epoch_number": epoch,
        "num_value": None,
        "str_value": None,
        "value_type": 0,
    }
    if obs.WhichOneof("oneOf") == "artifact":
        row.update(kind="artifact", value=message_json(stored_artifacts([obs.artifact])[0]))
    else:
        text, num, string = encode_value(obs.attribute.value, key, ctx.settings.max_value_bytes)
        row.update(kind="attribute", value=text, value_type=int(obs.attribute.value_type), num_value=num)
        row["str_value"] = string
    return row


def add_observations(ctx: CallContext, run_id: str, observations: Sequence[pb.Observation]) -> None:
    """Append observations in request order.

    An observation without epoch_number gets max(epochs of that key so far) + 1, starting at 0;
    earlier observations of the same batch count, as if logged one by one. Explicit epochs may repeat.
    """
    if not observations:
        return
    keys = {check_key(_observation_key(o), "observation key") for o in observations}
    ctx.session.execute(
        insert(m.Observation), observation_rows(ctx, run_id, observations, _max_epochs(ctx, run_id, keys))
    )


def observation_rows(
    ctx: CallContext, run_id: str, observations: Sequence[pb.Observation], current: dict[str, int]
) -> list[dict[str, object]]:
    """The rows of `observations` appended after `current` (the run's highest epoch per key; empty for a new run)."""
    rows = []
    for obs in observations:
        key = check_key(_observation_key(obs), "observation key")
        epoch = _explicit_epoch(obs)
        if epoch is None:
            epoch = current[key] + 1 if key in current else 0
        current[key] = max(current.get(key, epoch), epoch)
        rows.append(_observation_row(ctx, run_id, obs, epoch))
    return rows


# --- copying a run's children (clone) ---------------------------------------------------------------------


def copy_children(ctx: CallContext, src_id: str, dest_id: str) -> None:
    """Copy every key-value, tag, artifact and observation of one run to another, set-based."""
    kv = m.KeyValue
    kv_cols = ["entity_type", "entity_id", "field", "key", "value", "value_type", "num_value", "str_value"]
    kv_src = select(
        kv.entity_type, _literal(dest_id), kv.field, kv.key, kv.value, kv.value_type, kv.num_value, kv.str_value
    ).where(kv.entity_id == src_id)
    ctx.session.execute(insert(kv).from_select(kv_cols, kv_src))

    tag_src = select(_literal(dest_id), m.Tag.tag, m.Tag.entity_type).where(m.Tag.entity_id == src_id)
    ctx.session.execute(insert(m.Tag).from_select(["entity_id", "tag", "entity_type"], tag_src))

    art_cols = [c for c in artifact_row(RUN, "", "", common_pb2.Artifact()) if c != "entity_id"]
    art_src = select(_literal(dest_id), *[getattr(m.Artifact, c) for c in art_cols]).where(
        m.Artifact.entity_id == src_id
    )
    ctx.session.execute(insert(m.Artifact).from_select(["entity_id", *art_cols], art_src))

    obs = m.Observation
    obs_cols = ["key", "kind", "value", "value_type", "num_value", "str_value", "timestamp", "epoch_number"]
    # ORDER BY id keeps the copies in insertion order (ids are assigned in the order rows are produced).
    obs_src = (
        select(_literal(dest_id), *[getattr(obs, c) for c in obs_cols]).where(obs.run_id == src_id).order_by(obs.id)
    )
    ctx.session.execute(insert(obs).from_select(["run_id", *obs_cols], obs_src))
    copy_blobs(ctx.session, {src_id: dest_id}, lambda column: column == src_id, ctx.now)


def _literal(value: str) -> ColumnElement[str]:
    return literal(value, String())


__all__ = [
    "add_observations",
    "changed_run",
    "check_name_free",
    "check_text",
    "copy_children",
    "generated_name",
    "live_parent",
    "require_message",
    "run_message",
    "run_name",
    "stored_artifacts",
]
