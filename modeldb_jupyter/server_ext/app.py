"""The jupyter_server extension: the ModelDB backend inside the Jupyter server process."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import grpc
from jupyter_server.extension.application import ExtensionApp
from jupyter_server.utils import url_path_join
from tornado.ioloop import IOLoop
from traitlets import Float, Int, Unicode, Union, default

from modeldb_backend.server import stop_grpc, sweep_periodically
from modeldb_backend.settings import GRPC_OFF, Settings, SettingsError
from modeldb_backend.transport import openapi
from modeldb_backend.transport.grpc_server import make_grpc_server
from modeldb_backend.transport.rest import accept_query_parameters_within_target_limit, rest_routes
from modeldb_backend.transport.unavailable_http import unavailable_routes

from ..client.resolve import store_identity
from .handlers import (
    NotFoundHandler,
    OpenApiHandler,
    RpcHandler,
    StatusHandler,
    UnavailableHandler,
    artifact_routes,
    server_user,
)
from .names import KERNEL_ROOT_ENV, KERNEL_STORE_ENV, KERNEL_TOKEN_ENV, KERNEL_URL_ENV, MOUNT
from .state import BackendState

# Inside Jupyter, gRPC is off unless asked for (ModelDB's 8085 may well be taken by a standalone server).
JUPYTER_DEFAULTS: dict[str, object] = {"grpc_port": None}
GRPC_GRACE_S = 2.0  # how long gRPC calls under way may finish when Jupyter stops


class ModelDBExtension(ExtensionApp):
    """Serves the ModelDB REST API under {base_url}modeldb/ with Jupyter's auth."""

    name = "modeldb_jupyter"
    load_other_extensions = True

    db_url = Unicode(help="Database URL (MODELDB_DB_URL); default SQLite under $MODELDB_HOME.").tag(config=True)
    artifact_root = Unicode(help="Artifact store: a directory or s3://bucket/prefix (MODELDB_ARTIFACT_ROOT).").tag(
        config=True
    )
    s3_endpoint_url = Unicode(
        help="S3-compatible service for s3:// artifact roots (MODELDB_S3_ENDPOINT_URL); empty = AWS."
    ).tag(config=True)
    grpc_port = Union(
        [Int(), Unicode()],
        help="Also serve gRPC on this port (MODELDB_GRPC_PORT); 'off' (default; 0 and -1 too) = no gRPC. Callers "
        "authenticate with Jupyter's token or the kernels' secret ('authorization: Bearer <token>' metadata).",
    ).tag(config=True)
    max_upload_size = Int(help="Largest artifact upload in bytes (MODELDB_MAX_UPLOAD_SIZE).").tag(config=True)
    max_body_size = Int(help="Largest RPC request body in bytes (MODELDB_MAX_BODY_SIZE).").tag(config=True)
    heartbeat_sweep_seconds = Float(
        help="How often RUNNING runs whose heartbeat timed out are marked KILLED, in seconds; 0 = never "
        "(MODELDB_HEARTBEAT_SWEEP_SECONDS)."
    ).tag(config=True)

    # Each trait's default is the value of the environment (or the built-in default), read once.
    @default("db_url")
    def _default_db_url(self) -> str:
        return self.env_settings.db_url

    @default("artifact_root")
    def _default_artifact_root(self) -> str:
        return self.env_settings.artifact_root

    @default("s3_endpoint_url")
    def _default_s3_endpoint_url(self) -> str:
        return self.env_settings.s3_endpoint_url or ""

    @default("grpc_port")
    def _default_grpc_port(self) -> int | str:
        port = self.env_settings.grpc_port
        return GRPC_OFF if port is None else port

    @default("max_upload_size")
    def _default_max_upload_size(self) -> int:
        return self.env_settings.max_upload_size

    @default("max_body_size")
    def _default_max_body_size(self) -> int:
        return self.env_settings.max_body_size

    @default("heartbeat_sweep_seconds")
    def _default_heartbeat_sweep_seconds(self) -> float:
        return self.env_settings.heartbeat_sweep_seconds

    _env_settings: Settings | None = None
    settings_error: str | None = None  # why the settings could not be used (a bad variable or trait value)

    @property
    def env_settings(self) -> Settings:
        """The environment's settings with Jupyter's defaults, read once; the built-in ones if they are bad."""
        if self._env_settings is None:
            try:
                self._env_settings = Settings.from_env(defaults=JUPYTER_DEFAULTS)
            except SettingsError as exc:
                self.settings_error = str(exc)
                self._env_settings = Settings(grpc_port=None)
        return self._env_settings

    def backend_settings(self) -> Settings:
        """The environment's settings with the traits' values (their defaults come from the environment)."""
        settings = self.env_settings
        if self.settings_error:
            raise SettingsError(self.settings_error)
        grpc_port = self.grpc_port
        if grpc_port == 0:  # the trait's default used to be 0 for off; here a free port would be useless
            grpc_port = GRPC_OFF
        return settings.with_overrides(
            "ModelDBExtension.{}",
            db_url=self.db_url,
            artifact_root=self.artifact_root,
            s3_endpoint_url=self.s3_endpoint_url,
            grpc_port=str(grpc_port),
            max_upload_size=self.max_upload_size,
            max_body_size=self.max_body_size,
            heartbeat_sweep_seconds=self.heartbeat_sweep_seconds,
        )

    def initialize_settings(self) -> None:
        try:
            self.state = BackendState(self.backend_settings(), self.log)
        except SettingsError as exc:  # Jupyter keeps serving notebooks; status and every RPC say why
            self.state = BackendState(Settings(grpc_port=None), self.log, error=f"bad setting: {exc}")
        self.state.open()
        self._publish_to_kernels()
        self._sweeper: asyncio.Task[None] | None = None
        if self.state.backend is not None and self.state.settings.heartbeat_sweep_seconds > 0:
            IOLoop.current().add_callback(self._start_sweeper)
        if self.state.backend is not None and self.state.settings.grpc_port is not None:
            IOLoop.current().add_callback(self._start_grpc)

    def _start_sweeper(self) -> None:
        """The heartbeat watchdog marks runs of crashed kernels KILLED, as the standalone server does."""
        assert self.state.backend is not None
        interval = self.state.settings.heartbeat_sweep_seconds
        self._sweeper = asyncio.ensure_future(sweep_periodically(self.state.backend, interval))

    def _publish_to_kernels(self) -> None:
        """Kernels inherit os.environ at start (SessionManager.get_kernel_env): put the URL and secret there."""
        assert self.serverapp is not None
        base_url = self.serverapp.base_url
        host = "127.0.0.1" if self.serverapp.ip in ("", "0.0.0.0", "localhost", "*") else self.serverapp.ip
        scheme = "https" if self.serverapp.certfile else "http"
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        url = f"{scheme}://{host}:{self.serverapp.port}{url_path_join(base_url, MOUNT)}"
        os.environ[KERNEL_URL_ENV] = url
        if self.state.backend is not None:  # gRPC callers get artifact URLs under this mount, not MODELDB_PORT's
            self.state.backend.default_base_url = url
        os.environ[KERNEL_TOKEN_ENV] = self.state.kernel_token
        os.environ[KERNEL_ROOT_ENV] = str(self.serverapp.root_dir)
        os.environ[KERNEL_STORE_ENV] = store_identity(self.state.settings.db_url)

    def initialize_handlers(self) -> None:
        assert self.serverapp is not None
        # Jupyter's HTTP server reads query strings before any route: let it read the long ones the
        # standalone server reads (a GET with a long repeated list), instead of its bare 400 past 1,000 parameters.
        accept_query_parameters_within_target_limit()
        mount = url_path_join(self.serverapp.base_url, MOUNT)
        rpcs = self._rpcs()
        # Every route's `host` is the extension's state (the backend's Host: 503 while the database is unavailable).
        rpc_routes = rest_routes("/" + MOUNT, RpcHandler, rpcs, host=self.state, mount=mount)
        openapi_kwargs = {"host": self.state, "rpcs": rpcs, "cache": {}}
        self.handlers.extend(
            [
                (f"/{MOUNT}/status", StatusHandler, {"host": self.state}),
                (f"/{MOUNT}{openapi.PUBLIC_PREFIX}/{openapi.DOCUMENT_NAME}", OpenApiHandler, openapi_kwargs),
                *artifact_routes(f"/{MOUNT}", self.state),  # the local store's upload/download; S3 presigns
                *rpc_routes,
                *unavailable_routes(f"/{MOUNT}", self.state, UnavailableHandler),  # Verta platform paths: 501
                # The rest of the mount: the gateway's plain 404, never holding a request body (bodies.py).
                (f"/{MOUNT}/.*", NotFoundHandler, {"host": self.state}),
            ]
        )

    def _rpcs(self) -> list[Any]:
        backend = self.state.backend
        if backend is not None:
            return list(backend.rpcs.values())
        # Without a database the routes still exist, so callers get a clear 503 rather than a 404.
        from modeldb_backend.services.registry import served_rpcs

        return list(served_rpcs().values())

    _grpc: grpc.aio.Server | None = None
    grpc_bound_port: int | None = None  # the gRPC port actually listened on, once started

    async def _start_grpc(self) -> None:
        """gRPC on Jupyter's event loop (grpc.aio serves on the loop it starts on), as the standalone server."""
        backend, port, serverapp = self.state.backend, self.state.settings.grpc_port, self.serverapp
        if backend is None or port is None or serverapp is None:
            return
        host = _grpc_host(serverapp.ip)
        # No anonymous gRPC beside an authenticated Jupyter: its token or the kernels' secret is required.
        tokens = tuple(t for t in (self.state.kernel_token, serverapp.identity_provider.token) if t)
        try:
            server, bound = make_grpc_server(backend, host, port, tokens=tokens, user=server_user())
            await server.start()
        except OSError as exc:
            self.log.error("ModelDB gRPC could not start: %s", exc)
            return
        self._grpc, self.grpc_bound_port = server, bound
        self.log.info("ModelDB gRPC listening on %s:%d (token required)", host, bound)

    async def stop_extension(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
        if self._grpc is not None:
            await stop_grpc(self._grpc, GRPC_GRACE_S)
            self._grpc = None
        self.state.close()
        os.environ.pop(KERNEL_URL_ENV, None)
        os.environ.pop(KERNEL_TOKEN_ENV, None)
        os.environ.pop(KERNEL_ROOT_ENV, None)
        os.environ.pop(KERNEL_STORE_ENV, None)


def _grpc_host(ip: str) -> str:
    """Jupyter's listening address as gRPC binds it: "localhost" as IPv4 loopback, "" and "*" as everywhere."""
    if ip in ("", "*"):
        return "0.0.0.0"
    return "127.0.0.1" if ip == "localhost" else ip
