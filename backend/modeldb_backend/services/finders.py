"""Find and list RPCs of projects, experiments and runs: filtering, sorting and paging all run in SQL.

Only live entities are found (not deleted, and parents not deleted). A page is hydrated set-based (one
query per child table), so a page of 100 runs costs a fixed handful of queries whatever the data size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from google.protobuf.message import Message
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ..errors import InvalidArgument
from ..pb.common import common_pb2
from ..pb.modeldb import experiment_run_service_pb2 as run_pb
from ..pb.modeldb import experiment_service_pb2 as exp_pb
from ..pb.modeldb import project_service_pb2 as proj_pb
from ..query import operands as o
from ..query.finder import Find, Found, run_find
from ..query.kinds import EXPERIMENTS, PROJECTS, RUNS, EntityKind
from ..query.sorting import sort_keys
from ..store import models as m
from .context import CallContext, read_only
from .loading import experiment_messages, live_experiment, live_project, live_run, project_messages, run_messages
from .projects.rpcs import workspace_of
from .sqlchunks import check_listed

F = TypeVar("F", bound=Callable[..., Any])


_MESSAGES = {
    PROJECTS.name: (project_messages, proj_pb.Project),
    EXPERIMENTS.name: (experiment_messages, exp_pb.Experiment),
    RUNS.name: (run_messages, run_pb.ExperimentRun),
}


def predicates_of(queries: Sequence[common_pb2.KeyValueQuery]) -> list[o.Predicate]:
    """KeyValueQuery messages as predicates; the operator number must be one ModelDB defines."""
    out = []
    for q in queries:
        if not q.key:
            raise InvalidArgument("Key is empty")
        try:
            op = common_pb2.OperatorEnum.Operator.Name(q.operator)
        except ValueError:
            raise InvalidArgument(
                f"predicate {q.key!r}: operator {int(q.operator)} is not one of 0..9 (EQ..NOT_IN)"
            ) from None
        out.append(o.Predicate(q.key, op, o.python_value(q.value, q.key)))
    return out


def messages(session: Session, kind: EntityKind, rows: Sequence[Any], ids_only: bool = False) -> list[Message]:
    """The page as ModelDB messages; `ids_only` gives messages with only `id` set."""
    hydrate, message_cls = _MESSAGES[kind.name]
    if ids_only:
        return [message_cls(id=r.id) for r in rows]
    return hydrate(session, rows)  # type: ignore[operator, no-any-return]


def find(
    ctx: CallContext,
    kind: EntityKind,
    where: list[ColumnElement[bool]],
    request: Any,
    page: tuple[int, int] | None = None,
) -> Found:
    """Run a find from the usual request fields: predicates (if the request has them), sort_key, ascending
    and page_number/page_limit (or `page`, for requests that choose their page another way)."""
    number, limit = page or (getattr(request, "page_number", 0), getattr(request, "page_limit", 0))
    spec = Find(kind, list(where), sort_keys(request.sort_key, request.ascending), number, limit)
    if "predicates" in request.DESCRIPTOR.fields_by_name:
        spec.add_predicates(predicates_of(request.predicates))
    return run_find(ctx.session, spec)


def in_workspace(workspace_name: str) -> ColumnElement[bool]:
    """Scope by workspace; experiments and runs join their project, so this works for all three kinds."""
    return m.Project.workspace == workspace_of(workspace_name)


class ProjectFinders:
    def getProjects(self, ctx: CallContext, request: proj_pb.GetProjects) -> proj_pb.GetProjects.Response:
        found = find(ctx, PROJECTS, [in_workspace(request.workspace_name)], request)
        return proj_pb.GetProjects.Response(
            projects=messages(ctx.session, PROJECTS, found.rows), total_records=found.total
        )

    @read_only
    def findProjects(self, ctx: CallContext, request: proj_pb.FindProjects) -> proj_pb.FindProjects.Response:
        ids = check_listed(request.project_ids, "project_ids")  # one IN list in a sorted, paged find: capped
        where = [m.Project.id.in_(ids)] if ids else []
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


def run_scope(
    ctx: CallContext, project_id: str, experiment_id: str, run_ids: Sequence[str], workspace_name: str = ""
) -> list[ColumnElement[bool]]:
    """Conditions scoping runs to a project, an experiment and/or ids; a named scope that is not live is a 404.
    Without any of them the scope is the workspace."""
    where: list[ColumnElement[bool]] = []
    if project_id:
        live_project(ctx.session, project_id)
        where.append(m.ExperimentRun.project_id == project_id)
    if experiment_id:
        live_experiment(ctx.session, experiment_id)
        where.append(m.ExperimentRun.experiment_id == experiment_id)
    if run_ids:
        where.append(m.ExperimentRun.id.in_(check_listed(run_ids, "experiment_run_ids")))
    if not where:
        where.append(in_workspace(workspace_name))
    return where


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
