"""Validation and storage encoding of keys, names, tags and protobuf Values."""

from __future__ import annotations

import json
import math
from typing import Any

from google.protobuf import json_format, struct_pb2

from ..errors import InvalidArgument
from ..jsonutil import integral_floats_as_ints
from ..limits import MAX_KEY_LENGTH, MAX_NAME_LENGTH, MAX_TAG_LENGTH, MAX_VALUE_BYTES


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
    """Validated, de-duplicated tags in request order (a set keeps the de-duplication linear)."""
    seen: set[str] = set()
    out: list[str] = []
    for tag in tags:
        if not tag or not tag.strip():
            raise InvalidArgument("tag is empty: tags must be non-empty strings")
        if len(tag) > MAX_TAG_LENGTH:
            raise InvalidArgument(f"tag {tag[:40]!r}... is {len(tag)} characters long; the limit is {MAX_TAG_LENGTH}")
        if "\x00" in tag:
            raise InvalidArgument(f"tag {tag!r} contains a NUL character")
        if tag not in seen:
            seen.add(tag)
            out.append(tag)
    return out


def value_to_python(value: struct_pb2.Value) -> Any:
    return json_format.MessageToDict(value)


def encode_value(
    value: struct_pb2.Value, key: str, limit: int = MAX_VALUE_BYTES
) -> tuple[str, float | None, str | None]:
    """(exact JSON text, numeric copy for comparisons, string copy for comparisons) of a Value."""
    kind = value.WhichOneof("kind")
    if kind == "number_value":
        return _encode_number(value.number_value, key)
    if kind == "string_value":
        text = json.dumps(value.string_value, ensure_ascii=False)
        _check_size(text, key, limit)
        # PostgreSQL text cannot hold NUL; the comparison copy drops it (`text` keeps the exact value).
        return text, None, value.string_value.replace("\x00", "")
    if kind == "bool_value":
        return ("true", None, "true") if value.bool_value else ("false", None, "false")
    # Structs and lists (rare) go through json_format; the scalars above skip it, which costs ~10x more.
    try:
        text = json.dumps(
            integral_floats_as_ints(value_to_python(value)), separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except ValueError as exc:
        raise InvalidArgument(f"value of {key!r} cannot be stored: {exc}") from exc
    _check_size(text, key, limit)
    return text, None, None


def _encode_number(number: float, key: str) -> tuple[str, float, None]:
    if not math.isfinite(number):
        raise InvalidArgument(f"value of {key!r} is {number}: only finite numbers can be stored")
    return json.dumps(integral_floats_as_ints(number)), number, None


def _check_size(text: str, key: str, limit: int) -> None:
    size = len(text.encode())
    if size > limit:
        raise InvalidArgument(f"value of {key!r} is {size} bytes; the limit is {limit} bytes")


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
