"""The embedded backend: `Backend.invoke` in this process, on SQLite + local artifacts under $MODELDB_HOME.

One backend per settings (database, artifact root, limits: `resolve.embedded_settings`) per process, opened on
first use and closed at exit. Several processes may share the same files: the backend's SQLite set-up (WAL, busy
timeout, BEGIN IMMEDIATE, retries) makes writers queue; whatever contention still surfaces becomes an
UnavailableError that callers retry. Artifact bytes move through the backend's own upload core
(`artifacts/local_transfer.py`), with the rules and limits of the HTTP endpoints.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from google.protobuf.message import Message

from ..server_ext.names import person
from .errors import UnavailableError, error_for
from .resolve import Target, embedded_settings
from .transport import Progress, StartProgress, Transport, _http_get, _http_put, _session

if TYPE_CHECKING:
    from modeldb_backend.artifacts.base import StoredObject
    from modeldb_backend.artifacts.local import AtomicWriter, LocalArtifactStore
    from modeldb_backend.backend import Backend
    from modeldb_backend.settings import Settings

LOCAL_COPY_BUFFER = 1024 * 1024  # fits the CPU cache: larger buffers measured slower
# Upload/download URLs the embedded backend hands out; they never leave this process.
EMBEDDED_BASE = "http://embedded.modeldb.invalid"

_lock = threading.Lock()
_backends: dict[Settings, Backend] = {}


def embedded_backend(target: Target) -> Backend:
    """The process-wide backend for this target's settings (migrations run once, when it opens)."""
    # A Target built by hand (no settings) gets the environment's, on the database it names.
    settings = target.settings or embedded_settings(db_url=target.url)
    with _lock:
        backend = _backends.get(settings)
        if backend is None:
            from modeldb_backend.backend import Backend

            backend = _backends[settings] = Backend.open(settings)
        return backend


def close_all() -> None:
    """Close every embedded backend (called at exit after the clients flushed; see client.py)."""
    with _lock:
        backends = list(_backends.values())
        _backends.clear()
    for backend in backends:
        backend.close()


class _CallGate:
    """Counts calls inside the backend so that a fork can wait for them to leave.

    SQLite keeps process-wide mutexes; a fork while another thread (the sender, mid-batch) holds one
    leaves the child's copy locked forever, and the child hangs in its first sqlite3.connect. So a fork
    waits (bounded) until no call of ours is inside the backend, and holds new ones back meanwhile.
    """

    FORK_WAIT = 30.0

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.active = 0
        self.forking = False

    def __enter__(self) -> None:
        with self.cond:
            while self.forking:
                self.cond.wait()
            self.active += 1

    def __exit__(self, *exc: object) -> None:
        with self.cond:
            self.active -= 1
            self.cond.notify_all()

    def before_fork(self) -> None:
        with self.cond:
            self.forking = True
            self.cond.wait_for(lambda: self.active == 0, timeout=self.FORK_WAIT)

    def after_fork_in_parent(self) -> None:
        with self.cond:
            self.forking = False
            self.cond.notify_all()


_gate = _CallGate()


def _forget_after_fork() -> None:
    """A forked child must not use the parent's pooled connections: drop them without closing (that would
    close the parent's sockets/handles too) and let the child open its own backend."""
    global _lock, _gate
    _lock = threading.Lock()
    _gate = _CallGate()
    for backend in _backends.values():
        backend.db.engine.dispose(close=False)
    _backends.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=lambda: _gate.before_fork(),
        after_in_parent=lambda: _gate.after_fork_in_parent(),
        after_in_child=_forget_after_fork,
    )


