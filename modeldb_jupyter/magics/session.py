"""The state of the magics in one kernel: the client, the active run, the cell executing now, and the run
lifecycle (start or resume, end with a notebook snapshot, end at kernel shutdown).

Two kinds of run: the *line run* started by `%modeldb run` stays active across cells until `%modeldb end`,
another `%modeldb run`, `%modeldb connect` or kernel shutdown; a *cell run* (`%%modeldb run`) lasts one
cell and is active only while its body executes (a line run active around it stays active).
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError

from modeldb_backend.limits import END_STATUSES, FINISHED_WORD, KILLED_WORD
from modeldb_jupyter.client import AlreadyExistsError, Client, ModelDBError, NotFoundError, current, set_current
from modeldb_jupyter.client.client import create_unnamed

from . import snapshot
from .cells import CellOutputs
from .runlog import CellEntry, RunLog

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell

    from modeldb_jupyter.client import ExperimentRun

END_TIMEOUT = 10.0  # seconds an explicit end waits for the logged data to be stored (the rest is journaled)
EXIT_TIMEOUT = 5.0
STATUSES = END_STATUSES  # the words a run may end with ("finished", "failed", "killed"), from the RunStatus enum
NO_RUN = "no active run: start one with `%modeldb run NAME` (or put `%%modeldb run NAME` on top of a cell)"


@dataclass
class CellContext:
    """The cell being executed, from pre_run_cell to post_run_cell."""

    raw: str
    cell_id: str | None
    key: str  # identity of the cell: its id when the front end sends one, else a hash of its source
    start_ms: int
    t0: float
    watched: bool  # whether the namespace was synced before the cell (it is recorded)
    outputs: CellOutputs = field(default_factory=CellOutputs)
    cell_run: ExperimentRun | None = None  # the run of a %%modeldb run cell executed by this cell


def cell_key(raw: str, cell_id: str | None) -> str:
    return cell_id or "src:" + hashlib.sha1(raw.encode("utf-8", "replace")).hexdigest()[:16]


def say(text: str, err: bool = False) -> None:
    """One line of feedback under the cell (nothing when the stream is gone, as at interpreter exit)."""
    with contextlib.suppress(OSError, ValueError):
        print(f"modeldb: {text}", file=sys.stderr if err else sys.stdout)


class Session:
    def __init__(
        self,
        shell: InteractiveShell,
        url: str | None = None,
        token: str | None = None,
        default_project: str = "",
        default_experiment: str = "default",
    ) -> None:
        self.shell = shell
        self.client = Client(url, token)
        self.line_run: ExperimentRun | None = None
        self.cell_run: ExperimentRun | None = None
        self.last_run: ExperimentRun | None = None
        self.logs: dict[str, RunLog] = {}
        self.started_by: dict[str, str] = {}  # cell key → id of the nameless run that cell started
        self.cells: list[CellContext] = []  # executing cells (nested run_cell calls push more)
        self.last_error: BaseException | None = None
        self.autolog = True
        self.version = False  # `%modeldb version on`: runs commit their ingredients when they end
        self.failures = 0
        self.notebook: Path | None = snapshot.notebook_path(shell.user_ns)
        self.default_project = default_project
        self.default_experiment = default_experiment

    @property
    def client(self) -> Client:
        return self._client

    @client.setter
    def client(self, client: Client) -> None:
        """The magics' client is also `modeldb_jupyter.client.current()`, where the widgets find it."""
        self._client = client
        set_current(client)

    # --- descriptions ---------------------------------------------------------------------------------------

    def where(self) -> str:
        target = self.client.target
        how = {"argument": "given URL", "MODELDB_URL": "$MODELDB_URL", "embedded": ""}.get(target.source, target.source)
        return target.describe() + (f" ({how})" if how else "")

    def context(self) -> str:
        proj, expt = self.client.proj, self.client.expt
        if proj is None:
            return "no project yet (`%modeldb project NAME`; runs default to the notebook's name or 'default')"
        return f"project {proj.name!r}" + (f" / experiment {expt.name!r}" if expt is not None else "")

    @property
    def cell(self) -> CellContext | None:
        return self.cells[-1] if self.cells else None

    @property
    def run(self) -> ExperimentRun | None:
        """The run that logging commands write to: the cell run while one executes, else the line run."""
        return self.cell_run if self.cell_run is not None else self.line_run

    def require_run(self) -> ExperimentRun:
        run = self.run
        if run is None:
            raise UsageError(NO_RUN)
        return run

    def log_for(self, run: ExperimentRun, single_cell: bool = False) -> RunLog:
        log = self.logs.get(run.id)
        if log is None:
            log = self.logs[run.id] = RunLog(run.name, single_cell=single_cell)
        return log

    # --- starting runs ----------------------------------------------------------------------------------

    def ensure_project(self) -> None:
        if self.client.proj is None:
            stem = self.notebook.stem if self.notebook is not None else ""
            self.client.set_project(self.default_project or stem or "default")

    def ensure_context(self) -> None:
        """Runs need a project and an experiment: the defaults unless `%modeldb project/experiment` chose."""
        self.ensure_project()
        if self.client.expt is None:
            self.client.set_experiment(self.default_experiment or "default")

    def _new_name(self) -> str:
        """The notebook's name and the time, for people; 32 random bits, and a retry when taken anyway."""
        stem = self.notebook.stem if self.notebook is not None else "run"
        return f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(4)}"

    def _exists(self, name: str) -> bool:
        try:
            self.client.get_experiment_run(name=name)
        except NotFoundError:
            return False
        return True

    def _resume(self, run_id: str) -> ExperimentRun | None:
        try:
            return self.client.set_experiment_run(id=run_id)
        except NotFoundError:  # deleted meanwhile: start a new one
            return None

    def _create(self, name: str | None) -> ExperimentRun:
        if name is None:  # a generated name: always a new run, another name if it is taken
            return create_unnamed(self.client.create_experiment_run, self._new_name)
        try:
            return self.client.create_experiment_run(name)
        except AlreadyExistsError:
            raise UsageError(
                f"a run named {name!r} already exists in {self.context()}: drop --new to resume it, or pick another"
                " name"
            ) from None

    def open_run(self, name: str | None, new: bool, single_cell: bool) -> tuple[ExperimentRun, str]:
        """Start (or resume) a run, marked running: (run, "new" | "resumed").

        No name: the run this same cell started before (resumed), else a new one with a generated name.
        `new`: always a new run (a NAME that exists is an error).
        """
        key = self.cell.key if self.cell is not None else None
        self.ensure_context()
        run, how = None, "new"
        if name is None and not new and key in self.started_by:
            run, how = self._resume(self.started_by[key]), "resumed"
        if run is None and name is not None and not new:
            how = "resumed" if self._exists(name) else "new"
            run = self.client.set_experiment_run(name)
        elif run is None:
            run = self._create(name)
        if key is not None and name is None:
            self.started_by[key] = run.id
        if how == "new" and self.notebook is not None:
            run.log_attribute("notebook.path", str(self.notebook))
        if single_cell or run.id not in self.logs:
            self.logs[run.id] = RunLog(run.name, single_cell=single_cell)
        self.last_run = run
        return run, how

    def start_line_run(self, name: str | None, new: bool) -> str:
        if self.cell_run is not None:
            raise UsageError("this cell is a %%modeldb run cell, which has its own run: start line runs elsewhere")
        previous = self.line_run
        run, how = self.open_run(name, new, single_cell=False)
        if previous is not None and previous.id == run.id:
            return f"run {run.name!r} is already active ({self.context()})"
        ended = ""
        if previous is not None:
            self.finish(previous, FINISHED_WORD)
            ended = f"ended run {previous.name!r}; "
        self.line_run = run
        return f"{ended}run {run.name!r} is active ({how}, {self.context()})"

    # --- ending runs -------------------------------------------------------------------------------------

    def end(self, status: str) -> str:
        """End the active run (the cell run inside a %%modeldb run cell); nothing to end is fine."""
        run = self.run
        if run is None:
            return "no active run: nothing to end"
        if run is self.cell_run:
            self.cell_run = None
        else:
            self.line_run = None
        self.finish(run, status)
        return f"run {run.name!r} {status}"

    def finish(
        self, run: ExperimentRun, status: str, extra: CellEntry | None = None, timeout: float = END_TIMEOUT
    ) -> None:
        """Attach the notebook snapshot (when auto-logging or versioning is on), commit the run's ingredients
        (when versioning is on), then set the end status and flush."""
        try:
            summary = None
            if self.autolog or self.version:
                log = self.logs.get(run.id)
                entries = [*(log.entries if log is not None else []), *([extra] if extra is not None else [])]
                summary = self.attach_snapshot(run, entries)
            if self.version:
                from .commands.version import commit_at_end

                commit_at_end(self, run, summary)
        finally:
            run.end(status, timeout=timeout)

    def attach_snapshot(self, run: ExperimentRun, entries: list[CellEntry]) -> dict[str, Any] | None:
        """The notebook as artifact "notebook.ipynb", and its summary as attribute "notebook.snapshot"."""
        try:
            data, summary = snapshot.build(self.notebook, entries)
        except Exception as exc:
            say(f"no notebook snapshot for run {run.name!r}: {type(exc).__name__}: {exc}", err=True)
            return None
        try:
            try:
                run.log_artifact(snapshot.ARTIFACT_KEY, data)
            except AlreadyExistsError:
                run.log_artifact(snapshot.ARTIFACT_KEY, data, overwrite=True)  # a resumed run: the newest wins
            summary["stored"] = True
        except (ModelDBError, OSError) as exc:
            summary.update(stored=False, reason=f"{type(exc).__name__}: {exc}"[:300])
            say(
                f"the notebook snapshot could not be attached ({summary['reason']}); its summary is in the "
                "run's attribute notebook.snapshot",
                err=True,
            )
        run.log_attribute("notebook.snapshot", summary)
        return summary

    def shutdown(self) -> None:
        """Kernel exit: the active run ends finished, or killed when the last cell was interrupted."""
        runs = [(r, KILLED_WORD) for r in (self.cell_run,) if r is not None]
        if self.line_run is not None:
            interrupted = isinstance(self.last_error, KeyboardInterrupt)
            runs.append((self.line_run, KILLED_WORD if interrupted else FINISHED_WORD))
        self.cell_run = self.line_run = None
        for run, status in runs:
            with contextlib.suppress(Exception):  # exiting anyway; what was logged is journaled by the client
                self.finish(run, status, timeout=EXIT_TIMEOUT)

    def connect(self, url: str | None, token: str | None) -> str:
        """A new client (explicit URL, or the usual resolution); the active run ends on the old backend."""
        new = Client(url, token)
        ended = ""
        if self.line_run is not None:
            run, self.line_run = self.line_run, None
            self.finish(run, FINISHED_WORD)
            ended = f"ended run {run.name!r}; "
        old, self.client = self.client, new
        old.close(timeout=END_TIMEOUT)
        self.started_by.clear()
        self.logs.clear()
        self.last_run = None
        return f"{ended}logging to {self.where()}"

    def close(self) -> None:
        self.shutdown()
        self.client.close(timeout=EXIT_TIMEOUT)
        if current() is self.client:
            set_current(None)
