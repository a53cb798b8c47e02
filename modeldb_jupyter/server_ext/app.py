"""The jupyter_server extension: the ModelDB backend inside the Jupyter server process."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import grpc
from jupyter_server.extension.application import ExtensionApp
from jupyter_server.utils import url_path_join
from tornado.ioloop import IOLoop
from traitlets import Int, Unicode, default

from modeldb_backend.server import sweep_periodically
from modeldb_backend.settings import DEFAULT_MAX_UPLOAD, Settings, default_db_url, modeldb_home
from modeldb_backend.transport import openapi
from modeldb_backend.transport.grpc_server import make_grpc_server
from modeldb_backend.transport.rest import rest_routes

from ..client.resolve import store_identity
from .handlers import (
    GetArtifactHandler,
    NotFoundHandler,
    OpenApiHandler,
    RpcHandler,
    StatusHandler,
    StoreArtifactHandler,
)
from .names import KERNEL_ROOT_ENV, KERNEL_STORE_ENV, KERNEL_TOKEN_ENV, KERNEL_URL_ENV, MOUNT
from .state import BackendState


class ModelDBExtension(ExtensionApp):
    """Serves the ModelDB REST API under {base_url}modeldb/ with Jupyter's auth."""

    name = "modeldb_jupyter"
    load_other_extensions = True

    db_url = Unicode(help="Database URL (MODELDB_DB_URL); default SQLite under $MODELDB_HOME.").tag(config=True)
    artifact_root = Unicode(help="Artifact store: a directory or s3://bucket/prefix (MODELDB_ARTIFACT_ROOT).").tag(
        config=True
    )
    grpc_port = Int(
        0,
        help="Also serve gRPC on this port (MODELDB_GRPC_PORT); 0 = off. Callers authenticate with Jupyter's "
        "token or the kernels' secret ('authorization: Bearer <token>' metadata).",
    ).tag(config=True)
    max_upload_size = Int(help="Largest artifact upload in bytes (MODELDB_MAX_UPLOAD_SIZE).").tag(config=True)

    @default("db_url")
    def _default_db_url(self) -> str:
        return os.environ.get("MODELDB_DB_URL") or default_db_url(modeldb_home())

    @default("artifact_root")
    def _default_artifact_root(self) -> str:
        return os.environ.get("MODELDB_ARTIFACT_ROOT") or str(modeldb_home() / "artifacts")

    @default("max_upload_size")
    def _default_max_upload_size(self) -> int:
        return int(os.environ.get("MODELDB_MAX_UPLOAD_SIZE") or DEFAULT_MAX_UPLOAD)

    def backend_settings(self) -> Settings:
        grpc_env = os.environ.get("MODELDB_GRPC_PORT")
        grpc_port = self.grpc_port or (int(grpc_env) if grpc_env and grpc_env.isdigit() else 0)
        return Settings(
            db_url=self.db_url,
            artifact_root=self.artifact_root,
            grpc_port=grpc_port or None,
            max_upload_size=self.max_upload_size,
        )

    def initialize_settings(self) -> None:
        self.state = BackendState(self.backend_settings(), self.log)
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
        os.environ[KERNEL_URL_ENV] = f"{scheme}://{host}:{self.serverapp.port}{url_path_join(base_url, MOUNT)}"
        os.environ[KERNEL_TOKEN_ENV] = self.state.kernel_token
        os.environ[KERNEL_ROOT_ENV] = str(self.serverapp.root_dir)
        os.environ[KERNEL_STORE_ENV] = store_identity(self.state.settings.db_url)

    def initialize_handlers(self) -> None:
        assert self.serverapp is not None
        mount = url_path_join(self.serverapp.base_url, MOUNT)
        rpcs = self._rpcs()
        rpc_routes = rest_routes("/" + MOUNT, RpcHandler, rpcs, state=self.state, mount=mount)
        openapi_kwargs = {"state": self.state, "rpcs": rpcs, "cache": {}}
        self.handlers.extend(
            [
                (f"/{MOUNT}/status", StatusHandler, {"state": self.state}),
                (f"/{MOUNT}{openapi.PUBLIC_PREFIX}/{openapi.DOCUMENT_NAME}", OpenApiHandler, openapi_kwargs),
                *self._artifact_routes(),
                *rpc_routes,
                # The rest of the mount: the gateway's plain 404, never holding a request body (bodies.py).
                (f"/{MOUNT}/.*", NotFoundHandler, {"state": self.state}),
            ]
        )

    def _artifact_routes(self) -> list[Any]:
        """The local store's upload/download endpoints (S3 stores hand out presigned URLs instead)."""
        from modeldb_backend.artifacts.local import GET_PATH, STORE_PATH, LocalArtifactStore

        backend = self.state.backend
        if backend is None or not isinstance(backend.artifacts, LocalArtifactStore):
            return []
        kwargs = {"state": self.state}
        return [
            (f"/{MOUNT}{STORE_PATH}/?", StoreArtifactHandler, kwargs),
            (f"/{MOUNT}{GET_PATH}/([^/]+)", GetArtifactHandler, kwargs),
        ]

    def _rpcs(self) -> list[Any]:
        backend = self.state.backend
        if backend is not None:
            return list(backend.rpcs.values())
        # Without a database the routes still exist, so callers get a clear 503 rather than a 404.
        from modeldb_backend.rpc import build_table
        from modeldb_backend.services.registry import service_triples

        return list(build_table(service_triples(None)).values())  # type: ignore[arg-type]

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
            server, bound = make_grpc_server(backend, host, port, tokens=tokens)
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
            await self._grpc.stop(grace=2)
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
