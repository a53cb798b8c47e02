"""CreateModelVersion with experiment_run_id: what the version takes from the run, by reference, and the links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from tests.apiclient import Api, ApiError
from tests.backend.artifacts_support import store_root
from tests.backend.registry.version_support import (
    EXT,
    INVALID,
    NOT_FOUND,
    artifact,
    create_model,
    create_version,
    download,
    get_version,
    put,
    registry_error,
    url,
)
from tests.backend.runs_support import Ctx
from tests.backend.versioning.support import create_commit, create_repository, expanded, git_blob, master_sha
from tests.servers import ServerThread

MODEL = b"the run's model"
WEIGHTS = b"the run's weights"
ARCHIVE = b"zipped code of the run"


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def _run(c: Ctx) -> dict[str, Any]:
    """A run with a model, an artifact (both uploaded), attributes, an environment, a dataset link and a commit."""
    run = c.create("source")
    rid = run["id"]
    arts = [artifact("model.pkl", MODEL), artifact("weights", WEIGHTS)]  # ModelDB's client: run models are model.pkl
    c.call("logArtifacts", {"id": rid, "artifacts": arts})
    for key, data in (("model.pkl", MODEL), ("weights", WEIGHTS)):
        target = c.call("getUrlForArtifact", {"id": rid, "key": key, "method": "PUT", "part_number": "0"})
        assert put(target["url"], data).status_code == 200
    attrs = [{"key": "team", "value": "vision"}, {"key": "shared", "value": "from run"}]
    c.call("logAttributes", {"id": rid, "attributes": attrs})
    env = {"python": {"version": {"major": 3, "minor": 11}, "requirements": [{"library": "scikit-learn"}]}}
    c.call("logEnvironment", {"id": rid, "environment": env})
    dataset = {"key": "train", "linked_artifact_id": c.dataset_version(), "path_only": True, "artifact_type": "DATA"}
    c.call("logDatasets", {"id": rid, "datasets": [dataset]})
    git = {"git_snapshot": {"repo": "git@example.com:m.git", "hash": "52f3d22", "is_dirty": "FALSE"}}
    c.call("logExperimentRunCodeVersion", {"id": rid, "code_version": git})
    repo = create_repository(c.api, f"fr-{c.uniq}")
    commit = create_commit(c.api, repo["id"], [master_sha(c.api, repo["id"])], [expanded(["src"], git_blob())])
    versioned = {
        "repository_id": repo["id"],
        "commit": commit["commit_sha"],
        "key_location_map": {"src": {"location": ["src"]}},
    }
    c.call("logVersionedInput", {"id": rid, "versioned_inputs": versioned})
    return {**run, "dataset": dataset, "repository_id": repo["id"], "commit": commit["commit_sha"]}


def test_version_from_run_reads_the_runs_bytes(api: Api, uniq: str, server: ServerThread) -> None:
    c = Ctx(api, uniq)
    run = _run(c)
    model_id = create_model(api, f"fr-{uniq}")
    before = _files(store_root(server))
    own = [{"key": "shared", "value": "from request"}]
    version = create_version(api, model_id, version="v1", experiment_run_id=run["id"], attributes=own)
    vid = str(version["id"])
    assert version["experiment_run_id"] == run["id"]
    assert version["model"]["key"] == "model" and version["model"]["upload_completed"] is True
    assert [a["key"] for a in version["artifacts"]] == ["weights"]
    assert download(api, vid, "model") == MODEL and download(api, vid, "weights") == WEIGHTS
    assert _files(store_root(server)) == before, "nothing was copied in the store"
    attrs = {a["key"]: a["value"] for a in version["attributes"]}
    assert attrs == {"team": "vision", "shared": "from request"}, "the request's own attributes win"
    assert version["environment"]["python"]["requirements"][0]["library"] == "scikit-learn"
    assert [(d["key"], d["linked_artifact_id"]) for d in version["datasets"]] == [
        ("train", run["dataset"]["linked_artifact_id"])
    ]
    code = version["code_blob_map"]
    assert code["experiment_run"]["git"] == {"repo": "git@example.com:m.git", "hash": "52f3d22"}
    assert code["src"]["git"]["hash"] == "abc"


def test_a_new_upload_into_the_version_leaves_the_runs_bytes(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = _run(c)
    vid = str(create_version(api, create_model(api, f"fr2-{uniq}"), version="v1", experiment_run_id=run["id"])["id"])
    assert put(url(api, vid, "weights", "PUT")["url"], b"retrained").status_code == 200
    assert download(api, vid, "weights") == b"retrained"
    run_url = c.call("getUrlForArtifact", {"id": run["id"], "key": "weights", "method": "GET"})["url"]
    assert requests.get(run_url, timeout=30).content == WEIGHTS


def test_links_both_ways(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = _run(c)
    model_id = create_model(api, f"fr3-{uniq}")
    first = create_version(api, model_id, version="v1", experiment_run_id=run["id"])
    second = create_version(api, model_id, version="v2", experiment_run_id=run["id"])
    create_version(api, model_id, version="plain")
    listed = api.call(EXT, "listRunModelVersions", {"experiment_run_id": run["id"]})["model_versions"]
    assert [(v["model_version_id"], v["version"]) for v in listed] == [(first["id"], "v1"), (second["id"], "v2")]
    assert listed[0]["registered_model_name"] == f"fr3-{uniq}" and listed[0]["stage"] == "UNASSIGNED"
    source = api.call(EXT, "getModelVersionSource", {"model_version_id": first["id"]})
    assert source["experiment_run_id"] == run["id"] and source["experiment_run_name"] == "source"
    assert source["project_id"] == c.project["id"]
    assert source["versioned_inputs"]["repository_id"] == run["repository_id"]
    assert source["versioned_inputs"]["commit"] == run["commit"]
    assert source["datasets"][0]["linked_artifact_id"] == run["dataset"]["linked_artifact_id"]
    assert get_version(api, first["id"])["experiment_run_id"] == run["id"]
    plain = api.call(EXT, "listRunModelVersions", {"experiment_run_id": c.create("other")["id"]})
    assert plain == {}


def test_run_deleted_after_registration(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("gone")
    vid = create_version(api, create_model(api, f"fr4-{uniq}"), version="v1", experiment_run_id=run["id"])["id"]
    c.call("deleteExperimentRun", {"id": run["id"]})
    source = api.call(EXT, "getModelVersionSource", {"model_version_id": vid})
    assert source == {"experiment_run_id": run["id"], "run_deleted": True}


def test_unknown_run_is_404_and_creates_nothing(api: Api, uniq: str) -> None:
    model_id = create_model(api, f"fr5-{uniq}")
    with pytest.raises(ApiError) as info:
        create_version(api, model_id, version="v1", experiment_run_id="no-such-run")
    assert info.value.code == NOT_FOUND and "no-such-run" in info.value.message
    assert create_version(api, model_id, version="v1")["version"] == "v1", "the refused create left nothing behind"
    err = registry_error(api, "getUrlForArtifact", {"model_version_id": "0", "key": "model", "method": "GET"})
    assert err.code == INVALID
