"""logDatasets, logCodeBlob, logAttributes and logDockerMetadata of model versions: add, 409 on a taken key, locks."""

from __future__ import annotations

from typing import Any

from tests.apiclient import Api
from tests.backend.registry.version_support import (
    CLOSED,
    EXISTS,
    INVALID,
    NOT_FOUND,
    PRECONDITION,
    R,
    audit_actions,
    create_model,
    create_version,
    get_version,
    registry_error,
)
from tests.backend.runs_support import Ctx

GIT = {"git": {"repo": "git@example.com:models.git", "hash": "52f3d22"}}
NOTEBOOK = {"notebook": {"path": {"path": "train.ipynb", "size": "10"}, "git_repo": GIT["git"]}}
DOCKER = {"request_port": 5000, "request_path": "/predict_json", "health_path": "/health"}


def _version(api: Api, uniq: str, **fields: Any) -> str:
    return str(create_version(api, create_model(api, f"log-{uniq}"), version="v1", **fields)["id"])


def _dataset(c: Ctx, key: str) -> dict[str, Any]:
    return {"key": key, "linked_artifact_id": c.dataset_version(), "path_only": True, "artifact_type": "DATA"}


def test_datasets_in_order_of_keys_and_refusals(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    vid = _version(api, uniq)
    first, second, third = _dataset(c, "version1"), _dataset(c, "version2"), _dataset(c, "version3")
    api.call(R, "logDatasetsInModelVersion", {"model_version_id": vid, "datasets": [first]})
    api.call(R, "logDatasetsInModelVersion", {"model_version_id": vid, "datasets": [second, third]})
    got = [(d["key"], d["linked_artifact_id"]) for d in get_version(api, vid)["datasets"]]
    assert got == [(d["key"], d["linked_artifact_id"]) for d in (first, second, third)]
    err = registry_error(api, "logDatasetsInModelVersion", {"model_version_id": vid, "datasets": [first]})
    assert err.code == EXISTS and "version1" in err.message
    ghost = {**_dataset(c, "ghost"), "linked_artifact_id": "no-such-version"}
    err = registry_error(api, "logDatasetsInModelVersion", {"model_version_id": vid, "datasets": [ghost]})
    assert err.code == INVALID and "no-such-version" in err.message
    err = registry_error(api, "logDatasetsInModelVersion", {"model_version_id": vid, "datasets": []})
    assert err.code == INVALID
    pair = [_dataset(c, "dup"), _dataset(c, "dup")]
    err = registry_error(api, "logDatasetsInModelVersion", {"model_version_id": vid, "datasets": pair})
    assert err.code == INVALID and "dup" in err.message
    assert len(get_version(api, vid)["datasets"]) == 3, "refused requests wrote nothing"
    assert audit_actions(api, vid).count("logDatasetsInModelVersion") == 2


def test_code_blobs_add_and_refuse_taken_keys(api: Api, uniq: str) -> None:
    vid = _version(api, uniq)
    api.call(R, "logCodeBlobInModelVersion", {"model_version_id": vid, "code_blob_map": {"training": GIT}})
    api.call(R, "logCodeBlobInModelVersion", {"model_version_id": vid, "code_blob_map": {"nb": NOTEBOOK}})
    code = get_version(api, vid)["code_blob_map"]
    assert code["training"] == GIT and code["nb"] == NOTEBOOK
    request = {"model_version_id": vid, "code_blob_map": {"training": GIT, "new": GIT}}
    err = registry_error(api, "logCodeBlobInModelVersion", request)
    assert err.code == EXISTS and "training" in err.message
    assert set(get_version(api, vid)["code_blob_map"]) == {"training", "nb"}
    err = registry_error(api, "logCodeBlobInModelVersion", {"model_version_id": vid, "code_blob_map": {"e": {}}})
    assert err.code == INVALID and "'e' is empty" in err.message
    err = registry_error(api, "logCodeBlobInModelVersion", {"model_version_id": vid, "code_blob_map": {}})
    assert err.code == INVALID


def test_attributes_keep_their_values(api: Api, uniq: str) -> None:
    vid = _version(api, uniq)
    value = {"nested": [1, "two", {"three": True}]}
    attrs = [{"key": "complex", "value": value}, {"key": "plain", "value": 3.5}]
    api.call(R, "logAttributesInModelVersion", {"model_version_id": vid, "attributes": attrs})
    got = {a["key"]: a["value"] for a in get_version(api, vid)["attributes"]}
    assert got == {"complex": value, "plain": 3.5}
    again = [{"key": "other", "value": 1}, {"key": "plain", "value": 4}]
    err = registry_error(api, "logAttributesInModelVersion", {"model_version_id": vid, "attributes": again})
    assert err.code == EXISTS and "plain" in err.message
    assert "other" not in {a["key"] for a in get_version(api, vid)["attributes"]}, "all or nothing"


def test_docker_metadata_once(api: Api, uniq: str) -> None:
    vid = _version(api, uniq)
    api.call(R, "logDockerMetadataInModelVersion", {"model_version_id": vid, "docker_metadata": DOCKER})
    assert get_version(api, vid)["docker_metadata"] == DOCKER
    err = registry_error(api, "logDockerMetadataInModelVersion", {"model_version_id": vid, "docker_metadata": DOCKER})
    assert err.code == EXISTS and "already exists" in err.message
    other = _version(api, f"{uniq}b")
    for bad, word in (({**DOCKER, "request_port": 0}, "request_port"), ({**DOCKER, "health_path": "health"}, "/")):
        err = registry_error(
            api, "logDockerMetadataInModelVersion", {"model_version_id": other, "docker_metadata": bad}
        )
        assert err.code == INVALID and word in err.message
    err = registry_error(api, "logDockerMetadataInModelVersion", {"model_version_id": other})
    assert err.code == INVALID and "docker_metadata" in err.message


def test_closed_version_refuses_every_log(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    vid = _version(api, uniq, lock_level=CLOSED)
    for rpc, body in (
        ("logDatasetsInModelVersion", {"datasets": [_dataset(c, "d")]}),
        ("logCodeBlobInModelVersion", {"code_blob_map": {"k": GIT}}),
        ("logAttributesInModelVersion", {"attributes": [{"key": "a", "value": 1}]}),
        ("logDockerMetadataInModelVersion", {"docker_metadata": DOCKER}),
    ):
        err = registry_error(api, rpc, {"model_version_id": vid, **body})
        assert err.code == PRECONDITION and "locked for changes" in err.message, rpc


def test_unknown_version_is_404(api: Api) -> None:
    err = registry_error(api, "logAttributesInModelVersion", {"model_version_id": "987654321", "attributes": []})
    assert err.code == NOT_FOUND
