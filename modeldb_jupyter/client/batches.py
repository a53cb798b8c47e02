"""Queue items and how the sender turns them into LogBatch / CreateRuns / SetRunStatus messages.

Items are plain tuples `(run_id, kind, a, b, c, d)` so that a log call only builds a tuple; protobuf
messages are built later, on the sender thread.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from google.protobuf import json_format
from google.protobuf.message import Message

# Re-exported for the client's modules: RunStatus numbers and their words, from the one module of limits
from modeldb_backend.limits import FAILED as FAILED
from modeldb_backend.limits import FAILED_WORD as FAILED_WORD
from modeldb_backend.limits import FINISHED as FINISHED
from modeldb_backend.limits import FINISHED_WORD as FINISHED_WORD
from modeldb_backend.limits import KILLED as KILLED
from modeldb_backend.limits import KILLED_WORD as KILLED_WORD
from modeldb_backend.limits import RUNNING as RUNNING
from modeldb_backend.limits import RUNNING_WORD as RUNNING_WORD
from modeldb_backend.limits import STATUS_NAMES as STATUS_NAMES
from modeldb_backend.pb.ext import extension_pb2

from .transport import rpc_name

SERVICE = "ExtensionService"  # the service of every request the sender sends (LogBatch, SetRunStatus, Heartbeat)

# item kinds
POINT = 0  # (run, POINT, key, step, value, timestamp_ms); step AUTO_STEP: the backend numbers it
HPARAM = 1  # (run, HPARAM, key, json_text, None, None)
ATTR = 2  # (run, ATTR, key, json_text, None, None)
TAG = 3  # (run, TAG, tag, None, None, None)
OBS = 4  # (run, OBS, key, json_text, timestamp_ms, epoch | None)
STATUS = 5  # (run, STATUS, status, end_time_ms, heartbeat_timeout_ms, None)
BARRIER = 6  # (None, BARRIER, Barrier)
CREATE = 7  # (run, CREATE, NewRun without values, None, None, None): the run's creation, sent with its first batch

AUTO_STEP = -1  # a point's step meaning "the next step of its key" (the backend's series.AUTO_STEP)


class _Open:
    """The batch being filled for one run (its idempotency key is fixed when it is closed)."""

    __slots__ = ("attrs", "create", "hparams", "items", "key", "observations", "points", "size", "tags")

    def __init__(self) -> None:
        self.key = ""
        self.create: extension_pb2.NewRun | None = None  # the run is created by this batch (createRuns)
        self.hparams: dict[str, str] = {}
        self.attrs: dict[str, str] = {}
        self.tags: dict[str, None] = {}
        self.points: list[tuple[Any, ...]] = []
        self.observations: list[tuple[Any, ...]] = []
        self.items = 0
        self.size = 0


class BatchBuilder:
    """Groups items per run; a batch is closed when it reaches MAX_ITEMS items or about MAX_BYTES of data."""

    MAX_ITEMS = 10_000
    MAX_BYTES = 2 * 1024 * 1024

    def __init__(self) -> None:
        self._open: dict[str, _Open] = {}

    def add(self, item: tuple[Any, ...]) -> Entry | None:
        run_id, kind = item[0], item[1]
        batch = self._open.get(run_id)
        if batch is None:
            batch = self._open[run_id] = _Open()
        if kind == POINT:
            batch.points.append(item)
            batch.size += 40 + len(item[2])
        elif kind == HPARAM:
            batch.hparams[item[2]] = item[3]
            batch.size += 20 + len(item[2]) + len(item[3])
        elif kind == ATTR:
            batch.attrs[item[2]] = item[3]
            batch.size += 20 + len(item[2]) + len(item[3])
        elif kind == TAG:
            batch.tags[item[2]] = None
            batch.size += 8 + len(item[2])
        elif kind == OBS:
            batch.observations.append(item)
            batch.size += 40 + len(item[2]) + len(item[3])
        elif kind == CREATE:
            batch.create = item[2]
            batch.size += 200
        else:
            raise ValueError(f"unknown queue item kind {kind}")
        batch.items += 1
        if batch.items >= self.MAX_ITEMS or batch.size >= self.MAX_BYTES:
            return self._close(run_id)
        return None

    def fold_status(self, item: tuple[Any, ...]) -> bool:
        """A status for a run whose creation is still being filled joins the creation (one message for a
        run created, filled and ended while queued); False when the run has no creation pending here."""
        batch = self._open.get(item[0])
        if batch is None or batch.create is None:
            return False
        _run, _kind, status, end_time, timeout_ms, _ = item
        create = batch.create
        create.status = status
        create.end_time = 0 if status == RUNNING else end_time or 0
        create.heartbeat_timeout_ms = timeout_ms or 0
        return True

    def finish(self, run_id: str) -> list[Entry]:
        return [self._close(run_id)] if run_id in self._open else []

    def finish_all(self) -> list[Entry]:
        return [self._close(run_id) for run_id in list(self._open)]

    def _close(self, run_id: str) -> Entry:
        batch = self._open.pop(run_id)
        if batch.create is not None:  # the run's id, chosen by the client, makes a resend the same creation
            return Entry(CREATE_RUNS, run_id, items=batch.items, raw=batch)
        batch.key = str(uuid.uuid4())  # fixed before the first send: every resend carries the same key
        return Entry(rpc_name(extension_pb2.LogBatch, SERVICE), run_id, items=batch.items, raw=batch)


@dataclass
class Entry:
    """One request in send order. A batch keeps its raw items until sent or spooled: HTTP sends JSON made
    straight from them, the embedded backend and the journal take the proto message built from them."""

    rpc: str
    run_id: str
    message: Message | None = None
    path: Path | None = None  # its journal file once spooled (then the in-memory forms are dropped)
    items: int = 0
    barrier: Any = None  # a flush point, not a request
    raw: _Open | None = None

    @property
    def creates(self) -> bool:
        """A createRuns still held in memory (it can share a call with other creations)."""
        return self.raw is not None and self.raw.create is not None

    def proto(self) -> Message | None:
        if self.message is None and self.raw is not None:
            if self.raw.create is not None:
                self.message = build_create_runs([self])
            else:
                self.message = build_log_batch(self.run_id, self.raw)
        return self.message

    def json_body(self) -> bytes | None:
        if self.raw is None:
            return None
        if self.raw.create is not None:
            return encode_create_runs([self])
        return encode_log_batch(self.run_id, self.raw)

    def forget(self) -> None:
        """Spooled: the journal file is the copy now."""
        self.message = self.raw = None


CREATE_RUNS = rpc_name(extension_pb2.CreateRuns, SERVICE)


def build_create_runs(entries: list[Entry]) -> extension_pb2.CreateRuns:
    """One CreateRuns of the creations (with their first batches) held by `entries`."""
    message = extension_pb2.CreateRuns()
    for entry in entries:
        assert entry.raw is not None and entry.raw.create is not None
        run = message.runs.add()
        run.CopyFrom(entry.raw.create)
        _fill(run, entry.raw)
    return message


def encode_create_runs(entries: list[Entry]) -> bytes:
    """The JSON body of build_create_runs(entries), the values written directly as in encode_log_batch."""
    runs = []
    for entry in entries:
        assert entry.raw is not None and entry.raw.create is not None
        head = json_format.MessageToDict(entry.raw.create, preserving_proto_field_name=True)
        parts = [json.dumps(head)[1:-1], *_batch_parts(entry.raw)]
        runs.append("{" + ",".join(p for p in parts if p) + "}")
    return ('{"runs":[' + ",".join(runs) + "]}").encode()


def build_log_batch(run_id: str, batch: _Open) -> extension_pb2.LogBatch:
    """The LogBatch message of a closed batch."""
    message = extension_pb2.LogBatch(run_id=run_id, idempotency_key=batch.key)
    _fill(message, batch)
    return message


def _fill(message: extension_pb2.LogBatch | extension_pb2.NewRun, batch: _Open) -> None:
    """The batch's values into a LogBatch or a NewRun (the same fields)."""
    for key, text in batch.hparams.items():
        kv = message.hyperparameters.add(key=key)
        json_format.Parse(text, kv.value)
    for key, text in batch.attrs.items():
        kv = message.attributes.add(key=key)
        json_format.Parse(text, kv.value)
    message.tags.extend(batch.tags)
    add_point = message.metric_points.add
    for _run, _kind, key, step, value, timestamp in batch.points:
        add_point(key=key, step=step, value=value, timestamp=timestamp)
    for _run, _kind, key, text, timestamp, epoch in batch.observations:
        obs = message.observations.add(timestamp=timestamp)
        obs.attribute.key = key
        json_format.Parse(text, obs.attribute.value)
        if epoch is not None:
            obs.epoch_number.number_value = epoch


