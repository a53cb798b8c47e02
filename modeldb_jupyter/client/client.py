"""`Client`: the entry point, with ModelDB's familiar surface (set_project / set_experiment /
set_experiment_run, get_* and create_*) plus DataFrame queries."""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import sys
import time
import uuid
import weakref
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, cast

from modeldb_backend.pb.ext import extension_pb2
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2
from modeldb_backend.pb.modeldb import experiment_service_pb2 as expt_pb2
from modeldb_backend.pb.modeldb import project_service_pb2 as proj_pb2

from ..kernel import notebook_attributes
from .batches import FAILED_WORD, FINISHED, FINISHED_WORD, KILLED_WORD, STATUS
from .entities import Experiment, ExperimentRun, Project
from .errors import AlreadyExistsError, ModelDBError, ModelDBWarning, NotFoundError
from .journal import Journal
from .logger import LogError, Sender
from .protos import R, TypedRequest, key_values
from .resolve import Target, resolve
from .transport import Transport, make_transport, rpc_for
from .values import check_tags

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd
    from google.protobuf.message import Message

    from modeldb_backend.pb.modeldb.experiment_run_service_pb2 import ExperimentRun as RunMessage

    from .collections import ExperimentRuns, Experiments, Projects
    from .datasets import Dataset, DatasetVersion
    from .registry import ModelVersion, RegisteredModel
    from .versioning import Repository

T = TypeVar("T")
E = TypeVar("E", Project, Experiment, ExperimentRun)
RETRY_DELAYS = (0.25, 0.5, 1.0, 2.0, 4.0)  # synchronous calls: about 8 s of retrying before giving up
READ_FLUSH_TIMEOUT = 30.0
EXIT_TIMEOUT = float(os.environ.get("MODELDB_EXIT_TIMEOUT", "30"))

_clients: weakref.WeakSet[Client] = weakref.WeakSet()