class InProcessTransport(Transport):
    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self._backend: Backend | None = None

    @property
    def backend(self) -> Backend:
        backend = self._backend
        if backend is None or backend not in _backends.values():  # reopened after a fork
            with _gate:
                backend = self._backend = embedded_backend(self.target)
        return backend

    def call(
        self, service: str, name: str, request: Message | None, body: bytes | None = None, key: str | None = None
    ) -> Message:
        from modeldb_backend.errors import ModelDBError as BackendError

        assert request is not None, "the embedded backend takes messages, not JSON"
        backend = self.backend
        rpc = backend.rpc(service, name)
        # The backend may normalise a request in place; a journaled batch must stay byte-identical.
        copy = type(request)()
        copy.CopyFrom(request)
        try:
            with _gate:
                # No idempotency key: an in-process call cannot lose its answer, and an embedded store has no
                # periodic sweep to delete expired keys.
                return backend.invoke(rpc, copy, person(), EMBEDDED_BASE)
        except BackendError as exc:
            raise error_for(int(exc.code), exc.message, status=exc.http_status) from exc
        except Exception as exc:  # a busy database past the backend's retries, or a fault inside it
            raise _unexpected(exc, name) from exc

    # --- artifact bytes: the local store through the backend's own upload core; presigned S3 URLs over HTTP ------

    def upload(self, url: str, source: IO[bytes], size: int, progress: Progress | None = None) -> str:
        from modeldb_backend.artifacts.local import STORE_PATH
        from modeldb_backend.artifacts.local_transfer import parse_part

        query = self._local_query(url, STORE_PATH)
        if query is None:
            return _http_put(_session(), url, source, size, {}, progress)
        with _backend_errors("upload"):
            path = _artifact_path(query)
            part = parse_part(_first(query, "upload_id"), _first(query, "part_number"))
            stored = self._receive(path, part, source, size, progress)
        return stored.sha256 or ""  # what the HTTP endpoint answers as the ETag

    def _receive(
        self, path: str, part: tuple[str, int] | None, source: IO[bytes], size: int, progress: Progress | None
    ) -> StoredObject:
        """What the PUT endpoint does (transport/artifact_http.py), with the same LocalUpload, without HTTP."""
        from modeldb_backend.artifacts.local_transfer import LocalUpload

        backend = self.backend
        with _gate:
            upload = LocalUpload.open_blocking(backend, self._store(), path, part, size)
        try:
            upload.copy_from(source, progress)
            with _gate:
                return upload.commit_blocking(person())
        finally:
            upload.abort()  # anything but a commit leaves no file behind

    def stage(self, source: IO[bytes], progress: Progress | None = None) -> AtomicWriter | None:
        """The bytes of `source` copied into the local store and hashed in one pass, before their path (which
        holds the hash) is known; `upload_staged` publishes them. None when the store is not local (S3)."""
        from modeldb_backend.artifacts.local_transfer import local_store, stage_blocking

        store = local_store(self.backend.artifacts)
        if store is None:
            return None
        with _backend_errors("upload"):
            return stage_blocking(self.backend, store, source, progress)

    def upload_staged(self, url: str, staged: AtomicWriter) -> str:
        """`upload` of staged bytes to an embedded URL: the same checks, then a rename instead of a copy."""
        from modeldb_backend.artifacts.local import STORE_PATH
        from modeldb_backend.artifacts.local_transfer import LocalUpload

        query = self._local_query(url, STORE_PATH)
        if query is None or _first(query, "upload_id") or _first(query, "part_number"):
            raise ValueError(f"staged bytes go to a whole upload of the embedded store, not to {url!r}")
        with _backend_errors("upload"):
            path = _artifact_path(query)
            with _gate:
                upload = LocalUpload.adopt_blocking(self.backend, self._store(), path, staged)
                stored = upload.commit_blocking(person())
        return stored.sha256 or ""

    def download(self, url: str, sink: IO[bytes], start: StartProgress | None = None) -> None:
        from modeldb_backend.artifacts.local import GET_PATH
        from modeldb_backend.artifacts.local_transfer import stored_file

        query = self._local_query(url, GET_PATH + "/")
        if query is None:
            _http_get(_session(), url, sink, {}, start)
            return
        with _backend_errors("download"):
            target = stored_file(self._store(), _artifact_path(query))
        with open(target, "rb", buffering=0) as source:
            progress = start(os.fstat(source.fileno()).st_size) if start else None
            buffer = bytearray(LOCAL_COPY_BUFFER)  # one buffer, reused: no fresh memory to fault in per chunk
            view = memoryview(buffer)
            while count := source.readinto(buffer):
                sink.write(view[:count])
                if progress is not None:
                    progress(count)

    def _store(self) -> LocalArtifactStore:
        from modeldb_backend.artifacts.local_transfer import local_store

        store = local_store(self.backend.artifacts)
        if store is None:  # only the local store hands out embedded URLs
            raise ValueError("an embedded artifact URL, but the embedded backend's store is not local")
        return store

    def _local_query(self, url: str, endpoint: str) -> dict[str, list[str]] | None:
        """The query of an artifact URL this process's backend handed out; None for any other URL."""
        if not url.startswith(EMBEDDED_BASE + "/"):
            return None
        parts = urlsplit(url)
        if not unquote(parts.path).startswith(endpoint):
            raise ValueError(f"unexpected embedded artifact URL {url!r}")
        return parse_qs(parts.query, keep_blank_values=True)


def _first(query: dict[str, list[str]], name: str) -> str:
    return query.get(name, [""])[-1]


def _artifact_path(query: dict[str, list[str]]) -> str:
    """The cleaned artifact_path, as the HTTP endpoint reads it (the last one given)."""
    from modeldb_backend.artifacts.paths import clean_artifact_path
    from modeldb_backend.errors import InvalidArgument

    path = _first(query, "artifact_path")
    if not path:
        raise InvalidArgument("artifact_path query parameter is required")
    return clean_artifact_path(path)


@contextlib.contextmanager
def _backend_errors(action: str) -> Iterator[None]:
    """The backend's errors as the client's, with the same code and status the HTTP endpoint answers."""
    from modeldb_backend.errors import ModelDBError as BackendError

    try:
        yield
    except BackendError as exc:
        raise error_for(int(exc.code), exc.message, status=exc.http_status) from exc
    except OSError as exc:  # reading the caller's file, or the stored one
        raise error_for(14, f"artifact {action} failed: {exc.strerror or exc}", 503) from exc


def _unexpected(exc: Exception, name: str) -> Exception:
    text = str(exc)
    if "database is locked" in text or "database is busy" in text:
        return UnavailableError(f"{name}: the embedded database is busy; retry")
    return error_for(13, f"{name} failed inside the embedded backend: {type(exc).__name__}: {text[:300]}", 500)
