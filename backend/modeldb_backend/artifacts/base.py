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

    def start_multipart(self, path: str) -> str | None:
        """Begin a multipart upload and return its id; stores without multipart return None."""
        return None

    def complete_multipart(self, path: str, upload_id: str, parts: list[tuple[int, str]]) -> None:
        raise NotImplementedError(f"{self.kind} store has no multipart uploads")

    def abort_multipart(self, path: str, upload_id: str) -> None:  # noqa: B027 - optional hook, no-op by default
        """Discard the parts of an unfinished multipart upload."""
