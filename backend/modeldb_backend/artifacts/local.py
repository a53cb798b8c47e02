"""Local filesystem artifact store, served by the backend's own /api/v1/artifact/ endpoints.

Uploads stream into a temporary file beside the target and become visible only by an atomic rename once
complete, so an interrupted upload leaves nothing behind and a retry simply starts over.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path
from urllib.parse import quote

from ..errors import InvalidArgument
from .base import ArtifactStore, StoredObject, TransferUrl
from .paths import clean_artifact_path

STORE_PATH = "/api/v1/artifact/storeArtifact"
GET_PATH = "/api/v1/artifact/getArtifact"


class LocalArtifactStore(ArtifactStore):
    kind = "local"

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).expanduser().resolve()

    def resolve(self, path: str) -> Path:
        """The file for an artifact path; refuses anything that lands outside the root, symlinks included."""
        target = self.root.joinpath(clean_artifact_path(path))
        current = self.root
        for part in target.relative_to(self.root).parts:
            current = current / part
            if current.is_symlink():
                raise InvalidArgument("artifact_path goes through a symbolic link, which the store does not follow")
        if not target.resolve().is_relative_to(self.root):
            raise InvalidArgument("artifact_path leaves the artifact store")
        return target

    def upload_url(self, path: str, base_url: str, part_number: int = 0, upload_id: str | None = None) -> TransferUrl:
        self.resolve(path)
        return TransferUrl(url=f"{base_url}{STORE_PATH}?artifact_path={quote(path, safe='/')}")

    def download_url(self, path: str, base_url: str) -> str:
        self.resolve(path)
        name = quote(path.rsplit("/", 1)[-1], safe="")
        return f"{base_url}{GET_PATH}/{name}?artifact_path={quote(path, safe='/')}"

    def stat(self, path: str) -> StoredObject | None:
        target = self.resolve(path)
        return StoredObject(size=target.stat().st_size) if target.is_file() else None

    def delete(self, path: str) -> None:
        self.resolve(path).unlink(missing_ok=True)

    def writer(self, path: str) -> AtomicWriter:
        return AtomicWriter(self.resolve(path))


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
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self.temp, self.target)
        return StoredObject(size=self.size, sha256=self._hash.hexdigest())

    def abort(self) -> None:
        if not self._file.closed:
            self._file.close()
        self.temp.unlink(missing_ok=True)
