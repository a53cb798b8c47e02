"""Helpers shared by the experiment-run tests: projects, experiments and runs to work on."""

from __future__ import annotations

import time
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

    def error(self, rpc: str, request: dict[str, Any] | None = None) -> ApiError:
        with pytest.raises(ApiError) as info:
            self.call(rpc, request)
        return info.value


def kv(key: str, value: Any) -> dict[str, Any]:
    return {"key": key, "value": value}
