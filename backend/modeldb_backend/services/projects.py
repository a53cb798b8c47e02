"""ProjectService: create, read, update and soft-delete projects and their metadata."""

from __future__ import annotations

from sqlalchemy import select, update

from ..errors import AlreadyExists, NotFound
from ..pb.modeldb import common_pb2 as mdb_common_pb2
from ..pb.modeldb import project_service_pb2 as pb
from ..store import models as m
from .children import ATTRIBUTES, add_artifacts, add_key_values, add_tags
from .context import CallContext
from .entities import PROJECT, live_project, new_id, project_messages
from .values import check_name


def _project(ctx: CallContext, row: m.Project) -> pb.Project:
    return project_messages(ctx.session, [row])[0]


def workspace_of(name: str) -> str:
    """OSS ModelDB has one workspace; the client sends "personal" or "" for it."""
    return "" if name in ("", "personal") else name


class ProjectRpcs:
    """Project RPCs other than the find/list family (see finders.py)."""

    def verifyConnection(self, ctx: CallContext, request: pb.Empty) -> pb.VerifyConnectionResponse:
        return pb.VerifyConnectionResponse(status=True)

    def createProject(self, ctx: CallContext, request: pb.CreateProject) -> pb.CreateProject.Response:
        name = check_name(request.name, "Project") or f"Project {new_id()[:8]}"
        workspace = workspace_of(request.workspace_name)
        clash = ctx.session.scalar(
            select(m.Project.id).where(m.Project.workspace == workspace, m.Project.name == name, ~m.Project.deleted)
        )
        if clash:
            raise AlreadyExists(f"Project '{name}' already exists in database")
        created = request.date_created or ctx.now
        row = m.Project(
            id=new_id(),
            workspace=workspace,
            name=name,
            description=request.description,
            readme_text=request.readme_text,
            project_visibility=int(request.project_visibility),
            visibility=int(request.visibility),
            date_created=created,
            date_updated=created,
            version_number=1,
            deleted=False,
        )
        ctx.session.add(row)
        ctx.session.flush()
        add_key_values(ctx, PROJECT, row.id, ATTRIBUTES, request.attributes, what="attribute")
        add_tags(ctx, PROJECT, row.id, request.tags)
        add_artifacts(ctx, PROJECT, row.id, "artifacts", request.artifacts)
        ctx.audit(PROJECT, row.id)
        return pb.CreateProject.Response(project=_project(ctx, row))

    def getProjectById(self, ctx: CallContext, request: pb.GetProjectById) -> pb.GetProjectById.Response:
        return pb.GetProjectById.Response(project=_project(ctx, live_project(ctx.session, request.id)))

    def getProjectByName(self, ctx: CallContext, request: pb.GetProjectByName) -> pb.GetProjectByName.Response:
        row = ctx.session.scalar(
            select(m.Project).where(
                m.Project.workspace == workspace_of(request.workspace_name),
                m.Project.name == request.name,
                ~m.Project.deleted,
            )
        )
        if row is None:
            raise NotFound(f"Project with name '{request.name}' not found")
        return pb.GetProjectByName.Response(project_by_user=_project(ctx, row))

    def deleteProject(self, ctx: CallContext, request: pb.DeleteProject) -> pb.DeleteProject.Response:
        self._delete(ctx, [request.id])
        return pb.DeleteProject.Response(status=True)

    def deleteProjects(self, ctx: CallContext, request: pb.DeleteProjects) -> pb.DeleteProjects.Response:
        self._delete(ctx, list(request.ids))
        return pb.DeleteProjects.Response(status=True)

    def _delete(self, ctx: CallContext, ids: list[str]) -> None:
        """Soft delete, cascading to experiments and runs at once so finds never show orphans."""
        for project_id in ids:
            live_project(ctx.session, project_id)
        ctx.session.execute(update(m.Project).where(m.Project.id.in_(ids)).values(deleted=True, date_updated=ctx.now))
        ctx.session.execute(update(m.Experiment).where(m.Experiment.project_id.in_(ids)).values(deleted=True))
        ctx.session.execute(update(m.ExperimentRun).where(m.ExperimentRun.project_id.in_(ids)).values(deleted=True))
        for project_id in ids:
            ctx.audit(PROJECT, project_id, {"deleted": True})

    def getProjectTags(self, ctx: CallContext, request: mdb_common_pb2.GetTags) -> mdb_common_pb2.GetTags.Response:
        return mdb_common_pb2.GetTags.Response(tags=_project(ctx, live_project(ctx.session, request.id)).tags)
