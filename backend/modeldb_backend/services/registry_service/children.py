"""Writing the labels, attributes and artifacts of registered models and versions (the shared tags,
key_values and artifacts tables, under `rm:<id>` / `mv:<id>`), from the entity's target message."""

from __future__ import annotations

from collections.abc import Sequence

from google.protobuf.message import Message

from ...pb.common import common_pb2
from ..artifacts.blobs import store_path
from ..artifacts.rows import add_artifacts, delete_artifacts
from ..context import CallContext
from ..key_values import ATTRIBUTES, add_key_values, add_tags, delete_key_values, delete_tags
from .lookup import MODEL_FIELD
from .updates import ARTIFACTS, DATASETS, LABELS


def create_children(ctx: CallContext, entity_type: str, entity_id: str, message: Message) -> None:
    """The children of a new entity (its message already normalised: labels unique, keys checked)."""
    add_tags(ctx, entity_type, entity_id, list(message.labels))  # type: ignore[attr-defined]  # both entities have labels
    add_key_values(ctx, entity_type, entity_id, ATTRIBUTES, list(message.attributes), what="attribute")  # type: ignore[attr-defined]
    for field in (ARTIFACTS, DATASETS):
        if field in message.DESCRIPTOR.fields_by_name:
            add_artifacts(ctx, entity_type, entity_id, field, list(getattr(message, field)))


def write_children(
    ctx: CallContext, entity_type: str, entity_id: str, current: Message, target: Message, changed: Sequence[str]
) -> None:
    """Make the stored children of `changed` fields those of `target` (`current`: what is stored now)."""
    if LABELS in changed:
        delete_tags(ctx, entity_id, [], delete_all=True)
        add_tags(ctx, entity_type, entity_id, list(target.labels))  # type: ignore[attr-defined]
    if ATTRIBUTES in changed:
        delete_key_values(ctx, entity_id, ATTRIBUTES, [], delete_all=True)
        add_key_values(ctx, entity_type, entity_id, ATTRIBUTES, list(target.attributes), what="attribute")  # type: ignore[attr-defined]
    for field in (ARTIFACTS, DATASETS):
        if field in changed:
            sync_artifacts(ctx, entity_type, entity_id, field, getattr(current, field), getattr(target, field))


def sync_artifacts(
    ctx: CallContext,
    entity_type: str,
    entity_id: str,
    field: str,
    old: Sequence[common_pb2.Artifact],
    new: Sequence[common_pb2.Artifact],
) -> None:
    """Rows of `field` become `new`: removed keys deleted, changed ones replaced, and unchanged ones kept as they
    are (an artifact whose upload completed stays complete when a client PUTs back a stale copy)."""
    before = {a.key: a for a in old}
    after = {a.key: a for a in new}
    gone = [key for key in before if key not in after]
    if gone:
        delete_artifacts(ctx, entity_id, field, gone)
    fresh = [a for key, a in after.items() if key not in before or not _same(before[key], a)]
    for art in fresh:
        if field == MODEL_FIELD and art.path and not art.path_only:  # add_artifacts checks those of `artifacts`
            store_path(art.path, f"{field} {art.key!r}")
    add_artifacts(ctx, entity_type, entity_id, field, fresh, replace=True)


def _same(a: common_pb2.Artifact, b: common_pb2.Artifact) -> bool:
    left, right = common_pb2.Artifact(), common_pb2.Artifact()
    left.CopyFrom(a)
    right.CopyFrom(b)
    left.upload_completed = right.upload_completed = False
    return left == right
