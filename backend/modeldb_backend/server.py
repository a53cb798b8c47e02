"""Standalone server: REST gateway and gRPC on one event loop, with clean shutdown on signals."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import signal
import socket
from collections.abc import Callable
from dataclasses import dataclass, field

import grpc
import tornado.httpserver
import tornado.netutil

from .backend import COMMIT_SETTLE_S, Backend
from .settings import Settings
from .transport.access_log import Operations, default_instance_name
from .transport.access_log import configure_logger as configure_access_logger
from .transport.core import BackendHost
from .transport.grpc_server import make_grpc_server
from .transport.health import health_of
from .transport.metrics import multiprocess_dir, sample_periodically
from .transport.probes import DRAINING, Readiness, probe_routes
from .transport.rest import make_app, make_http_server
from .transport.unavailable_http import unavailable_routes

log = logging.getLogger("modeldb_backend")
CLOSE_CONNECTIONS_S = 2.0


class InsecureBindError(RuntimeError):
    pass


class ListenError(RuntimeError):
    """A port could not be bound (in use, address not on this machine, ...)."""


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
    if not settings.token and not settings.tokens_file and not settings.insecure and not is_loopback(settings.host):
        raise InsecureBindError(
            f"refusing to listen on {settings.host} without a token: set MODELDB_TOKEN or MODELDB_TOKENS_FILE, "
            "or pass --insecure to serve everyone on the network without authentication"
        )


@dataclass
class RunningServer:
    backend: Backend
    http_port: int
    grpc_port: int | None
    _http: tornado.httpserver.HTTPServer
    _grpc: grpc.aio.Server | None
    readiness: Readiness
    _stopped: asyncio.Event = field(default_factory=asyncio.Event)
    _sweeper: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        host = self.backend.settings.host
        return f"http://{'[' + host + ']' if ':' in host else host}:{self.http_port}"

    async def drain(self, seconds: float, cut_short: asyncio.Event | None = None) -> None:
        """Report not ready (/readyz and gRPC health) for `seconds` while still serving every request, so that
        load balancers stop sending new ones before `stop` refuses them; `cut_short` ends the wait early."""
        self.readiness.begin_shutdown(DRAINING)
        health = health_of(self._grpc) if self._grpc is not None else None
        if health is not None:
            await health.begin_shutdown()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for((cut_short or asyncio.Event()).wait(), seconds)

    async def stop(self, grace: float | None = None) -> int:
        """Stop in bounded time: no new connections or requests, `grace` seconds (default: the setting
        shutdown_grace_seconds) for the requests under way, then those left are answered 503 and abandoned
        (their transactions roll back). Returns how many."""
        if grace is None:
            grace = self.backend.settings.shutdown_grace_seconds
        self.readiness.begin_shutdown()
        if self._sweeper is not None:
            self._sweeper.cancel()
            await asyncio.gather(self._sweeper, return_exceptions=True)
        self._http.stop()
        self.backend.begin_shutdown()
        # gRPC calls under way end with the backend's answer (a 503 once abandoned), inside this grace.
        grpc_stopped = None
        if self._grpc is not None:
            grpc_stopped = asyncio.create_task(stop_grpc(self._grpc, grace + COMMIT_SETTLE_S + 1))
        abandoned = await self.backend.aclose(grace)
        if grpc_stopped is not None:
            await grpc_stopped
        try:  # the abandoned requests' 503s go out; a client that never reads its answer is not waited for
            await asyncio.wait_for(self._http.close_all_connections(), CLOSE_CONNECTIONS_S)
        except TimeoutError:
            log.warning("some connections did not close within %s s", CLOSE_CONNECTIONS_S)
        self._stopped.set()
        return abandoned

    async def wait_stopped(self) -> None:
        await self._stopped.wait()


async def stop_grpc(server: grpc.aio.Server, grace: float) -> None:
    """Stop a gRPC server of `make_grpc_server`: calls under way get `grace` seconds, health watchers none.

    Every host stops its gRPC server here (this server and the Jupyter extension), so that none forgets the
    health service: a Watch stream lasts until told NOT_SERVING, and would otherwise hold the whole grace.
    """
    health = health_of(server)
    if health is not None:
        await health.begin_shutdown()
    await server.stop(grace=grace)


async def start_server(settings: Settings, backend: Backend | None = None, reuse_port: bool = False) -> RunningServer:
    """Open the backend and start listening; port 0 picks a free port (tests). `reuse_port`: the REST port is
    shared with the other worker processes of `serve --workers N` (SO_REUSEPORT; gRPC sets it by default)."""
    check_bind_policy(settings)
    owned = backend is None
    backend = backend or Backend.open(settings)
    try:
        server = await _listen(settings, backend, reuse_port)
    except BaseException:
        if owned:  # an in-process caller (tests, Jupyter) must not be left with an open pool and threads
            backend.close()
        raise
    # Callers without a Host header of their own (gRPC) get artifact URLs at the operator's public URL (a load
    # balancer: the replica's own address would bypass it, and 0.0.0.0 reaches nothing), else on the port bound.
    backend.default_base_url = settings.public_url or server.url
    if settings.heartbeat_sweep_seconds > 0:
        server._sweeper = asyncio.create_task(sweep_periodically(backend, settings.heartbeat_sweep_seconds))
    _log_started(settings, server)
    return server


async def sweep_periodically(backend: Backend, interval: float) -> None:
    """The heartbeat watchdog: every `interval` seconds, RUNNING runs whose heartbeat timed out become KILLED;
    expired idempotency keys are deleted on the way (services/request_keys.py).

    Hosts other than this server (the Jupyter extension) schedule it the same way; cancel the task to stop it.
    """
    from .services.ext.run_states import sweep_stale_runs
    from .services.request_keys import Purger

    purge = Purger(backend.db, backend.settings.idempotency_key_ttl_seconds)  # expired idempotency keys too
    while True:
        await asyncio.sleep(interval)
        try:
            killed = await backend.run_blocking(sweep_stale_runs, backend.db)
            if purge.due():
                await backend.run_blocking(purge)
        except Exception:  # a failed pass (database briefly down) must not end the watchdog
            log.exception("heartbeat sweep failed; retrying in %s s", interval)
            continue
        if killed:
            log.info("heartbeat watchdog: %d run(s) marked KILLED", killed)


async def _listen(settings: Settings, backend: Backend, reuse_port: bool = False) -> RunningServer:
    # artifact endpoints included when the store is local; Verta platform paths answer "not available" (501)
    readiness = Readiness(backend)
    extra_routes = [*probe_routes(readiness), *unavailable_routes("", BackendHost(backend))]
    app = make_app(backend, extra_routes=extra_routes)
    http = make_http_server(app)  # body limits are per route (transport/bodies.py), set before authentication
    try:
        sockets = tornado.netutil.bind_sockets(settings.port, address=settings.host, reuse_port=reuse_port)
    except OSError as exc:
        raise ListenError(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}") from exc
    http.add_sockets(sockets)
    http_port = sockets[0].getsockname()[1]
    ops: Operations = app.settings["modeldb_ops"]  # access_log.py: named after the port actually bound
    ops.instance = ops.instance or default_instance_name(http_port)
    grpc_server = None
    grpc_port = None
    if settings.grpc_port is not None:
        try:
            grpc_server, grpc_port = make_grpc_server(backend, settings.host, settings.grpc_port, ops=ops)
        except OSError as exc:
            http.stop()
            raise ListenError(str(exc)) from exc
        await grpc_server.start()
    return RunningServer(backend, http_port, grpc_port, http, grpc_server, readiness)


def _log_started(settings: Settings, server: RunningServer) -> None:
    backend = server.backend
    log.info("database: %s (%s), schema %s", settings.redacted_db_url(), backend.db_kind, backend.schema_revision)
    log.info("artifacts: %s", settings.artifact_root)
    log.info("REST gateway listening on %s/api/v1/modeldb/", server.url)
    if server.grpc_port is not None:
        host = f"[{settings.host}]" if ":" in settings.host else settings.host
        log.info("gRPC listening on %s:%d", host, server.grpc_port)
    if settings.token:
        log.info("authentication: token required")
    elif is_loopback(settings.host):
        log.info("authentication: none (loopback only)")
    else:
        log.warning("authentication: none (--insecure: anyone who can reach %s may use the API)", settings.host)


async def serve_forever(
    settings: Settings,
    backend: Backend | None = None,
    reuse_port: bool = False,
    on_started: Callable[[], None] | None = None,
) -> int:
    """Serve until SIGINT/SIGTERM; returns how many requests were abandoned (their threads may still block).

    The first signal starts the drain (settings.drain_seconds of /readyz 503 while serving on), a second one
    ends it early; then the bounded stop.
    """
    if settings.access_log != "off":
        configure_access_logger()
    server = await start_server(settings, backend, reuse_port)
    sampler = None
    if multiprocess_dir():  # several processes: each keeps its pool and queue gauges fresh (metrics.py)
        sampler = asyncio.create_task(sample_periodically(server.backend))
    loop = asyncio.get_running_loop()
    stop_requested, again = asyncio.Event(), asyncio.Event()

    def on_signal() -> None:
        (again if stop_requested.is_set() else stop_requested).set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)
    if on_started is not None:  # a worker tells its supervisor that it listens (workers.py)
        on_started()
    await stop_requested.wait()
    if settings.drain_seconds > 0:
        log.info("draining for %g s: /readyz answers 503, requests are still served", settings.drain_seconds)
        await server.drain(settings.drain_seconds, again)
    log.info("shutting down")
    if sampler is not None:
        sampler.cancel()
    abandoned = await server.stop()
    log.info("stopped")
    return abandoned