def encode_log_batch(run_id: str, batch: _Open) -> bytes:
    """The JSON body grpc-gateway would parse into the same LogBatch, written directly from the items.

    json_format costs tens of µs per point; this costs about one. Values are already JSON text (checked at
    the call) and metric values finite floats, whose repr is valid JSON.
    """
    parts = [f'"run_id":{json.dumps(run_id)}', f'"idempotency_key":{json.dumps(batch.key)}', *_batch_parts(batch)]
    return ("{" + ",".join(parts) + "}").encode()


def _batch_parts(batch: _Open) -> list[str]:
    """The JSON members of a batch's values (LogBatch and NewRun name them alike)."""
    dumps = json.dumps
    parts: list[str] = []
    for field, values in (("hyperparameters", batch.hparams), ("attributes", batch.attrs)):
        if values:
            kvs = ",".join(f'{{"key":{dumps(k)},"value":{text}}}' for k, text in values.items())
            parts.append(f'"{field}":[{kvs}]')
    if batch.tags:
        parts.append(f'"tags":{dumps(list(batch.tags))}')
    if batch.points:
        keys = {p[2]: dumps(p[2]) for p in batch.points}
        points = ",".join(
            f'{{"key":{keys[k]},"step":{s},"value":{v!r},"timestamp":{t}}}' for _r, _k, k, s, v, t in batch.points
        )
        parts.append(f'"metric_points":[{points}]')
    if batch.observations:
        parts.append(f'"observations":[{",".join(_observation_json(o) for o in batch.observations)}]')
    return parts


def _observation_json(item: tuple[Any, ...]) -> str:
    _run, _kind, key, text, timestamp, epoch = item
    epoch_part = "" if epoch is None else f',"epoch_number":{epoch}'
    return f'{{"attribute":{{"key":{json.dumps(key)},"value":{text}}},"timestamp":{timestamp}{epoch_part}}}'


def status_message(item: tuple[Any, ...]) -> extension_pb2.SetRunStatus:
    run_id, _kind, status, end_time, timeout_ms, _ = item
    return extension_pb2.SetRunStatus(
        run_id=run_id, status=status, end_time=end_time or 0, heartbeat_timeout_ms=timeout_ms or 0
    )
