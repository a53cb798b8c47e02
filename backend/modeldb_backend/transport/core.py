"""The HTTP request core every route is built on, in the standalone server and inside Jupyter alike.

`ModelDBHandler` does what every route does the same way: the route's body limit before anything else, then
the refusals held back until a small body is drained (bodies.py), authentication, the route's own checks,
error bodies in grpc-gateway's shape with the one error table of errors.py, and logging. Authentication is
the one hook a host replaces: the standalone server checks its tokens here (tokens.py); the Jupyter extension puts
Jupyter's login, authorizer and its kernels' secret in its place (modeldb_jupyter/server_ext/handlers.py).

Routes reach the backend through a `Host`: the standalone server has one backend from the start
(`BackendHost`); the Jupyter extension's state answers 503 while its database is unavailable.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any, Protocol

import tornado.web

from ..errors import ModelDBError, code_for_http_status
from . import metrics
from .access_log import INSTANCE_HEADER, REQUEST_ID_HEADER, request_id
from .bodies import GuardedBody
from .tokens import ANONYMOUS, identify

if TYPE_CHECKING:
    from ..backend import Backend
    from ..settings import Settings

log = logging.getLogger(__name__)


class Host(Protocol):
    """Where a route finds the backend and the limits it enforces."""

    @property
    def settings(self) -> Settings: ...

    def require_backend(self) -> Backend:
        """The backend, or an error the caller is answered with (503 while the database is unavailable)."""
        ...


class BackendHost:
    """The standalone server's host: one backend, open for the server's lifetime."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    @property
    def settings(self) -> Settings:
        return self.backend.settings

    def require_backend(self) -> Backend:
        return self.backend


def error_body(message: str, code: int) -> str:
    """grpc-gateway's error body: ModelDB's clients read `code` (the gRPC code number) and `message`."""
    return json.dumps({"error": message, "code": int(code), "message": message, "details": []})


def write_json_error(handler: tornado.web.RequestHandler, status_code: int, exc_info: Any) -> None:
    """The gateway's error body `{"error","code","message"}` with the mapped HTTP status."""
    exc = exc_info[1] if exc_info else None
    if isinstance(exc, ModelDBError):
        handler.set_status(exc.http_status)
        if exc.retryable:
            handler.set_header("Retry-After", "1")
        body = json.dumps(exc.to_json())
    else:
        body = error_body(_http_error_message(handler, exc), code_for_http_status(status_code))
    handler.set_header("Content-Type", "application/json")
    handler.finish(body)


def _http_error_message(handler: tornado.web.RequestHandler, exc: BaseException | None) -> str:
    """An HTTPError's own message when it has one (Jupyter's and ours do), else the status reason."""
    if not isinstance(exc, tornado.web.HTTPError):
        return "internal error"
    if not exc.log_message:
        return handler._reason
    return exc.log_message % exc.args if exc.args else exc.log_message


class ModelDBHandler(GuardedBody):
    """Mixin before a `tornado.web.RequestHandler` (or Jupyter's APIHandler) of a `@stream_request_body` route.

    A route sets `host` in `initialize`, overrides `check_request` for its own refusals (method, route) and
    `body_limit`/`keep_body` when it takes a body (bodies.py); a host overrides `authenticate`.
    """

    host: Host
    request: Any
    # Served without the standalone server's token: the route holds no data (the OpenAPI document) or must
    # answer unrouted probes with the gateway's plain 404. Inside Jupyter every route needs a login.
    public = False
    actor = "local"  # who is calling, as `authenticate` found out; the audit trail records it
    request_id = ""  # the caller's X-Request-Id, or one made up (access_log.py)
    _in_flight = False

    def set_default_headers(self) -> None:
        # Tornado calls this again when an error answer clears the headers: both headers survive into errors.
        super().set_default_headers()  # type: ignore[misc]  # a mixin for tornado.web.RequestHandler subclasses
        if not self.request_id:
            self.request_id = request_id(self.request.headers.get(REQUEST_ID_HEADER))
            metrics.REST_IN_FLIGHT.inc()
            self._in_flight = True
        self.set_header(REQUEST_ID_HEADER, self.request_id)  # type: ignore[attr-defined]  # a mixin, as above
        ops = self.application.settings.get("modeldb_ops")  # type: ignore[attr-defined]  # a mixin, as above
        if ops is not None and ops.instance:
            self.set_header(INSTANCE_HEADER, ops.instance)  # type: ignore[attr-defined]  # a mixin, as above

    def _leave(self) -> None:
        if self._in_flight:
            self._in_flight = False
            metrics.REST_IN_FLIGHT.dec()

    def on_finish(self) -> None:
        self._leave()
        super().on_finish()  # type: ignore[misc]  # a mixin for tornado.web.RequestHandler subclasses

    def on_connection_close(self) -> None:
        self._leave()  # the caller went away before its answer: it is no longer waited on
        super().on_connection_close()  # type: ignore[misc]  # a mixin for tornado.web.RequestHandler subclasses

    async def authenticate(self) -> str:
        """The caller's identity, or raise to refuse the request (401/403). The hook hosts replace."""
        if self.public:
            return ANONYMOUS
        return identify(self.host.settings, self.request.headers)

    def check_request(self) -> None:
        """The route's own refusals once the caller is known (405 for a method it does not serve, ...)."""

    def changed_by_get(self) -> str | None:
        """What this request changes when it is a GET that changes data (an RPC bound to GET that writes), else
        None: hosts with login cookies ask such a GET for the proof a POST needs (XSRF)."""
        return None

    async def admit(self) -> None:
        self.actor = await self.authenticate()
        self.check_request()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        write_json_error(self, status_code, kwargs.get("exc_info"))  # type: ignore[arg-type]  # a mixin for tornado.web.RequestHandler subclasses

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, ModelDBError):  # the caller's mistake or a transient failure: one line, no trace
            log.info("%s %s -> %s %s", self.request.method, self.request.path, value.http_status, value.message)
        else:
            super().log_exception(typ, value, tb)  # type: ignore[misc]  # a mixin for tornado.web.RequestHandler subclasses
