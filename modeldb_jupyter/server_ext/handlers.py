"""Jupyter handlers that mount the backend: the standalone server's handlers, with Jupyter's authentication.

Every route here is a route of `modeldb_backend.transport` (same body limits, streaming, decoding and error
bodies: transport/core.py) with one hook replaced: `authenticate` asks Jupyter (its token or login cookie, its
authorizer, XSRF proof for a cookie that would change data over GET) or accepts the kernels' secret. Routes
find the backend through the extension's state (503 while its database is unavailable).

Who is calling (the owner of what a request creates, the audit actor) is the identity provider's user name:
under JupyterHub the hub user, so a team's users are told apart. Jupyter's own providers (token, password)
know no names, only a random one per browser: their callers, and the kernels (the kernel secret), are the
person the server runs for (`server_user`).
"""

from __future__ import annotations

import hmac
import json
from typing import Any

import tornado.web
from jupyter_core.utils import ensure_async
from jupyter_server.auth.identity import IdentityProvider, LegacyIdentityProvider, PasswordIdentityProvider, User
from jupyter_server.auth.utils import HTTP_METHOD_TO_AUTH_ACTION
from jupyter_server.base.handlers import APIHandler

from modeldb_backend.errors import PermissionDenied
from modeldb_backend.rpc import Rpc
from modeldb_backend.transport import artifact_http, openapi, rest, unavailable_http
from modeldb_backend.transport.core import ModelDBHandler

from .names import person
from .state import BackendState

AUTH_RESOURCE = "modeldb"
KERNEL_USER = "modeldb-kernel"  # the kernels' principal for Jupyter's authorizer; the actor is `server_user()`
# Providers whose users are anonymous (a random name per browser), not people: jupyter_server's own.
_NAMELESS_PROVIDERS = (IdentityProvider, PasswordIdentityProvider, LegacyIdentityProvider)

server_user = person  # the person this Jupyter server runs for


class JupyterAuth(ModelDBHandler, APIHandler):
    """`authenticate` inside Jupyter: the kernels' secret, else Jupyter's own authentication and authorizer.

    The base of every route of the mount, before the backend's route class (`class X(JupyterAuth, rest.X)`):
    the method resolution order is then the route's, then ModelDBHandler's request core, then Jupyter's
    APIHandler, so the route's `prepare` (GuardedBody: the body limit before `admit`) runs, not Jupyter's.
    """

    auth_resource = AUTH_RESOURCE
    host: BackendState

    async def prepare(self, *, _redirect_to_login: bool = True) -> None:
        """The route's own `prepare` (GuardedBody's, or the artifact upload's): Jupyter's runs from
        `authenticate_user`, inside `admit`, once the body limit has been checked.

        Declared here because ModelDBHandler's and Jupyter's `prepare` differ in signature: this one accepts
        both callers (Tornado calls it without arguments)."""
        await super().prepare()

    def kernel_user(self) -> User | None:
        """Kernels started by this server carry a per-server secret (see app.py); it stands for the user."""
        token = self.host.kernel_token
        scheme, _, value = self.request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and value and hmac.compare_digest(value.encode(), token.encode()):
            return User(KERNEL_USER)
        return None

    async def authenticate(self) -> str:
        """Every route of the mount needs a login (403 without); the authorizer decides on 'modeldb'."""
        kernel = await self.authenticate_user()
        await self.authorize()
        changed = self.changed_by_get()
        if changed is not None and not kernel:
            self.check_state_changing_get(changed)
        if kernel or type(self.identity_provider) in _NAMELESS_PROVIDERS:
            return server_user()
        return getattr(self.current_user, "username", "") or server_user()

    async def authenticate_user(self) -> bool:
        """Set current_user from the kernel secret or Jupyter's own auth; True for the kernel secret."""
        user = self.kernel_user()
        if user is not None:
            if not self.check_host():
                raise tornado.web.HTTPError(403)
            self.current_user = self._jupyter_current_user = user
            return True
        await APIHandler.prepare(self)
        if self.current_user is None:
            raise tornado.web.HTTPError(403)
        return False

    async def authorize(self) -> None:
        """Jupyter's authorizer must let the user read (GET, HEAD) or write (other verbs) 'modeldb', else 403.

        Not jupyter_server's `@authorized`: on a method serving several verbs it keeps the action of the first
        request it saw (a `nonlocal`), so after one GET every POST was checked as a read, or the reverse.
        """
        action = HTTP_METHOD_TO_AUTH_ACTION.get(self.request.method.upper(), "write")
        if not await ensure_async(self.authorizer.is_authorized(self, self.current_user, action, AUTH_RESOURCE)):
            raise tornado.web.HTTPError(403, f"User is not authorized to {action} on resource: {AUTH_RESOURCE}.")

    def check_state_changing_get(self, changed: str) -> None:
        """A mutating RPC bound to GET (logJobId) needs what a POST needs: a token, or the XSRF token beside
        the login cookie. A cookie alone would let any page the user visits change data with a link."""
        if self.token_authenticated:
            return
        try:
            tornado.web.RequestHandler.check_xsrf_cookie(self)
        except tornado.web.HTTPError:
            raise PermissionDenied(
                f"{changed} changes data: over GET it needs a token ('Authorization: token <token>') "
                "or the X-XSRFToken header, not the login cookie alone"
            ) from None


