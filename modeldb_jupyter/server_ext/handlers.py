"""Jupyter handlers that mount the backend: Jupyter's authentication and authorization on every route."""

from __future__ import annotations

import hmac
import json
from typing import Any

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.auth.identity import User
from jupyter_server.base.handlers import APIHandler

from modeldb_backend.errors import ModelDBError, PermissionDenied
from modeldb_backend.rpc import Rpc
from modeldb_backend.transport import artifact_http, openapi
from modeldb_backend.transport.bodies import GuardedBody
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

    async def authenticate_user(self) -> bool:
        """Set current_user from the kernel secret or Jupyter's own auth; True for the kernel secret."""
        user = self.kernel_user()
        if user is not None:
            if not self.check_host():  # type: ignore[attr-defined]
                raise tornado.web.HTTPError(403)
            self.current_user = self._jupyter_current_user = user
            return True
        await APIHandler.prepare(self)  # type: ignore[arg-type]
        if self.current_user is None:
            raise tornado.web.HTTPError(403)
        return False

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        write_json_error(self, status_code, kwargs.get("exc_info"))  # type: ignore[arg-type]


@tornado.web.stream_request_body
class RpcHandler(ModelDBHandlerMixin, GuardedBody, RpcRequestMixin, APIHandler):
    """Every RPC of the backend under {base_url}modeldb/api/v1/modeldb/..., as the REST gateway serves them."""

    auth_resource = AUTH_RESOURCE
    keep_body = True

    def initialize(self, routes: dict[str, Route], state: Any, mount: str) -> None:  # type: ignore[override]
        self.routes = routes
        self.state = state
        self.kernel_token = state.kernel_token
        self.mount_prefix = mount

    def body_limit(self) -> int:
        return int(self.state.settings.max_body_size)

    async def admit(self) -> None:
        kernel = await self.authenticate_user()
        self.backend = self.state.require_backend()
        route = self.route_for_method()
        if route.rpc.mutating and self.request.method in ("GET", "HEAD") and not kernel:
            self.check_state_changing_get(route)

    def check_state_changing_get(self, route: Route) -> None:
        """A mutating RPC bound to GET (logJobId) needs what a POST needs: a token, or the XSRF token beside
        the login cookie. A cookie alone would let any page the user visits change data with a link."""
        if self.token_authenticated:
            return
        try:
            tornado.web.RequestHandler.check_xsrf_cookie(self)
        except tornado.web.HTTPError:
            raise PermissionDenied(
                f"{route.rpc.name} changes data: over GET it needs a token ('Authorization: token <token>') "
                "or the X-XSRFToken header, not the login cookie alone"
            ) from None

    async def _handle(self, **groups: str) -> None:
        self.raise_deferred()
        await self._run(**groups)

    @tornado.web.authenticated
    @authorized
    async def _run(self, **groups: str) -> None:
        if self._finished:
            return
        actor = getattr(self.current_user, "username", "jupyter") or "jupyter"
        result = await self.dispatch_rpc(self.request_body(), groups, actor)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(result))

    get = post = put = delete = patch = _handle  # type: ignore[assignment]

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, ModelDBError):
            super().log_exception(typ, value, tb)


@tornado.web.stream_request_body
class StatusHandler(ModelDBHandlerMixin, GuardedBody, APIHandler):
    """{base_url}modeldb/status: version, database and artifact store kinds, schema revision or the error."""

    auth_resource = AUTH_RESOURCE

    def initialize(self, state: Any) -> None:  # type: ignore[override]
        self.state = state
        self.kernel_token = state.kernel_token

    async def admit(self) -> None:
        await self.authenticate_user()

    async def get(self) -> None:
        self.raise_deferred()
        await self._status()

    @tornado.web.authenticated
    @authorized
    async def _status(self) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(self.state.status()))


@tornado.web.stream_request_body
class OpenApiHandler(ModelDBHandlerMixin, GuardedBody, APIHandler):
    """{base_url}modeldb/api/v1/modeldb/openapi.json: the REST description, behind Jupyter's auth as every route
    of the mount is; its server URL is the path it was fetched under."""

    auth_resource = AUTH_RESOURCE

    def initialize(self, state: Any, rpcs: list[Rpc], cache: dict[str, bytes]) -> None:  # type: ignore[override]
        self.kernel_token = state.kernel_token
        self.rpcs = rpcs
        self.cache = cache

    async def admit(self) -> None:
        await self.authenticate_user()

    async def get(self) -> None:
        self.raise_deferred()
        await self._document()

    @tornado.web.authenticated
    @authorized
    async def _document(self) -> None:
        server_url = self.request.path.rstrip("/").removesuffix("/" + openapi.DOCUMENT_NAME)
        if server_url not in self.cache:
            self.cache[server_url] = json.dumps(openapi.openapi_document(self.rpcs, server_url)).encode()
        self.set_header("Content-Type", "application/json")
        self.finish(self.cache[server_url])


@tornado.web.stream_request_body
class NotFoundHandler(ModelDBHandlerMixin, GuardedBody, APIHandler):
    """Anything else under the mount: 403 without credentials, else the gateway's plain-text 404; its body is
    bounded and dropped (bodies.py), where Jupyter's own 404 page would buffer it."""

    auth_resource = AUTH_RESOURCE

    def initialize(self, state: Any) -> None:  # type: ignore[override]
        self.kernel_token = state.kernel_token

    async def admit(self) -> None:
        await self.authenticate_user()
        raise tornado.web.HTTPError(404)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        if status_code != 404:
            super().write_error(status_code, **kwargs)
            return
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("Not Found")


class _JupyterArtifactAuth(ModelDBHandlerMixin):
    """Artifact endpoints inside Jupyter: kernel secret, else Jupyter's token/cookie auth (XSRF on writes)."""

    state: Any

    async def authenticate(self) -> str:
        await self.authenticate_user()
        return getattr(self.current_user, "username", "jupyter") or "jupyter"

    def initialize(self, state: Any) -> None:  # type: ignore[override]
        self.state = state
        self.kernel_token = state.kernel_token
        backend = state.require_backend()
        self.backend = backend
        self.store = backend.artifacts


@tornado.web.stream_request_body
class StoreArtifactHandler(_JupyterArtifactAuth, artifact_http.StoreArtifactHandler, APIHandler):
    auth_resource = AUTH_RESOURCE


@tornado.web.stream_request_body
class GetArtifactHandler(_JupyterArtifactAuth, artifact_http.GetArtifactHandler, APIHandler):
    auth_resource = AUTH_RESOURCE
