"""DatasetVersionService: managed uploads of dataset components (ModelDB-versioned `Path`/`S3` datasets).

ModelDB's client creates the version first, with each component's `internal_versioned_path`
(`<sha256>/<file name>`) in its dataset blob, then asks for a URL per component by the component's
`path`. The bytes live in the artifact store under the internal path, with the same single-PUT or
multipart protocol as run artifacts.
"""

from __future__ import annotations

from ...errors import InvalidArgument, NotFound
from ...pb.modeldb import dataset_version_service_pb2 as pb
from ...pb.versioning import versioning_pb2
from ...store import models as m
from ..artifacts.blobs import (
    Target,
    commit_part,
    committed_parts,
    complete_multipart,
    dataset_owner,
    issue_url,
    store_path,
)
from ..context import CallContext, read_only
from ..datasets.loading import DATASET_VERSION, live_dataset_version
from ..json_columns import fill_message


def _components(version: m.DatasetVersion) -> list[versioning_pb2.PathDatasetComponentBlob]:
    blob = versioning_pb2.DatasetBlob()
    fill_message(blob, version.dataset_blob)
    kind = blob.WhichOneof("content")
    if kind == "path":
        return list(blob.path.components)
    if kind == "s3":
        return [c.path for c in blob.s3.components]
    raise InvalidArgument(f"dataset version {version.id} has no path or S3 components to store (it is {kind})")


def component_target(ctx: CallContext, dataset_id: str, version_id: str, component_path: str) -> Target:
    """Where the bytes of one component of a live version go (ModelDB matches the component's full path)."""
    if not component_path:
        raise InvalidArgument("path_dataset_component_blob_path not present: name the component's path")
    version = live_dataset_version(ctx.session, dataset_id, version_id)
    for component in _components(version):
        if component.path == component_path and component.internal_versioned_path:
            path = store_path(component.internal_versioned_path, f"dataset component {component_path!r}")
            return Target(dataset_owner(version.id, component_path), path, needs_parts=True)
    raise NotFound(
        f"Dataset component blob not found for the path: '{component_path}' (only components logged with "
        "ModelDB versioning have an internal_versioned_path to store)"
    )


class DatasetBlobRpcs:
    def getUrlForDatasetBlobVersioned(
        self, ctx: CallContext, request: pb.GetUrlForDatasetBlobVersioned
    ) -> pb.GetUrlForDatasetBlobVersioned.Response:
        if not request.method:
            raise InvalidArgument("Method is not found in GetUrlForDatasetBlobVersioned request: send GET or PUT")
        target = component_target(
            ctx, request.dataset_id, request.dataset_version_id, request.path_dataset_component_blob_path
        )
        url = issue_url(ctx, target, request.method, request.part_number)
        ctx.audit(DATASET_VERSION, request.dataset_version_id)
        return pb.GetUrlForDatasetBlobVersioned.Response(url=url.url, multipart_upload_ok=url.multipart_upload_ok)

    def commitVersionedDatasetBlobArtifactPart(
        self, ctx: CallContext, request: pb.CommitVersionedDatasetBlobArtifactPart
    ) -> pb.CommitVersionedDatasetBlobArtifactPart.Response:
        if not request.HasField("artifact_part"):
            raise InvalidArgument("artifact_part not present: send the part_number and the ETag of the part")
        target = component_target(
            ctx, request.dataset_id, request.dataset_version_id, request.path_dataset_component_blob_path
        )
        commit_part(ctx, target.owner_key, request.artifact_part)
        ctx.audit(DATASET_VERSION, request.dataset_version_id)
        return pb.CommitVersionedDatasetBlobArtifactPart.Response()

    @read_only
    def getCommittedVersionedDatasetBlobArtifactParts(
        self, ctx: CallContext, request: pb.GetCommittedVersionedDatasetBlobArtifactParts
    ) -> pb.GetCommittedVersionedDatasetBlobArtifactParts.Response:
        target = component_target(
            ctx, request.dataset_id, request.dataset_version_id, request.path_dataset_component_blob_path
        )
        parts = committed_parts(ctx.session, target.owner_key)
        return pb.GetCommittedVersionedDatasetBlobArtifactParts.Response(artifact_parts=parts)

    def commitMultipartVersionedDatasetBlobArtifact(
        self, ctx: CallContext, request: pb.CommitMultipartVersionedDatasetBlobArtifact
    ) -> pb.CommitMultipartVersionedDatasetBlobArtifact.Response:
        target = component_target(
            ctx, request.dataset_id, request.dataset_version_id, request.path_dataset_component_blob_path
        )
        complete_multipart(ctx, target.owner_key)
        ctx.audit(DATASET_VERSION, request.dataset_version_id)
        return pb.CommitMultipartVersionedDatasetBlobArtifact.Response()
