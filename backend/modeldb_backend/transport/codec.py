"""JSON and query-string encoding of proto messages, as grpc-gateway v1 does it."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, cast

from google.protobuf import json_format
from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor
from google.protobuf.message import Message

from ..descriptors import descriptor_of, enum_type, message_type
from ..errors import InvalidArgument
from ..jsonutil import integral_floats_as_ints
from .fast_json import columns_to_json, history_to_json, parse_fast, reject_non_numeric_points

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
    fast = columns_to_json(message)  # likewise a DataFrame's page of 5,000 runs
    if fast is not None:
        return fast
    # a message's dict stays a dict (integral_floats_as_ints maps any JSON value)
    return cast(
        "dict[str, Any]", integral_floats_as_ints(json_format.MessageToDict(message, preserving_proto_field_name=True))
    )


def parse_json_body(raw: bytes, message: Message, field: str = "*") -> None:
    """Fill `message` (or one field of it) from a JSON body; unknown fields are ignored."""
    if not raw.strip():
        return
    data = _load_json(raw)
    target = message if field == "*" else getattr(message, field)
    if field != "*" and not isinstance(target, Message):
        data = {field: data}
        target = message
    if not isinstance(data, dict) and isinstance(target, Message) and target.DESCRIPTOR.full_name not in _WKT:
        raise InvalidArgument("request body must be a JSON object")
    reject_unknown_enum_names(data, descriptor_of(target))
    field_masks_as_strings(data, descriptor_of(target))
    if isinstance(target, Message) and _parse_fast(data, target):  # a logBatch of 10,000 points
        return
    reject_non_numeric_points(data, target)
    _parse_checked(data, target)


def _load_json(raw: bytes) -> Any:
    """json.loads with every way it can fail a 400: bad syntax or encoding, nesting deeper than the
    interpreter's recursion limit (~1,000), and integers longer than Python converts (4,300 digits)."""
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidArgument(f"request body is not valid JSON: {exc}") from exc
    except RecursionError:
        raise InvalidArgument(f"request body is nested too deeply (at most {_MAX_DEPTH} levels)") from None
    except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string conversion"
        raise InvalidArgument(f"request body holds a number that cannot be read: {exc}") from None


def _parse_fast(data: Any, message: Message) -> bool:
    """The fast LogBatch path; a value it cannot convert (a 5,000-digit step) goes to the general path's 400."""
    try:
        return parse_fast(data, message)
    except (ValueError, OverflowError):
        message.Clear()
        return False


_FIELD_MASK = "google.protobuf.FieldMask"


def field_masks_as_strings(data: Any, descriptor: Descriptor) -> None:
    """grpc-gateway takes a FieldMask field of the body as the object `{"paths": ["a_b", ...]}` too (ModelDB's
    client sends that form), where proto3 JSON only knows the string "aB,..."; rewrite the object to the string.
    """
    if not isinstance(data, dict):
        return
    for name, value in data.items():
        field = _field_named(descriptor, name)
        if field is None or field.type != FieldDescriptor.TYPE_MESSAGE or message_type(field).full_name != _FIELD_MASK:
            continue
        if isinstance(value, dict) and set(value) <= {"paths"}:
            paths = value.get("paths") or []
            if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
                raise InvalidArgument(f"invalid request: {name}.paths must be a list of field names")
            data[name] = ",".join(_lower_camel(p) for p in paths)


def patch_mask_from_body(raw: bytes, message: Message, field: str) -> None:
    """A PATCH whose body is one field of a request with an empty `update_mask`: the mask becomes the body's
    top-level keys, as grpc-gateway does, so the service updates exactly the fields the body names (a key
    present with its default value included: that is how a PATCH clears a field). The mask is set even when
    the body names nothing (a PATCH of `{}` changes nothing), while a PUT sends none (it replaces)."""
    mask_field = message.DESCRIPTOR.fields_by_name.get("update_mask")
    if mask_field is None or mask_field.message_type is None or mask_field.message_type.full_name != _FIELD_MASK:
        return
    mask = getattr(message, "update_mask")  # noqa: B009  # a field of some request type, not an attribute
    if mask.paths:
        return
    mask.SetInParent()
    if not raw.strip():
        return
    data = _load_json(raw)
    target = getattr(message, field, None)
    if not isinstance(data, dict) or not isinstance(target, Message):
        return
    named = (_field_named(descriptor_of(target), key) for key in data)
    mask.paths.extend(sorted({f.name for f in named if f is not None}))


