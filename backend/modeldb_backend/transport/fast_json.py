"""Fast JSON paths for the bulk messages: a logBatch's metric points in; a metric history and a page of run
columns (queryRunColumns) out.

`json_format` spends ~50 µs per field-bearing message, which makes a 10,000-point batch or a
100,000-point history cost seconds over REST. These functions give exactly what `json_format` would
for the plain, well-formed shapes clients send, and decline (return False/None) for anything else, so
the general path keeps every edge case (lowerCamel mix-ups, odd number spellings, errors).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, cast

from google.protobuf.message import Message

from ..errors import InvalidArgument
from ..pb.ext import extension_pb2 as ext_pb

_INT64 = 2**63
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)")
_POINT_FIELDS = frozenset({"key", "step", "value", "timestamp"})
_LOG_BATCH = ext_pb.LogBatch.DESCRIPTOR.full_name
_CREATE_RUNS = ext_pb.CreateRuns.DESCRIPTOR.full_name
_HISTORY = ext_pb.GetMetricHistory.Response.DESCRIPTOR.full_name


def _int64(value: Any) -> int | None:
    """A JSON int64 as json_format takes it when plain: a number, or a string of decimal digits."""
    if type(value) is int:
        return value if -_INT64 <= value < _INT64 else None
    if type(value) is str and _DECIMAL.fullmatch(value):
        number = int(value)
        return number if -_INT64 <= number < _INT64 else None
    return None


def _points(items: Any) -> list[ext_pb.MetricPoint] | None:
    if type(items) is not list:
        return None
    out = []
    for item in items:
        if type(item) is not dict or not item.keys() <= _POINT_FIELDS:
            return None
        key, value = item.get("key", ""), item.get("value", 0)
        step, timestamp = _int64(item.get("step", 0)), _int64(item.get("timestamp", 0))
        if type(key) is not str or type(value) not in (int, float) or step is None or timestamp is None:
            return None
        if (type(value) is int and not -_INT64 <= value < _INT64) or not math.isfinite(value):
            return None  # json_format refuses a bare NaN or infinity; let it say so
        out.append(ext_pb.MetricPoint(key=key, step=step, value=value, timestamp=timestamp))
    return out


def parse_fast(data: Any, message: Message) -> bool:
    """Fill a LogBatch (or a CreateRuns, whose runs carry points the same way) whose points are plain;
    False (message untouched) when the general path must."""
    if message.DESCRIPTOR.full_name == _CREATE_RUNS and type(data) is dict:
        return _parse_create_runs(data, cast(ext_pb.CreateRuns, message))  # its full name was just checked
    if message.DESCRIPTOR.full_name != _LOG_BATCH or type(data) is not dict:
        return False
    names = [n for n in ("metric_points", "metricPoints") if n in data]
    if len(names) != 1:
        return False
    points = _points(data[names[0]])
    if points is None:
        return False
    from google.protobuf import json_format

    rest = {k: v for k, v in data.items() if k != names[0]}
    try:
        json_format.ParseDict(rest, message, ignore_unknown_fields=True)
    except json_format.ParseError:
        message.Clear()
        return False
    cast(ext_pb.LogBatch, message).metric_points.extend(points)  # its full name was checked above
    return True


def reject_non_numeric_points(data: Any, message: Message) -> None:
    """json_format takes `true` as 1.0 and `null` as 0.0 for a double: a metric point must be a real number."""
    if not isinstance(data, dict):
        return
    if message.DESCRIPTOR.full_name == _CREATE_RUNS:
        runs = data.get("runs")
        for run in runs if isinstance(runs, list) else []:
            _reject_non_numeric(run, "runs[].")
    elif message.DESCRIPTOR.full_name == _LOG_BATCH:
        _reject_non_numeric(data, "")


def _reject_non_numeric(data: Any, where: str) -> None:
    for name in ("metric_points", "metricPoints"):
        points = data.get(name) if isinstance(data, dict) else None
        for i, point in enumerate(points if isinstance(points, list) else []):
            value = point.get("value", 0) if isinstance(point, dict) else 0
            if value is None or isinstance(value, bool):
                raise InvalidArgument(f"{where}metric_points[{i}].value must be a number, not {json.dumps(value)}")


def _parse_create_runs(data: dict[str, Any], message: ext_pb.CreateRuns) -> bool:
    """Each run's points by the fast path, the rest of the message by json_format (a few fields per run)."""
    runs = data.get("runs")
    if type(runs) is not list or any(type(run) is not dict or "metricPoints" in run for run in runs):
        return False
    points = [_points(run.get("metric_points", [])) for run in runs]
    if any(p is None for p in points):
        return False
    from google.protobuf import json_format

    rest = [{k: v for k, v in run.items() if k != "metric_points"} for run in runs]
    try:
        json_format.ParseDict({**data, "runs": rest}, message, ignore_unknown_fields=True)
    except json_format.ParseError:
        message.Clear()
        return False
    for run, run_points in zip(message.runs, points, strict=True):
        run.metric_points.extend(run_points or [])
    return True


