"""ExperimentService: experiments of a project and their metadata (finds and lists are in finders.py)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...errors import AlreadyExists, InvalidArgument, NotFound
from ...pb.modeldb import common_pb2 as mdb_common_pb2
from ...pb.modeldb import experiment_service_pb2 as pb
from ...store import models as m
from ..artifacts.rows import add_artifacts
from ..context import CallContext
from ..entity_meta.rpcs import EntityMetaRpcs
from ..entity_meta.rules import (
    generated_name,
    require_items,
    require_text,
    soft_delete_children,
)
from ..key_values import ARTIFACTS, ATTRIBUTES, add_key_values, add_tags
from ..loading import EXPERIMENT, experiment_messages, live_experiment, live_project, new_id, require, touch
from ..sqlchunks import chunked, first_missing, present
from ..values import check_name


def _experiment(ctx: CallContext, row: m.Experiment) -> pb.Experiment:
    return experiment_messages(ctx.session, [row])[0]


def changed_experiment(ctx: CallContext, experiment_id: str, changes: dict[str, object] | None = None) -> m.Experiment:
    """The live experiment a mutation is about to change: locked, date_updated/version bumped, audited."""
    row = live_experiment(ctx.session, experiment_id, for_update=True)
    touch(row, ctx)
    ctx.audit(EXPERIMENT, row.id, changes)
    return row


def check_experiment_name_free(ctx: CallContext, project_id: str, name: str, exclude_id: str = "") -> None:
    """Experiment names are unique per project among live experiments (deleted ones free their name)."""
    clash = ctx.session.scalar(
        select(m.Experiment.id).where(
            m.Experiment.project_id == project_id,
            m.Experiment.name == name,
            ~m.Experiment.deleted,
            m.Experiment.id != exclude_id,
        )
    )
    if clash:
        raise AlreadyExists(f"Experiment '{name}' already exists in database")


def _check_dates(request: pb.CreateExperiment) -> None:
    for field in ("date_created", "date_updated"):
        value = getattr(request, field)
        if value < 0:
            raise InvalidArgument(f"{field} is {value}: it must be milliseconds since epoch, >= 0")


class ExperimentRpcs(EntityMetaRpcs):
    """Experiment RPCs other than the find/list family (see finders.py)."""

    KIND, LABEL, FIELD = EXPERIMENT, "Experiment", "experiment"

    def _live(self, session: Session, entity_id: str) -> m.Experiment:
        return live_experiment(session, entity_id)

    def _changed(self, ctx: CallContext, entity_id: str) -> m.Experiment:
        return changed_experiment(ctx, entity_id)

    def _message(self, ctx: CallContext, row: m.Experiment) -> pb.Experiment:
        return _experiment(ctx, row)

    # --- create / read / delete ---------------------------------------------------------------------

    def createExperiment(self, ctx: CallContext, request: pb.CreateExperiment) -> pb.CreateExperiment.Response:
        project = live_project(ctx.session, request.project_id)
        name = check_name(request.name, "Experiment") or generated_name("Experiment")
        _check_dates(request)
        check_experiment_name_free(ctx, project.id, name)
        created = request.date_created or ctx.now
        row = m.Experiment(
            id=new_id(),
            project_id=project.id,
            name=name,
            description=request.description,
            owner=ctx.actor,
            date_created=created,
            date_updated=max(request.date_updated, created),
            version_number=1,
            deleted=False,
        )
        ctx.session.add(row)
        ctx.session.flush()
        add_key_values(ctx, EXPERIMENT, row.id, ATTRIBUTES, request.attributes, what="attribute")
        add_tags(ctx, EXPERIMENT, row.id, request.tags)
        add_artifacts(ctx, EXPERIMENT, row.id, ARTIFACTS, request.artifacts)
        ctx.audit(EXPERIMENT, row.id)
        return pb.CreateExperiment.Response(experiment=_experiment(ctx, row))

    def getExperimentById(self, ctx: CallContext, request: pb.GetExperimentById) -> pb.GetExperimentById.Response:
        return pb.GetExperimentById.Response(experiment=_experiment(ctx, live_experiment(ctx.session, request.id)))

    def getExperimentByName(self, ctx: CallContext, request: pb.GetExperimentByName) -> pb.GetExperimentByName.Response:
        require(request.project_id, "Project ID not present")
        require_text(request.name, "Experiment name not present")
        row = ctx.session.scalar(
            select(m.Experiment).where(
                m.Experiment.project_id == request.project_id,
                m.Experiment.name == request.name,
                ~m.Experiment.deleted,
            )
        )
        if row is None:
            raise NotFound(f"Experiment with name {request.name} not found in project {request.project_id}")
        return pb.GetExperimentByName.Response(experiment=_experiment(ctx, row))

    def deleteExperiment(self, ctx: CallContext, request: pb.DeleteExperiment) -> pb.DeleteExperiment.Response:
        self._delete(ctx, [require(request.id, "Experiment ID not present")])
        return pb.DeleteExperiment.Response(status=True)

    def deleteExperiments(self, ctx: CallContext, request: pb.DeleteExperiments) -> pb.DeleteExperiments.Response:
        require_items(request.ids, "Experiment IDs not present: pass ids")
        self._delete(ctx, list(request.ids))
        return pb.DeleteExperiments.Response(status=True)

    def _delete(self, ctx: CallContext, ids: Sequence[str]) -> None:
        """Soft delete with the experiments' runs, at once: they vanish from gets and free their names."""
        wanted = list(dict.fromkeys(ids))
        for experiment_id in wanted:
            require(experiment_id, "Experiment ID not present")
        missing = first_missing(wanted, present(ctx.session, m.Experiment.id, wanted, ~m.Experiment.deleted))
        if missing is not None:
            raise NotFound(f"Experiment not found for the ID: {missing}")
        for part in chunked(wanted):  # request-sized: chunked under SQLite's bound-parameter limit
            ctx.session.execute(update(m.Experiment).where(m.Experiment.id.in_(part)).values(deleted=True))
            soft_delete_children(ctx, experiment_ids=part)
        for experiment_id in wanted:
            ctx.audit(EXPERIMENT, experiment_id, {"deleted": True})

    # --- name and description -----------------------------------------------------------------------

    def updateExperimentNameOrDescription(
        self, ctx: CallContext, request: pb.UpdateExperimentNameOrDescription
    ) -> pb.UpdateExperimentNameOrDescription.Response:
        """ModelDB changes only what is non-empty here; clearing a description needs the dedicated RPC."""
        require(request.id, "Experiment ID not present")
        if not request.name and not request.description:
            raise InvalidArgument("nothing to update: give a non-empty name and/or description")
        row = changed_experiment(ctx, request.id)
        if request.name:
            self._rename(ctx, row, request.name)
        if request.description:
            row.description = request.description
        return pb.UpdateExperimentNameOrDescription.Response(experiment=_experiment(ctx, row))

    def updateExperimentName(
        self, ctx: CallContext, request: pb.UpdateExperimentName
    ) -> pb.UpdateExperimentName.Response:
        require(request.id, "Experiment ID not present")
        require_text(request.name, "Experiment name not present")
        row = changed_experiment(ctx, request.id)
        self._rename(ctx, row, request.name)
        return pb.UpdateExperimentName.Response(experiment=_experiment(ctx, row))

    def _rename(self, ctx: CallContext, row: m.Experiment, name: str) -> None:
        check_name(name, "Experiment")
        check_experiment_name_free(ctx, row.project_id, name, exclude_id=row.id)
        row.name = name

    def updateExperimentDescription(
        self, ctx: CallContext, request: pb.UpdateExperimentDescription
    ) -> pb.UpdateExperimentDescription.Response:
        row = changed_experiment(ctx, request.id)
        row.description = request.description
        return pb.UpdateExperimentDescription.Response(experiment=_experiment(ctx, row))

    # --- tags, attributes, code version, artifacts (shared with projects: entity_meta/rpcs.py) ------------

    getExperimentTags = EntityMetaRpcs.get_tags
    addExperimentTags = EntityMetaRpcs.add_tags
    addExperimentTag = EntityMetaRpcs.add_tag
    deleteExperimentTags = EntityMetaRpcs.delete_tags
    deleteExperimentTag = EntityMetaRpcs.delete_tag
    getExperimentAttributes = EntityMetaRpcs.get_attributes
    addExperimentAttributes = EntityMetaRpcs.add_attributes
    deleteExperimentAttributes = EntityMetaRpcs.delete_attributes
    logExperimentCodeVersion = EntityMetaRpcs.log_code_version
    getExperimentCodeVersion = EntityMetaRpcs.get_code_version

    def addAttribute(
        self, ctx: CallContext, request: mdb_common_pb2.AddAttributes
    ) -> mdb_common_pb2.AddAttributes.Response:
        require(request.id, "Experiment ID not present")
        require_text(request.attribute.key, "Experiment attribute key not present")
        row = changed_experiment(ctx, request.id)
        add_key_values(ctx, EXPERIMENT, row.id, ATTRIBUTES, [request.attribute], what="attribute")
        return mdb_common_pb2.AddAttributes.Response(status=True)
