"""ExtensionService.queryRuns: runs matching a boolean query (see query/grammar.py for the language)."""

from __future__ import annotations

from ..pb.ext import extension_pb2 as pb
from ..query.compile import compile_expr, order_by_keys
from ..query.finder import Find, run_find
from ..query.grammar import parse
from ..query.kinds import RUNS
from ..query.sorting import DEFAULT_SORT_KEY, SortKey
from .context import CallContext, read_only
from .finders import messages, run_scope


class QueryRpcs:
    @read_only
    def queryRuns(self, ctx: CallContext, request: pb.QueryRuns) -> pb.QueryRuns.Response:
        """Parse and check everything first (a bad query or sort key is a 400 before any scope lookup)."""
        expr = parse(request.query)
        where = [compile_expr(RUNS, expr)] if expr is not None else []
        order = order_by_keys(request.order_by) or [SortKey(DEFAULT_SORT_KEY, ascending=False)]
        where += run_scope(
            ctx, request.project_id, request.experiment_id, request.experiment_run_ids, request.workspace_name
        )
        found = run_find(ctx.session, Find(RUNS, where, order, request.page_number, request.page_limit))
        return pb.QueryRuns.Response(
            experiment_runs=messages(ctx.session, RUNS, found.rows, request.ids_only),  # type: ignore[arg-type]
            total_records=found.total,
        )
