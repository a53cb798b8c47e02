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

from collections.abc import Sequence

from ...errors import InvalidArgument, NotFound
from ...pb.versioning import versioning_pb2 as vpb
from ...pb.versioning import versioning_service_pb2 as pb
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
from .blob_rows import load_blobs
from .hashing import sha256_hex
from .lookup import COMMIT, FailedPrecondition, require_commit, resolve_repository

Component = vpb.PathDatasetComponentBlob | vpb.S3DatasetComponentBlob
_DATASET_KINDS = ("PathDatasetBlob", "S3DatasetBlob", "QueryDatasetBlob")
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


def _component_owner(repository_id: int, kind: str, component: Component) -> str:
    """The owner key of a component's uploads: its repository and its content (kind and every field)."""
    content = kind.encode() + b"\n" + component.SerializeToString(deterministic=True)
    return f"versioned:{repository_id}:{sha256_hex(content)}"


def component_target(
    ctx: CallContext, rid: vpb.RepositoryIdentification, sha: str, location: Sequence[str], component_path: str
) -> tuple[Target, str]:
    """Where the bytes of one component of a dataset blob of a commit go, and the commit's audit id.

    The location must be a dataset blob of the commit (INVALID_ARGUMENT otherwise, as ModelDB), and the blob
    must have a path or S3 component with that `path` and an internal_versioned_path (NOT_FOUND otherwise).
    """
    repo = resolve_repository(ctx.session, rid)
    commit = require_commit(ctx.session, repo.id, sha)
    entry = blobs_at(ctx.session, commit.root_sha, [location]).get(tuple(location))
    if entry is None or entry.kind not in _DATASET_KINDS:
        raise InvalidArgument(
            f"Blob Location '{java_list(location)}' not found in commit blobs: name the location of a dataset blob"
        )
    dataset = load_blobs(ctx.session, [entry.sha])[entry.sha].dataset
    kind = dataset.WhichOneof("content")
    candidates: list[tuple[vpb.PathDatasetComponentBlob, Component]]
    if kind == "path":
        candidates = [(c, c) for c in dataset.path.components]
    elif kind == "s3":
        candidates = [(c.path, c) for c in dataset.s3.components]
    else:
        candidates = []
    for path, component in candidates:
        if path.path == component_path and path.internal_versioned_path:
            where = store_path(path.internal_versioned_path, f"dataset component {component_path!r}")
            owner = _component_owner(repo.id, entry.kind, component)
            return Target(owner, where, multipart=True, needs_parts=True), f"{repo.id}:{commit.sha}"
    raise NotFound(
        f"Dataset component blob not found for the path: '{component_path}' (only path and S3 components saved "
        "with ModelDB versioning have an internal_versioned_path to store)"
    )


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
