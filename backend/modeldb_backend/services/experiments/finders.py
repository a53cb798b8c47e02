"""ExperimentService's find and list RPCs (getExperimentsInProject, findExperiments); see services/finders.py."""

from __future__ import annotations

from sqlalchemy import ColumnElement

from ...pb.modeldb import experiment_service_pb2 as exp_pb
from ...query.kinds import EXPERIMENTS
from ...store import models as m
from ..context import CallContext, read_only
from ..finders import find, in_workspace, messages
from ..loading import live_project
from ..sqlchunks import check_listed


class ExperimentFinders:
    def getExperimentsInProject(
        self, ctx: CallContext, request: exp_pb.GetExperimentsInProject
    ) -> exp_pb.GetExperimentsInProject.Response:
        live_project(ctx.session, request.project_id)
        found = find(ctx, EXPERIMENTS, [m.Experiment.project_id == request.project_id], request)
        return exp_pb.GetExperimentsInProject.Response(
            experiments=messages(ctx.session, EXPERIMENTS, found.rows), total_records=found.total
        )

    @read_only
    def findExperiments(self, ctx: CallContext, request: exp_pb.FindExperiments) -> exp_pb.FindExperiments.Response:
        where: list[ColumnElement[bool]] = []
        if request.project_id:
            live_project(ctx.session, request.project_id)
            where.append(m.Experiment.project_id == request.project_id)
        if request.experiment_ids:
            where.append(m.Experiment.id.in_(check_listed(request.experiment_ids, "experiment_ids")))
        if not where:
            where.append(in_workspace(request.workspace_name))
        found = find(ctx, EXPERIMENTS, where, request)
        return exp_pb.FindExperiments.Response(
            experiments=messages(ctx.session, EXPERIMENTS, found.rows, request.ids_only), total_records=found.total
        )
