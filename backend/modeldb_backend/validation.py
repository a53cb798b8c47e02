"""Request-wide validation applied to every RPC before its implementation runs."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from .errors import InvalidArgument

JSON_VALUE_TYPES = {"google.protobuf.Value", "google.protobuf.Struct", "google.protobuf.ListValue"}


@dataclass(frozen=True)
class _Plan:
    """Where strings can hide in one message type: its string fields and the sub-messages to visit."""

    strings: tuple[tuple[str, bool], ...]  # (field name, repeated)
    messages: tuple[tuple[FieldDescriptor, Descriptor], ...]

    @property
    def flat(self) -> bool:
        """Only singular string fields: a long repeated field of these is checked without recursion."""
        return not self.messages and not any(repeated for _, repeated in self.strings)


@functools.cache
def _plan(descriptor: Descriptor) -> _Plan | None:
    """The plan of a message type (cached per type); None when it can hold no string worth checking."""
    if descriptor.full_name in JSON_VALUE_TYPES:
        return None  # values are stored as escaped JSON text, where NUL is harmless
    strings = tuple((f.name, bool(f.is_repeated)) for f in descriptor.fields if f.type == FieldDescriptor.TYPE_STRING)
    messages = tuple(
        (f, f.message_type)
        for f in descriptor.fields
        if f.type == FieldDescriptor.TYPE_MESSAGE and f.message_type.full_name not in JSON_VALUE_TYPES
    )
    return _Plan(strings, messages)


def _fail(name: str) -> None:
    raise InvalidArgument(f"{name} contains a NUL character, which no stored value can contain")


def reject_nul_strings(message: Message, path: str = "") -> None:
    """Refuse a request string holding NUL: PostgreSQL text cannot contain it, so it could never match
    (and the database driver would fail the whole call)."""
    plan = _plan(message.DESCRIPTOR)
    if plan is None:
        return
    for name, repeated in plan.strings:
        value = getattr(message, name)
        if any("\x00" in v for v in value) if repeated else "\x00" in value:
            _fail(f"{path}{name}")
    for field, sub in plan.messages:
        name = f"{path}{field.name}"
        value = getattr(message, field.name)
        if sub.GetOptions().map_entry:
            if any("\x00" in str(k) for k in value):
                raise InvalidArgument(f"{name} has a key with a NUL character")
            _check_items([v for v in value.values() if isinstance(v, Message)], name)
        elif field.is_repeated:
            _check_items(value, name)
        elif message.HasField(field.name):
            reject_nul_strings(value, f"{name}.")


def _check_items(items: Iterable[Message], name: str) -> None:
    items = list(items)
    if not items:
        return
    plan = _plan(items[0].DESCRIPTOR)
    if plan is not None and plan.flat:
        # Tight loop for long lists of flat messages (a batch of 10,000 metric points).
        for field_name, _ in plan.strings:
            if any("\x00" in getattr(item, field_name) for item in items):
                _fail(f"{name}.{field_name}")
        return
    for item in items:
        reject_nul_strings(item, f"{name}.")
