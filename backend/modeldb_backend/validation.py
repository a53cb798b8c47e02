"""Request-wide validation applied to every RPC before its implementation runs."""

from __future__ import annotations

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from .errors import InvalidArgument

JSON_VALUE_TYPES = {"google.protobuf.Value", "google.protobuf.Struct", "google.protobuf.ListValue"}


def reject_nul_strings(message: Message, path: str = "") -> None:
    """Refuse a request string holding NUL: PostgreSQL text cannot contain it, so it could never match
    (and the database driver would fail the whole call)."""
    if message.DESCRIPTOR.full_name in JSON_VALUE_TYPES:
        return  # values are stored as escaped JSON text, where NUL is harmless
    for field, value in message.ListFields():
        name = f"{path}{field.name}"
        repeated = bool(field.is_repeated)
        if field.type == FieldDescriptor.TYPE_STRING:
            if any("\x00" in v for v in (value if repeated else [value])):
                raise InvalidArgument(f"{name} contains a NUL character, which no stored value can contain")
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            if field.message_type.GetOptions().map_entry:
                items = [*value.values()]
                if any("\x00" in str(k) for k in value):
                    raise InvalidArgument(f"{name} has a key with a NUL character")
            else:
                items = list(value) if repeated else [value]
            for item in items:
                if isinstance(item, Message):
                    reject_nul_strings(item, f"{name}.")