class Client:
    """A connection to a ModelDB backend.

    `Client()` picks the backend: `url` → $MODELDB_URL (+ $MODELDB_TOKEN) → the Jupyter server of this
    kernel (when the extension is loaded) → an embedded backend on SQLite under $MODELDB_HOME.
    """

    def __init__(self, url: str | None = None, token: str | None = None) -> None:
        self.target: Target = resolve(url, token)
        self._transport: Transport = make_transport(self.target)
        home = self.target.home or _home()
        self._sender = Sender(self._transport, Journal(home, self.target.identity))
        self._active_runs: dict[str, ExperimentRun] = {}
        self.proj: Project | None = None
        self.expt: Experiment | None = None
        self.run: ExperimentRun | None = None
        _clients.add(self)
        self._sender.start_if_journal()

    def __repr__(self) -> str:
        return f"<Client of {self.target.describe()}>"

    # --- plumbing ---------------------------------------------------------------------------------------------

    def call(
        self, request: TypedRequest[R], *, service: str | None = None, rpc: str | None = None, retry: bool = True
    ) -> R:
        """One RPC, chosen by the type of `request` (a generated message such as
        `dataset_service_pb2.DeleteDataset(id=...)`), answered with that type's `Response` message.
        `service` (short name) is needed only for the few requests that several services take (GetTags,
        GetAttributes, GetArtifacts, GetUrlForArtifact); `rpc` (the RPC's name) for requests that several RPCs
        of one service take (SetRepository: CreateRepository or UpdateRepository). Transient failures (no
        answer, 5xx, busy database) are retried with backoff unless `retry` is False; a write carries an
        idempotency key, the same on every retry, so a retry of a write that took effect is not applied twice."""
        message = cast("Message", request)
        if self._sender.unborn:  # a run started with start_run must exist before anything names it
            self._sender.flush(READ_FLUSH_TIMEOUT)
        method = rpc_for(message, service, rpc)
        key = str(uuid.uuid4()) if method.mutating else None
        for delay in (*RETRY_DELAYS, None) if retry else (None,):
            try:
                return cast(R, self._transport.call(method.short_service, method.name, message, key=key))
            except ModelDBError as exc:
                if not exc.transient or delay is None:
                    raise
            time.sleep(delay)
        raise AssertionError("unreachable")

    def flush_for_reading(self) -> None:
        """Before a read: wait (at most READ_FLUSH_TIMEOUT) until what this client logged has reached the
        backend, so that the read sees it."""
        if self._sender.pending:
            self._sender.flush(READ_FLUSH_TIMEOUT)

    # --- reads the entities, the widgets and the magics share -------------------------------------------------

    def run_message(self, run_id: str) -> RunMessage:
        """The stored run (`ExperimentRun` message) after this client's logging reached the backend."""
        self.flush_for_reading()
        return self.call(run_pb2.GetExperimentRunById(id=run_id)).experiment_run

    def run_states(self, run_ids: Sequence[str]) -> list[extension_pb2.RunState]:
        """Status, start/end and last heartbeat of the runs that exist among `run_ids`."""
        self.flush_for_reading()
        return list(self.call(extension_pb2.GetRunStates(run_ids=list(run_ids))).states)

    def metric_history(self, run_ids: Sequence[str], keys: Sequence[str] = ()) -> list[extension_pb2.MetricSeries]:
        """One series per (run, metric key) of `run_ids` (all keys when `keys` is empty), ordered by step."""
        self.flush_for_reading()
        return list(self.call(extension_pb2.GetMetricHistory(run_ids=list(run_ids), keys=list(keys))).series)

    @property
    def errors(self) -> list[LogError]:
        """Logged data the backend refused for good (e.g. the run was deleted meanwhile), oldest first."""
        return list(self._sender.errors)

    @property
    def pending(self) -> int:
        """Logged items not yet acknowledged by the backend."""
        return self._sender.pending

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything logged so far is stored (True), or spooled to the journal because the backend
        is not answering, or `timeout` passed (False; it is sent later, nothing is lost)."""
        return self._sender.flush(timeout)

    def close(self, timeout: float | None = EXIT_TIMEOUT) -> bool:
        """End this client's running runs (finished), flush (bounded), stop the sender; unsent data stays in
        the journal for the next client. Returns whether everything was delivered."""
        for run in list(self._active_runs.values()):
            run._put((run.id, STATUS, FINISHED, int(time.time() * 1000), 0, None))
        self._active_runs.clear()
        ok = self._sender.close(timeout)
        self._transport.close()
        _clients.discard(self)
        return ok

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- lookups shared by projects, experiments and runs ---------------------------------------------------

    def _fetch(self, entity: type[E], message: TypedRequest[Any], field: str) -> E:
        """Call a get-by-id or create RPC of the entity's service; wrap the message in `field` of the answer."""
        return entity(self, getattr(self.call(message), field))

    def _find(self, entity: type[E], message: TypedRequest[Any], field: str) -> E | None:
        """A get-by-name RPC: the entity, or None when there is none by that name."""
        try:
            found = self._fetch(entity, message, field)
        except NotFoundError:
            return None
        return found if found.id else None

    def _create(
        self,
        entity: type[E],
        request_cls: Callable[..., TypedRequest[Any]],
        field: str,
        name: str,
        desc: Any,
        tags: Any,
        attrs: Any,
        **more: Any,
    ) -> E:
        """A create RPC with the fields every entity has (name, description, tags, attributes)."""
        attributes = key_values(attrs, "attribute")
        fields = {"description": desc or "", "tags": check_tags(tags or []), "attributes": attributes, **more}
        return self._fetch(entity, request_cls(name=name, **fields), field)

    # --- projects -----------------------------------------------------------------------------------------------

    def _project_by_name(self, name: str) -> Project | None:
        return self._find(Project, proj_pb2.GetProjectByName(name=name), "project_by_user")

    def _project_by_id(self, project_id: str) -> Project:
        return self._fetch(Project, proj_pb2.GetProjectById(id=project_id), "project")

    def get_project(self, name: str | None = None, id: str | None = None) -> Project:
        project = self._project_by_id(id) if id else self._project_by_name(_required(name, "project"))
        if project is None:
            raise NotFoundError(f"no project named {name!r}")
        self.proj = project
        return project

    def create_project(
        self, name: str | None = None, desc: str | None = None, tags: Any = None, attrs: Mapping[str, Any] | None = None
    ) -> Project:
        def create(project_name: str) -> Project:
            return self._create(Project, proj_pb2.CreateProject, "project", project_name, desc, tags, attrs)

        self.proj = create(name) if name else create_unnamed(create, partial(_default_name, "Proj"))
        self.expt = self.run = None
        return self.proj

    def set_project(
        self,
        name: str | None = None,
        desc: str | None = None,
        tags: Any = None,
        attrs: Mapping[str, Any] | None = None,
        id: str | None = None,
    ) -> Project:
        """Get the project by name (or id), creating it when there is none; it becomes the current project."""
        if id:
            project = self._project_by_id(id)
        elif not name:
            project = self.create_project(None, desc, tags, attrs)  # a generated name: a new project
        else:
            project, created = self._get_or_create(
                lambda: self._project_by_name(name), lambda: self.create_project(name, desc, tags, attrs)
            )
            _warn_ignored(project, created, desc, tags, attrs)
        if self.proj != project:
            self.expt = self.run = None
        self.proj = project
        return project

    get_or_create_project = set_project

    def _get_or_create(self, get: Callable[[], T | None], create: Callable[[], T]) -> tuple[T, bool]:
        """(entity, created): get, else create; losing a creation race to another process (409) means: get
        it again."""
        found = get()
        if found is not None:
            return found, False
        try:
            return create(), True
        except AlreadyExistsError:
            found = get()
            if found is None:
                raise
            return found, False

    # --- experiments ------------------------------------------------------------------------------------------

    def _current_project(self) -> Project:
        return self.proj if self.proj is not None else self.set_project()

    def _experiment_by_name(self, name: str, project_id: str) -> Experiment | None:
        return self._find(Experiment, expt_pb2.GetExperimentByName(name=name, project_id=project_id), "experiment")

    def _experiment_by_id(self, experiment_id: str) -> Experiment:
        return self._fetch(Experiment, expt_pb2.GetExperimentById(id=experiment_id), "experiment")

    def get_experiment(self, name: str | None = None, id: str | None = None) -> Experiment:
        if id:
            experiment = self._experiment_by_id(id)
            self.proj = self._project_by_id(experiment.project_id)
        else:
            found = self._experiment_by_name(_required(name, "experiment"), self._current_project().id)
            if found is None:
                raise NotFoundError(f"no experiment named {name!r} in project {self._current_project().name!r}")
            experiment = found
        self.expt = experiment
        return experiment

    def create_experiment(
        self, name: str | None = None, desc: str | None = None, tags: Any = None, attrs: Mapping[str, Any] | None = None
    ) -> Experiment:
        project_id = self._current_project().id

        def create(experiment_name: str) -> Experiment:
            return self._create(
                Experiment,
                expt_pb2.CreateExperiment,
                "experiment",
                experiment_name,
                desc,
                tags,
                attrs,
                project_id=project_id,
            )

        self.expt = create(name) if name else create_unnamed(create, partial(_default_name, "Expt"))
        self.run = None
        return self.expt

    def set_experiment(
        self,
        name: str | None = None,
        desc: str | None = None,
        tags: Any = None,
        attrs: Mapping[str, Any] | None = None,
        id: str | None = None,
    ) -> Experiment:
        """Get the experiment of the current project by name (or id), creating it when there is none."""
        if id:
            return self.get_experiment(id=id)
        if not name:
            return self.create_experiment(None, desc, tags, attrs)  # a generated name: a new experiment
        project = self._current_project()
        experiment, created = self._get_or_create(
            lambda: self._experiment_by_name(name, project.id), lambda: self.create_experiment(name, desc, tags, attrs)
        )
        _warn_ignored(experiment, created, desc, tags, attrs)
        if self.expt != experiment:
            self.run = None
        self.expt = experiment
        return experiment

    get_or_create_experiment = set_experiment

    # --- runs ---------------------------------------------------------------------------------------------------

    def _current_experiment(self) -> Experiment:
        return self.expt if self.expt is not None else self.set_experiment()

    def _run_by_name(self, name: str, experiment_id: str) -> ExperimentRun | None:
        message = run_pb2.GetExperimentRunByName(name=name, experiment_id=experiment_id)
        return self._find(ExperimentRun, message, "experiment_run")

    def _run_by_id(self, run_id: str) -> ExperimentRun:
        return self._fetch(ExperimentRun, run_pb2.GetExperimentRunById(id=run_id), "experiment_run")

    def get_experiment_run(self, name: str | None = None, id: str | None = None) -> ExperimentRun:
        """A run to read (it is not marked running; use it in a `with` block to work on it)."""
        if id:
            run = self._run_by_id(id)
            self.expt = self._experiment_by_id(run.experiment_id)
            self.proj = self._project_by_id(run.project_id)
        else:
            found = self._run_by_name(_required(name, "run"), self._current_experiment().id)
            if found is None:
                raise NotFoundError(f"no run named {name!r} in experiment {self._current_experiment().name!r}")
            run = found
        self.run = run
        return run

    def create_experiment_run(
        self, name: str | None = None, desc: str | None = None, tags: Any = None, attrs: Mapping[str, Any] | None = None
    ) -> ExperimentRun:
        """A new run (409 if the name is taken in the experiment), marked running."""
        experiment = self._current_experiment()
        # In a Jupyter kernel, tie the run to its notebook and kernel (the lab panel's status bar uses them).
        attributes = {**notebook_attributes(), **(attrs or {})}

        def create(run_name: str) -> ExperimentRun:
            return self._create(
                ExperimentRun,
                run_pb2.CreateExperimentRun,
                "experiment_run",
                run_name,
                desc,
                tags,
                attributes,
                project_id=experiment.project_id,
                experiment_id=experiment.id,
                start_time=int(time.time() * 1000),
            )

        run = create(name) if name else create_unnamed(create, partial(_default_name, "Run"))
        self.run = run.start()
        return self.run

    def set_experiment_run(
        self,
        name: str | None = None,
        desc: str | None = None,
        tags: Any = None,
        attrs: Mapping[str, Any] | None = None,
        id: str | None = None,
    ) -> ExperimentRun:
        """Get the run by name (or id) in the current experiment, creating it when there is none; either way
        it is marked running (an ended run resumes). End it with `run.end()` or a `with` block."""
        if id:
            run = self.get_experiment_run(id=id)
        elif not name:
            return self.create_experiment_run(None, desc, tags, attrs)  # a generated name: a new run, started
        else:
            experiment = self._current_experiment()
            run, created = self._get_or_create(
                lambda: self._run_by_name(name, experiment.id),
                lambda: self.create_experiment_run(name, desc, tags, attrs),
            )
            _warn_ignored(run, created, desc, tags, attrs)
        if run.id not in self._active_runs:
            run.start()
        self.run = run
        return run

    get_or_create_experiment_run = set_experiment_run

    def start_run(
        self, name: str | None = None, desc: str | None = None, tags: Any = None, attrs: Mapping[str, Any] | None = None
    ) -> ExperimentRun:
        """A new run, marked running, returned at once: the background sender creates it with its first batch
        (and its end, if queued by then), several runs per call. A taken name is reported like a refused batch
        (a warning, `client.errors`), not raised; use `create_experiment_run` to learn it at the call."""
        from .bulk import start_run

        experiment = self._current_experiment()
        self.run = start_run(self, experiment, name or _default_name("Run"), desc, tags, attrs)
        return self.run

    def import_runs(self, runs: Any, *, chunk: int = 1000) -> list[str]:
        """Load many runs with their values into the current experiment, `chunk` per call (one transaction
        each); `runs` are mappings or a DataFrame (see bulk.import_runs). Returns the runs' ids."""
        from .bulk import import_runs

        return import_runs(self, self._current_experiment(), runs, chunk)

    # --- collections and DataFrames -------------------------------------------------------------------------

    @property
    def projects(self) -> Projects:
        from .collections import Projects

        return Projects(self)

    @property
    def experiments(self) -> Experiments:
        from .collections import Experiments

        return Experiments(self, project_id=self.proj.id if self.proj else "")

    @property
    def expt_runs(self) -> ExperimentRuns:
        from .collections import ExperimentRuns

        return ExperimentRuns(self, project_id=self.proj.id if self.proj else "")

    def runs_df(self, project: Any = None, experiment: Any = None, **kwargs: Any) -> pd.DataFrame:
        """One row per run, typed columns; filter/order_by/limit/columns run in the backend. See frames.py."""
        from .frames import runs_df

        return runs_df(self, project=project, experiment=experiment, **kwargs)

    def metric_history_df(self, runs: Any, keys: Any = None) -> pd.DataFrame:
        """Metric series in long form: run, key, step, value, timestamp."""
        from .frames import metric_history_df

        return metric_history_df(self, runs, keys)

    def projects_df(self, **kwargs: Any) -> pd.DataFrame:
        from .frames import projects_df

        return projects_df(self, **kwargs)

    def experiments_df(self, project: Any = None, **kwargs: Any) -> pd.DataFrame:
        from .frames import experiments_df

        return experiments_df(self, project=project, **kwargs)

    def audit_df(self, **kwargs: Any) -> pd.DataFrame:
        """The audit trail (who changed what, when); filters: entity, entity_type, action, actor, since, until."""
        from .frames import audit_df

        return audit_df(self, **kwargs)

    # --- datasets -----------------------------------------------------------------------------------------------

    def create_dataset(
        self, name: str | None = None, desc: str | None = None, tags: Any = None, attrs: Mapping[str, Any] | None = None
    ) -> Dataset:
        from .datasets import create_dataset

        if name:
            return create_dataset(self, name, desc, tags, attrs)
        return create_unnamed(
            lambda generated: create_dataset(self, generated, desc, tags, attrs), partial(_default_name, "Dataset")
        )

    def get_dataset(self, name: str | None = None, id: str | None = None) -> Dataset:
        from .datasets import get_dataset

        return get_dataset(self, name, id)

    def set_dataset(
        self,
        name: str | None = None,
        desc: str | None = None,
        tags: Any = None,
        attrs: Mapping[str, Any] | None = None,
        id: str | None = None,
    ) -> Dataset:
        from .datasets import set_dataset

        if not name and not id:
            return self.create_dataset(None, desc, tags, attrs)  # a generated name: a new dataset
        return set_dataset(self, name or "", desc, tags, attrs, id)

    get_or_create_dataset = set_dataset

    def get_dataset_version(self, id: str) -> DatasetVersion:
        from .datasets import get_dataset_version_by_id

        return get_dataset_version_by_id(self, id)

    # --- versioning ---------------------------------------------------------------------------------------------

    def repository(self, name: str | None = None) -> Repository:
        """The versioning repository `name` (default: the current project's name), created when there is none."""
        from .versioning import get_or_create_repository

        return get_or_create_repository(self, name)

    # --- model registry -----------------------------------------------------------------------------------------

    def register(
        self,
        run: ExperimentRun | str,
        model_name: str,
        version: str | None = None,
        stage: str | None = None,
        labels: Sequence[str] | None = None,
        description: str | None = None,
    ) -> ModelVersion:
        """Register `run` (or a run id) as a new version of the model `model_name` (created when missing), named
        `version` (default: the next of v1, v2, ...), moved to `stage` when given. See registry.py."""
        from .registry import register

        return register(self, run, model_name, version, stage, labels, description)

    def model(self, name: str | None = None, id: int | None = None) -> RegisteredModel:
        """The registered model by name (or id); NotFoundError when there is none."""
        from .registry import get_model

        return get_model(self, name, id)

    def models_df(self) -> pd.DataFrame:
        """One row per registered model: name, versions, latest, production, staging, labels, created, updated, id."""
        from .registry import models
        from .registry_frames import models_frame

        return models_frame(self, models(self))


