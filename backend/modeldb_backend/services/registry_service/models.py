"""Registered models: create, get (by id or workspace + name), find, count, update (PATCH/PUT) and delete.

A model's name is unique among the live models of its workspace ("personal" and "" are the one default
workspace, as for projects). Deleting a model deletes its versions with it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select, update

from ...errors import AlreadyExists, FailedPrecondition, InvalidArgument
from ...pb.registry import registry_service_pb2 as pb
from ...query.finder import Find, run_find
from ...query.kinds import REGISTERED_MODEL_KIND
from ...query.sorting import sort_keys
from ...store import models as m
from ...store import registry_models as reg
from ..context import CallContext, read_only
from ..finders import predicates_of
from ..json_columns import message_json
from ..projects.rpcs import workspace_of
from ..values import check_name
from .children import create_children, write_children
from .lookup import listed_ids, live_model, model_messages, touch
from .updates import Fields, mask_fields, merged

# The plain columns of the row, copied from the message as they are (also mutable).
COLUMNS = (
    "name",
    "description",
    "readme_text",
    "visibility",
    "resource_visibility",
    "data_type",
    "task_type",
    "pii",
    "owner",
)
MODEL_FIELDS = Fields(
    entity="registered model",
    mutable=frozenset({*COLUMNS, "labels", "attributes", "artifacts", "custom_permission"}),
    kept={
        "id": "a model's id never changes",
        "time_created": None,
        "time_updated": None,
        "version_number": None,
        "readme_text_updated": None,
        "workspace_id": "a model stays in its workspace",
        "workspace_service_id": None,
        "owner_id": None,
        "group_owner_id": None,
        "action_type": None,
        "custom_attribute_values": "custom attributes are not available in this server",
    },
)
DEFAULT_PAGE_LIMIT = 0  # no pagination given: every match (the client always pages)


def check_model_name(name: str) -> str:
    """A model name: present, not over-long, no control characters, no '/' (it is a segment of its URL)."""
    if not name.strip():
        raise InvalidArgument("registered model name is empty: give the model a name")
    check_name(name, "Registered model")
    if "/" in name:
        raise InvalidArgument(f"registered model name {name!r} contains '/': names are part of the model's URL")
    return name


def check_name_free(ctx: CallContext, workspace: str, name: str, exclude_id: int = 0) -> None:
    clash = ctx.session.scalar(
        select(reg.RegisteredModel.id).where(
            reg.RegisteredModel.workspace == workspace,
            reg.RegisteredModel.name == name,
            ~reg.RegisteredModel.deleted,
            reg.RegisteredModel.id != exclude_id,
        )
    )
    if clash:
        raise AlreadyExists(f"Registered model '{name}' already exists in this workspace")


def _check_unavailable(model: pb.RegisteredModel) -> None:
    """Enum numbers are checked for every request before it gets here (validation.py); these are not."""
    if model.custom_attribute_values:
        raise FailedPrecondition("custom attributes are not available in this server: send no custom_attribute_values")


def _apply_columns(row: reg.RegisteredModel, model: pb.RegisteredModel) -> None:
    for name in COLUMNS:
        setattr(row, name, getattr(model, name))
    row.custom_permission = message_json(model.custom_permission)


class RegisteredModelRpcs:
    """CreateRegisteredModel, GetRegisteredModel, FindRegisteredModel, GetRegisteredModelCount,
    UpdateRegisteredModel, DeleteRegisteredModel."""

    def CreateRegisteredModel(self, ctx: CallContext, request: pb.SetRegisteredModel) -> pb.SetRegisteredModel.Response:
        model = request.registered_model
        name = check_model_name(model.name)
        _check_unavailable(model)
        if model.time_created < 0:
            raise InvalidArgument(f"time_created is {model.time_created}: it must be milliseconds since epoch, >= 0")
        workspace = workspace_of(request.id.named_id.workspace_name)
        check_name_free(ctx, workspace, name)
        target, _ = merged(pb.RegisteredModel(), model, sorted(MODEL_FIELDS.mutable), MODEL_FIELDS)  # normalised
        created = model.time_created or ctx.now
        row = reg.RegisteredModel(
            workspace=workspace,
            time_created=created,
            time_updated=created,
            version_number=1,
            readme_text_updated=bool(model.readme_text),
            deleted=False,
        )
        _apply_columns(row, target)  # type: ignore[arg-type]  # merged keeps the message type
        row.owner = ctx.actor  # the caller creates it, whatever owner the message names (README: Team identity)
        ctx.session.add(row)
        ctx.session.flush()  # the id names the children
        create_children(ctx, reg.REGISTERED_MODEL, reg.model_entity_id(row.id), target)
        ctx.audit(reg.REGISTERED_MODEL, reg.model_entity_id(row.id))
        return pb.SetRegisteredModel.Response(registered_model=model_messages(ctx.session, [row])[0])

    def GetRegisteredModel(
        self, ctx: CallContext, request: pb.GetRegisteredModelRequest
    ) -> pb.GetRegisteredModelRequest.Response:
        row = live_model(ctx.session, request.id)
        return pb.GetRegisteredModelRequest.Response(registered_model=model_messages(ctx.session, [row])[0])

    @read_only
    def FindRegisteredModel(
        self, ctx: CallContext, request: pb.FindRegisteredModelRequest
    ) -> pb.FindRegisteredModelRequest.Response:
        where = [reg.RegisteredModel.workspace == workspace_of(request.workspace_name)]
        if request.ids:
            where.append(reg.RegisteredModel.id.in_(listed_ids(request.ids, "registered model")))
        spec = Find(
            REGISTERED_MODEL_KIND,
            where,
            sort_keys(request.sort_key, request.ascending),
            request.pagination.page_number,
            request.pagination.page_limit,
        )
        spec.add_predicates(predicates_of(request.predicates))
        found = run_find(ctx.session, spec)
        return pb.FindRegisteredModelRequest.Response(
            registered_models=model_messages(ctx.session, found.rows), total_records=found.total
        )

    def GetRegisteredModelCount(
        self, ctx: CallContext, request: pb.GetRegisteredModelCountRequest
    ) -> pb.GetRegisteredModelCountRequest.Response:
        # project_id: ModelDB counts the models made from a project's runs; models here belong to no project,
        # so every live model counts when none is given.
        stmt = select(func.count(reg.RegisteredModel.id)).where(~reg.RegisteredModel.deleted)
        if request.project_id:
            stmt = stmt.where(
                reg.RegisteredModel.id.in_(
                    select(reg.ModelVersion.registered_model_id).where(
                        ~reg.ModelVersion.deleted, reg.ModelVersion.experiment_run_id.in_(_project_runs(request))
                    )
                )
            )
        return pb.GetRegisteredModelCountRequest.Response(registered_model_count=ctx.session.scalar(stmt) or 0)

    def UpdateRegisteredModel(self, ctx: CallContext, request: pb.SetRegisteredModel) -> pb.SetRegisteredModel.Response:
        row = live_model(ctx.session, request.id, for_update=True)
        incoming = request.registered_model
        _check_unavailable(incoming)
        mask = (
            mask_fields(request.update_mask.paths, MODEL_FIELDS, incoming) if request.HasField("update_mask") else None
        )
        current = model_messages(ctx.session, [row])[0]
        target, changed = merged(current, incoming, mask, MODEL_FIELDS)
        assert isinstance(target, pb.RegisteredModel)
        if "name" in changed:
            check_model_name(target.name)
            check_name_free(ctx, row.workspace, target.name, exclude_id=row.id)
        if changed:
            _apply_columns(row, target)
            row.readme_text_updated = row.readme_text_updated or "readme_text" in changed
            write_children(ctx, reg.REGISTERED_MODEL, reg.model_entity_id(row.id), current, target, changed)
            touch(row, ctx)
            ctx.session.flush()
        ctx.audit(reg.REGISTERED_MODEL, reg.model_entity_id(row.id), {"changed": changed})
        return pb.SetRegisteredModel.Response(registered_model=model_messages(ctx.session, [row])[0])

    def DeleteRegisteredModel(
        self, ctx: CallContext, request: pb.DeleteRegisteredModelRequest
    ) -> pb.DeleteRegisteredModelRequest.Response:
        row = live_model(ctx.session, request.id, for_update=True)
        live_versions = (reg.ModelVersion.registered_model_id == row.id, ~reg.ModelVersion.deleted)
        versions = list(ctx.session.scalars(select(reg.ModelVersion.id).where(*live_versions)))
        ctx.session.execute(update(reg.ModelVersion).where(*live_versions).values(deleted=True, time_updated=ctx.now))
        row.deleted = True
        touch(row, ctx)
        ctx.audit(reg.REGISTERED_MODEL, reg.model_entity_id(row.id), {"deleted": row.name, "versions": versions})
        for version_id in versions:
            ctx.audit(reg.MODEL_VERSION, reg.version_entity_id(version_id), {"deleted_with_model": row.id})
        return pb.DeleteRegisteredModelRequest.Response()


def _project_runs(request: pb.GetRegisteredModelCountRequest) -> Select[Any]:
    return select(m.ExperimentRun.id).where(m.ExperimentRun.project_id == request.project_id)
