"""REST/JSON gateway, wire-compatible with ModelDB's grpc-gateway, derived from the RPC table."""

from __future__ import annotations

import dataclasses
import json
import re
import weakref
from collections import defaultdict
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from typing import Any

import tornado.httpserver
import tornado.httputil
import tornado.web

from ..backend import Backend
from ..rpc import HttpBinding, Rpc
from ..services import request_keys
from .access_log import Operations, http_entry
from .artifact_http import artifact_routes
from .bodies import SMALL_BODY
from .codec import fill_from_params, message_to_json, parse_json_body, patch_mask_from_body
from .core import BackendHost, Host, ModelDBHandler, write_json_error
from .metrics_http import metrics_routes
from .openapi import openapi_routes

# grpc-gateway paths are annotated as /v1/...; ModelDB's web front door serves them under /api/v1/modeldb/...,
# except the services it fronts under their own name: /v1/registry/... is /api/v1/registry/... (its client's
# prefix). Every path is served under each of its public forms.
PUBLIC_PREFIXES = ("/api/v1/modeldb", "/v1")
OWN_FRONT_DOORS = ("registry",)
MAX_URI_BYTES = 64 * 1024  # request target (path and query string); longer ones are answered 414
MAX_HEADER_BYTES = 1024 * 1024  # request line and headers together; beyond it Tornado drops the connection


@dataclass(frozen=True)
class Route:
    rpc: Rpc
    binding: HttpBinding
    param_names: tuple[str, ...]  # proto field paths, in the order of the regex groups


def _template_regex(path: str) -> tuple[str, tuple[str, ...]]:
    names: list[str] = []

    def group(match: re.Match[str]) -> str:
        names.append(match.group(1).replace("\\", ""))  # the path was escaped: `id\.repo_id` is `id.repo_id`
        return f"(?P<p{len(names) - 1}>[^/]+)"

    body = re.sub(r"{([^}=]+)(?:=[^}]*)?}", group, re.escape(path).replace(r"\{", "{").replace(r"\}", "}"))
    return body, tuple(names)


def public_prefixes(path: str) -> tuple[str, ...]:
    """What goes before a `/v1/...` path's tail (after `/v1`) in its public URLs."""
    door = path.split("/", 3)[2]  # "/v1/registry/x" -> "registry"
    return (*PUBLIC_PREFIXES, "/api/v1") if door in OWN_FRONT_DOORS else PUBLIC_PREFIXES


def rest_routes(base: str, handler: type[tornado.web.RequestHandler], rpcs: Iterable[Rpc], **kwargs: Any) -> list[Any]:
    """Tornado routes for every HTTP binding, under `base` + each public prefix."""
    by_pattern: dict[str, dict[str, Route]] = defaultdict(dict)
    for rpc in rpcs:
        for binding in rpc.bindings:
            if not binding.path.startswith("/v1/"):
                continue
            regex, names = _template_regex(binding.path[len("/v1") :])
            for prefix in public_prefixes(binding.path):
                by_pattern[base.rstrip("/") + prefix + regex][binding.method] = Route(rpc, binding, names)
    # The first matching route wins: a literal segment goes before a parameter at the same place, so
    # `registered_models/count` is not read as `registered_models/{id}` (grpc-gateway matches them so too).
    ordered = sorted(by_pattern.items(), key=lambda item: _specificity(item[0]))
    return [(pattern + "/?$", handler, {"routes": routes, **kwargs}) for pattern, routes in ordered]


def _specificity(pattern: str) -> tuple[int, ...]:
    return tuple(1 if "(?P<" in segment else 0 for segment in pattern.split("/"))


