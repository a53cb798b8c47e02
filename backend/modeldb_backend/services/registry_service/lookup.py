"""Finding live registered models and model versions, and building their messages: shared by every registry RPC
class (models, versions, artifacts, logging, stages).

A model is named by `RegisteredModelIdentification` (its id, or workspace + name); a version by its id, and,
when the request also names a model, the version must belong to it (else 404: the URL names something that
does not exist). Deleted models and versions, and versions of deleted models, are not found.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from google.protobuf import json_format
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import InvalidArgument, NotFound
from ...pb.registry import registry_service_pb2 as pb
from ...pb.versioning import versioning_pb2
from ...store import registry_models as reg
from ..artifacts.rows import load_artifacts
from ..context import CallContext
from ..json_columns import fill_message
from ..key_values import ARTIFACTS, ATTRIBUTES, DATASETS, load_key_values, load_tags
from ..projects.rpcs import workspace_of
from ..sqlchunks import MAX_LISTED_IDS

MODEL_FIELD = "model"  # artifacts-table field of ModelVersion.model (one row, under the artifact's own key)
MAX_ID = 2**31 - 1  # the id columns are INTEGER; a larger id (the wire allows uint64) names nothing


def listed_ids(ids: Sequence[int], what: str) -> list[int]:
    """The `ids` of a find that can name something (larger ones cannot), at most MAX_LISTED_IDS of them."""
    if len(ids) > MAX_LISTED_IDS:
        raise InvalidArgument(f"{len(ids)} {what} ids listed; at most {MAX_LISTED_IDS} per request")
    return [i for i in ids if i <= MAX_ID]


def _check_id(value: int, what: str) -> int:
    if value > MAX_ID:
        raise NotFound(f"{what} not found for id {value}")
    return value


def model_by_id(session: Session, model_id: int, *, for_update: bool = False) -> reg.RegisteredModel:
    """The live registered model `model_id` (404 when absent or deleted)."""
    if not model_id:
        raise InvalidArgument("registered model id not present: pass id.registered_model_id")
    row = session.get(reg.RegisteredModel, _check_id(model_id, "Registered model"), with_for_update=for_update or None)
    if row is None or row.deleted:
        raise NotFound(f"Registered model not found for id {model_id}")
    return row


def model_by_name(session: Session, workspace_name: str, name: str, *, for_update: bool = False) -> reg.RegisteredModel:
    workspace = workspace_of(workspace_name)
    stmt = select(reg.RegisteredModel).where(
        reg.RegisteredModel.workspace == workspace, reg.RegisteredModel.name == name, ~reg.RegisteredModel.deleted
    )
    row = session.scalar(stmt.with_for_update() if for_update else stmt)
    if row is None:
        where = f" in workspace '{workspace_name}'" if workspace else ""
        raise NotFound(f"Registered model '{name}' not found{where}")
    return row


def live_model(
    session: Session, ident: pb.RegisteredModelIdentification, *, for_update: bool = False
) -> reg.RegisteredModel:
    """The model an identification names: by id when given, else by workspace and name."""
    if ident.registered_model_id:
        return model_by_id(session, ident.registered_model_id, for_update=for_update)
    if ident.named_id.name:
        return model_by_name(session, ident.named_id.workspace_name, ident.named_id.name, for_update=for_update)
    raise InvalidArgument("registered model not identified: pass id.registered_model_id or id.named_id.name")


def names_model(ident: pb.RegisteredModelIdentification) -> bool:
    return bool(ident.registered_model_id or ident.named_id.name)


def version_by_id(session: Session, version_id: int, *, for_update: bool = False) -> reg.ModelVersion:
    """The live model version `version_id` of a live model (404 otherwise)."""
    if not version_id:
        raise InvalidArgument("model version id not present: pass model_version_id")
    mv, rm = reg.ModelVersion, reg.RegisteredModel
    stmt = (
        select(mv)
        .join(rm, rm.id == mv.registered_model_id)
        .where(mv.id == _check_id(version_id, "Model version"), ~mv.deleted, ~rm.deleted)
    )
    row = session.scalar(stmt.with_for_update(of=mv) if for_update else stmt)
    if row is None:
        raise NotFound(f"Model version not found for id {version_id}")
    return row


def live_version(
    session: Session, ident: pb.ModelVersionIdentification, *, for_update: bool = False
) -> reg.ModelVersion:
    """The version an identification names; when it names a model too, the version must be one of its."""
    row = version_by_id(session, ident.model_version_id, for_update=for_update)
    if names_model(ident.model_id):
        model = live_model(session, ident.model_id)
        if model.id != row.registered_model_id:
            raise NotFound(f"Model version {row.id} is not a version of registered model '{model.name}'")
    return row


def touch(row: reg.RegisteredModel | reg.ModelVersion, ctx: CallContext) -> None:
    """Every change: time_updated = max(old, now), version_number + 1."""
    row.time_updated = max(row.time_updated or 0, ctx.now)
    row.version_number = (row.version_number or 0) + 1


# --- messages ---------------------------------------------------------------------------------------------


def model_messages(session: Session, rows: Sequence[reg.RegisteredModel]) -> list[pb.RegisteredModel]:
    """The messages of `rows`, children loaded set-based (one query per child table)."""
    ids = [reg.model_entity_id(r.id) for r in rows]
    attrs = load_key_values(session, ids, ATTRIBUTES)
    labels = load_tags(session, ids)
    arts = load_artifacts(session, ids, ARTIFACTS)
    out = []
    for r, eid in zip(rows, ids, strict=True):
        msg = pb.RegisteredModel(
            id=r.id,
            name=r.name,
            time_created=r.time_created,
            time_updated=r.time_updated,
            description=r.description,
            labels=labels.get(eid, []),
            visibility=r.visibility,  # type: ignore[arg-type]  # the column holds the enum's number
            readme_text=r.readme_text,
            owner=r.owner,
            attributes=attrs.get(eid, []),
            resource_visibility=r.resource_visibility,  # type: ignore[arg-type]  # the column holds the enum's number
            artifacts=arts.get(eid, []),
            readme_text_updated=r.readme_text_updated,
            version_number=r.version_number,
            data_type=r.data_type,  # type: ignore[arg-type]  # the column holds the enum's number
            task_type=r.task_type,  # type: ignore[arg-type]  # the column holds the enum's number
            pii=r.pii,
        )
        fill_message(msg.custom_permission, r.custom_permission)
        out.append(msg)
    return out


def version_messages(session: Session, rows: Sequence[reg.ModelVersion]) -> list[pb.ModelVersion]:
    """The messages of `rows`, children loaded set-based; labels sorted, attributes and artifacts by key."""
    ids = [reg.version_entity_id(r.id) for r in rows]
    attrs = load_key_values(session, ids, ATTRIBUTES)
    labels = load_tags(session, ids)
    arts = load_artifacts(session, ids, ARTIFACTS)
    datasets = load_artifacts(session, ids, DATASETS)
    models = load_artifacts(session, ids, MODEL_FIELD)
    out = []
    for r, eid in zip(rows, ids, strict=True):
        msg = pb.ModelVersion(
            id=r.id,
            registered_model_id=r.registered_model_id,
            version=r.version,
            time_updated=r.time_updated,
            time_created=r.time_created,
            description=r.description,
            labels=labels.get(eid, []),
            artifacts=arts.get(eid, []),
            archived=r.archived,  # type: ignore[arg-type]  # the column holds the enum's number
            readme_text=r.readme_text,
            apis=json.loads(r.apis) if r.apis else [],
            owner=r.owner,
            attributes=attrs.get(eid, []),
            stage=r.stage,  # type: ignore[arg-type]  # the column holds the enum's number
            lock_level=r.lock_level,  # type: ignore[arg-type]  # the column holds the enum's number
            datasets=datasets.get(eid, []),
            readme_text_updated=r.readme_text_updated,
            version_number=r.version_number,
            redirect_metadata=r.redirect_metadata,
            input_description=r.input_description,
            hide_input_label=r.hide_input_label,
            output_description=r.output_description,
            hide_output_label=r.hide_output_label,
        )
        if r.experiment_run_id:
            msg.experiment_run_id = r.experiment_run_id
        if models.get(eid):
            msg.model.CopyFrom(models[eid][0])
        fill_message(msg.environment, r.environment)
        fill_message(msg.docker_metadata, r.docker_metadata)
        for key, blob in (json.loads(r.code_blob_map) if r.code_blob_map else {}).items():
            json_format.ParseDict(blob, msg.code_blob_map[key], ignore_unknown_fields=True)
        out.append(msg)
    return out


def code_blob_map_json(blobs: Mapping[str, versioning_pb2.CodeBlob]) -> str | None:
    """The JSON column text of a code_blob_map (None when empty)."""
    items = dict(blobs)
    if not items:
        return None
    return json.dumps(
        {k: json_format.MessageToDict(v, preserving_proto_field_name=True) for k, v in sorted(items.items())},
        sort_keys=True,
    )