def _lower_camel(path: str) -> str:
    """`docker_metadata.request_port` -> `dockerMetadata.requestPort` (the FieldMask string form's spelling)."""
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), path)


_SIGNED_DIGITS = re.compile(r"-?[0-9]+")
_WKT = {"google.protobuf.Value", "google.protobuf.ListValue", "google.protobuf.Struct"}
_MAX_DEPTH = 100  # json_format's own nesting limit; deeper bodies are its ParseError (a 400) to report


def _parse_dict(data: Any, message: Message) -> None:
    reject_unknown_enum_names(data, descriptor_of(message))
    _parse_checked(data, message)


def _parse_checked(data: Any, message: Message) -> None:
    """json_format with unknown fields ignored; enum names must have been checked before (see below)."""
    try:
        json_format.ParseDict(data, message, ignore_unknown_fields=True)
    except json_format.ParseError as exc:
        raise InvalidArgument(f"invalid request: {exc}") from exc
    except RecursionError:
        raise InvalidArgument(f"invalid request: nested too deeply (at most {_MAX_DEPTH} levels)") from None
    except (OverflowError, ValueError, TypeError) as exc:  # e.g. a number too large for a double
        raise InvalidArgument(f"invalid request: a value cannot be represented: {exc}") from exc


# --- enum names ----------------------------------------------------------------------------------------
# json_format's `ignore_unknown_fields` also drops an enum *name* it does not know, leaving the field at its
# default: `"operator": "NOPE"` would silently become EQ. ModelDB's clients send fields we may not know, so
# unknown fields stay ignored, but an unknown enum name is refused before json_format sees the body.


def reject_unknown_enum_names(data: Any, descriptor: Descriptor, path: str = "", depth: int = 0) -> None:
    """400 naming the field and the allowed names when `data` spells an enum value that does not exist.

    Integers (and decimal strings) stay accepted for every enum, as ModelDB's client sends them; shapes
    that are wrong in other ways, or nested deeper than json_format allows, are left to json_format,
    which reports them.
    """
    if not isinstance(data, dict) or depth > _MAX_DEPTH or not _has_enums(descriptor):
        return
    for name, value in data.items():
        field = _field_named(descriptor, name) if isinstance(name, str) else None
        if field is None or value is None:
            continue
        where = f"{path}.{field.name}" if path else field.name
        if _is_map(field):
            _check_map(value, field, where, depth)
        elif _is_repeated(field):
            if isinstance(value, list) and _may_hold_enums(field):
                for i, item in enumerate(value):
                    _check_value(item, field, f"{where}[{i}]", depth)
        else:
            _check_value(value, field, where, depth)


def _may_hold_enums(field: FieldDescriptor) -> bool:
    return field.type == FieldDescriptor.TYPE_ENUM or (
        field.type == FieldDescriptor.TYPE_MESSAGE and _has_enums(message_type(field))
    )


def _check_map(value: Any, field: FieldDescriptor, where: str, depth: int) -> None:
    value_field = message_type(field).fields_by_name["value"]
    if isinstance(value, dict):
        for key, item in value.items():
            _check_value(item, value_field, f"{where}[{key!r}]", depth)


def _check_value(value: Any, field: FieldDescriptor, where: str, depth: int) -> None:
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        reject_unknown_enum_names(value, message_type(field), where, depth + 1)
    elif field.type == FieldDescriptor.TYPE_ENUM and isinstance(value, str):
        enum = enum_type(field)
        if enum.full_name == "google.protobuf.NullValue" or value in enum.values_by_name or _is_integer(value):
            return
        allowed = _allowed(enum)
        raise InvalidArgument(
            f"invalid value {value!r} for field {where!r}: use one of {allowed} (the name or its number)"
        )


def _is_integer(text: str) -> bool:
    """json_format takes an enum given as a string of digits as its number."""
    return _parse_int(text) is not None


