"""getUrlForArtifact of runs, experiments and projects, and the multipart-upload RPCs of runs.

The URL names the artifact's logged path in the store (ModelDB v2.0.8 keeps the client's path, which the
client makes content-addressed: `<sha256>/<key>.<ext>`). A PUT URL is recorded as an open upload, which
is what lets the local store's endpoint accept the bytes; artifact type CODE addresses the entity's code
archive instead of its artifacts.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import InvalidArgument
from ...pb.common import common_pb2
from ...pb.modeldb import common_pb2 as mdb_pb
from ...store import models as m
from ..context import CallContext, read_only
from ..json_columns import fill_message
from ..key_values import ARTIFACTS, DATASETS
from ..loading import EXPERIMENT, PROJECT, RUN, live_experiment, live_project, live_run
from .blobs import (
    Target,
    artifact_owner,
    code_owner,
    commit_part,
    committed_parts,
    complete_multipart,
    issue_url,
    refresh_from_store,
    store_path,
)

Entity = m.Project | m.Experiment | m.ExperimentRun
ENTITY_NAMES = {RUN: "ExperimentRun", EXPERIMENT: "Experiment", PROJECT: "Project"}
_GETTERS: dict[str, Callable[[Session, str], Entity]] = {
    RUN: live_run,
    EXPERIMENT: live_experiment,
    PROJECT: live_project,
}


def live_entity(ctx: CallContext, entity_type: str, entity_id: str) -> Entity:
    getter = _GETTERS[entity_type]
    return getter(ctx.session, entity_id)


def logged_artifact(ctx: CallContext, entity_id: str, key: str, *, for_update: bool = False) -> m.Artifact:
    """The artifact row of (entity, key), or ModelDB's 400 "Key k not logged"."""
    if not key:
        raise InvalidArgument("Artifact Key not found in request: name the artifact")
    q = select(m.Artifact).where(
        m.Artifact.entity_id == entity_id, m.Artifact.field == ARTIFACTS, m.Artifact.key == key
    )
    row = ctx.session.scalar(q.with_for_update() if for_update else q)
    if row is None:
        raise InvalidArgument(f"Key {key} not logged")
    return row


def artifact_target(row: m.Artifact, multipart: bool) -> Target:
    if row.path_only:
        raise InvalidArgument(
            f"artifact {row.key!r} was logged with path_only: its path {row.path!r} is not in the artifact store"
        )
    return Target(artifact_owner(row.id), store_path(row.path, f"artifact {row.key!r}"), multipart)


def code_target(row: Entity, entity_type: str) -> Target:
    """The entity's code archive (ModelDB resolves artifact type CODE from the code version, not the key)."""
    text = row.code_version_snapshot if isinstance(row, m.ExperimentRun) else row.code_version
    code = common_pb2.CodeVersion()
    fill_message(code, text)
    kind = code.WhichOneof("code")
    if kind is None:
        raise InvalidArgument("Code version has not been logged")
    if kind != "code_archive":
        raise InvalidArgument(
            f"the code version of this {ENTITY_NAMES[entity_type]} is a git snapshot: it has no archive to transfer"
        )
    return Target(code_owner(row.id), store_path(code.code_archive.path, "code archive"), multipart=False)


def _refuse_dataset_link(ctx: CallContext, entity_id: str, key: str) -> None:
    """DATA asks about the run's datasets first (ModelDB main): dataset links carry no bytes of their own."""
    linked = ctx.session.scalar(
        select(m.Artifact.linked_artifact_id).where(
            m.Artifact.entity_id == entity_id, m.Artifact.field == DATASETS, m.Artifact.key == key
        )
    )
    if linked is not None:
        raise InvalidArgument(
            f"Not supported yet: dataset {key!r} links dataset version {linked!r}; "
            "download its components through the dataset version (getUrlForDatasetBlobVersioned)"
        )


