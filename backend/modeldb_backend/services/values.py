"""Validation and storage encoding of keys, names, tags and protobuf Values."""

from __future__ import annotations

import json
import math
from typing import Any

from google.protobuf import json_format, struct_pb2

from ..errors import InvalidArgument
from ..jsonutil import integral_floats_as_ints

MAX_KEY_LENGTH = 250
MAX_NAME_LENGTH = 256
MAX_TAG_LENGTH = 250
MAX_VALUE_BYTES = 64 * 1024


def check_name(name: str, what: str) -> str:
    """Names are trimmed of surrounding blanks; over-long or control-character names are refused."""
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidArgument(f"{what} name is {len(name)} characters long; the limit is {MAX_NAME_LENGTH}")
    if any(ord(c) < 32 for c in name):
        raise InvalidArgument(f"{what} name must not contain control characters")
    return name


def check_key(key: str, what: str = "key") -> str:
    if not key:
        raise InvalidArgument(f"{what} is empty: every {what} needs a non-empty key")
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidArgument(f"{what} {key[:40]!r}... is {len(key)} characters long; the limit is {MAX_KEY_LENGTH}")
    if "\x00" in key:
        raise InvalidArgument(f"{what} {key!r} contains a NUL character")
    return key


def check_tags(tags: list[str] | Any) -> list[str]:
    """Validated, de-duplicated tags in request order."""
    out: list[str] = []
    for tag in tags:
        if not tag or not tag.strip():
            raise InvalidArgument("tag is empty: tags must be non-empty strings")
        if len(tag) > MAX_TAG_LENGTH:
            raise InvalidArgument(f"tag {tag[:40]!r}... is {len(tag)} characters long; the limit is {MAX_TAG_LENGTH}")
        if "\x00" in tag:
            raise InvalidArgument(f"tag {tag!r} contains a NUL character")
        if tag not in out:
            out.append(tag)
    return out


def value_to_python(value: struct_pb2.Value) -> Any:
    return json_format.MessageToDict(value)


def encode_value(
    value: struct_pb2.Value, key: str, limit: int = MAX_VALUE_BYTES
) -> tuple[str, float | None, str | None]:
    """(exact JSON text, numeric copy for comparisons, string copy for comparisons) of a Value."""
    kind = value.WhichOneof("kind")
    if kind == "number_value" and not math.isfinite(value.number_value):
        raise InvalidArgument(f"value of {key!r} is {value.number_value}: only finite numbers can be stored")
    try:
        text = json.dumps(
            integral_floats_as_ints(value_to_python(value)), separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except ValueError as exc:
        raise InvalidArgument(f"value of {key!r} cannot be stored: {exc}") from exc
    if len(text.encode()) > limit:
        raise InvalidArgument(f"value of {key!r} is {len(text.encode())} bytes; the limit is {limit} bytes")
    if kind == "number_value":
        return text, value.number_value, None
    if kind == "string_value":
        # PostgreSQL text cannot hold NUL; the comparison copy drops it (`text` keeps the exact value).
        return text, None, value.string_value.replace("\x00", "")
    if kind == "bool_value":
        return text, None, "true" if value.bool_value else "false"
    return text, None, None


def decode_value(text: str) -> struct_pb2.Value:
    data = json.loads(text)
    kind = type(data)
    # Scalars (nearly every stored value) skip json_format, which costs ~10x more per value.
    if kind is float or kind is int:
        return struct_pb2.Value(number_value=data)
    if kind is str:
        return struct_pb2.Value(string_value=data)
    if kind is bool:
        return struct_pb2.Value(bool_value=data)
    if data is None:
        return struct_pb2.Value(null_value=struct_pb2.NULL_VALUE)
    value = struct_pb2.Value()
    json_format.ParseDict(data, value)
    return value
