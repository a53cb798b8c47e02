"""Helpers shared by the dataset and dataset-version tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.apiclient import Api, ApiError

D, V, RUNS = "DatasetService", "DatasetVersionService", "ExperimentRunService"


def kv(key: str, value: Any) -> dict[str, Any]:
    return {"key": key, "value": value}


def path_blob(*paths_and_sizes: tuple[str, int]) -> dict[str, Any]:
    return {"path": {"components": [{"path": p, "size": str(s), "md5": f"md5-{p}"} for p, s in paths_and_sizes]}}


def create_dataset(api: Api, name: str, **fields: Any) -> dict[str, Any]:
    return api.call(D, "createDataset", {"name": name, **fields})["dataset"]


def get_dataset(api: Api, dataset_id: str) -> dict[str, Any]:
    return api.call(D, "getDatasetById", {"id": dataset_id})["dataset"]


def create_version(api: Api, dataset_id: str, **fields: Any) -> dict[str, Any]:
    request = {"dataset_id": dataset_id, "dataset_blob": path_blob(("/data/a.csv", 10)), **fields}
    return api.call(V, "createDatasetVersion", request)["dataset_version"]


def get_version(api: Api, version_id: str) -> dict[str, Any]:
    return api.call(V, "getDatasetVersionById", {"id": version_id})["dataset_version"]


def error(api: Api, service: str, rpc: str, request: dict[str, Any]) -> ApiError:
    with pytest.raises(ApiError) as info:
        api.call(service, rpc, request)
    return info.value


def linked(version_id: str, key: str = "train") -> dict[str, Any]:
    """A run's dataset entry as ModelDB's client logs it for `run.log_dataset_version(key, version)`."""
    path = "See attached dataset version"
    return {"key": key, "path": path, "path_only": True, "artifact_type": 3, "linked_artifact_id": version_id}


def new_run(api: Api, uniq: str, name: str, experiment: str = "exp") -> dict[str, Any]:
    """A run in project `ds-<uniq>`, experiment `<experiment>` (both created on first use)."""
    project = _get_or_create(api, "ProjectService", "Project", f"ds-{uniq}", {})
    exp = _get_or_create(api, "ExperimentService", "Experiment", experiment, {"project_id": project["id"]})
    request = {"project_id": project["id"], "experiment_id": exp["id"], "name": name}
    return api.call(RUNS, "createExperimentRun", request)["experiment_run"]


def _get_or_create(api: Api, service: str, entity: str, name: str, scope: dict[str, Any]) -> dict[str, Any]:
    try:
        got = api.call(service, f"get{entity}ByName", {"name": name, **scope})
        return got["project_by_user" if entity == "Project" else "experiment"]  # type: ignore[no-any-return]
    except ApiError as exc:
        assert exc.code == 5
    return api.call(service, f"create{entity}", {"name": name, **scope})[entity.lower()]  # type: ignore[no-any-return]


def log_version(api: Api, run_id: str, version_id: str, key: str = "train") -> None:
    api.call(RUNS, "logDataset", {"id": run_id, "dataset": linked(version_id, key), "overwrite": False})
