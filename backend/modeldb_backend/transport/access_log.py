"""Request ids, the instance name and the access log: one line per request, REST and gRPC alike.

Every request gets an id: the caller's `X-Request-Id` (gRPC metadata `x-request-id`) when it is a safe token
(at most 128 of `[A-Za-z0-9._-]`), else a fresh one; the answer carries it back, with `X-ModelDB-Instance`
(gRPC initial metadata `x-modeldb-instance`) naming the server that answered, so a request seen at a load
balancer, in a client's error and in this log is the same one.

The log goes to the logger `modeldb_backend.access` (INFO): a JSON object per line (`MODELDB_ACCESS_LOG=json`),
a space-separated line (`text`) or nothing (`off`). `modeldb-backend serve` writes it to standard error with the
server's own log, but without its prefix (`configure_logger`): access lines are the ones that start with `{`.
Standard error because whoever runs the server reads it already (a harness that pipes standard output and never
reads it would block the server once the pipe fills). Other hosts route the logger as they like.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import sys
import time
from dataclasses import dataclass
from typing import Any

from ..settings import Settings
from . import metrics

REQUEST_ID_HEADER = "X-Request-Id"
INSTANCE_HEADER = "X-ModelDB-Instance"
REQUEST_ID_METADATA = "x-request-id"
INSTANCE_METADATA = "x-modeldb-instance"
MAX_REQUEST_ID = 128
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
log = logging.getLogger("modeldb_backend.access")


def request_id(offered: str | None) -> str:
    """The caller's id when it is safe to echo and log, else a new one (a caller's bad id is no error)."""
    if offered and len(offered) <= MAX_REQUEST_ID and _SAFE_ID.fullmatch(offered):
        return offered
    return os.urandom(16).hex()  # as random as a uuid4, cheaper to make


def default_instance_name(port: int) -> str:
    """`<hostname>:<REST port>`: unique per replica on a machine, and per pod in a cluster."""
    return f"{socket.gethostname()}:{port}"


@dataclass
class Entry:
    """What one line of the access log says about one request."""

    request_id: str
    transport: str  # rest | grpc
    method: str  # the HTTP method; POST for gRPC
    path: str  # the HTTP path without its query string; the gRPC method path
    service: str  # the RPC's service (ProjectService), or "http" for routes that are no RPC
    rpc: str  # the RPC's method (createProject), or the route's handler (GetArtifactHandler, NotFoundHandler)
    status: int | str  # the HTTP status; the gRPC code name
    duration_ms: float
    bytes_in: int
    bytes_out: int
    actor: str


class Operations:
    """The per-server state of request ids, the access log and metrics: one per server, shared by its routes.

    `instance` is filled in once the server knows its port (the default name holds the port actually bound).
    """

    def __init__(self, settings: Settings, instance: str | None = None) -> None:
        self.instance = instance or settings.instance_name
        self.format = settings.access_log
        self._second, self._prefix = -1, ""

    def finish(self, entry: Entry) -> None:
        """Count the answered request in the metrics and write its access log line."""
        metrics.observe(entry.transport, entry.service, entry.rpc, str(entry.status), entry.duration_ms / 1000)
        if self.format != "off" and log.isEnabledFor(logging.INFO):
            log.info(self._line(entry))

    def headers(self, request_id: str) -> tuple[tuple[str, str], ...]:
        """The gRPC initial metadata of an answer."""
        if self.instance:
            return ((REQUEST_ID_METADATA, request_id), (INSTANCE_METADATA, self.instance))
        return ((REQUEST_ID_METADATA, request_id),)

    def _line(self, entry: Entry) -> str:
        now = time.time()
        second = int(now)
        if second != self._second:  # formatting the date once a second, not once a request
            self._second, self._prefix = second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        ts = f"{self._prefix}.{int((now - second) * 1000):03d}Z"
        if self.format == "text":
            return (
                f"{ts} {self.instance or '-'} {entry.request_id} {entry.transport} {entry.method} {entry.path} "
                f"{entry.status} {entry.duration_ms:.1f}ms in={entry.bytes_in} out={entry.bytes_out} "
                f"actor={entry.actor} rpc={entry.service}.{entry.rpc}"
            )
        fields: dict[str, Any] = {"ts": ts, "instance": self.instance, **entry.__dict__}
        return json.dumps(fields, separators=(",", ":"))


def configure_logger() -> None:
    """Access lines on standard error, without the prefix of the server's log lines (each line one JSON object)."""
    if log.handlers:  # configured already (a second server in this process, or by the host)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def http_entry(handler: Any) -> Entry:
    """The entry of a finished Tornado request (any handler: our routes, Tornado's own 404/405)."""
    request = handler.request
    route = getattr(handler, "routes", {}).get(request.method)  # an RPC route (rest.RpcHandler)
    if route is not None:
        service, rpc = route.rpc.service.rsplit(".", 1)[-1], route.rpc.name
    else:
        service, rpc = "http", type(handler).__name__
    length = handler._headers.get("Content-Length")  # set by finish() for every answer not streamed in chunks
    return Entry(
        request_id=getattr(handler, "request_id", "") or "-",
        transport="rest",
        method=request.method,
        path=request.path,
        service=service,
        rpc=rpc,
        status=handler.get_status(),
        duration_ms=round(request.request_time() * 1000, 3),
        bytes_in=getattr(handler, "_received", 0) or len(request.body or b""),
        bytes_out=int(length) if length and length.isdigit() else 0,
        actor=handler.__dict__.get("actor", "-"),  # set once authentication succeeded
    )


class GrpcCall:
    """One gRPC call as the access log and metrics see it; `finish` once it ends, however it ends.

    `code` starts as CANCELLED: a call that neither answers nor fails with an error of ours was cancelled (the
    caller went away, the server stopped); the handler sets OK or the error's code otherwise.
    """

    def __init__(self, ops: Operations, service: str, rpc: str, path: str, metadata: Any) -> None:
        self.ops, self.service, self.rpc, self.path = ops, service, rpc, path
        self.started = time.perf_counter()
        offered = next((v for k, v in metadata or () if k == REQUEST_ID_METADATA and isinstance(v, str)), None)
        self.request_id = request_id(offered)
        self.code = "CANCELLED"
        self.actor = "-"
        self.bytes_in = self.bytes_out = 0
        metrics.GRPC_IN_FLIGHT.inc()

    def finish(self) -> None:
        metrics.GRPC_IN_FLIGHT.dec()
        duration_ms = round((time.perf_counter() - self.started) * 1000, 3)
        entry = Entry(
            self.request_id, "grpc", "POST", self.path, self.service, self.rpc, self.code, duration_ms,
            self.bytes_in, self.bytes_out, self.actor,
        )  # fmt: skip
        self.ops.finish(entry)