@tornado.web.stream_request_body
class RpcHandler(JupyterAuth, rest.RpcHandler):
    """Every RPC of the backend under {base_url}modeldb/api/v1/modeldb/..., as the REST gateway serves them."""


@tornado.web.stream_request_body
class StatusHandler(JupyterAuth):
    """{base_url}modeldb/status: version, database and artifact store kinds, schema revision or the error."""

    def initialize(self, host: BackendState) -> None:
        self.host = host

    async def get(self) -> None:
        self.raise_deferred()
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(self.host.status()))


@tornado.web.stream_request_body
class OpenApiHandler(JupyterAuth, openapi.OpenApiHandler):
    """{base_url}modeldb/api/v1/modeldb/openapi.json: the REST description, behind Jupyter's auth as every route
    of the mount is; its server URL is the path it was fetched under."""

    # No `bearer_auth` (Jupyter's login stands for it) and a `host`: not the backend route's signature.
    def initialize(  # type: ignore[override]
        self, host: BackendState, rpcs: list[Rpc], cache: dict[str, bytes]
    ) -> None:
        super().initialize(rpcs, False, cache)
        self.host = host


@tornado.web.stream_request_body
class NotFoundHandler(JupyterAuth, rest.NotFoundHandler):
    """Anything else under the mount: 403 without credentials, else the gateway's plain-text 404; its body is
    bounded and dropped (bodies.py), where Jupyter's own 404 page would buffer it."""

    options = APIHandler.options  # Jupyter's CORS preflight, as on every other route of the mount

    def initialize(self, host: BackendState) -> None:
        self.host = host


@tornado.web.stream_request_body
class UnavailableHandler(JupyterAuth, unavailable_http.UnavailableHandler):
    """Verta platform paths under the mount (deployment, monitoring, predict): 403 without credentials, else 501
    "not available in this server: <what>" as on the standalone server."""

    options = APIHandler.options


@tornado.web.stream_request_body
class StoreArtifactHandler(JupyterAuth, artifact_http.StoreArtifactHandler):
    """The backend's artifact upload route, behind Jupyter's authentication."""


@tornado.web.stream_request_body
class GetArtifactHandler(JupyterAuth, artifact_http.GetArtifactHandler):
    """The backend's artifact download route, behind Jupyter's authentication."""


def artifact_routes(base: str, state: BackendState) -> list[Any]:
    """The artifact upload/download routes under `base`, when the store serves its bytes here (else none)."""
    backend = state.backend
    if backend is None:
        return []
    handlers = (StoreArtifactHandler, GetArtifactHandler)
    return artifact_http.artifact_routes(base, backend.artifacts, {"host": state}, handlers)
