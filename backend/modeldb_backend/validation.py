"""Request-wide validation applied to every RPC before its implementation runs."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from google.protobuf import struct_pb2
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor
from google.protobuf.message import Message

from .descriptors import enum_type, message_type
from .errors import InvalidArgument

JSON_VALUE_TYPES = {"google.protobuf.Value", "google.protobuf.Struct", "google.protobuf.ListValue"}
_VALUE = "google.protobuf.Value"
_STRUCT = "google.protobuf.Struct"


@dataclass(frozen=True)
class _Enum:
    """An enum field and the numbers it defines: proto3 decoders keep any number, the store must not."""

    name: str
    repeated: bool
    numbers: frozenset[int]
    descriptor: EnumDescriptor

    def check(self, message: Message, path: str) -> None:
        value = getattr(message, self.name)
        bad = [v for v in value if v not in self.numbers] if self.repeated else [value] * (value not in self.numbers)
        if bad:
            names = ", ".join(v.name for v in self.descriptor.values)
            raise InvalidArgument(f"{path}{self.name}: {bad[0]} is not a value of {self.descriptor.name} ({names})")


@dataclass(frozen=True)
class _Plan:
    """Where strings and enum numbers can hide in one message type: its string and enum fields and the
    sub-messages to visit."""

    strings: tuple[tuple[str, bool], ...]  # (field name, repeated)
    enums: tuple[_Enum, ...]
    messages: tuple[tuple[FieldDescriptor, Descriptor], ...]

    @property
    def flat(self) -> bool:
        """Only singular string and enum fields and singular JSON values (a KeyValue, a metric point): a long
        repeated field of these is checked field by field in tight loops, without a call per item."""
        return (
            not any(repeated for _, repeated in self.strings)
            and not any(e.repeated for e in self.enums)
            and all(sub.full_name == _VALUE and not field.is_repeated for field, sub in self.messages)
        )


@functools.cache
def _plan(descriptor: Descriptor) -> _Plan:
    """The plan of a message type (cached per type)."""
    strings = tuple((f.name, bool(f.is_repeated)) for f in descriptor.fields if f.type == FieldDescriptor.TYPE_STRING)
    enums = tuple(
        _Enum(f.name, bool(f.is_repeated), frozenset(v.number for v in enum_type(f).values), enum_type(f))
        for f in descriptor.fields
        if f.type == FieldDescriptor.TYPE_ENUM
    )
    messages = tuple((f, message_type(f)) for f in descriptor.fields if f.type == FieldDescriptor.TYPE_MESSAGE)
    return _Plan(strings, enums, messages)


def _fail(name: str) -> None:
    raise InvalidArgument(f"{name} contains a NUL character, which no stored value can contain")


def validate_request(message: Message, path: str = "") -> None:
    """Refuse a request string holding NUL, JSON values (hyperparameters, attributes) included: PostgreSQL text
    cannot contain it, so it could never match (and the database driver would fail the whole call). Refuse an
    enum number the enum does not define: it would be stored and answered back as a bare number."""
    if message.DESCRIPTOR.full_name in JSON_VALUE_TYPES:
        _check_json(message, path.rstrip(".") or "value")
        return
    plan = _plan(message.DESCRIPTOR)
    for name, repeated in plan.strings:
        value = getattr(message, name)
        if any("\x00" in v for v in value) if repeated else "\x00" in value:
            _fail(f"{path}{name}")
    for enum in plan.enums:
        enum.check(message, path)
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
            validate_request(value, f"{name}.")


def _check_items(items: Iterable[Message], name: str) -> None:
    items = list(items)
    if not items:
        return
    descriptor = items[0].DESCRIPTOR
    if descriptor.full_name in JSON_VALUE_TYPES:
        for item in items:
            _check_json(item, name)
        return
    plan = _plan(descriptor)
    if not plan.flat:
        for item in items:
            validate_request(item, f"{name}.")
        return
    # Tight loops for long lists of flat messages (a batch of 10,000 metric points or hyperparameters).
    for field_name, _ in plan.strings:
        if any("\x00" in getattr(item, field_name) for item in items):
            _fail(f"{name}.{field_name}")
    for enum in plan.enums:
        for item in items:
            enum.check(item, f"{name}.")
    for field, _ in plan.messages:
        for item in items:
            value = getattr(item, field.name)
            kind = value.WhichOneof("kind")
            if kind == "string_value":
                if "\x00" in value.string_value:
                    _fail(f"{name}.{field.name}")
            elif kind is not None and kind != "number_value" and kind != "bool_value":
                _check_json(value, f"{name}.{field.name}")


def _check_json(root: Message, name: str) -> None:
    """NUL in any string or key of a Value, Struct or ListValue: one pass over its items, without recursion."""
    stack: list[Message] = [root]
    while stack:
        item = stack.pop()
        kind = item.DESCRIPTOR.full_name
        # the casts follow the full name just read: these are the three JSON well-known types
        if kind == _VALUE:
            value = cast(struct_pb2.Value, item)
            which = value.WhichOneof("kind")
            if which == "string_value":
                if "\x00" in value.string_value:
                    _fail(name)
            elif which == "struct_value":
                stack.append(value.struct_value)
            elif which == "list_value":
                stack.append(value.list_value)
        elif kind == _STRUCT:
            for key, member in cast(struct_pb2.Struct, item).fields.items():
                if "\x00" in key:
                    raise InvalidArgument(f"{name} has a key with a NUL character")
                stack.append(member)
        else:
            stack.extend(cast(struct_pb2.ListValue, item).values)
