"""JSON and query-string encoding of proto messages, as grpc-gateway v1 does it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from ..errors import InvalidArgument
from ..jsonutil import integral_floats_as_ints
from .fast_json import history_to_json, parse_fast

_TRUE = {"true", "True", "TRUE", "1", "t", "T"}
_FALSE = {"false", "False", "FALSE", "0", "f", "F"}
_INT_TYPES = {
    FieldDescriptor.TYPE_INT32,
    FieldDescriptor.TYPE_INT64,
    FieldDescriptor.TYPE_UINT32,
    FieldDescriptor.TYPE_UINT64,
    FieldDescriptor.TYPE_SINT32,
    FieldDescriptor.TYPE_SINT64,
    FieldDescriptor.TYPE_FIXED32,
    FieldDescriptor.TYPE_FIXED64,
    FieldDescriptor.TYPE_SFIXED32,
    FieldDescriptor.TYPE_SFIXED64,
}


def message_to_json(message: Message) -> dict[str, Any]:
    """grpc-gateway's response encoding: snake_case, defaults omitted, 64-bit ints as strings, enum names."""
    fast = history_to_json(message)  # a 100,000-point history would take seconds through json_format
    if fast is not None:
        return fast
    return integral_floats_as_ints(json_format.MessageToDict(message, preserving_proto_field_name=True))


def parse_json_body(raw: bytes, message: Message, field: str = "*") -> None:
    """Fill `message` (or one field of it) from a JSON body; unknown fields are ignored."""
    if not raw.strip():
        return
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidArgument(f"request body is not valid JSON: {exc}") from exc
    target = message if field == "*" else getattr(message, field)
    if field != "*" and not isinstance(target, Message):
        data = {field: data}
        target = message
    if not isinstance(data, dict) and isinstance(target, Message) and target.DESCRIPTOR.full_name not in _WKT:
        raise InvalidArgument("request body must be a JSON object")
    if isinstance(target, Message) and parse_fast(data, target):  # a logBatch of 10,000 points
        return
    _parse_dict(data, target)


_WKT = {"google.protobuf.Value", "google.protobuf.ListValue", "google.protobuf.Struct"}


def _parse_dict(data: Any, message: Message) -> None:
    try:
        json_format.ParseDict(data, message, ignore_unknown_fields=True)
    except json_format.ParseError as exc:
        raise InvalidArgument(f"invalid request: {exc}") from exc
    except (OverflowError, ValueError, TypeError) as exc:  # e.g. a number too large for a double
        raise InvalidArgument(f"invalid request: a value cannot be represented: {exc}") from exc


def _field_named(descriptor: Descriptor, name: str) -> FieldDescriptor | None:
    field = descriptor.fields_by_name.get(name)
    if field is not None:
        return field
    return next((f for f in descriptor.fields if f.json_name == name), None)


def _convert_scalar(field: FieldDescriptor, text: str, param: str) -> Any:
    if field.type == FieldDescriptor.TYPE_BOOL:
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise InvalidArgument(f"query parameter {param!r} must be a boolean (true/false), got {text!r}")
    if field.type in _INT_TYPES:
        try:
            return int(text)
        except ValueError:
            raise InvalidArgument(f"query parameter {param!r} must be an integer, got {text!r}") from None
    if field.type in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        try:
            return float(text)
        except ValueError:
            raise InvalidArgument(f"query parameter {param!r} must be a number, got {text!r}") from None
    if field.type == FieldDescriptor.TYPE_ENUM:
        return int(text) if text.lstrip("-").isdigit() else text
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        if field.message_type.full_name == "google.protobuf.Value":
            return text
        raise InvalidArgument(f"query parameter {param!r} names a message; send it in a JSON body")
    return text


def fill_from_params(message: Message, params: Mapping[str, Sequence[str]]) -> None:
    """Fill `message` from query-string or path parameters (`a.b=1`, repeated keys for lists).

    Names may be proto names or lowerCamel JSON names; unknown parameters are ignored.
    """
    data: dict[str, Any] = {}
    for param, values in params.items():
        descriptor = message.DESCRIPTOR
        node = data
        parts = param.split(".")
        for i, part in enumerate(parts):
            field = _field_named(descriptor, part)
            if field is None:
                break
            last = i == len(parts) - 1
            if not last:
                if field.type != FieldDescriptor.TYPE_MESSAGE or _is_repeated(field):
                    break
                node = node.setdefault(field.name, {})
                descriptor = field.message_type
                continue
            if _is_repeated(field):
                node.setdefault(field.name, []).extend(_convert_scalar(field, v, param) for v in values)
            else:
                node[field.name] = _convert_scalar(field, values[-1], param)
    _parse_dict(data, message)


def _is_repeated(field: FieldDescriptor) -> bool:
    return bool(field.is_repeated)
