"""Artifact paths are hostile input: normalise them and refuse anything that could leave the store root."""

from __future__ import annotations

import posixpath
import re

from ..errors import InvalidArgument

MAX_PATH_LENGTH = 1024
MAX_SEGMENT_BYTES = 255  # what common filesystems allow for one name
# After one round of URL decoding, a remaining %2F / %5C / %2E means someone encoded a separator or dot twice.
_ENCODED = re.compile(r"%(2f|5c|2e|00)", re.IGNORECASE)


def clean_artifact_path(path: str) -> str:
    """A relative POSIX path with no `..`, no absolute root, no NUL, no backslash and no encoded separators."""
    if not path:
        raise InvalidArgument("artifact_path is empty: give the path the artifact was logged with")
    if len(path) > MAX_PATH_LENGTH:
        raise InvalidArgument(f"artifact_path is {len(path)} characters long; the limit is {MAX_PATH_LENGTH}")
    if "\x00" in path or any(ord(c) < 32 for c in path):
        raise InvalidArgument("artifact_path must not contain NUL or control characters")
    if "\\" in path:
        raise InvalidArgument("artifact_path must use '/' as separator, not '\\'")
    if _ENCODED.search(path):
        raise InvalidArgument("artifact_path must not contain encoded separators or dots (%2F, %5C, %2E, %00)")
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        raise InvalidArgument("artifact_path must be relative to the artifact store, not absolute")
    parts = path.split("/")
    if any(p in ("..", ".") for p in parts):
        raise InvalidArgument("artifact_path must not contain '.' or '..' segments")
    if any(len(p.encode()) > MAX_SEGMENT_BYTES for p in parts):
        raise InvalidArgument(f"artifact_path has a segment longer than {MAX_SEGMENT_BYTES} bytes")
    cleaned = posixpath.normpath(path)
    if cleaned.startswith("..") or cleaned in ("", "."):
        raise InvalidArgument("artifact_path must name a file inside the artifact store")
    return cleaned
