"""Cell hooks: pre_run_cell / post_run_cell record every executed cell to the active run.

Each record is one observation with key "cell" (see README_SECTION.md for its fields). The hooks never break
the kernel: every body is wrapped, a failure is reported in one line, and after MAX_FAILURES failures
auto-logging switches itself off. They never wait on the network either: a record is a queue append, the
client's background thread sends it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from .cells import (
    MAX_NAMES,
    NamespaceWatch,
    capped,
    clean_text,
    fit_json,
    free_names,
    parse_cell,
    result_summary,
    top_level_bindings,
)
from .runlog import CellEntry
from .session import CellContext, cell_key, say

if TYPE_CHECKING:
    from collections.abc import Callable

    from modeldb_jupyter.client import ExperimentRun

    from .session import Session

MAX_FAILURES = 3
MAX_SOURCE = 16_000  # characters of a cell's source kept in its record, and bytes of their JSON form (below):
MAX_SOURCE_BYTES = 24_000  # with names, outputs and warnings capped too, a record stays under 64 KiB
OBSERVATION_KEY = "cell"


class CellHooks:
    def __init__(self, session: Session, max_failures: int = MAX_FAILURES) -> None:
        self.session = session
        self.max_failures = max_failures
        self._display_pub: Any = None
        self.watch = NamespaceWatch()

    # --- registration -------------------------------------------------------------------------------

    def register(self) -> None:
        events = self.session.shell.events
        events.register("pre_run_cell", self.pre_run_cell)
        events.register("post_run_cell", self.post_run_cell)
        display_pub = self.session.shell.display_pub
        if hasattr(display_pub, "register_hook"):  # ipykernel: display_data messages pass through hooks
            display_pub.register_hook(self.on_display)
            self._display_pub = display_pub

    def unregister(self) -> None:
        events = self.session.shell.events
        for name, hook in (("pre_run_cell", self.pre_run_cell), ("post_run_cell", self.post_run_cell)):
            if hook in events.callbacks[name]:
                events.unregister(name, hook)
        if self._display_pub is not None:
            self._display_pub.unregister_hook(self.on_display)
            self._display_pub = None

    # --- the hooks ------------------------------------------------------------------------------------

    def pre_run_cell(self, info: Any) -> None:
        self._guard(self._pre, info)

    def post_run_cell(self, result: Any) -> None:
        self._guard(self._post, result)

    def on_display(self, msg: Any) -> Any:
        try:
            cell = self.session.cell
            if cell is not None and self.session.autolog:
                cell.outputs.add_display(msg)
        except Exception:  # a summary is not worth a lost display
            pass
        return msg

    def _guard(self, body: Callable[[Any], None], arg: Any) -> None:
        session = self.session
        try:
            body(arg)
        except Exception as exc:
            session.failures += 1
            text = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
            say(f"auto-logging failed ({text}); the cell itself ran normally", err=True)
            if session.failures >= self.max_failures and session.autolog:
                session.autolog = False
                say(
                    f"auto-logging is now off after {session.failures} failures; `%modeldb autolog on` turns it on",
                    err=True,
                )

    def _pre(self, info: Any) -> None:
        session = self.session
        raw = getattr(info, "raw_cell", None) or ""
        cell_id = getattr(info, "cell_id", None)
        watch = session.autolog and (session.line_run is not None or raw.lstrip().startswith("%%modeldb"))
        if watch:
            self.watch.sync(session.shell.user_ns, session.shell.user_ns_hidden)
        session.cells.append(
            CellContext(
                raw=raw,
                cell_id=cell_id,
                key=cell_key(raw, cell_id),
                start_ms=time.time_ns() // 1_000_000,
                t0=time.perf_counter(),
                watched=watch,
            )
        )

    def _post(self, result: Any) -> None:
        session = self.session
        if not session.cells:
            return  # the cell that loaded the extension: its pre_run_cell came before the hooks
        cell = session.cells.pop()
        if session.cells:
            return  # a nested run_cell (e.g. %%capture): the outer cell is the one recorded
        error = None
        if result is not None:
            error = result.error_before_exec or result.error_in_exec
        session.last_error = error
        targets = [r for r in (session.line_run, cell.cell_run) if r is not None]
        if not session.autolog or not targets:
            return
        self._record(cell, result, error, targets)

    # --- the record ----------------------------------------------------------------------------------

    def _record(self, cell: CellContext, result: Any, error: BaseException | None, runs: list[ExperimentRun]) -> None:
        session = self.session
        ns = session.shell.user_ns
        end_ms = time.time_ns() // 1_000_000
        duration = round((time.perf_counter() - cell.t0) * 1000, 3)
        tree = parse_cell(cell.raw, session.shell.transform_cell)
        assigned = top_level_bindings(tree) if tree is not None else set()
        if cell.watched:
            changed = self.watch.changes(ns, session.shell.user_ns_hidden)
            assigned = changed if error is not None else assigned | changed
        reads = free_names(tree) if tree is not None else set()
        outputs = list(cell.outputs.items)
        value = getattr(result, "result", None)
        if value is not None:
            outputs.append(result_summary(value))
        count = getattr(result, "execution_count", None)
        source = clean_text(cell.raw)
        kept = fit_json(source, MAX_SOURCE, MAX_SOURCE_BYTES)
        base: dict[str, Any] = {
            "cell_id": cell.cell_id,
            "execution_count": count,
            "source": kept,
            "source_truncated": len(kept) < len(source),
            "start": cell.start_ms,
            "end": end_ms,
            "duration_ms": duration,
            "outcome": "ok" if error is None else "error",
            "error": None if error is None else {"type": type(error).__name__, "message": _message(error)},
            "assigned": capped(assigned),
            "assigned_truncated": len(assigned) > MAX_NAMES,
            "outputs": outputs,
            "outputs_dropped": cell.outputs.dropped,
        }
        outcome = "ok" if error is None else type(error).__name__
        for run in runs:
            log = session.log_for(run, single_cell=run is cell.cell_run)
            findings = log.check(cell.key, count, assigned, reads, ns)
            log.add(cell.key, count, assigned, CellEntry(count, base["source"], outcome, outputs))
            record = {**base, "warnings": [f.record() for f in findings]}
            if run is not cell.cell_run and cell.cell_run is not None:
                record["cell_run"] = {"id": cell.cell_run.id, "name": cell.cell_run.name}
            run.log_observation(OBSERVATION_KEY, record, timestamp=cell.start_ms)
            for finding in findings:
                if finding.show:
                    say(finding.message, err=True)


def _message(error: BaseException) -> str:
    try:
        text = str(error)
    except Exception:  # an exception whose __str__ fails: its type says enough
        text = f"<{type(error).__name__}>"
    return clean_text(text)[:500]