def _double(value: float) -> Any:
    """A double as json_format renders it, then as the gateway prints integral values (3.0 as 3)."""
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def history_to_json(message: Message) -> dict[str, Any] | None:
    """grpc-gateway JSON of a GetMetricHistory response; None for any other message."""
    if message.DESCRIPTOR.full_name != _HISTORY:
        return None
    history = cast(ext_pb.GetMetricHistory.Response, message)  # its full name was just checked
    series = []
    for s in history.series:
        item: dict[str, Any] = {}
        if s.run_id:
            item["run_id"] = s.run_id
        if s.key:
            item["key"] = s.key
        if s.steps:
            item["steps"] = [str(v) for v in s.steps]
        if s.values:
            item["values"] = [_double(v) for v in s.values]
        if s.timestamps:
            item["timestamps"] = [str(v) for v in s.timestamps]
        series.append(item)
    return {"series": series} if series else {}


_COLUMNS = ext_pb.QueryRunColumns.Response.DESCRIPTOR.full_name
_STATUS_NAMES = {v.number: v.name for v in ext_pb.RunStatus.DESCRIPTOR.values}
_KIND_NAMES = {v.number: v.name for v in ext_pb.ColumnKind.DESCRIPTOR.values}
_RUN_ARRAYS = (
    "ids",
    "names",
    "project_ids",
    "experiment_ids",
    "descriptions",
    "owners",
    "date_created",
    "date_updated",
    "start_times",
    "end_times",
    "tag_counts",
    "tags",
)


def _doubles(values: Any) -> list[Any]:
    """Finite doubles as JSON numbers; NaN and infinities as json_format spells them (strings)."""
    out = list(values)
    if all(map(math.isfinite, out)):
        return out
    return [v if math.isfinite(v) else _double(v) for v in out]


def columns_to_json(message: Message) -> dict[str, Any] | None:
    """JSON of a QueryRunColumns response as plain lists (json_format takes seconds for 10,000 runs); None for
    any other message. json_format.ParseDict reads it back: 64-bit ints are plain numbers (all below 2**53:
    ms timestamps and counts), enums are names, and empty fields are omitted as json_format omits them."""
    if message.DESCRIPTOR.full_name != _COLUMNS:
        return None
    response = cast(ext_pb.QueryRunColumns.Response, message)  # its full name was just checked
    out: dict[str, Any] = {}
    if response.total_records:
        out["total_records"] = str(response.total_records)
    for name in _RUN_ARRAYS:
        values = getattr(message, name)
        if values:
            out[name] = list(values)
    if response.statuses:
        out["statuses"] = [_STATUS_NAMES.get(s, s) for s in response.statuses]
    columns = []
    for column in response.key_columns:
        item: dict[str, Any] = {"field": column.field, "key": column.key, "kind": _KIND_NAMES.get(column.kind)}
        if column.rows:
            item["rows"] = list(column.rows)
        if column.bools:
            item["bools"] = list(column.bools)
        if column.doubles:
            item["doubles"] = _doubles(column.doubles)
        if column.strings:
            item["strings"] = list(column.strings)
        columns.append(item)
    if columns:
        out["key_columns"] = columns
    if response.entity_names:
        out["entity_names"] = dict(response.entity_names)
    return out
