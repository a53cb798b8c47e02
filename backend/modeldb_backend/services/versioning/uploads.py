"""VersioningService: versioned dataset artifact uploads (getUrlForBlobVersioned and the multipart parts).

ModelDB's client saves a commit whose path or S3 dataset blobs carry, per component, an
`internal_versioned_path` (`<sha256>/<file name>`), then asks for a URL per component by the blob's location
and the component's `path`, and sends the bytes there. They live in the artifact store under the internal
path, with the bookkeeping, single-PUT and multipart protocol of every artifact (services/artifacts/blobs.py).

A component's uploads belong to its repository and its content (ModelDB keys them by the component's SHA), so
every commit of the repository holding the same component shares one upload. The local store offers parts
too: ModelDB's v0.18.2 client always asks for part 1 and cannot handle a single-PUT answer for these RPCs
(it reads a `fields` attribute their response does not have).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import FailedPrecondition, InvalidArgument, NotFound
from ...pb.versioning import versioning_pb2 as vpb
from ...pb.versioning import versioning_service_pb2 as pb
from ...store import versioning_models as vm
from ..artifacts.blobs import (
    Target,
    commit_part,
    committed_parts,
    complete_multipart,
    find_blob,
    issue_url,
    store_path,
)
from ..context import CallContext, read_only
from .blob_locations import blobs_at, java_list
from .hashing import sha256_hex
from .lookup import COMMIT, require_commit, resolve_repository

_STORED_KINDS = ("PathDatasetBlob", "S3DatasetBlob")  # the dataset kinds whose components have bytes to store
_DATASET_KINDS = ("PathDatasetBlob", "S3DatasetBlob", "QueryDatasetBlob", "DatasetBlob")
_IDS = "send repository_id, commit_sha, location (the dataset blob's) and path_dataset_component_blob_path"
NOT_INITIALIZED = (
    "Multipart wasn't initialized OR Artifact upload status not found in DB: ask getUrlForBlobVersioned for a PUT "
    "URL with part_number >= 1 first, and upload the parts before committing them"
)


def _require(rpc: str, fields: Sequence[tuple[str, bool]], all_missing: str, hint: str = _IDS) -> None:
    """ModelDB's request checks and messages: everything missing is `all_missing`, else the first missing field
    is named; `hint` says what a complete request sends."""
    absent = [name for name, present in fields if not present]
    if len(absent) == len(fields):
        raise InvalidArgument(f"{all_missing} not found in {rpc} request: {hint}")
    if absent:
        raise InvalidArgument(f"{absent[0]} not found in {rpc} request: {hint}")


def _component_owner(repository_id: int, kind: str, row: Mapping[str, Any]) -> str:
    """The owner key of a component's uploads: its repository and its content (kind and every field)."""
    fields = {name: value for name, value in row.items() if name not in ("blob_sha", "seq")}
    content = kind + "\n" + json.dumps(fields, sort_keys=True, default=str)
    return f"versioned:{repository_id}:{sha256_hex(content.encode())}"


def _managed_component(session: Session, blob_sha: str, component_path: str) -> Mapping[str, Any] | None:
    """The first component of the dataset blob with this `path` and an internal_versioned_path, as its row.

    Read in SQL by the blob's key, not by loading the blob: ModelDB's client asks for a URL per component (and per
    part), so reading a 100,000-component dataset whole for each would make its upload quadratic.
    """
    dc = vm.DatasetComponent.__table__.c
    stmt = (
        select(vm.DatasetComponent.__table__)
        .where(dc.blob_sha == blob_sha, dc.path == component_path, dc.internal_versioned_path != "")
        .order_by(dc.seq)
        .limit(1)
    )
    row = session.execute(stmt).first()
    return None if row is None else dict(row._mapping)


def component_target(
    ctx: CallContext, rid: vpb.RepositoryIdentification, sha: str, location: Sequence[str], component_path: str
) -> tuple[Target, str]:
    """Where the bytes of one component of a dataset blob of a commit go, and the commit's audit id.

    The location must be a dataset blob of the commit (INVALID_ARGUMENT otherwise, as ModelDB), and the blob
    must have a path or S3 component with that `path` and an internal_versioned_path (NOT_FOUND otherwise;
    query datasets have none).
    """
    repo = resolve_repository(ctx.session, rid)
    commit = require_commit(ctx.session, repo.id, sha)
    ref = blobs_at(ctx.session, commit.root_sha, [location]).get(tuple(location))
    if ref is None or ref.kind not in _DATASET_KINDS:
        raise InvalidArgument(
            f"Blob Location '{java_list(location)}' not found in commit blobs: name the location of a dataset blob"
        )
    row = _managed_component(ctx.session, ref.sha, component_path) if ref.kind in _STORED_KINDS else None
    if row is None:
        raise NotFound(
            f"Dataset component blob not found for the path: '{component_path}' (only path and S3 components saved "
            "with ModelDB versioning have an internal_versioned_path to store)"
        )
    where = store_path(row["internal_versioned_path"], f"dataset component {component_path!r}")
    owner = _component_owner(repo.id, ref.kind, row)
    return Target(owner, where, multipart=True, needs_parts=True), f"{repo.id}:{commit.sha}"