class RpcRequestMixin:
    """Request → proto message → backend → JSON; shared by the standalone and Jupyter handlers."""

    backend: Backend
    routes: dict[str, Route]
    request: Any
    path_kwargs: dict[str, str]

    def public_base_url(self) -> str:
        """scheme://host[:port] as the caller sees this server: the operator's MODELDB_PUBLIC_URL (standalone
        server), else X-Forwarded-Host first, as ModelDB does."""
        if self.public_url:
            return self.public_url
        host = self.request.headers.get("X-Forwarded-Host") or self.request.host
        scheme = self.request.headers.get("X-Forwarded-Proto") or self.request.protocol
        return f"{scheme}://{host}{self.mount_prefix}"

    mount_prefix = ""  # the Jupyter extension mounts the backend under {base_url}modeldb
    public_url: str | None = None  # the standalone server's Settings.public_url

    def route_for_method(self) -> Route:
        route = self.routes.get(self.request.method)
        if route is None:
            raise tornado.web.HTTPError(405)
        return route

    def build_request(self, route: Route, body: bytes, path_groups: dict[str, str]) -> Any:
        message = route.rpc.request_cls()
        if route.binding.body:
            parse_json_body(body, message, route.binding.body)
            if route.binding.method == "PATCH" and route.binding.body != "*":
                patch_mask_from_body(body, message, route.binding.body)
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
        key = self.request.headers.get(request_keys.HEADER)  # a retried write is applied once (request_keys.py)

        def decode_invoke_encode() -> dict[str, Any]:
            # All on a worker thread: decoding a 10 MB body or encoding a large answer takes seconds, which on
            # the event loop would stall every other request and the handling of SIGTERM.
            message = self.build_request(route, body, path_groups)
            return message_to_json(self.backend.invoke(route.rpc, message, actor, base_url, key))

        return await self.backend.run_blocking(decode_invoke_encode)


@tornado.web.stream_request_body
class RpcHandler(RpcRequestMixin, ModelDBHandler, tornado.web.RequestHandler):
    """One handler class for every RPC: the route kwargs say which RPC each HTTP verb means here."""

    keep_body = True

    def initialize(self, routes: dict[str, Route], host: Host, mount: str = "", public_url: str | None = None) -> None:
        self.routes = routes
        self.host = host
        self.mount_prefix = mount
        self.public_url = public_url

    def body_limit(self) -> int:
        return self.host.settings.max_body_size

    def check_request(self) -> None:
        self.backend = self.host.require_backend()
        self.route_for_method()

    def changed_by_get(self) -> str | None:
        route = self.routes.get(self.request.method)
        if route is None or not route.rpc.mutating or self.request.method not in ("GET", "HEAD"):
            return None
        return route.rpc.name

    async def _handle(self, **groups: str) -> None:
        self.raise_deferred()
        if self._finished:  # already answered 413 while the body was streaming in: never run the RPC
            return
        result = await self.dispatch_rpc(self.request_body(), groups, self.actor)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(result))

    get = post = put = delete = patch = _handle


@tornado.web.stream_request_body
class NotFoundHandler(ModelDBHandler, tornado.web.RequestHandler):
    """Anything unrouted: 404 with grpc-gateway's plain-text body (the client expects this for UAC probes).

    It streams so that an unrouted request can never make the server hold its body (see bodies.py).
    """

    public = True

    def check_request(self) -> None:
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


@tornado.web.stream_request_body
class UriTooLongHandler(NotFoundHandler):
    """A request target over MAX_URI_BYTES: 414 with the limit and what to do instead."""

    def initialize(self, size: int) -> None:
        self.size = size  # the target as sent: the request holds only its path (see _TargetLimit)

    def check_request(self) -> None:
        raise tornado.web.HTTPError(
            414,
            f"request target of {self.size} bytes is over the {MAX_URI_BYTES}-byte limit: "
            "send long parameters in the JSON body of a POST (e.g. findExperimentRuns) instead of the query string",
        )


def accept_query_parameters_within_target_limit() -> None:
    """Let Tornado read every query string that fits in a request target of MAX_URI_BYTES.

    Tornado (6.5.8 on) refuses a query string of more than 1,000 parameters while it reads the request line, before
    any route runs, with a bare 400 and no body. Our one rule for query strings is their size (the 414 above, as
    the README says), and ModelDB's gateway has no count limit either: a GET with a long repeated list (`keys`,
    `labels`) that fits in 64 KiB must work. Each parameter takes at least one byte, so MAX_URI_BYTES parameters
    is what such a target can hold; parsing that many takes tens of milliseconds at worst. Tornado offers only a
    process-wide setting (it also bounds form bodies, which no route of ours reads): it is raised, never lowered.
    """
    current = getattr(tornado.httputil, "_DEFAULT_PARSE_BODY_CONFIG", None)
    if current is None or not hasattr(current, "urlencoded"):  # an older Tornado: no such limit
        return
    if current.urlencoded.max_arguments >= MAX_URI_BYTES:
        return
    urlencoded = dataclasses.replace(current.urlencoded, max_arguments=MAX_URI_BYTES)
    tornado.httputil.set_parse_body_config(dataclasses.replace(current, urlencoded=urlencoded))


