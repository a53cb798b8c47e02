"""ProjectService: create, read, update and soft-delete projects and their metadata."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import distinct, func, select, update
from sqlalchemy.orm import Session

from ...errors import AlreadyExists, InvalidArgument, NotFound
from ...limits import MAX_WORKSPACE_LENGTH
from ...pb.modeldb import project_service_pb2 as pb
from ...store import models as m
from ..artifacts.rows import add_artifacts
from ..context import CallContext
from ..entity_meta.rpcs import EntityMetaRpcs
from ..entity_meta.rules import (
    check_short_name,
    generated_name,
    project_short_name,
    require_items,
    require_text,
    soft_delete_children,
)
from ..key_values import ARTIFACTS, ATTRIBUTES, DATASETS, add_key_values, add_tags
from ..loading import PROJECT, RUN, live_by_name, live_project, new_id, project_messages, require, touch
from ..sqlchunks import chunked, first_missing, present
from ..values import check_name
from .deep_copy import deep_copy_project


def _project(ctx: CallContext, row: m.Project) -> pb.Project:
    return project_messages(ctx.session, [row])[0]


def workspace_of(name: str) -> str:
    """OSS ModelDB has one workspace; the client sends "personal" or "" for it.

    A name no workspace column can hold is a 400 on every database, for reads as for writes (PostgreSQL
    would refuse to store it, SQLite would keep it).
    """
    if len(name) > MAX_WORKSPACE_LENGTH:
        raise InvalidArgument(f"workspace_name is {len(name)} characters long; the limit is {MAX_WORKSPACE_LENGTH}")
    return "" if name in ("", "personal") else name


def changed_project(ctx: CallContext, project_id: str, changes: dict[str, object] | None = None) -> m.Project:
    """The live project a mutation is about to change: locked, date_updated/version bumped, audited."""
    row = live_project(ctx.session, project_id, for_update=True)
    touch(row, ctx)
    ctx.audit(PROJECT, row.id, changes)
    return row


def check_project_name_free(ctx: CallContext, workspace: str, name: str, exclude_id: str = "") -> None:
    """Project names are unique per workspace among live projects (deleted ones free their name)."""
    clash = ctx.session.scalar(
        select(m.Project.id).where(
            m.Project.workspace == workspace, m.Project.name == name, ~m.Project.deleted, m.Project.id != exclude_id
        )
    )
    if clash:
        raise AlreadyExists(f"Project '{name}' already exists in database")


class ProjectRpcs(EntityMetaRpcs):
    """Project RPCs other than the find/list family (see finders.py)."""

    KIND, LABEL, FIELD = PROJECT, "Project", "project"

    def _live(self, session: Session, entity_id: str) -> m.Project:
        return live_project(session, entity_id)

    def _changed(self, ctx: CallContext, entity_id: str) -> m.Project:
        return changed_project(ctx, entity_id)

    def _message(self, ctx: CallContext, row: m.Project) -> pb.Project:
        return _project(ctx, row)

    def verifyConnection(self, ctx: CallContext, request: pb.Empty) -> pb.VerifyConnectionResponse:
        return pb.VerifyConnectionResponse(status=True)

    # --- create / read / delete ---------------------------------------------------------------------

    def createProject(self, ctx: CallContext, request: pb.CreateProject) -> pb.CreateProject.Response:
        name = check_name(request.name, "Project") or generated_name("Project")
        if request.date_created < 0:
            raise InvalidArgument(f"date_created is {request.date_created}: it must be milliseconds since epoch, >= 0")
        workspace = workspace_of(request.workspace_name)
        check_project_name_free(ctx, workspace, name)
        created = request.date_created or ctx.now
        row = m.Project(
            id=new_id(),
            workspace=workspace,
            name=name,
            short_name=project_short_name(name),
            description=request.description,
            readme_text=request.readme_text,
            project_visibility=int(request.project_visibility),
            visibility=int(request.visibility),
            owner=ctx.actor,
            date_created=created,
            date_updated=created,
            version_number=1,
            deleted=False,
        )
        ctx.session.add(row)
        ctx.session.flush()
        add_key_values(ctx, PROJECT, row.id, ATTRIBUTES, request.attributes, what="attribute")
        add_tags(ctx, PROJECT, row.id, request.tags)
        add_artifacts(ctx, PROJECT, row.id, ARTIFACTS, request.artifacts)
        ctx.audit(PROJECT, row.id)
        return pb.CreateProject.Response(project=_project(ctx, row))

    def getProjectById(self, ctx: CallContext, request: pb.GetProjectById) -> pb.GetProjectById.Response:
        return pb.GetProjectById.Response(project=_project(ctx, live_project(ctx.session, request.id)))

    def getProjectByName(self, ctx: CallContext, request: pb.GetProjectByName) -> pb.GetProjectByName.Response:
        require_text(request.name, "Project name not present")
        row = live_by_name(ctx.session, m.Project, workspace_of(request.workspace_name), request.name)
        if row is None:
            raise NotFound(f"Project with name '{request.name}' not found")
        return pb.GetProjectByName.Response(project_by_user=_project(ctx, row))

    def deleteProject(self, ctx: CallContext, request: pb.DeleteProject) -> pb.DeleteProject.Response:
        self._delete(ctx, [require(request.id, "Project ID not present")])
        return pb.DeleteProject.Response(status=True)

    def deleteProjects(self, ctx: CallContext, request: pb.DeleteProjects) -> pb.DeleteProjects.Response:
        require_items(request.ids, "Project IDs not present: pass ids")
        self._delete(ctx, list(request.ids))
        return pb.DeleteProjects.Response(status=True)

    def _delete(self, ctx: CallContext, ids: Sequence[str]) -> None:
        """Soft delete, cascading to experiments and runs at once so finds never show orphans."""
        wanted = list(dict.fromkeys(ids))
        for project_id in wanted:
            require(project_id, "Project ID not present")
        missing = first_missing(wanted, present(ctx.session, m.Project.id, wanted, ~m.Project.deleted))
        if missing is not None:
            raise NotFound(f"Project not found for given Id: {missing}")
        for part in chunked(wanted):  # request-sized: chunked under SQLite's bound-parameter limit
            ctx.session.execute(
                update(m.Project).where(m.Project.id.in_(part)).values(deleted=True, date_updated=ctx.now)
            )
            soft_delete_children(ctx, project_ids=part)
        for project_id in wanted:
            ctx.audit(PROJECT, project_id, {"deleted": True})

    def deepCopyProject(self, ctx: CallContext, request: pb.DeepCopyProject) -> pb.DeepCopyProject.Response:
        copy = deep_copy_project(ctx, live_project(ctx.session, request.id))
        return pb.DeepCopyProject.Response(project=_project(ctx, copy))

    # --- name, description, readme, short name ----------------------------------------------------------

    def updateProjectName(self, ctx: CallContext, request: pb.UpdateProjectName) -> pb.UpdateProjectName.Response:
        name = require_text(check_name(request.name, "Project"), "Project name not present")
        row = changed_project(ctx, request.id)
        check_project_name_free(ctx, row.workspace, name, exclude_id=row.id)
        row.name = name
        return pb.UpdateProjectName.Response(project=_project(ctx, row))

    def updateProjectDescription(
        self, ctx: CallContext, request: pb.UpdateProjectDescription
    ) -> pb.UpdateProjectDescription.Response:
        row = changed_project(ctx, request.id)
        row.description = request.description
        return pb.UpdateProjectDescription.Response(project=_project(ctx, row))

    def setProjectReadme(self, ctx: CallContext, request: pb.SetProjectReadme) -> pb.SetProjectReadme.Response:
        row = changed_project(ctx, request.id)
        row.readme_text = request.readme_text
        return pb.SetProjectReadme.Response(project=_project(ctx, row))

    def getProjectReadme(self, ctx: CallContext, request: pb.GetProjectReadme) -> pb.GetProjectReadme.Response:
        return pb.GetProjectReadme.Response(readme_text=live_project(ctx.session, request.id).readme_text)

    def setProjectShortName(self, ctx: CallContext, request: pb.SetProjectShortName) -> pb.SetProjectShortName.Response:
        require(request.id, "Project ID not present")
        short_name = check_short_name(request.short_name)
        row = changed_project(ctx, request.id)
        clash = ctx.session.scalar(
            select(m.Project.id).where(
                m.Project.workspace == row.workspace,
                m.Project.short_name == short_name,
                ~m.Project.deleted,
                m.Project.id != row.id,
            )
        )
        if clash:
            raise AlreadyExists(f"Project already exist with given short name '{short_name}'")
        row.short_name = short_name
        return pb.SetProjectShortName.Response(project=_project(ctx, row))

    def getProjectShortName(self, ctx: CallContext, request: pb.GetProjectShortName) -> pb.GetProjectShortName.Response:
        return pb.GetProjectShortName.Response(short_name=live_project(ctx.session, request.id).short_name)

    def getProjectDatasetCount(
        self, ctx: CallContext, request: pb.GetProjectDatasetCount
    ) -> pb.GetProjectDatasetCount.Response:
        """How many distinct dataset versions the project's live runs link (ModelDB counts linked ids).

        A link to a version deleted since still counts: the run did use that data.
        """
        project = live_project(ctx.session, request.project_id)
        linked = m.Artifact.linked_artifact_id
        count = ctx.session.scalar(
            select(func.count(distinct(linked)))
            .select_from(m.Artifact)
            .join(m.ExperimentRun, m.ExperimentRun.id == m.Artifact.entity_id)
            .where(
                m.ExperimentRun.project_id == project.id,
                ~m.ExperimentRun.deleted,
                m.Artifact.entity_type == RUN,
                m.Artifact.field == DATASETS,
                linked != "",
            )
        )
        return pb.GetProjectDatasetCount.Response(dataset_count=count or 0)

    # --- tags, attributes, code version, artifacts (shared with experiments: entity_meta/rpcs.py) ---------

    getProjectTags = EntityMetaRpcs.get_tags
    addProjectTags = EntityMetaRpcs.add_tags
    addProjectTag = EntityMetaRpcs.add_tag
    deleteProjectTags = EntityMetaRpcs.delete_tags
    deleteProjectTag = EntityMetaRpcs.delete_tag
    getProjectAttributes = EntityMetaRpcs.get_attributes
    addProjectAttributes = EntityMetaRpcs.add_attributes
    deleteProjectAttributes = EntityMetaRpcs.delete_attributes
    logProjectCodeVersion = EntityMetaRpcs.log_code_version
    getProjectCodeVersion = EntityMetaRpcs.get_code_version

    def updateProjectAttributes(
        self, ctx: CallContext, request: pb.UpdateProjectAttributes
    ) -> pb.UpdateProjectAttributes.Response:
        """Replace the attribute with the same key, or insert it (ModelDB's upsert)."""
        require(request.id, "Project ID not present")
        require_text(request.attribute.key, "Project attribute key not present")
        attributes = [request.attribute]
        response: pb.UpdateProjectAttributes.Response = self._put_attributes(ctx, request, attributes, replace=True)
        return response
