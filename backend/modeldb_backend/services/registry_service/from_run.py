"""Creating a model version from an experiment run: what is copied from the run and how both are linked.

`copy_run_into_version` runs inside CreateModelVersion when the request names `experiment_run_id` (ModelDB's
`create_version_from_run`). The version takes from the run what it does not already have from the request:
- the run's model (artifact `model.pkl`, else `model`) as ModelVersion.model (key `model`), its other artifacts
  as the version's artifacts, and a code archive as artifact CODE_ARCHIVE_KEY: rows naming the same store
  locations, with completed-upload rows at the run's own locations, so the version reads the run's bytes and no
  byte is copied (a later upload into the version goes to a location of its own and leaves the run's bytes
  alone, services/artifacts/blobs.py);
- its dataset links (the same dataset versions), attributes and environment;
- its code: a git snapshot as code version RUN_CODE_KEY, the code blobs of its versioned inputs under their
  locations joined by `/` (as ExperimentRun.code_version_from_blob names them).
The link stays both ways: the version keeps `experiment_run_id`; ExtensionService.listRunModelVersions lists a
run's versions and getModelVersionSource shows a version's run, the run's versioned commit and its datasets.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TypeVar

from google.protobuf import json_format
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ...pb.common import common_pb2
from ...pb.ext import extension_pb2 as ext
from ...pb.modeldb import experiment_run_service_pb2 as run_pb
from ...pb.versioning import versioning_pb2 as vpb
from ...store import models as m
from ...store import registry_models as rm
from ..artifacts.blobs import artifact_owner, code_owner, find_blob
from ..artifacts.rows import artifact_row, load_artifacts
from ..context import CallContext, read_only
from ..json_columns import message_json
from ..key_values import ARTIFACTS, ATTRIBUTES, DATASETS, add_key_values, load_key_values
from ..loading import live_run, run_messages
from .artifacts import MODEL_KEY, live_version
from .logging import code_map
from .lookup import MODEL_FIELD

# A run's model: ModelDB's client logs it as `model.pkl` (ExperimentRun.log_model), other clients as `model`.
RUN_MODEL_KEYS = ("model.pkl", MODEL_KEY)
RUN_CODE_KEY = "experiment_run"  # the code version of a run's git snapshot
CODE_ARCHIVE_KEY = "code_archive"  # the artifact of a run's code archive
TRUE = common_pb2.TernaryEnum.TRUE
Keyed = TypeVar("Keyed", common_pb2.Artifact, common_pb2.KeyValue)


def copy_run_into_version(ctx: CallContext, version: rm.ModelVersion, run_id: str) -> None:
    """Fill the new `version` from the live run `run_id` (404 when there is none); the request's fields win."""
    run = live_run(ctx.session, run_id)
    msg = run_messages(ctx.session, [run])[0]
    eid = rm.version_entity_id(version.id)
    version.experiment_run_id = run.id
    _copy_artifacts(ctx, run.id, eid, msg)
    have = load_artifacts(ctx.session, [eid], DATASETS).get(eid, [])
    datasets = _absent(msg.datasets, {a.key for a in have})
    if datasets:
        rows = [artifact_row(rm.MODEL_VERSION, eid, DATASETS, d) for d in datasets]
        ctx.session.execute(insert(m.Artifact), rows)
    attrs = load_key_values(ctx.session, [eid], ATTRIBUTES).get(eid, [])
    add_key_values(ctx, rm.MODEL_VERSION, eid, ATTRIBUTES, _absent(msg.attributes, {a.key for a in attrs}))
    if not version.environment and msg.HasField("environment"):
        version.environment = message_json(msg.environment)
    _copy_code(version, msg)


def _absent(items: Sequence[Keyed], taken: set[str]) -> list[Keyed]:
    return [item for item in items if item.key not in taken]


def _copy_artifacts(ctx: CallContext, run_id: str, eid: str, msg: run_pb.ExperimentRun) -> None:
    """Artifact rows for the version at the run's locations, each with the run's completed upload as its own."""
    taken = {
        (field, key)
        for field, key in ctx.session.execute(
            select(m.Artifact.field, m.Artifact.key).where(m.Artifact.entity_id == eid)
        )
    }
    has_model = any(field == MODEL_FIELD for field, _ in taken)
    sources = {
        row.key: row
        for row in ctx.session.scalars(
            select(m.Artifact).where(m.Artifact.entity_id == run_id, m.Artifact.field == ARTIFACTS)
        )
    }
    model_key = next((k for k in RUN_MODEL_KEYS if k in sources), None)
    wanted: list[tuple[str, common_pb2.Artifact, str]] = []  # (field, artifact, owner key of the run's bytes)
    for key, row in sources.items():
        art = _message(row)
        if key == model_key:
            if has_model:
                continue
            field, art.key = MODEL_FIELD, MODEL_KEY  # the registry client's key of ModelVersion.model
        elif (ARTIFACTS, key) in taken:
            continue
        else:
            field = ARTIFACTS
        wanted.append((field, art, artifact_owner(row.id)))
    archive = msg.code_version_snapshot.code_archive
    if msg.code_version_snapshot.HasField("code_archive") and (ARTIFACTS, CODE_ARCHIVE_KEY) not in taken:
        copy = common_pb2.Artifact()
        copy.CopyFrom(archive)
        copy.key, copy.artifact_type = CODE_ARCHIVE_KEY, common_pb2.ArtifactTypeEnum.CODE
        wanted.append((ARTIFACTS, copy, code_owner(run_id)))
    for field, art, source_owner in wanted:
        row = m.Artifact(**artifact_row(rm.MODEL_VERSION, eid, field, art))
        ctx.session.add(row)
        ctx.session.flush()  # the row's id names its upload
        _share_upload(ctx, source_owner, artifact_owner(row.id), row)


