"""Request bodies bounded per route before anything is authenticated or buffered, and honest keep-alive.

Tornado reads the whole body of an ordinary handler into memory before the handler runs, bounded only by the
HTTP server's `max_body_size` (the upload limit in the standalone server, 512 MiB in Jupyter): an anonymous
chunked `POST /nope` of a gigabyte was held in memory before anyone looked at it. Every handler here streams
instead (`@tornado.web.stream_request_body`), so its `prepare` runs as soon as the headers are in and sets the
limit of its own route: RPC routes take `max_body_size` and keep the body, the upload route streams to disk,
everything else (404, artifact download, status) takes at most `SMALL_BODY` bytes and throws them away.

Keep-alive: when a handler answers before the body has been read, Tornado closes the connection after the
answer but does not say so, and a pooled or pipelined client then sends its next request into a reset. So an
early answer carries `Connection: close`; and a refusal that comes before the body (401, 403, 404, 405) of a
request whose body is absent or small is held back until that body has been read and dropped, which keeps the
connection usable.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import tornado.web

from ..errors import InvalidArgument, PayloadTooLarge

log = logging.getLogger(__name__)
SMALL_BODY = 64 * 1024  # routes that take no body: enough for any client's stray payload, nothing more
UNBOUNDED = 2**62  # the connection's own limit once a handler counts the bytes itself
_DIGITS = re.compile(r"[0-9]{1,20}")


def announced_length(request: Any) -> int | None:
    """The Content-Length as a number, None without one; 400 for anything but plain decimal digits."""
    raw = request.headers.get("Content-Length")
    if raw is None:
        return None
    if not _DIGITS.fullmatch(raw):
        shown = raw if len(raw) <= 40 else raw[:40] + "..."
        raise InvalidArgument(f"Content-Length must be a number of bytes, got {shown!r}")
    return int(raw)


def is_chunked(request: Any) -> bool:
    return "chunked" in request.headers.get("Transfer-Encoding", "").lower()


def body_was_read(handler: Any) -> bool:
    """Whether Tornado has read the whole request body (always so for handlers that do not stream)."""
    future = getattr(handler.request, "_body_future", None)
    return future is None or future.done()


class AnnouncesClose:
    """Adds `Connection: close` to an answer sent before the request body was read (Tornado then hangs up)."""

    request: Any
    _headers_written: bool

    def finish(self, chunk: Any = None) -> Any:
        if not self._headers_written and not body_was_read(self):
            self.set_header("Connection", "close")  # type: ignore[attr-defined]  # a mixin for tornado.web.RequestHandler subclasses
        return super().finish(chunk)  # type: ignore[misc]  # a mixin for tornado.web.RequestHandler subclasses


class GuardedBody(AnnouncesClose):
    """Mixin for `@stream_request_body` handlers: the route's body limit applies before `admit` runs.

    Subclasses override `body_limit` (default: SMALL_BODY), set `keep_body` when the handler needs the bytes,
    and call `raise_deferred()` first in every HTTP verb method; `admit` (authentication, then the route's own
    checks) comes from core.ModelDBHandler, the base of every route.
    """

    keep_body = False
    _deferred: BaseException | None = None
    _received = 0
    _limit = SMALL_BODY

    def body_limit(self) -> int:
        return SMALL_BODY

    async def admit(self) -> None:
        """Authentication and method checks; raise to refuse the request."""

    async def prepare(self) -> None:
        self._body = bytearray()
        # Our own counting enforces the limit, so that the caller gets a 413 with a body, not Tornado's bare 400.
        self.request.connection.set_max_body_size(UNBOUNDED)
        length = announced_length(self.request)
        self._limit = self.body_limit()
        if length is not None and length > self._limit:
            raise PayloadTooLarge(f"request body of {length} bytes is over the {self._limit}-byte limit")
        try:
            await self.admit()
        except Exception as exc:
            if not self._can_drain(length):
                raise
            self._deferred = exc  # answered once the small body is read: the connection stays usable
            self.request.connection.set_max_body_size(SMALL_BODY)

    def _can_drain(self, length: int | None) -> bool:
        if length is None:
            return not is_chunked(self.request)  # no body at all
        return length <= SMALL_BODY

    def data_received(self, chunk: bytes) -> None:
        if self._finished:  # type: ignore[attr-defined]  # a mixin for tornado.web.RequestHandler subclasses
            return
        self._received += len(chunk)
        if self._received > self._limit:
            self._body = bytearray()
            exc = PayloadTooLarge(f"request body is over the {self._limit}-byte limit")
            log.info("%s %s -> 413 %s", self.request.method, self.request.path, exc.message)
            # Raising here would only be logged by Tornado and the connection dropped without an answer.
            self.send_error(exc.http_status, exc_info=(PayloadTooLarge, exc, None))  # type: ignore[attr-defined]  # a mixin for tornado.web.RequestHandler subclasses
            return
        if self.keep_body and self._deferred is None:
            self._body.extend(chunk)

    def raise_deferred(self) -> None:
        if self._deferred is not None:
            exc, self._deferred = self._deferred, None
            raise exc

    def request_body(self) -> bytes:
        return bytes(self._body)

    def _unsupported(self, *args: Any, **kwargs: Any) -> None:
        """Verbs a handler does not define: a held-back refusal still comes first, then 405."""
        self.raise_deferred()
        raise tornado.web.HTTPError(405)

    # OPTIONS keeps its own handling (Jupyter's CORS preflight, Tornado's 405). Handlers redefine some verbs with
    # their own signatures (Tornado passes the route's groups), hence the loose declared type.
    get: Callable[..., Any]
    post: Callable[..., Any]
    put: Callable[..., Any]
    delete: Callable[..., Any]
    patch: Callable[..., Any]
    head: Callable[..., Any]
    get = post = put = delete = patch = head = _unsupported
