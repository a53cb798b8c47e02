"""ExperimentRunService: code version, environment, datasets, artifacts, versioned inputs, bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.apiclient import Api
from tests.backend.runs_support import Ctx, kv
from tests.servers import ServerThread


@pytest.fixture
def c(api: Api, uniq: str) -> Ctx:
    return Ctx(api, uniq)


GIT = {"git_snapshot": {"filepaths": ["train.py"], "repo": "https://x/y.git", "hash": "abc123", "is_dirty": "TRUE"}}
ARCHIVE = {
    "code_archive": {"key": "code", "path": "sha/code.zip", "artifact_type": "CODE", "filename_extension": "zip"}
}


def test_code_version(c: Ctx) -> None:
    run = c.create("code")
    assert c.call("getExperimentRunCodeVersion", {"id": run["id"]}) == {}
    log = {"id": run["id"], "code_version": {**GIT, "date_logged": "1700000000000"}}
    assert c.call("logExperimentRunCodeVersion", log) == {}
    got = c.call("getExperimentRunCodeVersion", {"id": run["id"]})["code_version"]
    assert got == {**GIT, "date_logged": "1700000000000"}
    err = c.error("logExperimentRunCodeVersion", {"id": run["id"], "code_version": ARCHIVE})
    assert (err.code, err.message) == (6, "Code version already logged")
    assert c.call("getExperimentRunCodeVersion", {"id": run["id"]})["code_version"]["git_snapshot"]["hash"] == "abc123"
    c.call("logExperimentRunCodeVersion", {"id": run["id"], "code_version": ARCHIVE, "overwrite": True})
    replaced = c.get(run["id"])
    assert replaced["code_version_snapshot"] == {"code_archive": {**ARCHIVE["code_archive"], "upload_completed": True}}
    assert replaced["version_number"] == "3"
    assert c.error("logExperimentRunCodeVersion", {"id": run["id"], "overwrite": True}).code == 3
    assert c.error("logExperimentRunCodeVersion", {"id": "nope", "code_version": GIT}).code == 5
    assert c.error("getExperimentRunCodeVersion", {"id": "nope"}).code == 5


def test_code_version_logged_at_create_counts(c: Ctx) -> None:
    run = c.create("code-at-create", code_version_snapshot=GIT)
    err = c.error("logExperimentRunCodeVersion", {"id": run["id"], "code_version": GIT})
    assert err.code == 6


def test_environment(c: Ctx) -> None:
    run = c.create("env")
    env = {
        "python": {
            "version": {"major": 3, "minor": 11, "patch": 4},
            "requirements": [{"library": "numpy", "constraint": "==", "version": {"major": 1, "minor": 26}}],
        },
        "environment_variables": [{"name": "SEED", "value": "1"}],
        "command_line": ["python", "train.py"],
    }
    assert c.call("logEnvironment", {"id": run["id"], "environment": env}) == {}
    assert c.get(run["id"])["environment"] == env
    docker = {"docker": {"repository": "img", "tag": "1"}}
    c.call("logEnvironment", {"id": run["id"], "environment": docker})
    got = c.get(run["id"])
    assert got["environment"] == docker and got["version_number"] == "3"
    err = c.error("logEnvironment", {"id": run["id"]})
    assert err.code == 3 and "Environment" in err.message
    assert c.error("logEnvironment", {"id": "nope", "environment": docker}).code == 5


def dataset(key: str, linked: str) -> dict[str, Any]:
    path = "See attached dataset version"
    return {"key": key, "path": path, "path_only": True, "artifact_type": 3, "linked_artifact_id": linked}


def test_datasets(c: Ctx) -> None:
    run = c.create("datasets")
    dv1, dv2, dv3, dv4, dv5, dv6 = (c.dataset_version() for _ in range(6))
    assert c.call("logDataset", {"id": run["id"], "dataset": dataset("train", dv1), "overwrite": False}) == {}
    got = c.call("getDatasets", {"id": run["id"]})["datasets"]
    assert got == [{**dataset("train", dv1), "artifact_type": "DATA", "upload_completed": True}]
    err = c.error("logDataset", {"id": run["id"], "dataset": dataset("train", dv2)})
    assert (err.code, err.message) == (6, "Key 'train' already exists")
    c.call("logDataset", {"id": run["id"], "dataset": dataset("train", dv2), "overwrite": True})
    assert c.call("getDatasets", {"id": run["id"]})["datasets"][0]["linked_artifact_id"] == dv2
    err = c.error("logDatasets", {"id": run["id"], "datasets": [dataset("test", dv3), dataset("train", dv4)]})
    assert err.code == 6
    assert [d["key"] for d in c.call("getDatasets", {"id": run["id"]})["datasets"]] == ["train"]
    batch = {"id": run["id"], "datasets": [dataset("val", dv5), dataset("train", dv6)], "overwrite": True}
    c.call("logDatasets", batch)
    got = c.call("getDatasets", {"id": run["id"]})["datasets"]
    assert [(d["key"], d["linked_artifact_id"]) for d in got] == [("train", dv6), ("val", dv5)]
    assert c.get(run["id"])["datasets"] == got
    assert c.error("logDataset", {"id": run["id"], "dataset": dataset("", dv1)}).code == 3
    assert c.error("logDataset", {"id": run["id"]}).code == 3
    assert c.error("getDatasets", {"id": "nope"}).code == 5


def artifact(key: str, path: str, **extra: Any) -> dict[str, Any]:
    return {"key": key, "path": path, "artifact_type": "BLOB", **extra}


def test_artifacts(c: Ctx) -> None:
    run = c.create("artifacts")
    model = artifact("model.pkl", "h/model.pkl", serialization="pickle", artifact_subtype="sklearn")
    assert c.call("logArtifact", {"id": run["id"], "artifact": model}) == {}
    pair = [artifact("b", "pb"), artifact("link", "s3://x", path_only=True)]
    c.call("logArtifacts", {"id": run["id"], "artifacts": pair})
    everything = c.call("getArtifacts", {"id": run["id"]})["artifacts"]
    assert [a["key"] for a in everything] == ["b", "link", "model.pkl"]
    assert c.call("getArtifacts", {"id": run["id"], "key": "model.pkl"}) == {
        "artifacts": [{**model, "upload_completed": True}]
    }
    assert c.call("getArtifacts", {"id": run["id"], "key": "link"})["artifacts"][0]["path"] == "s3://x"
    assert c.call("getArtifacts", {"id": run["id"], "key": "missing"}) == {}
    err = c.error("logArtifact", {"id": run["id"], "artifact": artifact("b", "other")})
    assert (err.code, err.message) == (6, "Key 'b' already exists")
    err = c.error("logArtifacts", {"id": run["id"], "artifacts": [artifact("new", "n"), artifact("b", "x")]})
    assert err.code == 6
    err = c.error("logArtifacts", {"id": run["id"], "artifacts": [artifact("d", "n"), artifact("d", "x")]})
    assert err.code == 3
    assert c.call("getArtifacts", {"id": run["id"], "key": "new"}) == {}
    assert c.call("deleteArtifact", {"id": run["id"], "key": "b"}) == {}
    assert c.call("deleteArtifact", {"id": run["id"], "key": "never-logged"}) == {}
    c.call("logArtifact", {"id": run["id"], "artifact": artifact("b", "other")})  # the client's overwrite
    assert c.call("getArtifacts", {"id": run["id"], "key": "b"})["artifacts"][0]["path"] == "other"
    assert c.get(run["id"])["artifacts"] == c.call("getArtifacts", {"id": run["id"]})["artifacts"]
    assert c.error("deleteArtifact", {"id": run["id"]}).code == 3
    assert c.error("logArtifact", {"id": run["id"], "artifact": artifact("", "p")}).code == 3
    assert c.error("getArtifacts", {"id": "nope"}).code == 5
    assert c.error("deleteArtifact", {"id": "nope", "key": "b"}).code == 5


# --- wrong JSON types: only the REST gateway can receive them, so these go straight over HTTP ----------


@pytest.fixture
def rest(server: ServerThread, uniq: str) -> Iterator[tuple[Ctx, str]]:
    assert server.server is not None
    api = Api(server.server.backend, server.http_url, server.grpc_target, "rest")
    yield Ctx(api, uniq), server.http_url + "/api/v1/modeldb/experiment-run/"
    api.close()


@pytest.mark.parametrize(
    ("rpc", "body"),
    [
        ("logMetric", {"metric": "not-an-object"}),
        ("logMetrics", {"metrics": {"key": "m"}}),
        ("addExperimentRunTags", {"tags": "single-string"}),
        ("logObservation", {"observation": {"attribute": {"key": "k", "value": 1}, "timestamp": "soon"}}),
        ("logArtifact", {"artifact": {"key": "k", "artifact_type": {"not": "an enum"}}}),
        ("logDataset", {"dataset": {"key": "k"}, "overwrite": "maybe"}),
    ],
)
def test_wrong_json_types_are_400(rest: tuple[Ctx, str], rpc: str, body: dict[str, Any]) -> None:
    c, base = rest
    run = c.create("typed")
    resp = requests.post(base + rpc, data=json.dumps({"id": run["id"], **body}), timeout=30)
    assert resp.status_code == 400
    assert resp.json()["code"] == 3
    assert c.get(run["id"])["version_number"] == "1"


def test_wrong_types_on_create_and_bad_json(rest: tuple[Ctx, str]) -> None:
    c, base = rest
    ids = {"project_id": c.project["id"], "experiment_id": c.experiment["id"]}
    body = json.dumps({**ids, "date_created": "yesterday"})
    resp = requests.post(base + "createExperimentRun", data=body, timeout=30)
    assert (resp.status_code, resp.json()["code"]) == (400, 3)
    resp = requests.post(base + "createExperimentRun", data=b"{not json", timeout=30)
    assert (resp.status_code, resp.json()["code"]) == (400, 3)
    resp = requests.get(base + "getAttributes", params={"id": "x", "get_all": "perhaps"}, timeout=30)
    assert (resp.status_code, resp.json()["code"]) == (400, 3)
    metric = json.dumps({"id": c.create("typed2")["id"], "metric": kv("m", 1)})
    assert requests.post(base + "logMetric", data=metric, timeout=30).status_code == 200


def test_text_that_cannot_be_stored_is_400(c: Ctx) -> None:
    """NUL characters and over-long bounded fields are refused on every database (PostgreSQL cannot store them)."""
    run = c.create("text")
    assert c.error("updateExperimentRunDescription", {"id": run["id"], "description": "a\x00b"}).code == 3
    assert c.error("logArtifact", {"id": run["id"], "artifact": artifact("k", "p\x00")}).code == 3
    err = c.error("logArtifact", {"id": run["id"], "artifact": artifact("k", "p", filename_extension="x" * 65)})
    assert err.code == 3 and "filename_extension" in err.message
    assert c.error("logJobId", {"id": run["id"], "job_id": "j" * 257}).code == 3
    ids = {"project_id": c.project["id"], "experiment_id": c.experiment["id"]}
    assert c.error("createExperimentRun", {**ids, "description": "\x00"}).code == 3
    assert c.get(run["id"])["version_number"] == "1"
    c.call("updateExperimentRunDescription", {"id": run["id"], "description": "tabs\tand\nnewlines are fine ✓"})
    assert c.get(run["id"])["description"] == "tabs\tand\nnewlines are fine ✓"
