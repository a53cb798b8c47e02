"""ProjectService's find and list RPCs (getProjects, findProjects, getSummary); see services/finders.py."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ...errors import InvalidArgument
from ...pb.modeldb import project_service_pb2 as proj_pb
from ...query.kinds import EXPERIMENTS, PROJECTS, RUNS
from ...store import models as m
from ..context import CallContext, read_only
from ..finders import find, in_workspace, messages
from ..loading import live_project
from ..sqlchunks import check_listed


class ProjectFinders:
    def getProjects(self, ctx: CallContext, request: proj_pb.GetProjects) -> proj_pb.GetProjects.Response:
        found = find(ctx, PROJECTS, [in_workspace(request.workspace_name)], request)
        return proj_pb.GetProjects.Response(
            projects=messages(ctx.session, PROJECTS, found.rows), total_records=found.total
        )

    @read_only
    def findProjects(self, ctx: CallContext, request: proj_pb.FindProjects) -> proj_pb.FindProjects.Response:
        ids = check_listed(request.project_ids, "project_ids")  # one IN list in a sorted, paged find: capped
        where: list[ColumnElement[bool]] = [m.Project.id.in_(ids)] if ids else []
        if not request.project_ids:
            where.append(in_workspace(request.workspace_name))
        found = find(ctx, PROJECTS, where, request)
        return proj_pb.FindProjects.Response(
            projects=messages(ctx.session, PROJECTS, found.rows, request.ids_only), total_records=found.total
        )

    def getSummary(self, ctx: CallContext, request: proj_pb.GetSummary) -> proj_pb.GetSummary.Response:
        if not request.entityId:
            raise InvalidArgument("Project ID not found in GetSummary request: set entityId")
        project = live_project(ctx.session, request.entityId)
        response = proj_pb.GetSummary.Response(name=project.name, last_updated_time=project.date_updated)
        _fill_summary(ctx.session, project.id, response)
        return response


def _live_runs_of(project_id: str, *columns: Any) -> Any:
    return RUNS.live(select(*columns).select_from(m.ExperimentRun)).where(m.ExperimentRun.project_id == project_id)


def _fill_summary(session: Session, project_id: str, response: proj_pb.GetSummary.Response) -> None:
    """Counts, the last modified run, and min/max per metric key in one aggregate query each."""
    experiments = EXPERIMENTS.live(select(func.count(m.Experiment.id)).select_from(m.Experiment))
    response.total_experiment = session.scalar(experiments.where(m.Experiment.project_id == project_id)) or 0
    response.total_experiment_runs = session.scalar(_live_runs_of(project_id, func.count(m.ExperimentRun.id))) or 0
    if response.total_experiment_runs == 0:
        return
    last = session.execute(
        _live_runs_of(project_id, m.ExperimentRun.name, m.ExperimentRun.date_updated)
        .order_by(m.ExperimentRun.date_updated.desc(), m.ExperimentRun.id.desc())
        .limit(1)
    ).one()
    response.last_modified_experimentRun_summary.name = last.name
    response.last_modified_experimentRun_summary.last_updated_time = last.date_updated
    kv = m.KeyValue
    metrics = (
        _live_runs_of(project_id, kv.key, func.min(kv.num_value), func.max(kv.num_value))
        .join(kv, kv.entity_id == m.ExperimentRun.id)
        .where(kv.field == "metrics", kv.num_value.is_not(None))
        .group_by(kv.key)
        .order_by(kv.key)
    )
    for key, low, high in session.execute(metrics):
        response.metrics.add(key=key, min_value=low, max_value=high)
