"""Artifacts of model versions: upload and download URLs, multipart parts, deletes.

A version's artifacts are rows of the shared `artifacts` table (entity id `mv:<id>`): key `model` is the row of
field `model` (ModelVersion.model), every other key a row of field `artifacts`. Their bytes go through the same
store bookkeeping as a run's (services/artifacts/blobs.py): the owner key `artifact:<row id>`, paths checked
against the store's rules, the local store's PUT endpoint admitting only bytes of an issued URL, multipart on S3.
A version locked CLOSED refuses every change to its artifacts; downloads stay allowed.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select

from ...errors import InvalidArgument, NotFound
from ...pb.registry import registry_service_pb2 as pb
from ...store import models as m
from ...store import registry_models as rm
from ..artifacts.blobs import (
    Target,
    commit_part,
    committed_parts,
    complete_multipart,
    issue_url,
    refresh_from_store,
)
from ..artifacts.rows import delete_artifacts
from ..artifacts.urls import artifact_target
from ..context import CallContext, read_only
from ..key_values import ARTIFACTS
from .locks import check_may_change
from .lookup import MODEL_FIELD, touch, version_by_id

MODEL_KEY = "model"  # the key ModelDB's client gives ModelVersion.model


def live_version(ctx: CallContext, version_id: int, *, for_update: bool = False) -> rm.ModelVersion:
    """The live model version of a live model (400 without an id, 404 otherwise): the registry's one lookup."""
    return version_by_id(ctx.session, version_id, for_update=for_update)


def refuse_closed(version: rm.ModelVersion, fields: Sequence[str]) -> None:
    """A CLOSED version keeps its artifacts, attributes, datasets, code and Docker metadata as they are (the
    registry's lock rules, locks.py: 400 FAILED_PRECONDITION "locked for changes")."""
    check_may_change(version, fields)


def changed(ctx: CallContext, version: rm.ModelVersion) -> None:
    """A change to the version's content: time_updated and version_number move, and the audit record names it."""
    touch(version, ctx)
    ctx.audit(rm.MODEL_VERSION, rm.version_entity_id(version.id))


def version_artifact(ctx: CallContext, version: rm.ModelVersion, key: str, *, for_update: bool = False) -> m.Artifact:
    """The artifact row of (version, key), or a 400/404 that says how to log it first.

    Key `model` names ModelVersion.model whatever key the model was logged with; any other key an artifact,
    else the model if it carries that key.
    """
    if not key:
        raise InvalidArgument("key not present: name the artifact (`model` for the version's model)")
    eid = rm.version_entity_id(version.id)
    model_row = m.Artifact.field == MODEL_FIELD
    named = model_row if key == MODEL_KEY else or_(m.Artifact.field == ARTIFACTS, model_row) & (m.Artifact.key == key)
    # An artifact of that key comes before a model logged under it ("artifacts" sorts first).
    q = select(m.Artifact).where(m.Artifact.entity_id == eid, named).order_by(m.Artifact.field).limit(1)
    row = ctx.session.scalar(q.with_for_update() if for_update else q)
    if row is None:
        what = "no model" if key == MODEL_KEY else f"no artifact with key {key!r}"
        raise NotFound(
            f"model version {version.id} has {what}: log it into the version (UpdateModelVersion) before asking "
            "for its URL"
        )
    return row


def _target(
    ctx: CallContext, version_id: int, key: str, *, changing: Sequence[str] | None
) -> tuple[rm.ModelVersion, Target]:
    """The version (row-locked when `changing`) and where the bytes of its artifact `key` live."""
    version = live_version(ctx, version_id, for_update=changing is not None)
    if changing is not None:
        refuse_closed(version, changing)
    row = version_artifact(ctx, version, key, for_update=changing is not None)
    return version, artifact_target(row, multipart=True)


class ModelVersionArtifactRpcs:
    """RegistryService: artifact URLs, the multipart upload protocol and artifact deletes of model versions."""

    def getUrlForArtifact(self, ctx: CallContext, request: pb.GetUrlForArtifact) -> pb.GetUrlForArtifact.Response:
        if not request.method:
            raise InvalidArgument("method not present in GetUrlForArtifact request: send GET or PUT")
        uploading = request.method.upper() == "PUT"
        version, target = _target(
            ctx,
            request.model_version_id,
            request.key,
            changing=["artifacts"] if uploading else None,
        )
        url = issue_url(ctx, target, request.method, request.part_number)
        if uploading:
            changed(ctx, version)
        else:
            row = version_artifact(ctx, version, request.key, for_update=True)
            if not row.upload_completed:  # bytes PUT straight to S3 never pass through us: look whether they arrived
                row.upload_completed = refresh_from_store(ctx, target)
            ctx.audit(rm.MODEL_VERSION, rm.version_entity_id(version.id))
        return pb.GetUrlForArtifact.Response(
            url=url.url, fields=url.fields, multipart_upload_ok=url.multipart_upload_ok
        )

    def commitArtifactPart(self, ctx: CallContext, request: pb.CommitArtifactPart) -> pb.CommitArtifactPart.Response:
        if not request.HasField("artifact_part"):
            raise InvalidArgument("artifact_part not present: send the part_number and the ETag of the part")
        version, target = _target(ctx, request.model_version_id, request.key, changing=["artifacts"])
        commit_part(ctx, target.owner_key, request.artifact_part)
        changed(ctx, version)
        return pb.CommitArtifactPart.Response()

    @read_only
    def getCommittedArtifactParts(
        self, ctx: CallContext, request: pb.GetCommittedArtifactParts
    ) -> pb.GetCommittedArtifactParts.Response:
        _, target = _target(ctx, request.model_version_id, request.key, changing=None)
        return pb.GetCommittedArtifactParts.Response(artifact_parts=committed_parts(ctx.session, target.owner_key))

    def commitMultipartArtifact(
        self, ctx: CallContext, request: pb.CommitMultipartArtifact
    ) -> pb.CommitMultipartArtifact.Response:
        version, target = _target(ctx, request.model_version_id, request.key, changing=["artifacts"])
        complete_multipart(ctx, target.owner_key)
        version_artifact(ctx, version, request.key).upload_completed = True
        changed(ctx, version)
        return pb.CommitMultipartArtifact.Response()

    def DeleteModelVersionArtifact(self, ctx: CallContext, request: pb.DeleteModelVersionArtifactRequest) -> pb.Empty:
        """Removes the artifact from the version; its bytes stay in the store (copies and runs may read them)."""
        version = live_version(ctx, request.model_version_id, for_update=True)
        refuse_closed(version, ["artifacts"])
        row = version_artifact(ctx, version, request.artifact_key)
        delete_artifacts(ctx, row.entity_id, row.field, [row.key])
        changed(ctx, version)
        return pb.Empty()
