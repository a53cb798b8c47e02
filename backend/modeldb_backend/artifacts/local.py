"""Local filesystem artifact store, served by the backend's own /api/v1/artifact/ endpoints.

Uploads stream into a temporary file beside the target and become visible only by an atomic rename once
complete, so an interrupted upload leaves nothing behind and a retry simply starts over.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import uuid
from pathlib import Path
from urllib.parse import quote

from ..errors import InvalidArgument
from .base import ArtifactStore, StoredObject, TransferUrl
from .paths import clean_artifact_path

STORE_PATH = "/api/v1/artifact/storeArtifact"
GET_PATH = "/api/v1/artifact/getArtifact"
# Parts of unfinished multipart uploads wait here, under the root but out of reach of any artifact path.
STAGING = ".modeldb-multipart"
_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")
_COPY_CHUNK = 1024 * 1024


class LocalArtifactStore(ArtifactStore):
    kind = "local"

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).expanduser().resolve()

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
        return AtomicWriter(self._staging(upload_id) / str(part_number))

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
        if target.is_dir():
            raise InvalidArgument(f"artifact_path {path!r} names a directory of the store, not a file")
        try:
            return AtomicWriter(target)
        except (NotADirectoryError, FileExistsError) as exc:
            raise InvalidArgument(f"artifact_path {path!r} runs through a stored file: {exc.strerror}") from exc


class AtomicWriter:
    """Streams bytes to `<dir>/.<name>.<uuid>.part`, hashing as it goes; `commit` renames into place."""

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        self.temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
        self._file = open(self.temp, "xb")  # noqa: SIM115 - closed in commit/abort
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self._file.write(chunk)
        self._hash.update(chunk)
        self.size += len(chunk)

    def commit(self) -> StoredObject:
        """Make the bytes durable, then visible under the target name in one atomic step."""
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.replace(self.temp, self.target)
        except BaseException:
            self.abort()
            raise
        _fsync_directory(self.target.parent)  # so that the rename itself survives a crash
        return StoredObject(size=self.size, sha256=self._hash.hexdigest())

    def abort(self) -> None:
        if not self._file.closed:
            self._file.close()
        self.temp.unlink(missing_ok=True)


def _append(writer: AtomicWriter, part: Path, number: int) -> str:
    """Copy one staged part into the writer; its SHA-256."""
    if not part.is_file():
        raise InvalidArgument(f"part {number} was committed but its bytes were never uploaded")
    digest = hashlib.sha256()
    with open(part, "rb") as handle:
        for chunk in iter(lambda: handle.read(_COPY_CHUNK), b""):
            digest.update(chunk)
            writer.write(chunk)
    return digest.hexdigest()


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be opened for fsync
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
