"""The embedded backend: `Backend.invoke` in this process, on SQLite + local artifacts under $MODELDB_HOME.

One backend per (database, artifact root) per process, opened on first use and closed at exit. Several
processes may share the same files: the backend's SQLite set-up (WAL, busy timeout, BEGIN IMMEDIATE, retries)
makes writers queue; whatever contention still surfaces becomes an UnavailableError that callers retry.
"""

from __future__ import annotations

import os
import threading
from typing import IO, TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from google.protobuf.message import Message

from .errors import UnavailableError, error_for
from .resolve import Target
from .transport import Progress, StartProgress, Transport, _http_get, _http_put, _session

if TYPE_CHECKING:
    from modeldb_backend.backend import Backend

# Upload/download URLs the embedded backend hands out; they never leave this process.
EMBEDDED_BASE = "http://embedded.modeldb.invalid"

_lock = threading.Lock()
_backends: dict[tuple[str, str], Backend] = {}


def _artifact_root(target: Target) -> str:
    assert target.home is not None
    return os.environ.get("MODELDB_ARTIFACT_ROOT") or str(target.home / "artifacts")


def embedded_backend(target: Target) -> Backend:
    """The process-wide backend for this target (migrations run once, when it opens)."""
    key = (target.url, _artifact_root(target))
    with _lock:
        backend = _backends.get(key)
        if backend is None:
            from modeldb_backend.backend import Backend
            from modeldb_backend.settings import Settings

            settings = Settings.from_env(db_url=key[0], artifact_root=key[1], grpc_port=None)
            backend = _backends[key] = Backend.open(settings)
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

    def call(self, service: str, name: str, request: Message | None, body: bytes | None = None) -> Message:
        from modeldb_backend.errors import ModelDBError as BackendError

        assert request is not None, "the embedded backend takes messages, not JSON"
        backend = self.backend
        rpc = backend.rpc(service, name)
        # The backend may normalise a request in place; a journaled batch must stay byte-identical.
        copy = type(request)()
        copy.CopyFrom(request)
        try:
            with _gate:
                return backend.invoke(rpc, copy, "local", EMBEDDED_BASE)
        except BackendError as exc:
            raise error_for(int(exc.code), exc.message, status=exc.http_status) from exc
        except Exception as exc:  # a busy database past the backend's retries, or a fault inside it
            raise _unexpected(exc, name) from exc

    # --- artifact bytes: local store in-process; anything else (presigned S3 URLs) over HTTP ---------------

    def upload(self, url: str, source: IO[bytes], size: int, progress: Progress | None = None) -> str:
        path = self._local_path(url, "/api/v1/artifact/storeArtifact")
        if path is None:
            return _http_put(_session(), url, source, size, {}, progress)
        from modeldb_backend.artifacts.paths import clean_artifact_path
        from modeldb_backend.services.uploads import record_upload, upload_is_open

        from .errors import PermissionDeniedError

        # What the store's PUT endpoint does (transport/artifact_http.py), without HTTP or an event loop.
        path = clean_artifact_path(path)
        store, db = self.backend.artifacts, self.backend.db
        with _gate:
            is_open = db.run(lambda session: upload_is_open(session, path), write=False)
        if not is_open:
            raise PermissionDeniedError(f"no upload is open for artifact_path {path!r}: ask getUrlForArtifact first")
        writer = store.writer(path)  # type: ignore[attr-defined]
        try:
            while chunk := source.read(1024 * 1024):
                writer.write(chunk)
                if progress is not None:
                    progress(len(chunk))
        except BaseException:
            writer.abort()
            raise
        stored = writer.commit()
        with _gate:
            db.run(lambda session: record_upload(session, path, stored, "local"), write=True)
        return stored.sha256 or ""

    def download(self, url: str, sink: IO[bytes], start: StartProgress | None = None) -> None:
        path = self._local_path(url, "/api/v1/artifact/getArtifact/")
        if path is None:
            _http_get(_session(), url, sink, {}, start)
            return
        from .errors import NotFoundError

        target = self.backend.artifacts.resolve(path)  # type: ignore[attr-defined]
        if not target.is_file():
            raise NotFoundError(f"artifact file {path!r} is missing from the store")
        with open(target, "rb") as source:
            progress = start(os.fstat(source.fileno()).st_size) if start else None
            while chunk := source.read(1024 * 1024):
                sink.write(chunk)
                if progress is not None:
                    progress(len(chunk))

    def _local_path(self, url: str, endpoint: str) -> str | None:
        if not url.startswith(EMBEDDED_BASE + "/"):
            return None
        parts = urlsplit(url)
        if not unquote(parts.path).startswith(endpoint):
            raise ValueError(f"unexpected embedded artifact URL {url!r}")
        values = parse_qs(parts.query).get("artifact_path")
        if not values:
            raise ValueError(f"embedded artifact URL without artifact_path: {url!r}")
        return values[0]


def _unexpected(exc: Exception, name: str) -> Exception:
    text = str(exc)
    if "database is locked" in text or "database is busy" in text:
        return UnavailableError(f"{name}: the embedded database is busy; retry")
    return error_for(13, f"{name} failed inside the embedded backend: {type(exc).__name__}: {text[:300]}", 500)