def url_for_artifact(
    ctx: CallContext, entity_type: str, request: mdb_pb.GetUrlForArtifact, multipart: bool
) -> mdb_pb.GetUrlForArtifact.Response:
    if not request.key:
        raise InvalidArgument("Artifact Key not found in GetUrlForArtifact request")
    if not request.method:
        raise InvalidArgument("Method is not found in GetUrlForArtifact request: send GET or PUT")
    entity = live_entity(ctx, entity_type, request.id)
    artifact = None
    if request.artifact_type == common_pb2.ArtifactTypeEnum.CODE:
        target = code_target(entity, entity_type)
    else:
        if request.artifact_type == common_pb2.ArtifactTypeEnum.DATA:
            _refuse_dataset_link(ctx, entity.id, request.key)
        artifact = logged_artifact(ctx, entity.id, request.key, for_update=True)
        target = artifact_target(artifact, multipart)
    url = issue_url(ctx, target, request.method, request.part_number)
    if artifact is not None and request.method.upper() == "GET" and not artifact.upload_completed:
        # Bytes PUT straight to S3 never pass through us: look whether they arrived.
        artifact.upload_completed = refresh_from_store(ctx, target)
    return mdb_pb.GetUrlForArtifact.Response(
        url=url.url, fields=url.fields, multipart_upload_ok=url.multipart_upload_ok
    )


class RunArtifactUrlRpcs:
    """ExperimentRunService: artifact URLs and the multipart upload protocol (S3 stores)."""

    def getUrlForArtifact(
        self, ctx: CallContext, request: mdb_pb.GetUrlForArtifact
    ) -> mdb_pb.GetUrlForArtifact.Response:
        return url_for_artifact(ctx, RUN, request, multipart=True)

    def commitArtifactPart(
        self, ctx: CallContext, request: mdb_pb.CommitArtifactPart
    ) -> mdb_pb.CommitArtifactPart.Response:
        if not request.HasField("artifact_part"):
            raise InvalidArgument("artifact_part not present: send the part_number and the ETag of the part")
        run = live_run(ctx.session, request.id)
        target = artifact_target(logged_artifact(ctx, run.id, request.key, for_update=True), True)
        commit_part(ctx, target.owner_key, request.artifact_part)
        return mdb_pb.CommitArtifactPart.Response()

    @read_only
    def getCommittedArtifactParts(
        self, ctx: CallContext, request: mdb_pb.GetCommittedArtifactParts
    ) -> mdb_pb.GetCommittedArtifactParts.Response:
        run = live_run(ctx.session, request.id)
        artifact = logged_artifact(ctx, run.id, request.key)
        parts = committed_parts(ctx.session, artifact_owner(artifact.id))
        return mdb_pb.GetCommittedArtifactParts.Response(artifact_parts=parts)

    def commitMultipartArtifact(
        self, ctx: CallContext, request: mdb_pb.CommitMultipartArtifact
    ) -> mdb_pb.CommitMultipartArtifact.Response:
        run = live_run(ctx.session, request.id)
        artifact = logged_artifact(ctx, run.id, request.key, for_update=True)
        complete_multipart(ctx, artifact_target(artifact, True).owner_key)
        artifact.upload_completed = True
        return mdb_pb.CommitMultipartArtifact.Response()


class ExperimentArtifactUrlRpcs:
    """ExperimentService has no multipart RPCs: its uploads are always one PUT."""

    def getUrlForArtifact(
        self, ctx: CallContext, request: mdb_pb.GetUrlForArtifact
    ) -> mdb_pb.GetUrlForArtifact.Response:
        return url_for_artifact(ctx, EXPERIMENT, request, multipart=False)


class ProjectArtifactUrlRpcs:
    """ProjectService has no multipart RPCs: its uploads are always one PUT."""

    def getUrlForArtifact(
        self, ctx: CallContext, request: mdb_pb.GetUrlForArtifact
    ) -> mdb_pb.GetUrlForArtifact.Response:
        return url_for_artifact(ctx, PROJECT, request, multipart=False)
