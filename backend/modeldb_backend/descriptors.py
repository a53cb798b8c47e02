"""Protobuf descriptors with the precise types the checker needs, given once here instead of a cast at every use.

types-protobuf types `FieldDescriptor.message_type` and `.enum_type` as optional (they are None on the other kinds
of field) and `Message.DESCRIPTOR` as a union with the C (upb) implementation's classes, which have the same API.
"""

from __future__ import annotations

from typing import cast

from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor
from google.protobuf.message import Message


def message_type(field: FieldDescriptor) -> Descriptor:
    """The message type of a TYPE_MESSAGE field; callers check the field's type first."""
    return cast(Descriptor, field.message_type)


def enum_type(field: FieldDescriptor) -> EnumDescriptor:
    """The enum type of a TYPE_ENUM field; callers check the field's type first."""
    return cast(EnumDescriptor, field.enum_type)


def descriptor_of(message: Message | type[Message]) -> Descriptor:
    """A message's descriptor as the pure-Python class the stubs describe (upb's has the same interface)."""
    return cast(Descriptor, message.DESCRIPTOR)
