"""Model versions: create, get, find, update (PATCH/PUT), delete and lock.

A version's name (`version`) is unique among the live versions of its model. A new version's stage is
UNASSIGNED unless the request gives one, its lock level OPEN unless given, its time_created now unless given.
Locks (locks.py) restrict updates and deletes; the stage changes through StageService (stages.py).
"""

from __future__ import annotations

import json

from sqlalchemy import select

from ...errors import AlreadyExists, FailedPrecondition, InvalidArgument
from ...pb.registry import registry_service_pb2 as pb
from ...pb.registry import stage_service_pb2 as stage_pb
from ...query import operands as o
from ...query.finder import Find, run_find
from ...query.kinds import MODEL_VERSION_KIND
from ...query.sorting import sort_keys
from ...store import registry_models as reg
from ..context import CallContext, read_only
from ..finders import predicates_of
from ..json_columns import message_json
from ..projects.rpcs import workspace_of
from ..values import check_name
from .children import create_children, sync_artifacts, write_children
from .from_run import copy_run_into_version
from .locks import OPEN, check_level, check_may_change, check_may_delete, level_name
from .lookup import (
    MODEL_FIELD,
    code_blob_map_json,
    listed_ids,
    live_model,
    live_version,
    names_model,
    touch,
    version_messages,
)
from .updates import Fields, mask_fields, merged

UNAVAILABLE = "{} are not available in this server"
# The plain columns of the row, copied from the message as they are (also mutable).
COLUMNS = (
    "version",
    "description",
    "readme_text",
    "archived",
    "redirect_metadata",
    "input_description",
    "hide_input_label",
    "output_description",
    "hide_output_label",
    "owner",
)
VERSION_FIELDS = Fields(
    entity="model version",
    mutable=frozenset(
        {
            *COLUMNS,
            "labels",
            "attributes",
            "artifacts",
            "datasets",
            MODEL_FIELD,
            "environment",
            "docker_metadata",
            "apis",
            "code_blob_map",
        }
    ),
    kept={
        "id": "a version's id never changes",
        "registered_model_id": "a version stays in its registered model",
        "time_created": None,
        "time_updated": None,
        "version_number": None,
        "readme_text_updated": None,
        "owner_id": None,
        "group_owner_id": None,
        "stage": "change it with StageService UpdateStage (POST /api/v1/registry/stage/updateStage)",
        "lock_level": "change it with SetLockModelVersion (PUT /api/v1/registry/model_versions/{id}/lock)",
        "experiment_run_id": "it is the run the version was created from",
        "external_deployments": UNAVAILABLE.format("external deployments"),
        "checklist_item_values": UNAVAILABLE.format("checklists"),
        "custom_attribute_values": UNAVAILABLE.format("custom attributes"),
    },
)
STAGES = stage_pb.StageEnum.Stage
TERNARY = "archived"
# Predicate keys whose enum names the client sends as text ("stage == staging"): compared as numbers.
ENUM_PREDICATES = {
    "stage": STAGES,
    "lock_level": pb.ModelVersionLockLevelEnum.ModelVersionLockLevel,
}


def check_version_name(name: str) -> str:
    if not name.strip():
        raise InvalidArgument("model version name is empty: give the version a name (`version`)")
    return check_name(name, "Model version")


def check_version_free(ctx: CallContext, model_id: int, version: str, exclude_id: int = 0) -> None:
    mv = reg.ModelVersion
    clash = ctx.session.scalar(
        select(mv.id).where(mv.registered_model_id == model_id, mv.version == version, ~mv.deleted, mv.id != exclude_id)
    )
    if clash:
        raise AlreadyExists(f"Model version '{version}' already exists in this registered model")


def _apply_columns(row: reg.ModelVersion, version: pb.ModelVersion) -> None:
    for name in COLUMNS:
        setattr(row, name, getattr(version, name))
    row.environment = message_json(version.environment)
    row.docker_metadata = message_json(version.docker_metadata)
    row.apis = json.dumps(list(version.apis)) if version.apis else None
    row.code_blob_map = code_blob_map_json(version.code_blob_map)


def _models(version: pb.ModelVersion) -> list[object]:
    return [version.model] if version.HasField(MODEL_FIELD) else []


def _version_predicates(request: pb.FindModelVersionRequest) -> list[o.Predicate]:
    """The request's predicates, with stage and lock level names (any case) read as their numbers."""
    out = []
    for pred in predicates_of(request.predicates):
        enum = ENUM_PREDICATES.get(pred.key)
        if enum is not None and isinstance(pred.value, str):
            try:
                pred = o.Predicate(pred.key, pred.op, enum.Value(pred.value.upper()))
            except ValueError:
                names = ", ".join(n.lower() for n in enum.keys())  # noqa: SIM118  # an enum wrapper, not a dict
                raise InvalidArgument(f"predicate {pred.key!r}: {pred.value!r} is not one of {names}") from None
        out.append(pred)
    return out


