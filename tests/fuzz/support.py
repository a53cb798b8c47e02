"""Shared parts of the fuzz tests: the OpenAPI document, real servers, and real entities to aim requests at."""

from __future__ import annotations

import contextlib
import copy
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from modeldb_backend.backend import Backend
from modeldb_backend.services.registry import served_rpcs
from modeldb_backend.settings import Settings
from modeldb_backend.transport.openapi import PUBLIC_PREFIX, openapi_document
from tests.servers import ServerThread

# Built without a database, as the Jupyter extension does: the operations are known at collection time.
DOCUMENT: dict[str, Any] = openapi_document(served_rpcs().values())


def _fuzzable(document: dict[str, Any]) -> dict[str, Any]:
    """The document as schemathesis can use it: it fills paths with str.format, which reads `{a.b}` as attribute
    b of a, so dotted path variables (`{repository_id.repo_id}`) are named `{repository_id__repo_id}` here. The
    server's routes match path segments by position, so the requests are the same."""
    fuzz = copy.deepcopy(document)
    fuzz["paths"] = {
        re.sub(r"{[^}]+}", lambda m: m.group(0).replace(".", "__"), path): item for path, item in fuzz["paths"].items()
    }
    for item in fuzz["paths"].values():
        for operation in item.values():
            for param in operation.get("parameters", []):
                if param["in"] == "path":
                    param["name"] = param["name"].replace(".", "__")
    return fuzz


FUZZ_DOCUMENT: dict[str, Any] = _fuzzable(DOCUMENT)
LABELS: list[str] = [f"{method.upper()} {path}" for path, item in FUZZ_DOCUMENT["paths"].items() for method in item]


def settings_for(tmp: Path, db_url: str) -> Settings:
    return Settings(db_url=db_url, artifact_root=str(tmp / "artifacts"), grpc_port=0, port=0)


class AppServer(ServerThread):
    """The standalone server as `modeldb-backend serve` runs it (OpenAPI route included), on loopback."""

    @property
    def backend(self) -> Backend:
        assert self.server is not None
        return self.server.backend

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.http_port

    @property
    def api_url(self) -> str:
        return self.http_url + PUBLIC_PREFIX


@contextlib.contextmanager
def app_server(tmp: Path, db_url: str) -> Iterator[AppServer]:
    with AppServer(settings_for(tmp, db_url)) as srv:
        yield srv


@dataclass(frozen=True)
class Seeds:
    """One of each entity, so fuzzed requests also reach the code behind a successful lookup."""

    project: str
    experiment: str
    run: str
    dataset: str
    dataset_version: str

    def for_path(self, path: str) -> str:
        """The entity an `id` field names on this route (`/experiment-run/...` means a run's id)."""
        section = path.strip("/").split("/", 1)[0]
        return {
            "project": self.project,
            "experiment": self.experiment,
            "experiment-run": self.run,
            "dataset": self.dataset,
            "dataset-version": self.dataset_version,
            "ext": self.run,
        }.get(section, self.run)


def _post(session: requests.Session, api_url: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    resp = session.post(api_url + path, json=body, timeout=30)
    assert resp.status_code == 200, f"seeding {path}: {resp.status_code} {resp.text}"
    return resp.json()  # type: ignore[no-any-return]


def seed(session: requests.Session, api_url: str) -> Seeds:
    """A project with an experiment and a run holding a little of everything, and a dataset version."""
    tag = uuid.uuid4().hex[:10]
    project = _post(session, api_url, "/project/createProject", {"name": f"fuzz-{tag}"})["project"]["id"]
    experiment = _post(
        session, api_url, "/experiment/createExperiment", {"project_id": project, "name": f"fuzz-{tag}"}
    )["experiment"]["id"]
    run = _post(
        session,
        api_url,
        "/experiment-run/createExperimentRun",
        {
            "project_id": project,
            "experiment_id": experiment,
            "name": f"fuzz-{tag}",
            "tags": ["fuzz", "seed"],
            "metrics": [{"key": "acc", "value": 0.5}],
            "hyperparameters": [{"key": "lr", "value": 0.01}, {"key": "opt", "value": "adam"}],
            "attributes": [{"key": "note", "value": {"a": [1, 2]}}],
        },
    )["experiment_run"]["id"]
    dataset = _post(session, api_url, "/dataset/createDataset", {"name": f"fuzz-{tag}"})["dataset"]["id"]
    version = _post(
        session,
        api_url,
        "/dataset-version/createDatasetVersion",
        {"dataset_id": dataset, "raw_dataset_version_info": {"size": 10, "num_records": 2}},
    )["dataset_version"]["id"]
    return Seeds(project, experiment, run, dataset, version)


_ID_FIELDS = {
    "project_id": "project",
    "experiment_id": "experiment",
    "experiment_run_id": "run",
    "run_id": "run",
    "dataset_id": "dataset",
    "dataset_version_id": "dataset_version",
    "parent_id": "run",
    "entity_id": "run",
}
_ID_LISTS = {"run_ids": "run", "experiment_run_ids": "run", "project_ids": "project", "experiment_ids": "experiment"}


def plant_ids(container: Any, seeds: Seeds, path: str) -> None:
    """Point the id fields a fuzzed body or query already has at the seeded entities (in place)."""
    if not isinstance(container, dict):
        return
    for key in list(container):
        if key == "id":
            container[key] = seeds.for_path(path)
        elif key in _ID_FIELDS:
            container[key] = getattr(seeds, _ID_FIELDS[key])
        elif key in ("ids", *_ID_LISTS):
            container[key] = [getattr(seeds, _ID_LISTS[key]) if key in _ID_LISTS else seeds.for_path(path)]