def _message(row: m.Artifact) -> common_pb2.Artifact:
    return common_pb2.Artifact(
        key=row.key,
        path=row.path,
        path_only=row.path_only,
        artifact_type=row.artifact_type,  # type: ignore[arg-type]  # the column holds the enum's number
        linked_artifact_id=row.linked_artifact_id,
        filename_extension=row.filename_extension,
        serialization=row.serialization,
        artifact_subtype=row.artifact_subtype,
        upload_completed=row.upload_completed,
    )


def _share_upload(ctx: CallContext, source_owner: str, owner: str, row: m.Artifact) -> None:
    """The run's completed upload becomes the version's too: same location, size and checksum."""
    blob = find_blob(ctx.session, source_owner)
    if blob is None or not blob.completed:
        return  # not uploaded (yet): the version reads the logged path, where the run's bytes will arrive
    ctx.session.add(
        m.StoredBlob(
            owner_key=owner,
            path=blob.path,
            size=blob.size,
            sha256=blob.sha256,
            completed=True,
            time_updated=ctx.now,
        )
    )
    row.upload_completed = True


def _copy_code(version: rm.ModelVersion, msg: run_pb.ExperimentRun) -> None:
    """The run's git snapshot and versioned code blobs as code versions the version does not have yet."""
    current = code_map(version.code_blob_map)
    found: dict[str, common_pb2.CodeVersion] = dict(msg.code_version_from_blob.items())
    if msg.code_version_snapshot.HasField("git_snapshot"):
        found[RUN_CODE_KEY] = msg.code_version_snapshot
    for key, code in found.items():
        if key in current or not code.HasField("git_snapshot"):
            continue
        git = code.git_snapshot
        blob = vpb.CodeBlob(git=vpb.GitCodeBlob(repo=git.repo, hash=git.hash, is_dirty=git.is_dirty == TRUE))
        current[key] = json_format.MessageToDict(blob, preserving_proto_field_name=True)
    if current:
        version.code_blob_map = json.dumps(current, sort_keys=True)


# --- the links, both ways (ExtensionService) ------------------------------------------------------------------


def _run_versions(session: Session, run_id: str) -> list[ext.RunModelVersion]:
    mv, model = rm.ModelVersion, rm.RegisteredModel
    rows = session.execute(
        select(mv, model.name)
        .join(model, model.id == mv.registered_model_id)
        .where(mv.experiment_run_id == run_id, ~mv.deleted, ~model.deleted)
        .order_by(mv.time_created, mv.id)
    )
    return [
        ext.RunModelVersion(
            registered_model_id=v.registered_model_id,
            registered_model_name=name,
            model_version_id=v.id,
            version=v.version,
            stage=v.stage,  # type: ignore[arg-type]  # the column holds the enum's number
            time_created=v.time_created,
        )
        for v, name in rows
    ]


class RunModelVersionRpcs:
    """ExtensionService: a run's registered model versions, and where a model version came from."""

    @read_only
    def listRunModelVersions(
        self, ctx: CallContext, request: ext.ListRunModelVersions
    ) -> ext.ListRunModelVersions.Response:
        run = live_run(ctx.session, request.experiment_run_id)
        return ext.ListRunModelVersions.Response(model_versions=_run_versions(ctx.session, run.id))

    @read_only
    def getModelVersionSource(
        self, ctx: CallContext, request: ext.GetModelVersionSource
    ) -> ext.GetModelVersionSource.Response:
        version = live_version(ctx, request.model_version_id)
        out = ext.GetModelVersionSource.Response()
        if not version.experiment_run_id:
            return out
        out.experiment_run_id = version.experiment_run_id
        run = ctx.session.get(m.ExperimentRun, version.experiment_run_id)
        if run is None or run.deleted:
            out.run_deleted = True
            return out
        msg = run_messages(ctx.session, [run])[0]
        out.experiment_run_name, out.project_id, out.experiment_id = run.name, run.project_id, run.experiment_id
        if msg.HasField("versioned_inputs"):
            out.versioned_inputs.CopyFrom(msg.versioned_inputs)
        out.datasets.extend(msg.datasets)
        return out
