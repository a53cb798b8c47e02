"""grpc.health.v1.Health on the gRPC port, with ModelDB's service names.

`Check("")` is the server's own status: SERVING while it serves (a gRPC call can only arrive once the server
has started), NOT_SERVING once shutdown began. `"live"` is SERVING whenever the process answers; `"ready"` is
SERVING when, in addition, the database answers a query within READY_TIMEOUT_S. Any other name is NOT_FOUND.
`Watch` streams the status of a name whenever it changes (checked every WATCH_INTERVAL_S; SERVICE_UNKNOWN for
an unknown name, as the standard says), and ends after telling NOT_SERVING when the server shuts down.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc  # type: ignore[import-untyped]  # the package ships no type information
from sqlalchemy import text

from ..backend import Backend
from ..store.engine import Database

log = logging.getLogger(__name__)
SERVING: int = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING: int = health_pb2.HealthCheckResponse.NOT_SERVING
SERVICE_UNKNOWN: int = health_pb2.HealthCheckResponse.SERVICE_UNKNOWN
READY, LIVE = "ready", "live"
READY_TIMEOUT_S = 3.0  # a database slower than this to answer `SELECT 1` is not ready
WATCH_INTERVAL_S = 2.0

_servicers: weakref.WeakKeyDictionary[grpc.aio.Server, Health] = weakref.WeakKeyDictionary()


def _ping(database: Database) -> None:
    with database.engine.connect() as conn:
        conn.execute(text("SELECT 1"))


class Health(health_pb2_grpc.HealthServicer):  # type: ignore[misc]  # an untyped base class (see the import)
    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self._stopping = asyncio.Event()

    async def begin_shutdown(self) -> None:
        """From now on every name but "live" is NOT_SERVING, and Watch streams end after saying so."""
        self._stopping.set()

    async def _ready(self) -> bool:
        try:
            await asyncio.wait_for(self._backend.run_blocking(_ping, self._backend.db), READY_TIMEOUT_S)
        except Exception as exc:  # any failure to answer (down, dropped, timed out, shutting down) is "not ready"
            log.info("readiness check: the database does not answer: %s", exc or type(exc).__name__)
            return False
        return True

    async def status(self, service: str) -> int | None:
        """The status of `service`, or None for a name this server does not know."""
        if service == LIVE:
            return SERVING
        if service not in ("", READY):
            return None
        if self._stopping.is_set():
            return NOT_SERVING
        if service == READY and not await self._ready():
            return NOT_SERVING
        return SERVING

    async def Check(
        self, request: health_pb2.HealthCheckRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> health_pb2.HealthCheckResponse:
        status = await self.status(request.service)
        if status is None:
            await context.abort(grpc.StatusCode.NOT_FOUND, f"unknown service {request.service}")
        return health_pb2.HealthCheckResponse(status=status)

    async def Watch(self, request: health_pb2.HealthCheckRequest, context: grpc.aio.ServicerContext[Any, Any]) -> None:
        last = None
        while True:
            status = await self.status(request.service)
            status = SERVICE_UNKNOWN if status is None else status
            if status != last:
                await context.write(health_pb2.HealthCheckResponse(status=status))
                last = status
            if self._stopping.is_set():
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), WATCH_INTERVAL_S)


def add_health(server: grpc.aio.Server, backend: Backend) -> Health:
    """Serve grpc.health.v1.Health on `server`; `health_of(server)` finds it again (for shutdown)."""
    health = Health(backend)
    health_pb2_grpc.add_HealthServicer_to_server(health, server)
    _servicers[server] = health
    return health


def health_of(server: grpc.aio.Server) -> Health | None:
    return _servicers.get(server)
