"""ModelDB's artifact endpoints for the local store: streaming PUT upload and ranged GET download."""

from __future__ import annotations

import json
import mimetypes
import re
from typing import Any
from urllib.parse import quote

import tornado.web

from ..artifacts.local import GET_PATH, STORE_PATH, AtomicWriter, LocalArtifactStore
from ..backend import Backend
from ..errors import InvalidArgument, ModelDBError, NotFound, PayloadTooLarge
from .rest import check_token, write_json_error

CHUNK = 1024 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class _ArtifactBase(tornado.web.RequestHandler):
    def initialize(self, backend: Backend, store: LocalArtifactStore) -> None:
        self.backend = backend
        self.store = store

    def artifact_path(self) -> str:
        path = self.get_query_argument("artifact_path", "")
        if not path:
            raise InvalidArgument("artifact_path query parameter is required")
        return path

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        write_json_error(self, status_code, kwargs.get("exc_info"))

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, ModelDBError):
            super().log_exception(typ, value, tb)


@tornado.web.stream_request_body
class StoreArtifactHandler(_ArtifactBase):
    """PUT raw bytes; never holds the body in memory, and publishes the file only when it is complete."""

    _writer: AtomicWriter | None = None

    def prepare(self) -> None:
        check_token(self.backend.settings.token, self.request.headers)
        if self.request.method not in ("PUT", "POST"):
            raise tornado.web.HTTPError(405)
        limit = self.backend.settings.max_upload_size
        length = self.request.headers.get("Content-Length")
        if length is not None and length.isdigit() and int(length) > limit:
            raise PayloadTooLarge(f"upload of {length} bytes is over the {limit}-byte limit")
        self.request.connection.set_max_body_size(limit + 1)
        self._writer = self.store.writer(self.artifact_path())

    def data_received(self, chunk: bytes) -> None:
        assert self._writer is not None
        if self._writer.size + len(chunk) > self.backend.settings.max_upload_size:
            self._writer.abort()
            raise PayloadTooLarge(f"upload is over the {self.backend.settings.max_upload_size}-byte limit")
        self._writer.write(chunk)

    async def put(self) -> None:
        assert self._writer is not None
        stored = self._writer.commit()
        path = self.artifact_path()
        await self.backend.record_upload(path, stored)
        etag = f'"{stored.sha256}"'
        self.set_header("ETag", etag)
        self.set_header("Content-Type", "application/json")
        body = {"fileName": path.rsplit("/", 1)[-1], "size": stored.size, "sha256": stored.sha256, "ETag": etag}
        self.finish(json.dumps(body))

    post = put

    def on_connection_close(self) -> None:
        if self._writer is not None:
            self._writer.abort()

    def on_finish(self) -> None:
        if self._writer is not None and self.get_status() >= 400:
            self._writer.abort()


class GetArtifactHandler(_ArtifactBase):
    """GET a stored file in chunks, with Content-Length and single-range (resume) support."""

    def prepare(self) -> None:
        check_token(self.backend.settings.token, self.request.headers)

    async def get(self, name: str) -> None:
        target = self.store.resolve(self.artifact_path())
        if not target.is_file():
            raise NotFound(f"artifact {self.artifact_path()!r} is not in the store (was it uploaded?)")
        size = target.stat().st_size
        start, end = self._range(size)
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self.set_header("Content-Type", content_type)
        self.set_header("Content-Disposition", f"attachment; filename*=UTF-8''{quote(target.name)}")
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
                await self.flush()
        self.finish()

    def _range(self, size: int) -> tuple[int, int]:
        header = self.request.headers.get("Range")
        if not header:
            return 0, size
        match = _RANGE.match(header.strip())
        if not match or (not match.group(1) and not match.group(2)):
            raise tornado.web.HTTPError(416, reason="Range not satisfiable")
        first, last = match.groups()
        if first:
            start = int(first)
            end = min(int(last) + 1, size) if last else size
        else:
            start, end = max(size - int(last), 0), size
        if start >= size or start >= end:
            self.set_header("Content-Range", f"bytes */{size}")
            raise tornado.web.HTTPError(416, reason="Range not satisfiable")
        self.set_status(206)
        self.set_header("Content-Range", f"bytes {start}-{end - 1}/{size}")
        return start, end


def artifact_routes(base: str, backend: Backend, store: LocalArtifactStore) -> list[Any]:
    kwargs = {"backend": backend, "store": store}
    prefix = base.rstrip("/")
    return [
        (prefix + STORE_PATH + "/?$", StoreArtifactHandler, kwargs),
        (prefix + GET_PATH + "/([^/]+)$", GetArtifactHandler, kwargs),
    ]
