"""ExtensionService.queryRuns: runs matching a boolean query (see query/grammar.py for the language)."""

from __future__ import annotations

from ...pb.ext import extension_pb2 as pb
from ...query.compile import compile_expr, order_by_keys
from ...query.finder import Find, run_find
from ...query.grammar import parse
from ...query.kinds import RUNS
from ...query.sorting import DEFAULT_SORT_KEY, SortKey
from ..context import CallContext, read_only
from ..finders import messages, run_scope
from ..loading import parse_run_columns, run_messages
from .run_states import load_states


class QueryRpcs:
    @read_only
    def queryRuns(self, ctx: CallContext, request: pb.QueryRuns) -> pb.QueryRuns.Response:
        """Parse and check everything first (a bad query, sort key or column is a 400 before any scope lookup)."""
        expr = parse(request.query)
        where = [compile_expr(RUNS, expr)] if expr is not None else []
        order = order_by_keys(request.order_by) or [SortKey(DEFAULT_SORT_KEY, ascending=False)]
        columns = parse_run_columns(request.columns)
        where += run_scope(
            ctx, request.project_id, request.experiment_id, request.experiment_run_ids, request.workspace_name
        )
        found = run_find(ctx.session, Find(RUNS, where, order, request.page_number, request.page_limit))
        if columns is None or request.ids_only:
            runs = messages(ctx.session, RUNS, found.rows, request.ids_only)
        else:
            runs = run_messages(ctx.session, found.rows, columns)
        states = load_states(ctx.session, [r.id for r in found.rows], ctx.now)
        if not request.ids_only:
            # A run the watchdog has not swept yet already reads as ended at its last heartbeat.
            by_id = {s.run_id: s for s in states}
            for run in runs:
                if run.id in by_id:
                    run.end_time = by_id[run.id].end_time
        return pb.QueryRuns.Response(
            experiment_runs=runs,
            total_records=found.total,
            states=states,
        )
