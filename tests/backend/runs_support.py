"""Helpers shared by the experiment-run tests: projects, experiments and runs to work on."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest

from tests.apiclient import Api, ApiError

RUNS = "ExperimentRunService"


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def create_project(api: Api, name: str) -> dict[str, Any]:
    return api.call("ProjectService", "createProject", {"name": name})["project"]


def create_experiment(api: Api, project_id: str, name: str) -> dict[str, Any]:
    request = {"project_id": project_id, "name": name}
    return api.call("ExperimentService", "createExperiment", request)["experiment"]


class Ctx:
    """A fresh project and experiment, and shortcuts for runs in them."""

    def __init__(self, api: Api, uniq: str) -> None:
        self.api = api
        self.uniq = uniq
        self.project = create_project(api, f"runs-{uniq}")
        self.experiment = create_experiment(api, self.project["id"], f"exp-{uniq}")

    def call(self, rpc: str, request: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.api.call(RUNS, rpc, request)

    def create(self, name: str = "", **fields: Any) -> dict[str, Any]:
        request = {"project_id": self.project["id"], "experiment_id": self.experiment["id"], "name": name, **fields}
        return self.call("createExperimentRun", request)["experiment_run"]

    def get(self, run_id: str) -> dict[str, Any]:
        return self.call("getExperimentRunById", {"id": run_id})["experiment_run"]

    def dataset_version(self) -> str:
        """The id of a new dataset version (a run may link only dataset versions that exist)."""
        name = f"ds-{self.uniq}-{uuid.uuid4().hex[:8]}"
        dataset = self.api.call("DatasetService", "createDataset", {"name": name})["dataset"]
        blob = {"path": {"components": [{"path": "/data/train.csv", "size": "10", "md5": "md5"}]}}
        request = {"dataset_id": dataset["id"], "dataset_blob": blob}
        return self.api.call("DatasetVersionService", "createDatasetVersion", request)["dataset_version"]["id"]  # type: ignore[no-any-return]

    def error(self, rpc: str, request: dict[str, Any] | None = None) -> ApiError:
        with pytest.raises(ApiError) as info:
            self.call(rpc, request)
        return info.value


def kv(key: str, value: Any) -> dict[str, Any]:
    return {"key": key, "value": value}
