"""Standalone server: REST gateway and gRPC on one event loop, with clean shutdown on signals."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import signal
import socket
from dataclasses import dataclass, field

import grpc
import tornado.httpserver
import tornado.netutil

from .backend import Backend
from .settings import Settings
from .transport.grpc_server import make_grpc_server
from .transport.rest import make_app

log = logging.getLogger("modeldb_backend")


class InsecureBindError(RuntimeError):
    pass


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    if not host:
        return False  # an empty host binds every interface
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        try:
            return all(ipaddress.ip_address(a[4][0]).is_loopback for a in socket.getaddrinfo(host, None))
        except OSError:
            return False


def check_bind_policy(settings: Settings) -> None:
    """Refuse to expose an unauthenticated server beyond this machine unless explicitly told to."""
    if not settings.token and not settings.insecure and not is_loopback(settings.host):
        raise InsecureBindError(
            f"refusing to listen on {settings.host} without a token: set MODELDB_TOKEN, "
            "or pass --insecure to serve everyone on the network without authentication"
        )


@dataclass
class RunningServer:
    backend: Backend
    http_port: int
    grpc_port: int | None
    _http: tornado.httpserver.HTTPServer
    _grpc: grpc.aio.Server | None
    _stopped: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def url(self) -> str:
        host = self.backend.settings.host
        return f"http://{'[' + host + ']' if ':' in host else host}:{self.http_port}"

    async def stop(self) -> None:
        self._http.stop()
        if self._grpc is not None:
            await self._grpc.stop(grace=2)
        await self._http.close_all_connections()
        self.backend.close()
        self._stopped.set()

    async def wait_stopped(self) -> None:
        await self._stopped.wait()


async def start_server(settings: Settings, backend: Backend | None = None) -> RunningServer:
    """Open the backend and start listening; port 0 picks a free port (tests)."""
    check_bind_policy(settings)
    backend = backend or Backend.open(settings)
    app = make_app(backend)
    http = tornado.httpserver.HTTPServer(app, max_body_size=settings.max_upload_size, idle_connection_timeout=300)
    sockets = tornado.netutil.bind_sockets(settings.port, address=settings.host)
    http.add_sockets(sockets)
    http_port = sockets[0].getsockname()[1]
    grpc_server = None
    grpc_port = None
    if settings.grpc_port is not None:
        grpc_server, grpc_port = make_grpc_server(backend, settings.host, settings.grpc_port)
        await grpc_server.start()
    server = RunningServer(backend, http_port, grpc_port, http, grpc_server)
    log.info("database: %s (%s), schema %s", settings.redacted_db_url(), backend.db_kind, backend.schema_revision)
    log.info("artifacts: %s", settings.artifact_root)
    log.info("REST gateway listening on %s/api/v1/modeldb/", server.url)
    if grpc_port is not None:
        log.info("gRPC listening on %s:%d", settings.host, grpc_port)
    log.info("authentication: %s", "token required" if settings.token else "none (loopback only)")
    return server


async def serve_forever(settings: Settings) -> None:
    server = await start_server(settings)
    loop = asyncio.get_running_loop()
    stop_requested = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop_requested.set)
    await stop_requested.wait()
    log.info("shutting down")
    await server.stop()
    log.info("stopped")
