"""ModelDB-style lazy collections: `expt.expt_runs.find("metrics.acc >= 0.9").sort("metrics.acc", True)`.

Each operation returns a new collection; nothing is fetched until it is iterated, indexed, measured with
len() or turned into a DataFrame. Predicates are ModelDB's `key op value` strings (ANDed); the backend runs
the filter, the sort and the paging (findProjects / findExperiments / findExperimentRuns).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Self

from google.protobuf import struct_pb2

from modeldb_backend.pb.common.common_pb2 import OperatorEnum
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2
from modeldb_backend.pb.modeldb import experiment_service_pb2 as expt_pb2
from modeldb_backend.pb.modeldb import project_service_pb2 as proj_pb2

from .entities import Experiment, ExperimentRun, Project
from .protos import TypedRequest

if TYPE_CHECKING:
    import pandas as pd

    from .client import Client

PAGE_SIZE = 100
# ModelDB's operator names; longest first so ">=" is not read as ">"
_OPERATORS = {
    "~=": OperatorEnum.CONTAIN,
    "==": OperatorEnum.EQ,
    "!=": OperatorEnum.NE,
    ">=": OperatorEnum.GTE,
    "<=": OperatorEnum.LTE,
    ">": OperatorEnum.GT,
    "<": OperatorEnum.LT,
}
_PREDICATE = re.compile(r"^\s*(?P<key>\S+?)\s*(?P<op>~=|==|!=|>=|<=|>|<)\s*(?P<value>.*?)\s*$", re.S)


def parse_predicate(text: str, valid_fields: tuple[str, ...]) -> Any:
    """`"metrics.acc >= 0.9"` → a KeyValueQuery (numbers stay numbers, quotes are optional for strings)."""
    if not isinstance(text, str):
        raise TypeError(f"predicates must be strings such as 'metrics.acc >= 0.9', got {text!r}")
    match = _PREDICATE.match(text)
    if match is None or not match.group("value"):
        raise ValueError(f"predicate {text!r} must be '<key> <op> <value>' with op one of {', '.join(_OPERATORS)}")
    key, op, raw = match.group("key", "op", "value")
    _check_key(key, valid_fields)
    value = struct_pb2.Value()
    try:
        number = float(raw)
    except ValueError:
        quoted = len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\""
        value.string_value = raw[1:-1] if quoted else raw
    else:
        value.number_value = number
    query = run_pb2.FindExperimentRuns().predicates.add()
    query.key, query.operator = key, _OPERATORS[op]
    query.value.CopyFrom(value)
    return query


def _check_key(key: str, valid_fields: tuple[str, ...]) -> None:
    if key.split(".")[0] not in valid_fields:
        raise ValueError(f"key {key!r} cannot be queried here; keys start with one of: {', '.join(valid_fields)}")


class _LazyList:
    _request_cls: ClassVar[Callable[..., TypedRequest[Any]]]  # the paged find RPC's request, e.g. FindProjects
    _field: ClassVar[str]
    _fields: ClassVar[tuple[str, ...]]

    def __init__(self, client: Client, **scope: Any) -> None:
        self._client = client
        self._msg: Any = self._request_cls(**{k: v for k, v in scope.items() if v})

    def _entity(self, message: Any) -> Any:
        raise NotImplementedError

    def _copy(self) -> Self:
        new = copy.copy(self)
        new._msg = type(self._msg)()
        new._msg.CopyFrom(self._msg)
        return new

    def find(self, *predicates: str | list[str]) -> Any:
        """Only the entities matching every predicate, e.g. `find("metrics.acc >= 0.9", "tags == 'a'")`."""
        if len(predicates) == 1 and isinstance(predicates[0], list | tuple):
            predicates = tuple(predicates[0])
        new = self._copy()
        for text in predicates:
            new._msg.predicates.append(parse_predicate(text, self._fields))  # type: ignore[arg-type]  # a single list was unpacked into `predicates` above
        return new

    def sort(self, key: str, descending: bool = False) -> Any:
        _check_key(key, self._fields)
        new = self._copy()
        new._msg.sort_key, new._msg.ascending = key, not descending
        return new

    def _page(self, number: int, size: int) -> Any:
        msg = type(self._msg)()
        msg.CopyFrom(self._msg)
        msg.page_number, msg.page_limit = number, size
        return self._client.call(msg)

    def __iter__(self) -> Iterator[Any]:
        seen: set[str] = set()
        number = 1
        while True:
            response = self._page(number, PAGE_SIZE)
            items = getattr(response, self._field)
            for message in items:
                if message.id not in seen:  # an entity updated meanwhile may move to a later page
                    seen.add(message.id)
                    yield self._entity(message)
            if len(items) < PAGE_SIZE:
                return
            number += 1

    def __len__(self) -> int:
        return int(self._page(1, 1).total_records)

    def __getitem__(self, index: int) -> Any:
        if not isinstance(index, int):
            raise TypeError(f"index with an integer, got {type(index).__name__}")
        if index < 0:
            index += len(self)
        items = getattr(self._page(index + 1, 1), self._field) if index >= 0 else []
        if not items:
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._entity(items[0])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} containing {len(self)} entities>"


class Projects(_LazyList):
    _request_cls, _field = proj_pb2.FindProjects, "projects"
    _fields = ("id", "name", "owner", "date_created", "date_updated", "attributes", "tags")

    def _entity(self, message: Any) -> Project:
        return Project(self._client, message)

    def as_dataframe(self) -> pd.DataFrame:
        from .frames import projects_df

        frame = projects_df(self._client)
        ids = [p.id for p in self]
        return frame.set_index("id").reindex(ids).reset_index()


class Experiments(_LazyList):
    _request_cls, _field = expt_pb2.FindExperiments, "experiments"
    _fields = ("id", "name", "owner", "date_created", "date_updated", "attributes", "tags", "project_id")

    def _entity(self, message: Any) -> Experiment:
        return Experiment(self._client, message)


class ExperimentRuns(_LazyList):
    _request_cls, _field = run_pb2.FindExperimentRuns, "experiment_runs"
    _fields = (
        "id", "name", "owner", "date_created", "date_updated", "start_time", "end_time", "project_id",
        "experiment_id", "experiment", "tags", "metrics", "hyperparameters", "attributes", "observations",
        "artifacts", "datasets",
    )  # fmt: skip

    def _entity(self, message: Any) -> ExperimentRun:
        return ExperimentRun(self._client, message)

    def with_project(self, proj: Project | None = None) -> ExperimentRuns:
        new = self._copy()
        new._msg.ClearField("experiment_id")
        new._msg.project_id = proj.id if proj else ""
        return new

    def with_experiment(self, expt: Experiment | None = None) -> ExperimentRuns:
        new = self._copy()
        new._msg.ClearField("project_id")
        new._msg.experiment_id = expt.id if expt else ""
        return new

    def top_k(self, key: str, k: int) -> ExperimentRuns:
        """The k runs with the highest `key` (a fixed set of runs, in that order)."""
        return self._pinned(self.sort(key, descending=True), k)

    def bottom_k(self, key: str, k: int) -> ExperimentRuns:
        return self._pinned(self.sort(key, descending=False), k)

    def _pinned(self, ordered: ExperimentRuns, k: int) -> ExperimentRuns:
        if isinstance(k, bool) or not isinstance(k, int) or k < 0:
            raise ValueError(f"k must be a non-negative integer, got {k!r}")
        ids = [m.id for m in ordered._page(1, k).experiment_runs] if k else []
        new = ordered._copy()
        del new._msg.experiment_run_ids[:]
        new._msg.experiment_run_ids.extend(ids or ["-"])  # "-" matches nothing: top 0 is empty, not everything
        return new

    def as_dataframe(self, **kwargs: Any) -> pd.DataFrame:
        """These runs as `Client.runs_df` rows, in this collection's order."""
        ids = [run.id for run in self]
        frame = self._client.runs_df(run_ids=ids or ["-"], **kwargs)
        return frame.set_index("id").reindex(ids).reset_index()

    def __repr__(self) -> str:
        return f"<ExperimentRuns containing {len(self)} runs>"
