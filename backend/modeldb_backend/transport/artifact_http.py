"""ModelDB's artifact endpoints for the local store: streaming PUT upload and ranged GET download.

`PUT /api/v1/artifact/storeArtifact?artifact_path=P` takes the raw bytes of P, but only while an upload URL
issued by getUrlForArtifact (or getUrlForDatasetBlobVersioned) waits for them; anything else would let a
caller write arbitrary files under the store root. With `&part_number=N&upload_id=U` it takes one part of
a multipart upload (as ModelDB's S3 proxy mode does), answering the part's ETag; the commit RPCs join them.
Those rules live in artifacts/local_transfer.py, which the embedded client goes through as well.
`GET /api/v1/artifact/getArtifact/<name>?artifact_path=P` streams P back. Both authenticate as every route
does (core.py: the server's token standalone, Jupyter's login inside Jupyter). They are mounted only for a store
whose bytes they serve (`ArtifactStore.serves_bytes_over_http`; S3 stores hand out presigned URLs instead).
"""

from __future__ import annotations

import json
import mimetypes
import re
from typing import Any, cast
from urllib.parse import quote

import tornado.web

from ..artifacts.base import ArtifactStore
from ..artifacts.local import GET_PATH, STORE_PATH, LocalArtifactStore
from ..artifacts.local_transfer import LocalUpload, parse_part, stored_file
from ..artifacts.paths import clean_artifact_path
from ..errors import InvalidArgument, ModelDBError, code_for_http_status
from .bodies import UNBOUNDED, announced_length
from .core import Host, ModelDBHandler, error_body

CHUNK = 1024 * 1024
# ASCII digits, at most 18 (far past any file): a longer or odd range is ignored and the whole file sent.
_RANGE = re.compile(r"^bytes=([0-9]{0,18})-([0-9]{0,18})$")


class _ArtifactBase(ModelDBHandler, tornado.web.RequestHandler):
    def initialize(self, host: Host) -> None:
        self.host = host

    def open_store(self) -> None:
        """The backend and its store, once the caller is admitted (503 while the database is unavailable)."""
        self.backend = self.host.require_backend()
        # Mounted only for a store that serves its bytes here (artifact_routes), which keeps them on this disk.
        self.store = cast(LocalArtifactStore, self.backend.artifacts)

    def artifact_path(self) -> str:
        """The cleaned `artifact_path` query parameter (400 for anything that could leave the root)."""
        # Not get_query_argument: it strips blanks and turns control characters into spaces, which would
        # quietly address another file instead of refusing the hostile one.
        values = self.request.query_arguments.get("artifact_path") or [b""]
        try:
            path = values[-1].decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidArgument("artifact_path must be UTF-8 text") from None
        if not path:
            raise InvalidArgument("artifact_path query parameter is required")
        return clean_artifact_path(path)


@tornado.web.stream_request_body
class StoreArtifactHandler(_ArtifactBase):
    """PUT raw bytes; never holds the body in memory, and publishes the file only when it is complete.

    Its body goes to disk, not through the bounded, drained body of every other route: it replaces `prepare`
    and `data_received` of the core, and refuses (with `Connection: close`) before reading any of the body.
    """

    _upload: LocalUpload | None = None

    async def prepare(self) -> None:
        # Everything that can refuse the upload happens before the first byte of the body is read.
        length = self._announced_length()
        self.actor = await self.authenticate()
        self.check_request()
        path = self.artifact_path()
        part = parse_part(self.get_query_argument("upload_id", ""), self.get_query_argument("part_number", ""))
        self._upload = await LocalUpload.open(self.backend, self.store, path, part, length)

    def check_request(self) -> None:
        if self.request.method not in ("PUT", "POST"):
            raise tornado.web.HTTPError(405)
        self.open_store()

    def _announced_length(self) -> int | None:
        """The Content-Length, if any; the connection's own limit is moved out of the way of our answers.

        Tornado refuses a body over the connection's limit with a bare 400 written after whatever we answered;
        raised to the announced length (or unbounded for chunked bodies, counted in data_received), it instead
        reads and discards what follows an early answer until the connection closes.
        """
        self.request.connection.set_max_body_size(UNBOUNDED)
        return announced_length(self.request)

    def data_received(self, chunk: bytes) -> None:
        if self._finished or self._upload is None:
            return
        try:
            self._upload.write(chunk)
        except ModelDBError as failure:  # over the limit, or the store failed (disk full, ...): nothing is left
            self._upload = None
            # Raising here would only be logged by Tornado and the connection dropped without an answer;
            # answering now makes Tornado discard the rest of the body and close the connection.
            self.send_error(failure.http_status, exc_info=(type(failure), failure, None))

    async def put(self) -> None:
        if self._finished or self._upload is None:  # already answered (413) while the body streamed in
            return
        upload, self._upload = self._upload, None  # from here on, a closing connection must not abort it
        stored = await upload.commit(self.actor)  # a part becomes the artifact when commitMultipart* joins them
        etag = f'"{stored.sha256}"'
        self.set_header("ETag", etag)
        self.set_header("Content-Type", "application/json")
        name = upload.path.rsplit("/", 1)[-1]
        self.finish(json.dumps({"fileName": name, "size": stored.size, "sha256": stored.sha256, "ETag": etag}))

    post = put

    def _discard(self) -> None:
        if self._upload is not None:
            self._upload.abort()
            self._upload = None

    def on_connection_close(self) -> None:
        self._discard()  # an interrupted upload leaves no file behind; a retry starts over

    def on_finish(self) -> None:
        if self.get_status() >= 400:
            self._discard()


