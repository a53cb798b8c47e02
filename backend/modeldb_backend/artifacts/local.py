"""Local filesystem artifact store, served by the backend's own /api/v1/artifact/ endpoints.

Uploads stream into a temporary file beside the target and become visible only by an atomic rename once
complete, so an interrupted upload leaves nothing behind and a retry simply starts over. A store that
cannot write (read-only, full, root not a directory) answers 503 naming the path and the cause, and
removes the temporary file; temporary files older than a day (left by a crash) are swept at start-up.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar
from urllib.parse import quote

from ..errors import InvalidArgument, Unavailable
from .base import ArtifactStore, StoredObject, TransferUrl
from .copying import COPY_BUFFER, HashingFile
from .paths import clean_artifact_path

STORE_PATH = "/api/v1/artifact/storeArtifact"
GET_PATH = "/api/v1/artifact/getArtifact"
# Parts of unfinished multipart uploads wait here, under the root but out of reach of any artifact path.
STAGING = ".modeldb-multipart"
_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_T = TypeVar("_T")
PART_SUFFIX = ".part"
STALE_PART_SECONDS = 24 * 3600
log = logging.getLogger(__name__)


def store_error(action: str, what: str, exc: OSError) -> Unavailable:
    """`artifact store: cannot write p/k: Read-only file system` (503: the caller may retry once fixed)."""
    return Unavailable(f"artifact store: cannot {action} {what}: {exc.strerror or exc}")


class LocalArtifactStore(ArtifactStore):
    kind = "local"
    serves_bytes_over_http = True

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).expanduser().resolve()
        self.sweep_stale_parts()

    def sweep_stale_parts(self, max_age: float = STALE_PART_SECONDS) -> int:
        """Remove temporary upload files older than `max_age` seconds (a crash mid-upload leaves them)."""
        cutoff, removed = time.time() - max_age, 0
        for directory, _dirs, files in os.walk(self.root):
            for name in files:
                if not (name.startswith(".") and name.endswith(PART_SUFFIX)):
                    continue
                path = Path(directory, name)
                with contextlib.suppress(OSError):  # gone meanwhile, or not ours to remove: leave it
                    if path.lstat().st_mtime < cutoff:
                        path.unlink()
                        removed += 1
        if removed:
            log.info("artifact store: removed %d unfinished upload file(s) older than %ds", removed, max_age)
        return removed

    def resolve(self, path: str) -> Path:
        """The file for an artifact path; refuses anything that lands outside the root, symlinks included."""
        clean = clean_artifact_path(path)
        if clean.split("/", 1)[0] == STAGING:
            raise InvalidArgument(f"artifact_path must not start with {STAGING}/, which the store keeps for itself")
        target = self.root.joinpath(clean)
        current = self.root
        for part in target.relative_to(self.root).parts:
            current = current / part
            if current.is_symlink():
                raise InvalidArgument("artifact_path goes through a symbolic link, which the store does not follow")
        if not target.resolve().is_relative_to(self.root):
            raise InvalidArgument("artifact_path leaves the artifact store")
        return target

    def upload_url(self, path: str, base_url: str, part_number: int = 0, upload_id: str | None = None) -> TransferUrl:
        clean = clean_artifact_path(path)
        self.resolve(clean)
        url = f"{base_url}{STORE_PATH}?artifact_path={quote(clean, safe='/')}"
        if upload_id and part_number > 0:
            return TransferUrl(url=f"{url}&part_number={part_number}&upload_id={upload_id}", multipart_upload_ok=True)
        return TransferUrl(url=url)

    def download_url(self, path: str, base_url: str) -> str:
        clean = clean_artifact_path(path)
        self.resolve(clean)
        name = quote(clean.rsplit("/", 1)[-1], safe="")
        return f"{base_url}{GET_PATH}/{name}?artifact_path={quote(clean, safe='/')}"

    def stat(self, path: str) -> StoredObject | None:
        target = self.resolve(path)
        return StoredObject(size=target.stat().st_size) if target.is_file() else None

    def delete(self, path: str) -> None:
        self.resolve(path).unlink(missing_ok=True)

    # --- multipart uploads: parts land in a staging directory and are joined on completion ---------------

    def start_multipart(self, path: str) -> str:
        self.resolve(path)
        return uuid.uuid4().hex

    def part_writer(self, upload_id: str, part_number: int) -> AtomicWriter:
        self._check_root()
        target = self._staging(upload_id) / str(part_number)
        try:
            return AtomicWriter(target, f"part {part_number} of upload {upload_id}")
        except OSError as exc:
            raise store_error("write", f"part {part_number} of upload {upload_id}", exc) from exc

    def staged_bytes(self, upload_id: str, except_part: int) -> int:
        """Bytes of the parts already uploaded (a re-sent part replaces its earlier bytes, so it does not count)."""
        staging = self._staging(upload_id)
        if not staging.is_dir():
            return 0
        return sum(p.stat().st_size for p in staging.iterdir() if p.name.isdigit() and p.name != str(except_part))

    def complete_multipart(self, path: str, upload_id: str, parts: list[tuple[int, str]]) -> StoredObject | None:
        """Join the parts in order into `path`, checking each against the ETag (SHA-256) its PUT answered."""
        staging = self._staging(upload_id)
        writer = self.writer(path)
        try:
            for number, etag in sorted(parts):
                digest = _append(writer, staging / str(number), number)
                if etag.strip('"') != digest:
                    raise InvalidArgument(
                        f"part {number}: the committed ETag {etag} is not the ETag of the uploaded part"
                    )
            stored = writer.commit()
        except BaseException:
            writer.abort()
            raise
        shutil.rmtree(staging, ignore_errors=True)
        return stored

    def abort_multipart(self, path: str, upload_id: str) -> None:
        shutil.rmtree(self._staging(upload_id), ignore_errors=True)

    def _staging(self, upload_id: str) -> Path:
        if not _UPLOAD_ID.match(upload_id):
            raise InvalidArgument("upload_id is not one this store issued")
        return self.root / STAGING / upload_id

    def writer(self, path: str) -> AtomicWriter:
        target = self.resolve(path)
        self._check_root()
        with self._opening(path, target):
            return AtomicWriter(target, path)

    def stage(self) -> AtomicWriter:
        """A writer whose artifact path is not known yet (an in-process upload hashes while it copies, and the
        path holds the hash): its bytes wait in the staging directory until `adopt` gives them their path."""
        self._check_root()
        name = f"staged-{uuid.uuid4().hex}"
        try:
            return AtomicWriter(self.root / STAGING / name, "an upload")
        except OSError as exc:
            raise store_error("write", STAGING, exc) from exc

    def adopt(self, path: str, writer: AtomicWriter) -> None:
        """Point a staged writer at `path`, with the checks `writer` makes; `commit` then publishes it."""
        target = self.resolve(path)
        with self._opening(path, target):
            writer.retarget(target)
        writer.label = path

    @contextlib.contextmanager
    def _opening(self, path: str, target: Path) -> Iterator[None]:
        """Errors of making room for `target`: a path through a stored file is the caller's (400), else a 503."""
        if target.is_dir():
            raise InvalidArgument(f"artifact_path {path!r} names a directory of the store, not a file")
        try:
            yield
        except (NotADirectoryError, FileExistsError) as exc:
            raise InvalidArgument(f"artifact_path {path!r} runs through a stored file: {exc.strerror}") from exc
        except OSError as exc:
            raise store_error("write", path, exc) from exc

    def _check_root(self) -> None:
        """The root must be a directory we can create: otherwise no upload can succeed (a 503, not a 400)."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise Unavailable(f"artifact store: cannot write under {self.root}: it is not a directory") from None
        except OSError as exc:
            raise store_error("create the root directory", str(self.root), exc) from exc


class AtomicWriter:
    """Streams bytes to `<dir>/.<name>.<uuid>.part`, hashing as it goes; `commit` renames into place.

    Any failure after the temporary file exists removes it; failures of the filesystem (read-only, full,
    I/O error) become a 503 that names `label` (the artifact path) and the cause. Opening raises OSError:
    the store's `writer` tells a path blocked by a stored file (400) from a store that cannot write (503).
    A staged writer (`LocalArtifactStore.stage`) learns its target only after the bytes (`retarget`).
    """

    def __init__(self, target: Path, label: str = "") -> None:
        self.target = target
        self.label = label or target.name
        target.parent.mkdir(parents=True, exist_ok=True)
        self.temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}{PART_SUFFIX}")
        self._fd: int | None = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC, 0o644)
        self._file = HashingFile(self._fd)
        self._done: StoredObject | None = None

    @property
    def size(self) -> int:
        return self._file.size

    def write(self, chunk: bytes) -> None:
        self._guard("write", lambda: self._file.write(chunk))

    def copy_from(self, source: IO[bytes], progress: Callable[[int], object] | None = None, limit: int = -1) -> None:
        """All of `source`, in one pass (see copying.py); past `limit` bytes: OverLimit, the file removed."""
        try:
            self._guard("write", lambda: self._file.copy_from(source, progress, limit))
        except BaseException:
            self.abort()
            raise

    def finish(self) -> StoredObject:
        """Make the bytes durable; their size and SHA-256 (the target may still change: `retarget`)."""
        if self._done is None:
            fd = self._require_fd()
            sha = self._guard("write", self._file.hexdigest)
            self._guard("write", lambda: os.fsync(fd))
            self._done = StoredObject(size=self._file.size, sha256=sha)
        return self._done

    def retarget(self, target: Path) -> None:
        """Publish under `target` instead (same filesystem: the store root); its directory is created."""
        target.parent.mkdir(parents=True, exist_ok=True)
        self.target = target

    def commit(self) -> StoredObject:
        """Make the bytes durable, then visible under the target name in one atomic step."""
        try:
            stored = self.finish()
            os.close(self._require_fd())
            self._fd = None
            os.replace(self.temp, self.target)
        except OSError as exc:
            self.abort()
            raise store_error("write", self.label, exc) from exc
        except BaseException:
            self.abort()
            raise
        _fsync_directory(self.target.parent)  # so that the rename itself survives a crash
        return stored

    def abort(self) -> None:
        """Close and remove the temporary file; never raises (it runs on every failure path)."""
        self._file.close()
        with contextlib.suppress(OSError):
            if self._fd is not None:
                fd, self._fd = self._fd, None
                os.close(fd)
        with contextlib.suppress(OSError):
            self.temp.unlink(missing_ok=True)

    def _require_fd(self) -> int:
        if self._fd is None:
            raise Unavailable(f"artifact store: the upload of {self.label} was already ended")
        return self._fd

    def _guard(self, action: str, step: Callable[[], _T]) -> _T:
        """Run a step on the file; a filesystem failure removes the temporary file and becomes a 503."""
        self._require_fd()
        try:
            return step()
        except OSError as exc:
            self.abort()
            raise store_error(action, self.label, exc) from exc


def _append(writer: AtomicWriter, part: Path, number: int) -> str:
    """Copy one staged part into the writer; its SHA-256."""
    if not part.is_file():
        raise InvalidArgument(f"part {number} was committed but its bytes were never uploaded")
    digest = hashlib.sha256()
    try:
        with open(part, "rb", buffering=0) as handle:
            while chunk := handle.read(COPY_BUFFER):
                digest.update(chunk)
                writer.write(chunk)
    except OSError as exc:
        raise store_error("read", f"part {number}", exc) from exc
    return digest.hexdigest()


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be opened for fsync
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
