"""Small helpers between Python values and the proto messages (imported lazily by the entity modules)."""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Iterable, Mapping
from typing import Any, Protocol, TypeVar

from google.protobuf import json_format
from google.protobuf.message import Message

from .values import check_key, json_value

R = TypeVar("R", bound=Message, covariant=True)


class TypedRequest(Protocol[R]):
    """A generated request message (`dataset_service_pb2.DeleteDataset(id=...)`): ModelDB's protos nest each
    RPC's answer in its request type as `Response`, which is how `Client.call` knows (and mypy checks) what
    comes back."""

    @property
    def Response(self) -> type[R]: ...


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def key_values(values: Mapping[str, Any] | None, what: str) -> list[Any]:
    """Validated `ai.verta.common.KeyValue` messages (for create calls that take attributes)."""
    from modeldb_backend.pb.common import common_pb2

    out = []
    for key, value in (values or {}).items():
        kv = common_pb2.KeyValue(key=check_key(key, what))
        json_format.Parse(json_value(value, key, what), kv.value)
        out.append(kv)
    return out


def plain(value: Any) -> Any:
    """A Value message as Python; integral numbers come back as ints (the backend stores 3.0 as 3 too)."""
    data = _as_python(value) if isinstance(value, Message) else value
    return _ints(data)


def _as_python(value: Any) -> Any:
    """MessageToDict of a Value, with the scalar kinds read directly (json_format costs ~10x more each)."""
    kind = value.WhichOneof("kind")
    if kind == "number_value" and math.isfinite(value.number_value):  # non-finite: json_format's error
        return value.number_value
    if kind == "string_value":
        return value.string_value
    if kind == "bool_value":
        return value.bool_value
    if kind == "null_value":
        return None
    return json_format.MessageToDict(value)


def _ints(data: Any) -> Any:
    if isinstance(data, float) and data.is_integer() and abs(data) < 2**53:
        return int(data)
    if isinstance(data, dict):
        return {k: _ints(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_ints(v) for v in data]
    return data


def kv_dict(kvs: Iterable[Any], numbers_as_float: bool = False) -> dict[str, Any]:
    """KeyValue messages → {key: python value}; metrics stay floats."""
    if numbers_as_float:
        return {kv.key: _as_python(kv.value) for kv in kvs}
    return {kv.key: plain(kv.value) for kv in kvs}


def from_ms(ms: int) -> dt.datetime | None:
    """A timestamp in ms as an aware UTC datetime; 0 (unset) is None."""
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC) if ms else None


def to_ms(value: Any) -> int:
    """ms since the epoch from a datetime, an ISO 8601 string, or a number: seconds (as time.time() gives)
    when below 1e11, else already milliseconds."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"timestamp {value!r} is not an ISO 8601 date-time such as 2024-05-01T12:00:00") from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.astimezone()  # naive means local time, as datetime.now() gives
        value = value.timestamp()
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"timestamp must be a datetime, an ISO string or a Unix time, got {type(value).__name__}")
    if not 0 <= value < 1e16:  # NaN fails this too
        raise ValueError(f"timestamp {value} is not a time after 1970")
    return int(value * 1000) if value < 1e11 else int(value)
