"""Project, Experiment and ExperimentRun: ModelDB's familiar entity objects.

Logging calls on a run validate their arguments at once and enqueue; the client's sender thread delivers
them (see logger.py). Reads flush the client first, so a run always reads back what it logged.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from modeldb_backend.gc_pause import gc_paused
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2
from modeldb_backend.pb.modeldb import experiment_service_pb2 as expt_pb2
from modeldb_backend.pb.modeldb import project_service_pb2 as proj_pb2

from .batches import (
    ATTR,
    AUTO_STEP,
    FAILED,
    FAILED_WORD,
    FINISHED,
    FINISHED_WORD,
    HPARAM,
    KILLED,
    KILLED_WORD,
    OBS,
    POINT,
    RUNNING,
    STATUS,
    STATUS_NAMES,
    TAG,
)
from .protos import from_ms, kv_dict, plain, to_ms
from .values import _known_keys, check_key, check_mapping, check_tag, check_tags, json_value, metric_value, step_value

if TYPE_CHECKING:
    import datetime as dt

    import pandas as pd

    from .client import Client
    from .collections import ExperimentRuns, Experiments
    from .datasets import DatasetVersion

HEARTBEAT_TIMEOUT_MS = 5 * 60 * 1000  # the server marks a run KILLED when its heartbeats stop this long
END_FLUSH_TIMEOUT = 30.0
_MAXF = sys.float_info.max
_MAX_STEP = 2**63 - 1
_time_ns = time.time_ns
_STATUS_BY_NAME = {STATUS_NAMES[code]: code for code in (FINISHED, FAILED, KILLED)}  # "finished": FINISHED, ...


class MetricPoint(NamedTuple):
    step: int
    value: float
    timestamp: int  # ms since the epoch


class _Named:
    """A named object read from its message: two are equal when they are of one kind and have one id."""

    _msg: Any
    id: str | int

    @property
    def name(self) -> str:
        return str(self._msg.name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} id={self.id}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and other.id == self.id

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.id))


class _Entity(_Named):
    _kind = "entity"

    def __init__(self, client: Client, message: Any) -> None:
        self._client = client
        self._msg = message
        self.id: str = message.id


class _Numbered(_Named):
    """A named object the server numbers with an int id (a repository, a registered model)."""

    def __init__(self, client: Client, message: Any) -> None:
        self._client = client
        self._msg = message
        self.id: int = int(message.id)


class _Described(_Entity):
    """An entity with a description, tags and attributes in its message (projects, experiments, datasets)."""

    @property
    def description(self) -> str:
        return str(self._msg.description)

    @property
    def tags(self) -> list[str]:
        return list(self._msg.tags)

    @property
    def attributes(self) -> dict[str, Any]:
        return kv_dict(self._msg.attributes)


class Project(_Described):
    _kind = "project"

    @property
    def experiments(self) -> Experiments:
        from .collections import Experiments

        return Experiments(self._client, project_id=self.id)

    @property
    def expt_runs(self) -> ExperimentRuns:
        from .collections import ExperimentRuns

        return ExperimentRuns(self._client, project_id=self.id)

    def runs_df(self, **kwargs: Any) -> pd.DataFrame:
        return self._client.runs_df(project=self, **kwargs)

    def delete(self) -> None:
        self._client.call(proj_pb2.DeleteProject(id=self.id))


class Experiment(_Described):
    _kind = "experiment"

    @property
    def project_id(self) -> str:
        return str(self._msg.project_id)

    @property
    def expt_runs(self) -> ExperimentRuns:
        from .collections import ExperimentRuns

        return ExperimentRuns(self._client, experiment_id=self.id)

    def runs_df(self, **kwargs: Any) -> pd.DataFrame:
        return self._client.runs_df(experiment=self, **kwargs)

    def delete(self) -> None:
        self._client.call(expt_pb2.DeleteExperiment(id=self.id))


class ExperimentRun(_Entity):
    """One run. Use it as a context manager to give it an end status:

    >>> with client.set_experiment_run("r1") as run:   # doctest: +SKIP
    ...     run.log_metric("loss", 0.5)
    """

    _kind = "experiment_run"

    def __init__(self, client: Client, message: Any) -> None:
        super().__init__(client, message)
        self._sender = client._sender
        self._queue = client._sender.queue

    @property
    def project_id(self) -> str:
        return str(self._msg.project_id)

    @property
    def experiment_id(self) -> str:
        return str(self._msg.experiment_id)

    # --- logging: validate, enqueue, return ------------------------------------------------------------------

    def log_metric(
        self, key: str, value: float, step: int | None = None, *, timestamp: Any = None, overwrite: bool = False
    ) -> None:
        """Record one point of the series `key`. A step the run already has is replaced (value and timestamp),
        so re-running code that passes `step` leaves one point per step. Without `step`, the point takes the
        key's next step when stored: one more than the run's highest step for it (0 for the first), so such
        points append and never replace one. The run's metric `key` is the point with the highest step."""
        if key not in _known_keys:
            check_key(key, "metric")
        if type(value) is not float or not -_MAXF <= value <= _MAXF:
            value = metric_value(value, key)
        if step is None:
            step = AUTO_STEP  # numbered by the backend, which knows the run's last step across sessions
        elif type(step) is not int or not 0 <= step < _MAX_STEP:
            step = step_value(step)
        ts = _time_ns() // 1_000_000 if timestamp is None else to_ms(timestamp)
        self._queue.append((self.id, POINT, key, step, value, ts))
        if self._sender.attention:
            self._sender.poke()

    def log_metrics(
        self, metrics: Mapping[str, float], step: int | None = None, *, timestamp: Any = None, overwrite: bool = False
    ) -> None:
        """Several metrics at once (all validated before any is queued)."""
        check_mapping(metrics, "metric")
        checked = [(check_key(k, "metric"), metric_value(v, k)) for k, v in metrics.items()]
        for key, value in checked:
            self.log_metric(key, value, step, timestamp=timestamp)

    def log_hyperparameter(self, key: str, value: Any, overwrite: bool = False) -> None:
        """Set a hyperparameter (JSON value). A later call with the same key replaces it (`overwrite` is
        accepted for compatibility with ModelDB's client; logging is asynchronous, so the last write wins)."""
        self._put_kv(HPARAM, key, value, "hyperparameter")

    def log_hyperparameters(
        self, hyperparams: Mapping[str, Any] | None = None, overwrite: bool = False, **kw: Any
    ) -> None:
        self._put_kvs(HPARAM, {**check_mapping(hyperparams or {}, "hyperparameter"), **kw}, "hyperparameter")

    def log_attribute(self, key: str, value: Any, overwrite: bool = False) -> None:
        self._put_kv(ATTR, key, value, "attribute")

    def log_attributes(self, attributes: Mapping[str, Any], overwrite: bool = False) -> None:
        self._put_kvs(ATTR, check_mapping(attributes, "attribute"), "attribute")

    def log_tag(self, tag: str) -> None:
        self._put((self.id, TAG, check_tag(tag), None, None, None))

    def log_tags(self, tags: Iterable[str]) -> None:
        for tag in check_tags(tags):
            self._put((self.id, TAG, tag, None, None, None))

    def log_observation(
        self, key: str, value: Any, timestamp: Any = None, epoch_num: int | None = None, overwrite: bool = False
    ) -> None:
        """A time-stamped value; epochs count up per key on the server unless given."""
        text = json_value(value, check_key(key, "observation"), "observation")
        epoch = None if epoch_num is None else step_value(epoch_num)
        ts = _time_ns() // 1_000_000 if timestamp is None else to_ms(timestamp)
        self._put((self.id, OBS, key, text, ts, epoch))

    def _put_kv(self, kind: int, key: str, value: Any, what: str) -> None:
        self._put((self.id, kind, check_key(key, what), json_value(value, key, what), None, None))

    def _put_kvs(self, kind: int, values: Mapping[str, Any], what: str) -> None:
        items = [(self.id, kind, check_key(k, what), json_value(v, k, what), None, None) for k, v in values.items()]
        for item in items:
            self._put(item)

    def _put(self, item: tuple[Any, ...]) -> None:
        self._queue.append(item)
        if self._sender.attention:
            self._sender.poke(stacklevel=4)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until what was logged so far is stored (True) or safely spooled to the journal (False)."""
        return self._client.flush(timeout)

    # --- reading back -----------------------------------------------------------------------------------

    def _fresh(self) -> run_pb2.ExperimentRun:
        msg: run_pb2.ExperimentRun = self._client.run_message(self.id)
        self._msg = msg
        return msg

    def get_metrics(self) -> dict[str, float]:
        return kv_dict(self._fresh().metrics, numbers_as_float=True)

    def get_metric(self, key: str) -> float:
        value: float = _one(self.get_metrics(), key, "metric", self)
        return value

    def get_hyperparameters(self) -> dict[str, Any]:
        return kv_dict(self._fresh().hyperparameters)

    def get_hyperparameter(self, key: str) -> Any:
        return _one(self.get_hyperparameters(), key, "hyperparameter", self)

    def get_attributes(self) -> dict[str, Any]:
        return kv_dict(self._fresh().attributes)

    def get_attribute(self, key: str) -> Any:
        return _one(self.get_attributes(), key, "attribute", self)

    def get_tags(self) -> list[str]:
        return list(self._fresh().tags)

    def get_observations(self) -> dict[str, list[tuple[Any, int, int | None]]]:
        """{key: [(value, timestamp ms, epoch), ...]} in logging order."""
        out: dict[str, list[tuple[Any, int, int | None]]] = {}
        for obs in self._fresh().observations:
            epoch = int(obs.epoch_number.number_value) if obs.HasField("epoch_number") else None
            out.setdefault(obs.attribute.key, []).append((plain(obs.attribute.value), int(obs.timestamp), epoch))
        return out

    def get_observation(self, key: str) -> list[tuple[Any, int, int | None]]:
        found: list[tuple[Any, int, int | None]] = _one(self.get_observations(), key, "observation", self)
        return found

    def get_metric_history(self, key: str) -> list[MetricPoint]:
        """The series of `key` ordered by step (then by logging order)."""
        with gc_paused():  # a million-point series: 4 s of garbage collection passes without this, for no garbage
            for series in self._client.metric_history([self.id], [check_key(key, "metric")]):
                if series.key == key:
                    # The repeated fields already hold ints and floats: no conversion per point.
                    return list(map(MetricPoint, series.steps, series.values, series.timestamps))
        return []

    # --- lifecycle ----------------------------------------------------------------------------------------

    def start(self) -> ExperimentRun:
        """Mark the run running (start time now); heartbeats keep it so while this client lives."""
        self._put((self.id, STATUS, RUNNING, 0, HEARTBEAT_TIMEOUT_MS, None))
        self._client._active_runs[self.id] = self
        return self

    def end(self, status: str = FINISHED_WORD, timeout: float | None = END_FLUSH_TIMEOUT) -> bool:
        """Set the end status ("finished", "failed" or "killed") and end time, then flush (bounded)."""
        code = _STATUS_BY_NAME.get(str(status).lower())
        if code is None:
            raise ValueError(f"status must be one of {', '.join(_STATUS_BY_NAME)}, got {status!r}")
        self._put((self.id, STATUS, code, _time_ns() // 1_000_000, 0, None))
        self._client._active_runs.pop(self.id, None)
        return self._client.flush(timeout)

    def __enter__(self) -> ExperimentRun:
        if self.id not in self._client._active_runs:
            self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        if exc_type is None:
            self.end(FINISHED_WORD)
        elif issubclass(exc_type, KeyboardInterrupt):
            self.end(KILLED_WORD)
        else:
            self.end(FAILED_WORD)

    def state(self) -> dict[str, Any]:
        """{"status", "start_time", "end_time", "heartbeat"} as the backend has them now."""
        states = self._client.run_states([self.id])
        found = next((s for s in states if s.run_id == self.id), None)
        if found is None:
            return {"status": None, "start_time": None, "end_time": None, "heartbeat": None}
        return {
            "status": STATUS_NAMES.get(found.status, "unknown"),
            "start_time": from_ms(found.start_time),
            "end_time": from_ms(found.end_time),
            "heartbeat": from_ms(found.heartbeat),
        }

    @property
    def status(self) -> str | None:
        status: str | None = self.state()["status"]
        return status

    @property
    def start_time(self) -> dt.datetime | None:
        start_time: dt.datetime | None = self.state()["start_time"]
        return start_time

    @property
    def end_time(self) -> dt.datetime | None:
        end_time: dt.datetime | None = self.state()["end_time"]
        return end_time

    def delete(self) -> None:
        self._client.flush(END_FLUSH_TIMEOUT)
        self._client._active_runs.pop(self.id, None)
        self._client.call(run_pb2.DeleteExperimentRun(id=self.id))

    # --- artifacts, code, environment, datasets (synchronous: they move bytes or can conflict) -------------

    def log_artifact(self, key: str, artifact: Any, overwrite: bool = False) -> None:
        """Upload a file or directory (path), bytes, a file object, or any picklable object."""
        from .artifacts import log_artifact

        log_artifact(self, key, artifact, overwrite)

    def get_artifact(self, key: str, unpickle: bool = False) -> Any:
        """The artifact's bytes (its path, for path-only ones). `unpickle=True`: an object logged with
        `log_artifact` comes back unpickled; unpickling runs code chosen by whoever wrote the run, so use it
        only for runs written by people you trust."""
        from .artifacts import get_artifact

        return get_artifact(self, key, unpickle)

    def download_artifact(self, key: str, download_to_path: str) -> str:
        """Stream an artifact to a file (a logged directory is unpacked there); returns the path."""
        from .artifacts import download_artifact

        return download_artifact(self, key, download_to_path)

    def get_artifact_keys(self) -> list[str]:
        """The keys of the run's artifacts, sorted."""
        return sorted(a.key for a in self._fresh().artifacts)

    def log_code(self, **kwargs: Any) -> dict[str, Any] | None:
        """Record the git snapshot (repository URL, commit, dirty) of the code; see `codeenv.log_code`."""
        from .codeenv import log_code

        return log_code(self, **kwargs)

    def get_code(self) -> dict[str, Any]:
        from .codeenv import get_code

        return get_code(self)

    def log_environment(self, env: Any = None, overwrite: bool = False) -> None:
        """Record the Python version and installed packages (as `pip freeze` would list them)."""
        from .codeenv import log_environment

        log_environment(self, env, overwrite)

    def get_environment(self) -> dict[str, Any]:
        from .codeenv import get_environment

        return get_environment(self)

    def log_dataset_version(self, key: str, dataset_version: DatasetVersion, overwrite: bool = False) -> None:
        from .datasets import log_dataset_version

        log_dataset_version(self, key, dataset_version, overwrite)

    def get_dataset_version(self, key: str) -> DatasetVersion:
        from .datasets import get_dataset_version

        return get_dataset_version(self, key)


def _one(values: Mapping[str, Any], key: str, what: str, run: ExperimentRun) -> Any:
    if key not in values:
        from .errors import NotFoundError

        known = ", ".join(sorted(values)[:20]) or "none"
        raise NotFoundError(f"run {run.name!r} has no {what} {key!r} (it has: {known})")
    return values[key]
