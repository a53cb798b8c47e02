"""Bytes into and out of the local store, the one way both the HTTP endpoints and the embedded client move them.

The rules live here once: an upload is taken only while an issued URL waits for its path (the backend knows),
the store owns the path (`resolve` refuses what leaves the root), one upload's parts share the size limit, the
bytes go to an `AtomicWriter` and become visible only when complete, and a whole upload is recorded by the
backend. An in-process upload may write its bytes first (staged, hashed in the same pass) and be admitted to
its path afterwards (`adopt_blocking`): the path holds the hash. `transport/artifact_http.py` drives it from
Tornado's callbacks; `modeldb_jupyter.client.embedded` from a file, in-process.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..errors import InvalidArgument, NotFound, PayloadTooLarge, PermissionDenied
from .base import ArtifactStore, StoredObject
from .copying import OverLimit
from .local import AtomicWriter, LocalArtifactStore

if TYPE_CHECKING:
    from ..backend import Backend

_PART = re.compile(r"[0-9]{1,6}")


def local_store(store: ArtifactStore) -> LocalArtifactStore | None:
    """The store when its bytes are served by this backend (local disk), else None (S3 presigns its URLs)."""
    return store if isinstance(store, LocalArtifactStore) else None


def parse_part(upload_id: str, part_number: str) -> tuple[str, int] | None:
    """(upload_id, part_number) when an upload carries one part of a multipart upload, None for a whole one."""
    from ..services.artifacts.blobs import MAX_PART_NUMBER  # services import the artifacts package: not at import time

    if not upload_id and not part_number:
        return None
    # ASCII digits only, and few of them: int() accepts other digits, and takes long on thousands of them.
    if not upload_id or not _PART.fullmatch(part_number) or not 1 <= int(part_number) <= MAX_PART_NUMBER:
        raise InvalidArgument(f"a part upload needs upload_id and a part_number from 1 to {MAX_PART_NUMBER}")
    return upload_id, int(part_number)


class LocalUpload:
    """One upload under way: `open` refuses before any byte is taken, `write` streams, `commit` publishes."""

    def __init__(self, backend: Backend, path: str, part: tuple[str, int] | None, writer: AtomicWriter, limit: int):
        self.backend, self.path, self.part = backend, path, part
        self.writer: AtomicWriter | None = writer
        self.limit = limit  # bytes this upload may bring (a part: what the earlier parts left)

    @classmethod
    async def open(
        cls, backend: Backend, store: LocalArtifactStore, path: str, part: tuple[str, int] | None, length: int | None
    ) -> LocalUpload:
        """Everything that can refuse the upload: size announced, path, an issued URL waiting for it."""
        _admit(backend, store, path, length)
        upload_id = part[0] if part else None
        _require_open(path, upload_id, await backend.upload_is_open(path, upload_id))
        return cls._start(backend, store, path, part, length)

    @classmethod
    def open_blocking(
        cls, backend: Backend, store: LocalArtifactStore, path: str, part: tuple[str, int] | None, length: int | None
    ) -> LocalUpload:
        """`open` for an in-process caller (the embedded client): blocking, no event loop, no worker pool, so it
        also works while the interpreter exits (a kernel's last snapshot), as the embedded RPCs do."""
        _admit(backend, store, path, length)
        upload_id = part[0] if part else None
        _require_open(path, upload_id, upload_is_open_now(backend, path, upload_id))
        return cls._start(backend, store, path, part, length)

    @classmethod
    def adopt_blocking(
        cls, backend: Backend, store: LocalArtifactStore, path: str, staged: AtomicWriter
    ) -> LocalUpload:
        """An upload of bytes already staged in the store (`LocalArtifactStore.stage`, written and hashed in one
        pass before the path was known): the checks of `open_blocking`, then the staged file gets `path`. On a
        refusal the staged file stays the caller's to abort."""
        stored = staged.finish()
        _admit(backend, store, path, stored.size)
        _require_open(path, None, upload_is_open_now(backend, path))
        store.adopt(path, staged)
        return cls(backend, path, None, staged, backend.settings.max_upload_size)

    @classmethod
    def _start(
        cls, backend: Backend, store: LocalArtifactStore, path: str, part: tuple[str, int] | None, length: int | None
    ) -> LocalUpload:
        limit = backend.settings.max_upload_size
        if part is None:
            return cls(backend, path, part, store.writer(path), limit)
        limit -= store.staged_bytes(*part)  # the parts of one upload together make one artifact
        if length is not None and length > limit:
            raise PayloadTooLarge(
                f"this part would take the upload over the {backend.settings.max_upload_size}-byte limit"
            )
        return cls(backend, path, part, store.part_writer(*part), limit)

    def over_limit(self, more: int) -> PayloadTooLarge | None:
        """The error to answer when `more` bytes would take the upload over its limit (the upload is discarded)."""
        if self.writer is None or self.writer.size + more <= self.limit:
            return None
        self.abort()
        return PayloadTooLarge(f"upload is over the {self.backend.settings.max_upload_size}-byte limit")

    def write(self, chunk: bytes) -> None:
        """Append bytes; over the limit or on a store failure the temporary file is gone and the error raised."""
        if (too_large := self.over_limit(len(chunk))) is not None:
            raise too_large
        writer = self._require_writer()
        try:
            writer.write(chunk)
        except BaseException:  # the writer removed its temporary file already (disk full, ...)
            self.writer = None
            raise

    def copy_from(self, source: IO[bytes], progress: Callable[[int], object] | None = None) -> None:
        """All of `source` (an in-process caller's file) through the writer's rotating buffers, within the limit."""
        writer = self._require_writer()
        try:
            writer.copy_from(source, progress, self.limit)
        except OverLimit:  # the writer removed its temporary file
            self.writer = None
            raise PayloadTooLarge(f"upload is over the {self.backend.settings.max_upload_size}-byte limit") from None
        except BaseException:
            self.writer = None
            raise

    async def commit(self, actor: str = "local") -> StoredObject:
        """Publish the bytes atomically; a whole upload is then recorded (a part waits for the commit RPC)."""
        writer, self.writer = self._require_writer(), None  # from here on, aborting must not remove it
        stored = await self.backend.run_blocking(writer.commit)
        if self.part is None:
            await self.backend.record_upload(self.path, stored, actor)
        return stored

    def commit_blocking(self, actor: str = "local") -> StoredObject:
        """`commit` for an in-process caller (see `open_blocking`)."""
        writer, self.writer = self._require_writer(), None
        stored = writer.commit()
        if self.part is None:
            record_upload_now(self.backend, self.path, stored, actor)
        return stored

    def abort(self) -> None:
        """Drop what was written so far (never raises; a retry starts over)."""
        if self.writer is not None:
            self.writer.abort()
            self.writer = None

    def _require_writer(self) -> AtomicWriter:
        if self.writer is None:
            raise PermissionDenied(f"the upload of {self.path!r} was already ended")
        return self.writer


def stage_blocking(
    backend: Backend, store: LocalArtifactStore, source: IO[bytes], progress: Callable[[int], object] | None = None
) -> AtomicWriter:
    """Copy `source` into the store's staging area, hashing in the same pass (for `LocalUpload.adopt_blocking`).
    Over the upload size limit nothing is left; the caller aborts the writer it gets when it does not adopt it."""
    limit = backend.settings.max_upload_size
    writer = store.stage()
    try:
        writer.copy_from(source, progress, limit)
        writer.finish()
    except OverLimit:  # the writer already removed its file
        raise PayloadTooLarge(f"upload is over the {limit}-byte limit") from None
    except BaseException:
        writer.abort()
        raise
    return writer


def _admit(backend: Backend, store: LocalArtifactStore, path: str, length: int | None) -> None:
    limit = backend.settings.max_upload_size
    if length is not None and length > limit:
        raise PayloadTooLarge(f"upload of {length} bytes is over the {limit}-byte limit")
    store.resolve(path)


def _require_open(path: str, upload_id: str | None, is_open: bool) -> None:
    if not is_open:
        raise PermissionDenied(
            f"no upload is open for artifact_path {path!r}"
            + (f" with upload_id {upload_id}" if upload_id else "")
            + ": ask getUrlForArtifact for a PUT URL of a logged artifact, then send the bytes to that URL"
        )


def upload_is_open_now(backend: Backend, path: str, upload_id: str | None = None) -> bool:
    """What `Backend.upload_is_open` answers, on the calling thread."""
    from ..services.artifacts.uploads import upload_is_open

    return backend.db.run(lambda session: upload_is_open(session, path, upload_id), write=False)


def record_upload_now(backend: Backend, path: str, stored: StoredObject, actor: str = "local") -> int:
    """What `Backend.record_upload` does, on the calling thread."""
    from ..services.artifacts.uploads import record_upload

    return backend.db.run(lambda session: record_upload(session, path, stored, actor), write=True)


def stored_file(store: LocalArtifactStore, path: str) -> Path:
    """The file holding the bytes of `path`; NotFound when they were never uploaded."""
    target = store.resolve(path)
    if not target.is_file():
        raise NotFound(f"artifact {path!r} is not in the store (was it uploaded?)")
    return target