def _parse_int(text: str) -> int | None:
    """`text` as an integer, None when it is none (or has more digits than Python converts, 4,300)."""
    try:
        return int(text)
    except ValueError:
        return None


def _allowed(enum: EnumDescriptor) -> str:
    return ", ".join(f"{v.name} ({v.number})" for v in enum.values)


@cache
def _has_enums(descriptor: Descriptor) -> bool:
    """Whether any enum field is reachable from `descriptor`: the check skips a logBatch's 10,000 points."""
    return _reaches_enum(descriptor, set())


def _reaches_enum(descriptor: Descriptor, seen: set[str]) -> bool:
    if descriptor.full_name in seen or descriptor.full_name.startswith("google.protobuf."):
        return False  # well-known types hold free-form JSON (Value, Struct) or no enums a client names
    seen.add(descriptor.full_name)
    for field in descriptor.fields:
        if field.type == FieldDescriptor.TYPE_ENUM and enum_type(field).full_name != "google.protobuf.NullValue":
            return True
        if field.type == FieldDescriptor.TYPE_MESSAGE and _reaches_enum(message_type(field), seen):
            return True
    return False


@cache
def _names(descriptor: Descriptor) -> dict[str, FieldDescriptor]:
    """Fields by proto name and by lowerCamel JSON name (json_format accepts both)."""
    names = {f.json_name: f for f in descriptor.fields}
    names.update(descriptor.fields_by_name)
    return names


def _field_named(descriptor: Descriptor, name: str) -> FieldDescriptor | None:
    return _names(descriptor).get(name)


def _is_map(field: FieldDescriptor) -> bool:
    return field.type == FieldDescriptor.TYPE_MESSAGE and message_type(field).GetOptions().map_entry


def _convert_scalar(field: FieldDescriptor, text: str, param: str) -> Any:
    if field.type == FieldDescriptor.TYPE_BOOL:
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise InvalidArgument(f"query parameter {param!r} must be a boolean (true/false), got {_shown(text)}")
    if field.type in _INT_TYPES:
        number = _parse_int(text)
        if number is None:
            raise InvalidArgument(f"query parameter {param!r} must be an integer, got {_shown(text)}")
        return number
    if field.type in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        try:
            return float(text)
        except ValueError:
            raise InvalidArgument(f"query parameter {param!r} must be a number, got {_shown(text)}") from None
    if field.type == FieldDescriptor.TYPE_ENUM:
        number = _parse_int(text) if _SIGNED_DIGITS.fullmatch(text) else None
        return text if number is None else number
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        if message_type(field).full_name == "google.protobuf.Value":
            return text
        raise InvalidArgument(f"query parameter {param!r} names a message; send it in a JSON body")
    return text


def _shown(text: str) -> str:
    """A value quoted in an error message, cut short: a 100 KB parameter is not worth echoing."""
    return repr(text) if len(text) <= 80 else repr(text[:80]) + f"... ({len(text)} characters)"


def fill_from_params(message: Message, params: Mapping[str, Sequence[str]]) -> None:
    """Fill `message` from query-string or path parameters (`a.b=1`, repeated keys for lists).

    Names may be proto names or lowerCamel JSON names; unknown parameters are ignored.
    """
    data: dict[str, Any] = {}
    for param, values in params.items():
        descriptor = descriptor_of(message)
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
                if not isinstance(node, dict):  # `a.b=1` after `a=x`: a field cannot be a value and have fields
                    raise InvalidArgument(f"query parameter {param!r} names fields of {field.name!r}, set as a whole")
                descriptor = message_type(field)
                continue
            if isinstance(node.get(field.name), dict):  # `a=x` after `a.b=1`
                raise InvalidArgument(f"query parameter {param!r} sets {field.name!r}, whose fields are also set")
            if _is_repeated(field):
                node.setdefault(field.name, []).extend(_convert_scalar(field, v, param) for v in values)
            else:
                node[field.name] = _convert_scalar(field, values[-1], param)
    _parse_dict(data, message)


def _is_repeated(field: FieldDescriptor) -> bool:
    return bool(field.is_repeated)
