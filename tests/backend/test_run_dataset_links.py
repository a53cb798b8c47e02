"""Runs' links to dataset versions: only existing versions may be linked, and getProjectDatasetCount."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.apiclient import Api, ApiError
from tests.backend.dataset_support import RUNS, V, linked
from tests.backend.runs_support import Ctx

P = "ProjectService"


@pytest.fixture
def c(api: Api, uniq: str) -> Ctx:
    return Ctx(api, uniq)


def dataset_count(api: Api, project_id: str) -> int:
    return int(api.call(P, "getProjectDatasetCount", {"project_id": project_id}).get("dataset_count", "0"))


def error(api: Api, service: str, rpc: str, request: dict[str, Any]) -> ApiError:
    with pytest.raises(ApiError) as info:
        api.call(service, rpc, request)
    return info.value


# --- only existing dataset versions can be linked ---------------------------------------------------------


def test_log_dataset_refuses_a_version_that_does_not_exist(c: Ctx) -> None:
    run = c.create("r")
    missing = str(uuid.uuid4())
    err = c.error("logDataset", {"id": run["id"], "dataset": linked(missing)})
    assert err.code == 3 and err.status in (400, -1)  # -1: gRPC has no HTTP status
    assert err.message.startswith(f"Dataset not found for dataset version: {missing}") and "'train'" in err.message
    batch = [linked(c.dataset_version(), "ok"), linked(missing, "bad")]
    err = c.error("logDatasets", {"id": run["id"], "datasets": batch})
    assert err.code == 3 and missing in err.message and "'bad'" in err.message
    got = c.get(run["id"])
    assert "datasets" not in got and got["version_number"] == run["version_number"]  # nothing half-written


def test_create_run_refuses_a_version_that_does_not_exist(c: Ctx) -> None:
    err = c.error("createExperimentRun", _create_request(c, "r", [linked("made-up")]))
    assert err.code == 3 and "made-up" in err.message
    with pytest.raises(ApiError) as info:
        c.call("getExperimentRunByName", {"name": "r", "experiment_id": c.experiment["id"]})
    assert info.value.code == 5  # the run was not created


def test_a_deleted_version_cannot_be_linked_but_existing_links_stay(c: Ctx) -> None:
    version = c.dataset_version()
    run = c.create("r", datasets=[linked(version)])
    c.api.call(V, "deleteDatasetVersion", {"id": version})
    err = c.error("logDataset", {"id": run["id"], "dataset": linked(version, "again")})
    assert err.code == 3 and version in err.message
    assert [d["linked_artifact_id"] for d in c.get(run["id"])["datasets"]] == [version]
    clone = c.call("cloneExperimentRun", {"src_experiment_run_id": run["id"]})["run"]
    assert [d["linked_artifact_id"] for d in clone["datasets"]] == [version]  # a clone copies what was used


def test_datasets_without_a_link_are_not_checked(c: Ctx) -> None:
    """A plain dataset path (no linked_artifact_id), as older ModelDB clients log it, stays accepted."""
    plain = {"key": "raw", "path": "s3://bucket/raw.csv", "path_only": True, "artifact_type": 3}
    run = c.create("r", datasets=[plain])
    c.call("logDataset", {"id": run["id"], "dataset": {**plain, "key": "raw2"}})
    assert [d["key"] for d in c.get(run["id"])["datasets"]] == ["raw", "raw2"]


def test_a_missing_run_is_404_before_its_links_are_checked(c: Ctx) -> None:
    assert c.error("logDataset", {"id": str(uuid.uuid4()), "dataset": linked("made-up")}).code == 5


def _create_request(c: Ctx, name: str, datasets: list[dict[str, Any]]) -> dict[str, Any]:
    return {"project_id": c.project["id"], "experiment_id": c.experiment["id"], "name": name, "datasets": datasets}


# --- getProjectDatasetCount ---------------------------------------------------------------------------------


def test_project_dataset_count(c: Ctx) -> None:
    """Distinct dataset versions linked by the project's live runs (ModelDB counts distinct linked ids)."""
    api = c.api
    assert dataset_count(api, c.project["id"]) == 0
    v1, v2, v3 = c.dataset_version(), c.dataset_version(), c.dataset_version()
    plain = {"key": "raw", "path": "/data/raw.csv", "path_only": True, "artifact_type": 3}
    a = c.create("a", datasets=[linked(v1, "train"), linked(v2, "test"), plain])
    c.create("b", datasets=[linked(v1, "train")])  # the same version twice counts once
    assert dataset_count(api, c.project["id"]) == 2
    gone = c.create("gone", datasets=[linked(v3)])
    assert dataset_count(api, c.project["id"]) == 3
    c.call("deleteExperimentRun", {"id": gone["id"]})  # deleted runs do not count
    assert dataset_count(api, c.project["id"]) == 2
    api.call(RUNS, "logDataset", {"id": a["id"], "dataset": linked(v3, "val")})
    api.call(V, "deleteDatasetVersion", {"id": v3})  # a used version still counts once deleted
    assert dataset_count(api, c.project["id"]) == 3
    artifact_link = {"key": "model", "path": "m.pkl", "artifact_type": 1, "linked_artifact_id": "not-a-dataset"}
    c.call("logArtifact", {"id": a["id"], "artifact": artifact_link})  # artifacts are not dataset links
    assert dataset_count(api, c.project["id"]) == 3
    other = Ctx(api, c.uniq + "-other")  # another project's runs do not count
    other.create("x", datasets=[linked(v1)])
    assert dataset_count(api, c.project["id"]) == 3 and dataset_count(api, other.project["id"]) == 1


def test_project_dataset_count_errors(c: Ctx) -> None:
    api = c.api
    assert error(api, P, "getProjectDatasetCount", {"project_id": ""}).code == 3
    assert error(api, P, "getProjectDatasetCount", {"project_id": str(uuid.uuid4())}).code == 5
    api.call(P, "deleteProject", {"id": c.project["id"]})
    assert error(api, P, "getProjectDatasetCount", {"project_id": c.project["id"]}).code == 5
