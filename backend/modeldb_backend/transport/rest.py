"""REST/JSON gateway, wire-compatible with ModelDB's grpc-gateway, derived from the RPC table."""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import tornado.httpserver
import tornado.web

from ..backend import Backend
from ..errors import ModelDBError, Unauthenticated
from ..rpc import HttpBinding, Rpc
from .bodies import SMALL_BODY, GuardedBody
from .codec import fill_from_params, message_to_json, parse_json_body

log = logging.getLogger(__name__)

# grpc-gateway paths are annotated as /v1/...; ModelDB's web front door serves them under /api/v1/modeldb/...
PUBLIC_PREFIXES = ("/api/v1/modeldb", "/v1")
MAX_URI_BYTES = 64 * 1024  # request target (path and query string); longer ones are answered 414
MAX_HEADER_BYTES = 1024 * 1024  # request line and headers together; beyond it Tornado drops the connection
TOKEN_HEADERS = ("Grpc-Metadata-developer_key", "Grpc-Metadata-developer-key", "developer-key", "developer_key")


@dataclass(frozen=True)
class Route:
    rpc: Rpc
    binding: HttpBinding
    param_names: tuple[str, ...]  # proto field paths, in the order of the regex groups


def _template_regex(path: str) -> tuple[str, tuple[str, ...]]:
    names: list[str] = []

    def group(match: re.Match[str]) -> str:
        names.append(match.group(1))
        return f"(?P<p{len(names) - 1}>[^/]+)"

    body = re.sub(r"{([^}=]+)(?:=[^}]*)?}", group, re.escape(path).replace(r"\{", "{").replace(r"\}", "}"))
    return body, tuple(names)


def rest_routes(base: str, handler: type[tornado.web.RequestHandler], rpcs: Iterable[Rpc], **kwargs: Any) -> list[Any]:
    """Tornado routes for every HTTP binding, under `base` + each public prefix."""
    by_pattern: dict[str, dict[str, Route]] = defaultdict(dict)
    for rpc in rpcs:
        for binding in rpc.bindings:
            if not binding.path.startswith("/v1/"):
                continue
            regex, names = _template_regex(binding.path[len("/v1") :])
            for prefix in PUBLIC_PREFIXES:
                by_pattern[base.rstrip("/") + prefix + regex][binding.method] = Route(rpc, binding, names)
    return [(pattern + "/?$", handler, {"routes": routes, **kwargs}) for pattern, routes in by_pattern.items()]


def check_token(expected: str | None, headers: Any) -> str:
    """Return the caller's identity; with a token configured, the request must carry it."""
    if not expected:
        return "local"
    offered: list[str] = []
    auth = headers.get("Authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() in ("bearer", "token") and value:
        offered.append(value.strip())
    offered.extend(headers.get(h) for h in TOKEN_HEADERS if headers.get(h))
    if any(hmac.compare_digest(o.encode(), expected.encode()) for o in offered):
        return "token"
    raise Unauthenticated("missing or wrong token: send 'Authorization: Bearer <MODELDB_TOKEN>'")


class RpcRequestMixin:
    """Request → proto message → backend → JSON; shared by the standalone and Jupyter handlers."""

    backend: Backend
    routes: dict[str, Route]
    request: Any
    path_kwargs: dict[str, str]

    def public_base_url(self) -> str:
        """scheme://host[:port] as the caller sees this server (X-Forwarded-Host first, as ModelDB does)."""
        host = self.request.headers.get("X-Forwarded-Host") or self.request.host
        scheme = self.request.headers.get("X-Forwarded-Proto") or self.request.protocol
        return f"{scheme}://{host}{self.mount_prefix}"

    mount_prefix = ""  # the Jupyter extension mounts the backend under {base_url}modeldb

    def route_for_method(self) -> Route:
        route = self.routes.get(self.request.method)
        if route is None:
            raise tornado.web.HTTPError(405)
        return route

    def build_request(self, route: Route, body: bytes, path_groups: dict[str, str]) -> Any:
        message = route.rpc.request_cls()
        if route.binding.body:
            parse_json_body(body, message, route.binding.body)
        if route.binding.body != "*":
            params = {k: [v.decode("utf-8", "replace") for v in vs] for k, vs in self.request.query_arguments.items()}
            fill_from_params(message, params)
        if route.param_names:
            path_params = {name: [path_groups[f"p{i}"]] for i, name in enumerate(route.param_names)}
            fill_from_params(message, path_params)
        return message

    async def dispatch_rpc(self, body: bytes, path_groups: dict[str, str], actor: str) -> dict[str, Any]:
        route = self.route_for_method()
        base_url = self.public_base_url()

        def decode_invoke_encode() -> dict[str, Any]:
            # All on a worker thread: decoding a 10 MB body or encoding a large answer takes seconds, which on
            # the event loop would stall every other request and the handling of SIGTERM.
            message = self.build_request(route, body, path_groups)
            return message_to_json(self.backend.invoke(route.rpc, message, actor, base_url))

        return await self.backend.run_blocking(decode_invoke_encode)


@tornado.web.stream_request_body
class RpcHandler(GuardedBody, RpcRequestMixin, tornado.web.RequestHandler):
    """One handler class for every RPC: the route kwargs say which RPC each HTTP verb means here."""

    keep_body = True

    def initialize(self, routes: dict[str, Route], backend: Backend) -> None:
        self.routes = routes
        self.backend = backend
        self._actor = "local"

    def body_limit(self) -> int:
        return self.backend.settings.max_body_size

    async def admit(self) -> None:
        self._actor = check_token(self.backend.settings.token, self.request.headers)
        self.route_for_method()

    async def _handle(self, **groups: str) -> None:
        self.raise_deferred()
        if self._finished:  # already answered 413 while the body was streaming in: never run the RPC
            return
        result = await self.dispatch_rpc(self.request_body(), groups, self._actor)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(result))

    get = post = put = delete = patch = _handle

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        write_json_error(self, status_code, kwargs.get("exc_info"))

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, ModelDBError):
            log.info("%s %s -> %s %s", self.request.method, self.request.path, value.http_status, value.message)
        else:
            super().log_exception(typ, value, tb)