def _home() -> Any:
    from modeldb_backend.settings import modeldb_home

    return modeldb_home()


def _required(name: str | None, what: str) -> str:
    if not name:
        raise ValueError(f"give the {what}'s name or id")
    return name


NAME_ATTEMPTS = 5


def _default_name(prefix: str) -> str:
    """A name for an entity created without one: the time for people, 64 random bits against collisions."""
    return f"{prefix} {time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(8)}"


def create_unnamed(create: Callable[[str], T], make_name: Callable[[], str]) -> T:
    """`create(make_name())`. A generated name that is taken (409) is a collision, never the caller's
    intent, so another name is tried; a name the caller gave is never replaced this way."""
    for _ in range(NAME_ATTEMPTS - 1):
        with contextlib.suppress(AlreadyExistsError):
            return create(make_name())
    return create(make_name())


def _warn_ignored(entity: Any, created: bool, desc: Any, tags: Any, attrs: Any) -> None:
    if not created and (desc or tags or attrs):
        import warnings

        warnings.warn(
            f"{entity!r} already exists; desc/tags/attrs were not applied to it", ModelDBWarning, stacklevel=3
        )


def _exit_status() -> str:
    """How the interpreter is ending: an uncaught exception fails the runs still open."""
    last = getattr(sys, "last_exc", None) or getattr(sys, "last_value", None)
    ipython = sys.modules.get("IPython")
    if ipython is not None and ipython.get_ipython() is not None:
        return FINISHED_WORD  # in a kernel, sys.last_value is any earlier cell's error, not how the session ended
    if last is None:
        return FINISHED_WORD
    return KILLED_WORD if isinstance(last, KeyboardInterrupt) else FAILED_WORD


def close_all_clients(status: str = FINISHED_WORD, timeout: float | None = EXIT_TIMEOUT) -> bool:
    """End every live client's open runs with `status`, flush each for at most `timeout` seconds and close
    it (what was not sent stays in the journal). For interpreter exit, and for the kernel-shutdown hook."""
    delivered = True
    for client in list(_clients):
        try:
            for run in list(client._active_runs.values()):
                run.end(status, timeout=0)
            delivered = client.close(timeout) and delivered
        except Exception:  # shutting down must go on; the journal keeps what was not sent
            delivered = False
    return delivered


def _close_all_at_exit() -> None:
    """Runs still open end (finished, or failed after an uncaught exception); every client flushes for at
    most $MODELDB_EXIT_TIMEOUT seconds and leaves the rest in the journal; then embedded backends close."""
    close_all_clients(_exit_status(), EXIT_TIMEOUT)
    embedded = sys.modules.get(__package__ + ".embedded")
    if embedded is not None:
        embedded.close_all()


def _after_fork_in_child() -> None:
    for client in list(_clients):
        client._sender.after_fork()
        client._active_runs.clear()


atexit.register(_close_all_at_exit)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
