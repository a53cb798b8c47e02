"""Content addresses of versioning objects: SHA-256, hex. Equal content gets the same SHA, so it is stored once.

Blobs hash their kind and their deterministic protobuf serialization; trees hash their sorted entries; commits
hash as ModelDB does (parents, message, date, author, root), so a commit's SHA names its whole snapshot.
ModelDB's exact blob and tree SHAs (Java hash orders, TextFormat) are not reproduced: clients treat SHAs as
opaque, and a deterministic content address is what deduplication and comparisons need.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from ...pb.versioning import versioning_service_pb2 as pb

EMPTY_TREE_SHA = hashlib.sha256(b"").hexdigest()  # the root of an empty snapshot (the initial commit's)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_kind(blob: pb.Blob) -> str:
    """The stored kind of a blob, ModelDB's element type names (`PathDatasetBlob`, `GitCodeBlob`, ...);
    "" for a blob with no content. A kind never equals tree_entries' TREE."""
    top = blob.WhichOneof("content")
    if top is None:
        return ""
    if top == "config":
        return "ConfigBlob"
    sub = getattr(blob, top).WhichOneof("content")
    names = {
        "dataset": {"s3": "S3DatasetBlob", "path": "PathDatasetBlob", "query": "QueryDatasetBlob"},
        "environment": {"python": "PythonEnvironmentBlob", "docker": "DockerEnvironmentBlob"},
        "code": {"git": "GitCodeBlob", "notebook": "NotebookCodeBlob"},
    }[top]
    return names.get(sub or "", {"dataset": "DatasetBlob", "environment": "EnvironmentBlob", "code": "CodeBlob"}[top])


def blob_sha(kind: str, blob: pb.Blob) -> str:
    """The SHA of a blob: its kind and its deterministic serialization (components in their order)."""
    return sha256_hex(kind.encode() + b"\n" + blob.SerializeToString(deterministic=True))


def tree_sha(entries: Iterable[tuple[str, str, str, str]]) -> str:
    """The SHA of a tree from its (name, element type, element SHA, attributes JSON) entries, in name order;
    names and attributes are length-prefixed so that none can imitate an entry boundary. No entries:
    EMPTY_TREE_SHA."""
    text = "".join(
        f"{kind} {sha} {len(name)}:{name} {len(attrs)}:{attrs}\n" if attrs else f"{kind} {sha} {len(name)}:{name}\n"
        for name, kind, sha, attrs in sorted(entries)
    )
    return sha256_hex(text.encode())


def commit_sha(parent_shas: Iterable[str], message: str, date_created: int, author: str, root_sha: str) -> str:
    """ModelDB's commit SHA: `parent:` + the sorted parents (only when there are some), then message, creation
    time (ms), author and root tree."""
    parents = sorted(parent_shas)
    head = "parent:" + "".join(parents) if parents else ""
    text = f"{head}:message:{message}:date_created:{date_created}:author:{author}:rootHash:{root_sha}"
    return sha256_hex(text.encode())
