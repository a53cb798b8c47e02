"""How UpdateRegisteredModel and UpdateModelVersion combine the stored entity with the request, in proto terms.

- With an `update_mask`, even one naming no field (REST PATCH: the gateway sets it to the body's top-level
  keys, as grpc-gateway does; PATCH …/full_body and gRPC callers send their own), only the named fields
  change: a scalar or message is set to the request's value (its default clears it), labels are added
  (union), attributes, artifacts and datasets are added or replaced by key. A nested path (`environment.docker`)
  names its top-level field.
- Without a mask (REST PUT, or gRPC without a mask) every mutable field becomes the request's: what the
  request leaves out is cleared, so PUT of a fetched message minus a label removes that label.
Fields the server keeps (ids, times, version_number, the stage, the lock level, the run a version came from)
are never written by an update: a request carrying a different non-default value for one is refused with
where to change it instead, while echoing the stored value (a client PUTting back what it fetched) is fine.
The result is the target message and the list of fields that really change (what locks and audits look at).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from google.protobuf.message import Message

from ...errors import InvalidArgument
from ...pb.common import common_pb2
from ..key_values import unique_keys
from ..values import check_tags

LABELS, ATTRIBUTES, ARTIFACTS, DATASETS = "labels", "attributes", "artifacts", "datasets"
KEYED_LISTS = frozenset({ATTRIBUTES, ARTIFACTS, DATASETS})


@dataclass(frozen=True)
class Fields:
    """One entity's fields: those an update may write, and the kept ones with where to change them instead."""

    entity: str  # "registered model" / "model version", for messages
    mutable: frozenset[str]
    kept: Mapping[str, str | None]  # field -> why it cannot change here (None: the server's, silently kept)


def mask_fields(paths: Iterable[str], fields: Fields, message: Message) -> list[str]:
    """The top-level fields a mask names, each a field of the message (else a 400 listing the valid ones)."""
    known = message.DESCRIPTOR.fields_by_name
    out: list[str] = []
    for path in paths:
        top = path.split(".", 1)[0]
        if top not in known:
            raise InvalidArgument(
                f"update_mask path {path!r} names no field of the {fields.entity}; "
                f"fields that can change: {', '.join(sorted(fields.mutable))}"
            )
        if top not in out:
            out.append(top)
    return out


def merged(current: Message, incoming: Message, mask: list[str] | None, fields: Fields) -> tuple[Message, list[str]]:
    """(the entity after the update, the mutable fields whose value changes); see the module docstring."""
    named = fields.mutable | set(fields.kept) if mask is None else set(mask)
    for name in sorted(named & set(fields.kept)):
        _check_kept(current, incoming, name, fields)
    target = type(current)()
    target.CopyFrom(current)
    for name in sorted(named & fields.mutable):
        _apply(target, incoming, name, merge=mask is not None)
    _normalise(target)
    changed = [name for name in sorted(fields.mutable) if _value(current, name) != _value(target, name)]
    return target, changed


def _check_kept(current: Message, incoming: Message, name: str, fields: Fields) -> None:
    value = _value(incoming, name)
    if fields.kept[name] is None or value in (None, 0, "", [], {}) or value == _value(current, name):
        return
    raise InvalidArgument(f"{name} of a {fields.entity} cannot be changed by an update: {fields.kept[name]}")


def _value(message: Message, name: str) -> Any:
    """A comparable value of one field: scalars as they are, messages (None when unset), lists and maps."""
    field = message.DESCRIPTOR.fields_by_name[name]
    value = getattr(message, name)
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        return dict(value)
    if field.is_repeated:
        return [_comparable(v) for v in value] if name in (ARTIFACTS, DATASETS) else list(value)
    if field.message_type is not None:
        return _comparable(value) if message.HasField(name) else None
    return value


def _comparable(value: Any) -> Any:
    """An artifact compares without its upload state (which the server keeps; clients echo stale copies)."""
    if isinstance(value, common_pb2.Artifact):
        copy = common_pb2.Artifact()
        copy.CopyFrom(value)
        copy.upload_completed = False
        return copy.SerializeToString(deterministic=True)
    return value


def _apply(target: Message, incoming: Message, name: str, *, merge: bool) -> None:
    field = target.DESCRIPTOR.fields_by_name[name]
    if merge and name == LABELS:
        target.labels.extend(incoming.labels)  # type: ignore[attr-defined]  # both entities have labels
        return
    if merge and name in KEYED_LISTS:
        unique_keys((item.key for item in getattr(incoming, name)), name.rstrip("s") + " key")
        keyed = {item.key: item for item in getattr(target, name)}
        keyed.update((item.key, item) for item in getattr(incoming, name))
        target.ClearField(name)
        getattr(target, name).extend(keyed.values())
        return
    target.ClearField(name)
    if field.is_repeated and field.message_type is not None and field.message_type.GetOptions().map_entry:
        for key, value in getattr(incoming, name).items():
            getattr(target, name)[key].CopyFrom(value)
    elif field.is_repeated:
        getattr(target, name).extend(getattr(incoming, name))
    elif field.message_type is not None:
        if incoming.HasField(name):
            getattr(target, name).CopyFrom(getattr(incoming, name))
    else:
        setattr(target, name, getattr(incoming, name))


def _normalise(target: Message) -> None:
    """Labels sorted and unique (each checked), keyed lists with unique, valid keys, sorted by key."""
    labels = sorted(check_tags(list(target.labels)))  # type: ignore[attr-defined]  # both entities have labels
    target.ClearField(LABELS)
    target.labels.extend(labels)  # type: ignore[attr-defined]
    for name in KEYED_LISTS & set(target.DESCRIPTOR.fields_by_name):
        items = list(getattr(target, name))
        unique_keys((item.key for item in items), name.rstrip("s") + " key")
        target.ClearField(name)
        getattr(target, name).extend(sorted(items, key=lambda item: str(item.key)))