class _TargetLimit(tornado.httputil.HTTPMessageDelegate):
    """Measures the request target before Tornado reads its query string.

    An over-long target is routed with its path alone, so that Tornado never parses (or refuses with a bare 400,
    past its parameter limit) a query string that is refused with the 414 anyway; the size goes to the handler.
    """

    def __init__(self, app: ModelDBApplication, routing: tornado.httputil.HTTPMessageDelegate, connection: Any) -> None:
        self.app, self.routing, self.connection = app, routing, connection

    def headers_received(
        self,
        start_line: tornado.httputil.RequestStartLine | tornado.httputil.ResponseStartLine,
        headers: tornado.httputil.HTTPHeaders,
    ) -> Awaitable[None] | None:
        if isinstance(start_line, tornado.httputil.RequestStartLine) and len(start_line.path) > MAX_URI_BYTES:
            self.app.oversized[self.connection] = len(start_line.path)
            start_line = start_line._replace(path=start_line.path.partition("?")[0][:MAX_URI_BYTES])
        return self.routing.headers_received(start_line, headers)

    def data_received(self, chunk: bytes) -> Awaitable[None] | None:
        return self.routing.data_received(chunk)

    def finish(self) -> None:
        self.routing.finish()

    def on_connection_close(self) -> None:
        self.routing.on_connection_close()


class ModelDBApplication(tornado.web.Application):
    """Refuses over-long request targets with a clear 414 before any route looks at them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # request connection -> size of its over-long target (one connection object per request)
        self.oversized: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()

    def start_request(self, server_conn: object, request_conn: Any) -> tornado.httputil.HTTPMessageDelegate:
        return _TargetLimit(self, super().start_request(server_conn, request_conn), request_conn)

    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """The access log and metrics (access_log.py) instead of Tornado's own log line."""
        ops = self.settings.get("modeldb_ops")
        if ops is None:
            super().log_request(handler)
        else:
            ops.finish(http_entry(handler))

    def find_handler(self, request: Any, **kwargs: Any) -> Any:
        size = self.oversized.pop(request.connection, None)
        if size is None and len(request.uri or "") > MAX_URI_BYTES:  # served without _TargetLimit
            size = len(request.uri)
        if size is not None:
            return self.get_handler_delegate(request, UriTooLongHandler, target_kwargs={"size": size})
        return super().find_handler(request, **kwargs)


def make_http_server(app: tornado.web.Application) -> tornado.httpserver.HTTPServer:
    """The HTTP server for `app`: headers up to MAX_HEADER_BYTES (so that a long query string gets the 414 above
    instead of a silently closed connection, Tornado's answer past its 64 KiB default), query strings of as many
    parameters as fit in MAX_URI_BYTES, and bodies of SMALL_BODY for any handler that does not set its own limit
    (every handler here streams and does)."""
    accept_query_parameters_within_target_limit()
    return tornado.httpserver.HTTPServer(
        app, max_body_size=SMALL_BODY, max_header_size=MAX_HEADER_BYTES, idle_connection_timeout=300
    )


def make_app(backend: Backend, extra_routes: list[Any] | None = None) -> tornado.web.Application:
    """The standalone server's Tornado application."""
    host = BackendHost(backend)
    routes = [
        *artifact_routes("", backend.artifacts, {"host": host}),
        *openapi_routes("", backend),
        *metrics_routes(host, backend),
        *rest_routes("", RpcHandler, backend.rpcs.values(), host=host, public_url=backend.settings.public_url),
    ]
    return ModelDBApplication(
        [*(extra_routes or []), *routes],
        default_handler_class=NotFoundHandler,
        compress_response=False,
        modeldb_ops=Operations(backend.settings),  # the server names its instance once it listens
    )