class RangeNotSatisfiable(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(f"range not satisfiable for {size} bytes")
        self.size = size


@tornado.web.stream_request_body
class GetArtifactHandler(_ArtifactBase):
    """GET a stored file in chunks, with Content-Length and single-range (resume) support.

    It streams its (unused) request body so that a GET with a body is bounded and never held (bodies.py).
    """

    def check_request(self) -> None:
        if self.request.method not in ("GET", "HEAD"):
            raise tornado.web.HTTPError(405)
        self.open_store()

    async def get(self, name: str) -> None:
        self.raise_deferred()
        target = stored_file(self.store, self.artifact_path())
        size = target.stat().st_size
        try:
            start, end = self._range(size)
        except RangeNotSatisfiable:
            self._unsatisfiable(size)
            return
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self.set_header("Content-Type", content_type)
        self.set_header("Content-Disposition", _attachment(target.name))
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Accept-Ranges", "bytes")
        self.set_header("Content-Length", str(end - start))
        with open(target, "rb") as handle:
            handle.seek(start)
            remaining = end - start
            while remaining > 0:
                chunk = handle.read(min(CHUNK, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                self.write(chunk)
                await self.flush()  # bounded memory: one chunk in flight at a time
        self.finish()

    def _range(self, size: int) -> tuple[int, int]:
        """[start, end) to send. Only one well-formed byte range is honoured; anything else gets the whole file."""
        match = _RANGE.match((self.request.headers.get("Range") or "").strip())
        if not match or not any(match.groups()):
            return 0, size
        first, last = match.groups()
        if first:
            start = int(first)
            end = min(int(last) + 1, size) if last else size
            if last and int(last) < start:
                return 0, size  # an invalid range is ignored, as RFC 9110 allows
        else:
            start, end = max(size - int(last), 0), size
        if start >= size or start >= end:
            raise RangeNotSatisfiable(size)
        self.set_status(206)
        self.set_header("Content-Range", f"bytes {start}-{end - 1}/{size}")
        return start, end

    def _unsatisfiable(self, size: int) -> None:
        message = f"the requested range is outside the artifact's {size} bytes"
        self.set_status(416)
        self.set_header("Content-Range", f"bytes */{size}")
        self.set_header("Content-Type", "application/json")
        self.finish(error_body(message, code_for_http_status(416)))


def _attachment(name: str) -> str:
    """Content-Disposition with an ASCII fallback and the exact UTF-8 name (RFC 6266)."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def artifact_routes(
    base: str,
    store: ArtifactStore,
    kwargs: dict[str, Any],
    handlers: tuple[type[StoreArtifactHandler], type[GetArtifactHandler]] = (StoreArtifactHandler, GetArtifactHandler),
) -> list[Any]:
    """The upload and download routes under `base`, for a store that serves its bytes here (else none).

    `kwargs` initialize the handlers (`host`); a host with its own authentication passes its subclasses.
    """
    if not store.serves_bytes_over_http:
        return []
    prefix = base.rstrip("/")
    store_handler, get_handler = handlers
    return [
        (prefix + STORE_PATH + "/?$", store_handler, kwargs),
        (prefix + GET_PATH + "/([^/]+)$", get_handler, kwargs),
    ]
