"""Blobs to rows and back: `blob_contents` keeps the Blob message, a dataset blob's components go to
`dataset_components`, one row each, so a dataset of 100,000 files is written and read set-based."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import NotFound
from ...pb.versioning import versioning_pb2 as vpb
from ...pb.versioning import versioning_service_pb2 as pb
from ...store import versioning_models as vm
from ..sqlchunks import chunked
from .hashing import blob_kind, blob_sha

Component = vpb.PathDatasetComponentBlob | vpb.S3DatasetComponentBlob | vpb.QueryDatasetComponentBlob
_PATH_FIELDS = ("path", "size", "last_modified_at_source", "sha256", "md5", "internal_versioned_path", "base_path")
_QUERY_FIELDS = ("query", "data_source_uri", "execution_timestamp", "num_records")
_DATASET_KINDS = {"S3DatasetBlob": "s3", "PathDatasetBlob": "path", "QueryDatasetBlob": "query"}
# Every component row carries every column (one executemany needs the same keys in each row).
_BLANK_ROW: dict[str, Any] = {
    **dict.fromkeys(("path", "sha256", "md5", "internal_versioned_path", "base_path", "s3_version_id"), ""),
    **dict.fromkeys(("query", "data_source_uri"), ""),
    **dict.fromkeys(("size", "last_modified_at_source", "execution_timestamp", "num_records"), 0),
}


@dataclass
class PreparedBlob:
    """A blob ready to store: its SHA and kind, the `blob_contents` row and its component rows."""

    sha: str
    kind: str
    content: bytes
    components: list[dict[str, Any]] = field(default_factory=list)

    def content_row(self) -> dict[str, Any]:
        return {"sha": self.sha, "kind": self.kind, "content": self.content}


def prepare_blob(blob: pb.Blob) -> PreparedBlob:
    """SHA, kind and rows of a (validated) blob. A dataset's repeated identical components count once, as in
    ModelDB (a dataset is a set of components); their order is kept."""
    kind = blob_kind(blob)
    sub = _DATASET_KINDS.get(kind)
    if sub is None:
        return PreparedBlob(blob_sha(kind, blob), kind, blob.SerializeToString(deterministic=True))
    components = getattr(blob.dataset, sub).components
    distinct = _distinct(components)
    if len(distinct) != len(components):
        blob = pb.Blob()
        getattr(blob.dataset, sub).components.extend(distinct)
    # The stored message keeps the kind only; the components are rows.
    shell = pb.Blob()
    getattr(shell.dataset, sub).SetInParent()
    rows = [_component_row(sub, c) for c in distinct]
    sha = blob_sha(kind, blob)
    for seq, row in enumerate(rows):
        row["blob_sha"], row["seq"] = sha, seq
    return PreparedBlob(sha, kind, shell.SerializeToString(deterministic=True), rows)


def _distinct(components: Sequence[Component]) -> list[Component]:
    seen: set[bytes] = set()
    out: list[Component] = []
    for c in components:
        key = c.SerializeToString(deterministic=True)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _component_row(sub: str, c: Any) -> dict[str, Any]:
    row = dict(_BLANK_ROW)
    if sub == "query":
        row.update((name, getattr(c, name)) for name in _QUERY_FIELDS)
        return row
    path = c.path if sub == "s3" else c
    row.update((name, getattr(path, name)) for name in _PATH_FIELDS)
    if sub == "s3":
        row["s3_version_id"] = c.s3_version_id
    return row


def _component(sub: str, row: Any) -> Component:
    if sub == "query":
        return vpb.QueryDatasetComponentBlob(**{name: getattr(row, name) for name in _QUERY_FIELDS})
    path = vpb.PathDatasetComponentBlob(**{name: getattr(row, name) for name in _PATH_FIELDS})
    if sub == "s3":
        return vpb.S3DatasetComponentBlob(path=path, s3_version_id=row.s3_version_id)
    return path


def load_blobs(session: Session, shas: Sequence[str]) -> dict[str, pb.Blob]:
    """The blobs with these SHAs, components included (one SELECT per 10,000 blobs, and per 10,000 dataset
    blobs for their components, in order)."""
    distinct = list(dict.fromkeys(shas))
    blobs: dict[str, pb.Blob] = {}
    datasets: dict[str, str] = {}  # sha -> dataset sub-kind
    bc = vm.BlobContent
    for part in chunked(distinct):
        for sha, kind, content in session.execute(select(bc.sha, bc.kind, bc.content).where(bc.sha.in_(part))):
            blobs[sha] = pb.Blob.FromString(content)
            if kind in _DATASET_KINDS:
                datasets[sha] = _DATASET_KINDS[kind]
    missing = next((s for s in distinct if s not in blobs), None)
    if missing is not None:
        raise NotFound(f"blob {missing} is missing from the store")
    _attach_components(session, blobs, datasets)
    return blobs


def _attach_components(session: Session, blobs: dict[str, pb.Blob], datasets: dict[str, str]) -> None:
    dc = vm.DatasetComponent.__table__.c
    for part in chunked(list(datasets)):
        grouped: dict[str, list[Component]] = defaultdict(list)
        # Core rows, not ORM objects: a 100,000-component dataset reads several times faster.
        stmt = select(vm.DatasetComponent.__table__).where(dc.blob_sha.in_(part)).order_by(dc.blob_sha, dc.seq)
        for row in session.execute(stmt):
            grouped[row.blob_sha].append(_component(datasets[row.blob_sha], row))
        for sha, components in grouped.items():
            getattr(blobs[sha].dataset, datasets[sha]).components.extend(components)