def _open_multipart(ctx: CallContext, target: Target) -> None:
    """FAILED_PRECONDITION (ModelDB's code) unless a multipart upload of the component is under way."""
    blob = find_blob(ctx.session, target.owner_key)
    if blob is None or blob.upload_id is None or blob.completed:
        raise FailedPrecondition(NOT_INITIALIZED)


class VersionedUploadRpcs:
    """VersioningService: versioned dataset artifact uploads (getUrlForBlobVersioned and the multipart parts)."""

    def getUrlForBlobVersioned(
        self, ctx: CallContext, request: pb.GetUrlForBlobVersioned
    ) -> pb.GetUrlForBlobVersioned.Response:
        _require(
            "GetUrlForBlobVersioned",
            [
                ("Commit hash", bool(request.commit_sha)),
                ("Blob location", bool(request.location)),
                ("Blob path", bool(request.path_dataset_component_blob_path)),
                ("Method", bool(request.method)),
            ],
            "Commit hash and Blob location and Method type AND Blob path",
            f"{_IDS}, with method GET or PUT",
        )
        target, commit_id = component_target(
            ctx, request.repository_id, request.commit_sha, request.location, request.path_dataset_component_blob_path
        )
        url = issue_url(ctx, target, request.method, request.part_number)
        ctx.audit(COMMIT, commit_id)
        return pb.GetUrlForBlobVersioned.Response(url=url.url, multipart_upload_ok=url.multipart_upload_ok)

    def commitVersionedBlobArtifactPart(
        self, ctx: CallContext, request: pb.CommitVersionedBlobArtifactPart
    ) -> pb.CommitVersionedBlobArtifactPart.Response:
        _require(
            "CommitVersionedBlobArtifactPart",
            [
                ("Commit hash", bool(request.commit_sha)),
                ("Location", bool(request.location)),
                ("Artifact Part", request.HasField("artifact_part")),
            ],
            "Commit hash and Location and Artifact Part",
            f"{_IDS}, with the artifact_part (part_number and ETag)",
        )
        target, commit_id = component_target(
            ctx, request.repository_id, request.commit_sha, request.location, request.path_dataset_component_blob_path
        )
        _open_multipart(ctx, target)
        commit_part(ctx, target.owner_key, request.artifact_part)
        ctx.audit(COMMIT, commit_id)
        return pb.CommitVersionedBlobArtifactPart.Response()

    @read_only
    def getCommittedVersionedBlobArtifactParts(
        self, ctx: CallContext, request: pb.GetCommittedVersionedBlobArtifactParts
    ) -> pb.GetCommittedVersionedBlobArtifactParts.Response:
        _require(
            "GetCommittedVersionedBlobArtifactParts",
            [("Commit hash", bool(request.commit_sha)), ("Location", bool(request.location))],
            "Commit hash and Location",
        )
        target, _ = component_target(
            ctx, request.repository_id, request.commit_sha, request.location, request.path_dataset_component_blob_path
        )
        parts = committed_parts(ctx.session, target.owner_key)
        return pb.GetCommittedVersionedBlobArtifactParts.Response(artifact_parts=parts)

    def commitMultipartVersionedBlobArtifact(
        self, ctx: CallContext, request: pb.CommitMultipartVersionedBlobArtifact
    ) -> pb.CommitMultipartVersionedBlobArtifact.Response:
        _require(
            "CommitMultipartVersionedBlobArtifact",
            [
                ("Commit hash", bool(request.commit_sha)),
                ("Location", bool(request.location)),
                ("Path", bool(request.path_dataset_component_blob_path)),
            ],
            "Commit hash and Location and path",
        )
        target, commit_id = component_target(
            ctx, request.repository_id, request.commit_sha, request.location, request.path_dataset_component_blob_path
        )
        _open_multipart(ctx, target)
        complete_multipart(ctx, target.owner_key)
        ctx.audit(COMMIT, commit_id)
        return pb.CommitMultipartVersionedBlobArtifact.Response()
