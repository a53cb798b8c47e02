"""What the find and list RPCs of projects, experiments and runs share: filtering, sorting and paging all
run in SQL (each service's own find RPCs are in its package: projects/finders.py, experiments/finders.py,
experiment_runs/finders.py; ExtensionService and DatasetService reuse the helpers here).

Only live entities are found (not deleted, and parents not deleted). A page is hydrated set-based (one
query per child table), so a page of 100 runs costs a fixed handful of queries whatever the data size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from google.protobuf.message import Message
from sqlalchemy import ColumnElement
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
from .context import CallContext
from .loading import experiment_messages, live_experiment, live_project, project_messages, run_messages
from .projects.rpcs import workspace_of
from .sqlchunks import check_listed

F = TypeVar("F", bound=Callable[..., Any])


# Each kind's loader and message class; typed loosely because the loader takes that kind's rows only.
_MESSAGES: dict[str, tuple[Callable[[Session, Sequence[Any]], list[Any]], Callable[..., Message]]] = {
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


def messages(session: Session, kind: EntityKind, rows: Sequence[Any], ids_only: bool = False) -> list[Any]:
    """The page as ModelDB messages of the kind's class (Project, Experiment or ExperimentRun: `Any`, as the
    kind is a value); `ids_only` gives messages with only `id` set."""
    hydrate, message_cls = _MESSAGES[kind.name]
    if ids_only:
        return [message_cls(id=r.id) for r in rows]
    return hydrate(session, rows)


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
