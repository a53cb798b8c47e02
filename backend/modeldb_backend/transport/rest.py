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

import tornado.web

from ..backend import Backend
from ..errors import InvalidArgument, ModelDBError, PayloadTooLarge, Unauthenticated
from ..rpc import HttpBinding, Rpc
from .codec import fill_from_params, message_to_json, parse_json_body

log = logging.getLogger(__name__)

# grpc-gateway paths are annotated as /v1/...; ModelDB's web front door serves them under /api/v1/modeldb/...
PUBLIC_PREFIXES = ("/api/v1/modeldb", "/v1")
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
        message = self.build_request(route, body, path_groups)
        response = await self.backend.ainvoke(route.rpc, message, actor, self.public_base_url())
        return message_to_json(response)


@tornado.web.stream_request_body
class RpcHandler(RpcRequestMixin, tornado.web.RequestHandler):
    """One handler class for every RPC: the route kwargs say which RPC each HTTP verb means here."""

    def initialize(self, routes: dict[str, Route], backend: Backend) -> None:
        self.routes = routes
        self.backend = backend
        self._body = bytearray()
        self._actor = "local"

    def prepare(self) -> None:
        self._actor = check_token(self.backend.settings.token, self.request.headers)
        self.route_for_method()
        length = self.request.headers.get("Content-Length")
        limit = self.backend.settings.max_body_size
        if length is not None:
            if not length.isdigit():
                raise InvalidArgument("Content-Length must be a number")
            if int(length) > limit:
                raise PayloadTooLarge(f"request body of {length} bytes is over the {limit}-byte limit")

    def data_received(self, chunk: bytes) -> None:
        self._body.extend(chunk)
        if len(self._body) > self.backend.settings.max_body_size:
            # Raising here would only be logged by Tornado and the connection dropped without an answer;
            # answering now makes Tornado discard the rest of the body and close the connection.
            exc = PayloadTooLarge(f"request body is over the {self.backend.settings.max_body_size}-byte limit")
            self._body.clear()
            self.log_exception(PayloadTooLarge, exc, None)
            self.send_error(exc.http_status, exc_info=(PayloadTooLarge, exc, None))

    async def _handle(self, **groups: str) -> None:
        if self._finished:  # already answered 413 while the body was streaming in: never run the RPC
            return
        result = await self.dispatch_rpc(bytes(self._body), groups, self._actor)
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
        body = exc.to_json()
    else:
        message = handler._reason if isinstance(exc, tornado.web.HTTPError) else "internal error"
        body = {"error": message, "code": _code_for_status(status_code), "message": message, "details": []}
    handler.set_header("Content-Type", "application/json")
    handler.finish(json.dumps(body))


def _code_for_status(status: int) -> int:
    return {400: 3, 401: 16, 403: 7, 404: 5, 405: 12, 409: 6, 413: 8, 501: 12, 503: 14}.get(status, 2)


class NotFoundHandler(tornado.web.RequestHandler):
    """Anything unrouted: 404 with grpc-gateway's plain-text body (the client expects this for UAC probes)."""

    def prepare(self) -> None:
        self.set_status(404)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("Not Found")


def make_app(backend: Backend, extra_routes: list[Any] | None = None) -> tornado.web.Application:
    """The standalone server's Tornado application."""
    from ..artifacts.local import LocalArtifactStore
    from .artifact_http import artifact_routes

    routes = rest_routes("", RpcHandler, backend.rpcs.values(), backend=backend)
    if isinstance(backend.artifacts, LocalArtifactStore):
        routes = [*artifact_routes("", backend, backend.artifacts), *routes]
    return tornado.web.Application(
        [*(extra_routes or []), *routes],
        default_handler_class=NotFoundHandler,
        compress_response=False,
    )
