"""The artifact store interface: where artifact bytes live, and the URLs clients move them through."""

from __future__ import annotations

import abc
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TransferUrl:
    """What getUrlForArtifact answers: a URL, optional form fields (presigned POST), multipart support."""

    url: str
    fields: dict[str, str] = field(default_factory=dict)
    multipart_upload_ok: bool = False


@dataclass(frozen=True)
class StoredObject:
    size: int
    sha256: str | None = None


class ArtifactStore(abc.ABC):
    """One interface for local disk and S3-compatible stores. Paths are cleaned relative keys."""

    kind: str
    # Whether uploads that may come in parts should (S3: large objects go straight to the bucket in
    # parallelisable parts). Every store can take parts; the local store only offers them to clients that
    # cannot upload any other way.
    prefers_multipart: bool = False
    # Whether clients move this store's bytes through the backend's own artifact routes (upload and download
    # under /api/v1/artifact/, served by transport/artifact_http.py) rather than through another service's
    # URLs (S3: presigned URLs). The HTTP transports mount those routes only for a store that says so.
    serves_bytes_over_http: bool = False

    @abc.abstractmethod
    def upload_url(self, path: str, base_url: str, part_number: int = 0, upload_id: str | None = None) -> TransferUrl:
        """Where a client PUTs the bytes of `path` (or one part of a multipart upload)."""

    @abc.abstractmethod
    def download_url(self, path: str, base_url: str) -> str:
        """Where a client GETs the bytes of `path`."""

    @abc.abstractmethod
    def stat(self, path: str) -> StoredObject | None:
        """Size (and checksum when known) of a stored object, or None when absent."""

    @abc.abstractmethod
    def delete(self, path: str) -> None:
        """Remove an object; absent objects are ignored."""

    @abc.abstractmethod
    def start_multipart(self, path: str) -> str:
        """Begin a multipart upload of `path` and return its id."""

    @abc.abstractmethod
    def complete_multipart(self, path: str, upload_id: str, parts: list[tuple[int, str]]) -> StoredObject | None:
        """Assemble the (part number, ETag) parts into `path`; what was stored, when the store knows."""

    @abc.abstractmethod
    def abort_multipart(self, path: str, upload_id: str) -> None:
        """Discard the parts of an unfinished multipart upload (absent uploads are ignored)."""
