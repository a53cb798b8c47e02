"""ExperimentRunService's find, list and sort RPCs; see services/finders.py."""

from __future__ import annotations

from ...errors import InvalidArgument
from ...pb.modeldb import experiment_run_service_pb2 as run_pb
from ...query.kinds import RUNS
from ...store import models as m
from ..context import CallContext, read_only
from ..finders import find, messages, run_scope
from ..loading import live_experiment, live_project, live_run
from ..sqlchunks import check_listed


class ExperimentRunFinders:
    def getExperimentRunsInProject(
        self, ctx: CallContext, request: run_pb.GetExperimentRunsInProject
    ) -> run_pb.GetExperimentRunsInProject.Response:
        live_project(ctx.session, request.project_id)
        found = find(ctx, RUNS, [m.ExperimentRun.project_id == request.project_id], request)
        return run_pb.GetExperimentRunsInProject.Response(
            experiment_runs=messages(ctx.session, RUNS, found.rows), total_records=found.total
        )

    def getExperimentRunsInExperiment(
        self, ctx: CallContext, request: run_pb.GetExperimentRunsInExperiment
    ) -> run_pb.GetExperimentRunsInExperiment.Response:
        live_experiment(ctx.session, request.experiment_id)
        found = find(ctx, RUNS, [m.ExperimentRun.experiment_id == request.experiment_id], request)
        return run_pb.GetExperimentRunsInExperiment.Response(
            experiment_runs=messages(ctx.session, RUNS, found.rows), total_records=found.total
        )

    @read_only
    def findExperimentRuns(
        self, ctx: CallContext, request: run_pb.FindExperimentRuns
    ) -> run_pb.FindExperimentRuns.Response:
        where = run_scope(
            ctx, request.project_id, request.experiment_id, request.experiment_run_ids, request.workspace_name
        )
        found = find(ctx, RUNS, where, request)
        return run_pb.FindExperimentRuns.Response(
            experiment_runs=messages(ctx.session, RUNS, found.rows, request.ids_only), total_records=found.total
        )

    def sortExperimentRuns(
        self, ctx: CallContext, request: run_pb.SortExperimentRuns
    ) -> run_pb.SortExperimentRuns.Response:
        if not request.experiment_run_ids:
            raise InvalidArgument("ExperimentRun Id's not found in SortExperimentRuns request: set experiment_run_ids")
        if not request.sort_key:
            raise InvalidArgument("Sort key not found in SortExperimentRuns request: set sort_key")
        ids = check_listed(request.experiment_run_ids, "experiment_run_ids")
        found = find(ctx, RUNS, [m.ExperimentRun.id.in_(ids)], request)
        return run_pb.SortExperimentRuns.Response(
            experiment_runs=messages(ctx.session, RUNS, found.rows, request.ids_only), total_records=found.total
        )

    def getTopExperimentRuns(
        self, ctx: CallContext, request: run_pb.TopExperimentRunsSelector
    ) -> run_pb.TopExperimentRunsSelector.Response:
        if request.top_k <= 0:
            raise InvalidArgument(f"top_k is {request.top_k}: it must be a positive number of runs")
        where = run_scope(ctx, request.project_id, request.experiment_id, request.experiment_run_ids)
        found = find(ctx, RUNS, where, request, page=(1, request.top_k))
        return run_pb.TopExperimentRunsSelector.Response(
            experiment_runs=messages(ctx.session, RUNS, found.rows, request.ids_only)
        )

    def getChildrenExperimentRuns(
        self, ctx: CallContext, request: run_pb.GetChildrenExperimentRuns
    ) -> run_pb.GetChildrenExperimentRuns.Response:
        if not request.experiment_run_id:
            raise InvalidArgument("ExperimentRun ID not found in GetChildrenExperimentRuns request")
        live_run(ctx.session, request.experiment_run_id)
        found = find(ctx, RUNS, [m.ExperimentRun.parent_id == request.experiment_run_id], request)
        return run_pb.GetChildrenExperimentRuns.Response(
            experiment_runs=messages(ctx.session, RUNS, found.rows), total_records=found.total
        )