def write_json_error(handler: tornado.web.RequestHandler, status_code: int, exc_info: Any) -> None:
    """The gateway's error body `{"error","code","message"}` with the mapped HTTP status."""
    exc = exc_info[1] if exc_info else None
    if isinstance(exc, ModelDBError):
        handler.set_status(exc.http_status)
        if exc.retryable:
            handler.set_header("Retry-After", "1")
        body = exc.to_json()
    else:
        message = _http_error_message(handler, exc)
        body = {"error": message, "code": _code_for_status(status_code), "message": message, "details": []}
    handler.set_header("Content-Type", "application/json")
    handler.finish(json.dumps(body))


def _http_error_message(handler: tornado.web.RequestHandler, exc: BaseException | None) -> str:
    """An HTTPError's own message when it has one (Jupyter's and ours do), else the status reason."""
    if not isinstance(exc, tornado.web.HTTPError):
        return "internal error"
    if not exc.log_message:
        return handler._reason
    return exc.log_message % exc.args if exc.args else exc.log_message


def _code_for_status(status: int) -> int:
    return {400: 3, 401: 16, 403: 7, 404: 5, 405: 12, 409: 6, 413: 8, 414: 3, 501: 12, 503: 14}.get(status, 2)


@tornado.web.stream_request_body
class NotFoundHandler(GuardedBody, tornado.web.RequestHandler):
    """Anything unrouted: 404 with grpc-gateway's plain-text body (the client expects this for UAC probes).

    It streams so that an unrouted request can never make the server hold its body (see bodies.py).
    """

    async def admit(self) -> None:
        raise tornado.web.HTTPError(404)

    def _respond(self, *args: Any) -> None:
        self.raise_deferred()

    get = post = put = delete = patch = head = options = _respond

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        if status_code != 404:
            write_json_error(self, status_code, kwargs.get("exc_info"))
            return
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("Not Found")

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, (ModelDBError, tornado.web.HTTPError)):
            super().log_exception(typ, value, tb)


@tornado.web.stream_request_body
class UriTooLongHandler(NotFoundHandler):
    """A request target over MAX_URI_BYTES: 414 with the limit and what to do instead."""

    async def admit(self) -> None:
        size = len(self.request.uri or "")
        raise tornado.web.HTTPError(
            414,
            f"request target of {size} bytes is over the {MAX_URI_BYTES}-byte limit: "
            "send long parameters in the JSON body of a POST (e.g. findExperimentRuns) instead of the query string",
        )


class ModelDBApplication(tornado.web.Application):
    """Refuses over-long request targets with a clear 414 before any route looks at them."""

    def find_handler(self, request: Any, **kwargs: Any) -> Any:
        if len(request.uri or "") > MAX_URI_BYTES:
            return self.get_handler_delegate(request, UriTooLongHandler)
        return super().find_handler(request, **kwargs)


def make_http_server(app: tornado.web.Application) -> tornado.httpserver.HTTPServer:
    """The HTTP server for `app`: headers up to MAX_HEADER_BYTES (so that a long query string gets the 414 above
    instead of a silently closed connection, Tornado's answer past its 64 KiB default), and bodies of
    SMALL_BODY for any handler that does not set its own limit (every handler here streams and does)."""
    return tornado.httpserver.HTTPServer(
        app, max_body_size=SMALL_BODY, max_header_size=MAX_HEADER_BYTES, idle_connection_timeout=300
    )


def make_app(backend: Backend, extra_routes: list[Any] | None = None) -> tornado.web.Application:
    """The standalone server's Tornado application."""
    from ..artifacts.local import LocalArtifactStore
    from .artifact_http import artifact_routes
    from .openapi import openapi_routes

    routes = [*openapi_routes("", backend), *rest_routes("", RpcHandler, backend.rpcs.values(), backend=backend)]
    if isinstance(backend.artifacts, LocalArtifactStore):
        routes = [*artifact_routes("", backend, backend.artifacts), *routes]
    return ModelDBApplication(
        [*(extra_routes or []), *routes],
        default_handler_class=NotFoundHandler,
        compress_response=False,
    )