class ModelVersionRpcs:
    """CreateModelVersion, GetModelVersion, FindModelVersion, UpdateModelVersion, DeleteModelVersion,
    SetLockModelVersion."""

    def CreateModelVersion(self, ctx: CallContext, request: pb.SetModelVersion) -> pb.SetModelVersion.Response:
        model = live_model(ctx.session, request.id.model_id)
        incoming = request.model_version
        name = check_version_name(incoming.version)
        if incoming.time_created < 0:
            raise InvalidArgument(f"time_created is {incoming.time_created}: it must be milliseconds since epoch, >= 0")
        for field in ("external_deployments", "checklist_item_values", "custom_attribute_values"):
            if getattr(incoming, field):
                raise FailedPrecondition(f"{VERSION_FIELDS.kept[field]}: send no {field}")
        check_version_free(ctx, model.id, name)
        target, _ = merged(pb.ModelVersion(), incoming, sorted(VERSION_FIELDS.mutable), VERSION_FIELDS)
        assert isinstance(target, pb.ModelVersion)
        created = incoming.time_created or ctx.now
        row = reg.ModelVersion(
            registered_model_id=model.id,
            stage=incoming.stage or reg.STAGE_UNASSIGNED,
            lock_level=incoming.lock_level or OPEN,
            time_created=created,
            time_updated=created,
            version_number=1,
            readme_text_updated=bool(incoming.readme_text),
            deleted=False,
        )
        _apply_columns(row, target)
        row.owner = ctx.actor  # the caller creates it, whatever owner the message names (README: Team identity)
        ctx.session.add(row)
        ctx.session.flush()  # the id names the children
        eid = reg.version_entity_id(row.id)
        create_children(ctx, reg.MODEL_VERSION, eid, target)
        sync_artifacts(ctx, reg.MODEL_VERSION, eid, MODEL_FIELD, [], _models(target))  # type: ignore[arg-type]
        if incoming.experiment_run_id:
            copy_run_into_version(ctx, row, incoming.experiment_run_id)
        ctx.audit(reg.MODEL_VERSION, eid)
        return pb.SetModelVersion.Response(model_version=version_messages(ctx.session, [row])[0])

    def GetModelVersion(
        self, ctx: CallContext, request: pb.GetModelVersionRequest
    ) -> pb.GetModelVersionRequest.Response:
        row = live_version(ctx.session, request.id)
        return pb.GetModelVersionRequest.Response(model_version=version_messages(ctx.session, [row])[0])

    @read_only
    def FindModelVersion(
        self, ctx: CallContext, request: pb.FindModelVersionRequest
    ) -> pb.FindModelVersionRequest.Response:
        mv, rm = reg.ModelVersion, reg.RegisteredModel
        if names_model(request.id):
            where = [mv.registered_model_id == live_model(ctx.session, request.id).id]
        else:  # every version of the workspace's models (`…/workspaces/{ws}/model_versions/find`, or all)
            where = [rm.workspace == workspace_of(request.id.named_id.workspace_name)]
        if request.ids:
            where.append(mv.id.in_(listed_ids(request.ids, "model version")))
        spec = Find(
            MODEL_VERSION_KIND,
            where,
            sort_keys(request.sort_key, request.ascending),
            request.pagination.page_number,
            request.pagination.page_limit,
        )
        spec.add_predicates(_version_predicates(request))
        found = run_find(ctx.session, spec)
        return pb.FindModelVersionRequest.Response(
            model_versions=version_messages(ctx.session, found.rows), total_records=found.total
        )

    def UpdateModelVersion(self, ctx: CallContext, request: pb.SetModelVersion) -> pb.SetModelVersion.Response:
        row = live_version(ctx.session, request.id, for_update=True)
        incoming = request.model_version
        mask = (
            mask_fields(request.update_mask.paths, VERSION_FIELDS, incoming)
            if request.HasField("update_mask")
            else None
        )
        current = version_messages(ctx.session, [row])[0]
        target, changed = merged(current, incoming, mask, VERSION_FIELDS)
        assert isinstance(target, pb.ModelVersion)
        check_may_change(row, changed)
        if "version" in changed:
            check_version_free(ctx, row.registered_model_id, check_version_name(target.version), exclude_id=row.id)
        if changed:
            _apply_columns(row, target)
            row.readme_text_updated = row.readme_text_updated or "readme_text" in changed
            eid = reg.version_entity_id(row.id)
            write_children(ctx, reg.MODEL_VERSION, eid, current, target, changed)
            if MODEL_FIELD in changed:
                sync_artifacts(ctx, reg.MODEL_VERSION, eid, MODEL_FIELD, _models(current), _models(target))  # type: ignore[arg-type]
            touch(row, ctx)
            ctx.session.flush()
        ctx.audit(reg.MODEL_VERSION, reg.version_entity_id(row.id), {"changed": changed})
        return pb.SetModelVersion.Response(model_version=version_messages(ctx.session, [row])[0])

    def DeleteModelVersion(
        self, ctx: CallContext, request: pb.DeleteModelVersionRequest
    ) -> pb.DeleteModelVersionRequest.Response:
        row = live_version(ctx.session, request.id, for_update=True)
        check_may_delete(row)
        row.deleted = True
        touch(row, ctx)
        ctx.audit(reg.MODEL_VERSION, reg.version_entity_id(row.id), {"deleted": row.version})
        return pb.DeleteModelVersionRequest.Response()

    def SetLockModelVersion(
        self, ctx: CallContext, request: pb.SetLockModelVersionRequest
    ) -> pb.SetLockModelVersionRequest.Response:
        level = check_level(request.lock_level)
        row = live_version(ctx.session, request.id, for_update=True)
        before = row.lock_level
        if level != before:
            row.lock_level = level
            touch(row, ctx)
        changes = {"lock_level": {"from": level_name(before), "to": level_name(level)}}
        ctx.audit(reg.MODEL_VERSION, reg.version_entity_id(row.id), changes)
        return pb.SetLockModelVersionRequest.Response()
