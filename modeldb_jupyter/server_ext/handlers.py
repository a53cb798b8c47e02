"""Jupyter handlers that mount the backend: Jupyter's authentication and authorization on every route."""

from __future__ import annotations

import hmac
import json
from typing import Any

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.auth.identity import User
from jupyter_server.base.handlers import APIHandler

from modeldb_backend.errors import ModelDBError, PayloadTooLarge
from modeldb_backend.transport import artifact_http
from modeldb_backend.transport.rest import Route, RpcRequestMixin, write_json_error

AUTH_RESOURCE = "modeldb"
KERNEL_USER = "modeldb-kernel"


class ModelDBHandlerMixin:
    """Shared by every route: kernel-token shortcut, Jupyter auth otherwise, JSON error bodies."""

    kernel_token: str
    request: Any

    def kernel_user(self) -> User | None:
        """Kernels started by this server carry a per-server secret (see app.py); it stands for the user."""
        scheme, _, value = self.request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and value and hmac.compare_digest(value.encode(), self.kernel_token.encode()):
            return User(KERNEL_USER)
        return None

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        write_json_error(self, status_code, kwargs.get("exc_info"))  # type: ignore[arg-type]


@tornado.web.stream_request_body
class RpcHandler(ModelDBHandlerMixin, RpcRequestMixin, APIHandler):
    """Every RPC of the backend under {base_url}modeldb/api/v1/modeldb/..., as the REST gateway serves them."""

    auth_resource = AUTH_RESOURCE

    def initialize(self, routes: dict[str, Route], state: Any, mount: str) -> None:  # type: ignore[override]
        self.routes = routes
        self.state = state
        self.kernel_token = state.kernel_token
        self.mount_prefix = mount
        self._body = bytearray()

    async def prepare(self) -> None:  # type: ignore[override]
        user = self.kernel_user()
        if user is not None:
            if not self.check_host():
                raise tornado.web.HTTPError(403)
            self.current_user = self._jupyter_current_user = user
        else:
            await super().prepare()
        if self.current_user is None:
            raise tornado.web.HTTPError(403)
        self.backend = self.state.require_backend()
        self.route_for_method()
        length = self.request.headers.get("Content-Length")
        limit = self.backend.settings.max_body_size
        if length is not None and length.isdigit() and int(length) > limit:
            raise PayloadTooLarge(f"request body of {length} bytes is over the {limit}-byte limit")

    def data_received(self, chunk: bytes) -> None:
        self._body.extend(chunk)
        if len(self._body) > self.backend.settings.max_body_size:
            exc = PayloadTooLarge(f"request body is over the {self.backend.settings.max_body_size}-byte limit")
            self._body.clear()
            self.send_error(exc.http_status, exc_info=(PayloadTooLarge, exc, None))

    @tornado.web.authenticated
    @authorized
    async def _handle(self, **groups: str) -> None:
        if self._finished:
            return
        actor = getattr(self.current_user, "username", "jupyter") or "jupyter"
        result = await self.dispatch_rpc(bytes(self._body), groups, actor)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(result))

    get = post = put = delete = patch = _handle  # type: ignore[assignment]

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, ModelDBError):
            super().log_exception(typ, value, tb)


class StatusHandler(ModelDBHandlerMixin, APIHandler):
    """{base_url}modeldb/status: version, database and artifact store kinds, schema revision or the error."""

    auth_resource = AUTH_RESOURCE

    def initialize(self, state: Any) -> None:  # type: ignore[override]
        self.state = state
        self.kernel_token = state.kernel_token

    async def prepare(self) -> None:  # type: ignore[override]
        user = self.kernel_user()
        if user is not None:
            self.current_user = self._jupyter_current_user = user
            return
        await super().prepare()

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(self.state.status()))


class _JupyterArtifactAuth(ModelDBHandlerMixin):
    """Artifact endpoints inside Jupyter: kernel secret, else Jupyter's token/cookie auth (XSRF on writes)."""

    state: Any

    async def authenticate(self) -> str:
        user = self.kernel_user()
        if user is None:
            await APIHandler.prepare(self)  # type: ignore[arg-type]
            user = self.current_user  # type: ignore[attr-defined]
        if not user:
            raise tornado.web.HTTPError(403)
        self.current_user = self._jupyter_current_user = user
        return getattr(user, "username", "jupyter") or "jupyter"

    def initialize(self, state: Any) -> None:  # type: ignore[override]
        self.state = state
        self.kernel_token = state.kernel_token
        backend = state.require_backend()
        self.backend = backend
        self.store = backend.artifacts


@tornado.web.stream_request_body
class StoreArtifactHandler(_JupyterArtifactAuth, artifact_http.StoreArtifactHandler, APIHandler):
    auth_resource = AUTH_RESOURCE


class GetArtifactHandler(_JupyterArtifactAuth, artifact_http.GetArtifactHandler, APIHandler):
    auth_resource = AUTH_RESOURCE
