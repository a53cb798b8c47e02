"""RegistryService: model versions (create, get, find, update, delete) over every HTTP binding they have."""

from __future__ import annotations

from typing import Any

import pytest

from tests.apiclient import Api
from tests.backend.registry.support import (
    EXISTS,
    FULL_BODY_BY_ID,
    FULL_BODY_NAMED,
    INVALID,
    NOT_FOUND,
    PATCH_BY_ID,
    PUT_BY_ID,
    PUT_NAMED,
    R,
    create_model,
    create_version,
    error,
    get_version,
    model_ident,
)

MODEL_ARTIFACT = {"key": "model", "path": "abc/model.pkl", "artifact_type": "MODEL", "filename_extension": "pkl"}
ENVIRONMENT = {"python": {"version": {"major": 3, "minor": 11}, "requirements": [{"library": "numpy"}]}}


def _find(api: Api, ident: dict[str, Any], *predicates: dict[str, Any], binding: int = 1, **request: Any) -> Any:
    return api.call(R, "FindModelVersion", {"id": ident, "predicates": list(predicates), **request}, binding=binding)


def _update(
    api: Api, model_id: str, version_id: str, version: dict[str, Any], mask: str | None = None, binding: int = 5
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "id": {
            "model_id": model_ident(model_id=model_id) if model_id.isdigit() else model_ident(model_id),
            "model_version_id": version_id,
        },
        "model_version": version,
    }
    if mask is not None:
        request["update_mask"] = mask
    updated: dict[str, Any] = api.call(R, "UpdateModelVersion", request, binding=binding)["model_version"]
    return updated


def test_create_defaults_and_every_get_binding(api: Api, uniq: str) -> None:
    model = create_model(api, f"Model {uniq}")
    version = create_version(
        api,
        model["id"],
        "Version 1",
        labels=["z", "a"],
        attributes=[{"key": "acc", "value": 0.9}],
        model=MODEL_ARTIFACT,
        environment=ENVIRONMENT,
        docker_metadata={"request_port": 5000, "request_path": "/predict", "health_path": "/health"},
        code_blob_map={"train": {"git": {"repo": "r", "hash": "h"}}},
        artifacts=[{"key": "b", "path": "abc/b"}, {"key": "a", "path": "abc/a"}],
        datasets=[{"key": "train", "path": "s3://bucket/train.csv", "path_only": True}],
        apis=["predict"],
        input_description="in",
        hide_output_label=True,
    )
    assert version["stage"] == "UNASSIGNED" and version["lock_level"] == "OPEN"
    assert int(version["time_created"]) > 0 and version["registered_model_id"] == model["id"]
    assert version["labels"] == ["a", "z"] and [a["key"] for a in version["artifacts"]] == ["a", "b"]
    assert version["model"]["key"] == "model" and version["model"]["path"] == "abc/model.pkl"
    assert version["environment"]["python"]["version"] == {"major": 3, "minor": 11}
    assert version["docker_metadata"]["request_port"] == 5000
    assert version["code_blob_map"]["train"]["git"]["hash"] == "h"
    assert version["datasets"][0]["path"] == "s3://bucket/train.csv" and version["apis"] == ["predict"]
    assert version["input_description"] == "in" and version["hide_output_label"] is True
    assert get_version(api, version["id"]) == version
    by_model_name = {
        "id": {"model_id": model_ident(f"Model {uniq}"), "model_version_id": version["id"]},
    }
    assert api.call(R, "GetModelVersion", by_model_name)["model_version"] == version


def test_create_with_given_stage_time_and_lock(api: Api, uniq: str) -> None:
    model = create_model(api, f"m-{uniq}")
    version = create_version(api, model["id"], "v", stage="STAGING", time_created="1600000000000", lock_level="REDACT")
    assert version["stage"] == "STAGING" and version["time_created"] == "1600000000000"
    assert version["lock_level"] == "REDACT"


def test_create_refusals(api: Api, uniq: str) -> None:
    model = create_model(api, f"m-{uniq}")
    create_version(api, model["id"], "v1")
    ident = {"model_id": model_ident(model_id=model["id"])}
    err = error(api, "CreateModelVersion", {"id": ident, "model_version": {"version": "v1"}}, binding=1)
    assert err.code == EXISTS and "already exists" in err.message
    if api.transport == "rest":
        assert err.status == 409
    err = error(api, "CreateModelVersion", {"id": ident, "model_version": {"version": ""}}, binding=1)
    assert err.code == INVALID and "name is empty" in err.message
    absent = {"model_id": model_ident(model_id="99999999")}
    err = error(api, "CreateModelVersion", {"id": absent, "model_version": {"version": "v"}}, binding=1)
    assert err.code == NOT_FOUND
    err = error(
        api, "CreateModelVersion", {"id": ident, "model_version": {"version": "v2", "time_created": "-5"}}, binding=1
    )
    assert err.code == INVALID and "time_created is -5" in err.message
    bad_path = {"version": "v3", "model": {"key": "model", "path": "../escape"}}
    err = error(api, "CreateModelVersion", {"id": ident, "model_version": bad_path}, binding=1)
    assert err.code == INVALID and "model 'model'" in err.message
    versions = _find(api, model_ident(model_id=model["id"]))
    assert [v["version"] for v in versions["model_versions"]] == ["v1"]  # the refusals wrote nothing


def test_same_version_name_in_two_models(api: Api, uniq: str) -> None:
    first, second = create_model(api, f"a-{uniq}"), create_model(api, f"b-{uniq}")
    assert create_version(api, first["id"], "v1")["id"] != create_version(api, second["id"], "v1")["id"]


def test_get_through_the_wrong_model_is_404(api: Api, uniq: str) -> None:
    first, second = create_model(api, f"a-{uniq}"), create_model(api, f"b-{uniq}")
    version = create_version(api, first["id"], "v1")
    request = {"id": {"model_id": model_ident(f"b-{uniq}"), "model_version_id": version["id"]}}
    err = error(api, "GetModelVersion", request)
    assert err.code == NOT_FOUND and "is not a version of registered model" in err.message
    assert second["id"] != first["id"]
    assert error(api, "GetModelVersion", {"id": {"model_version_id": "99999999"}}, binding=1).code == NOT_FOUND


def test_find_by_version_labels_stage_with_paging(api: Api, uniq: str) -> None:
    model = create_model(api, f"m-{uniq}")
    ids = [create_version(api, model["id"], f"v{i}", labels=["even"] if i % 2 == 0 else [])["id"] for i in range(5)]
    ident = model_ident(model_id=model["id"])
    found = _find(api, ident, {"key": "version", "value": "v3", "operator": "EQ"})
    assert [v["id"] for v in found["model_versions"]] == [ids[3]] and found["total_records"] == "1"
    even = _find(api, ident, {"key": "labels", "value": "even", "operator": "EQ"})
    assert sorted(v["id"] for v in even["model_versions"]) == sorted([ids[0], ids[2], ids[4]])
    unassigned = _find(api, ident, {"key": "stage", "value": "unassigned", "operator": "EQ"})
    assert unassigned["total_records"] == "5"
    assert "model_versions" not in _find(api, ident, {"key": "stage", "value": "staging", "operator": "EQ"})
    err = error(api, "FindModelVersion", {"id": ident, "predicates": [{"key": "stage", "value": "nope"}]}, binding=1)
    assert err.code == INVALID and "'nope' is not one of" in err.message
    page = _find(api, ident, pagination={"page_number": 2, "page_limit": 2}, sort_key="version", ascending=True)
    assert [v["version"] for v in page["model_versions"]] == ["v2", "v3"] and page["total_records"] == "5"
    named = _find(api, model_ident(f"m-{uniq}"), binding=0)
    assert named["total_records"] == "5"
    in_workspace = {"named_id": {"workspace_name": "personal"}}
    across = _find(
        api, in_workspace, {"key": "registered_model_id", "value": int(model["id"]), "operator": "EQ"}, binding=2
    )
    assert across["total_records"] == "5"
    everywhere = _find(api, {}, {"key": "version", "value": "v4", "operator": "EQ"}, ids=[ids[4]], binding=3)
    assert [v["id"] for v in everywhere["model_versions"]] == [ids[4]]


def test_masked_update_merges_and_replaces(api: Api, uniq: str) -> None:
    model = create_model(api, f"m-{uniq}")
    version = create_version(
        api, model["id"], "v1", labels=["a"], attributes=[{"key": "k1", "value": 1}], description="d"
    )
    changes = {
        "labels": ["b", "a"],
        "attributes": [{"key": "k2", "value": {"nested": [1, "x"]}}, {"key": "k1", "value": "new"}],
        "model": MODEL_ARTIFACT,
        "environment": ENVIRONMENT,
        "description": "ignored: not in the mask",
    }
    updated = _update(api, model["id"], version["id"], changes, "labels,attributes,model,environment", FULL_BODY_BY_ID)
    assert updated["labels"] == ["a", "b"] and updated["description"] == "d"
    assert updated["attributes"] == [{"key": "k1", "value": "new"}, {"key": "k2", "value": {"nested": [1, "x"]}}]
    assert updated["model"]["path"] == MODEL_ARTIFACT["path"] and updated["environment"] == ENVIRONMENT
    docker = {"docker": {"repository": "img", "tag": "1"}}
    named = _update(api, f"m-{uniq}", version["id"], {"environment": docker}, "environment", FULL_BODY_NAMED)
    assert named["environment"] == docker and named["model"] == updated["model"]
    replaced_model = {**MODEL_ARTIFACT, "path": "def/model.pkl"}
    swapped = _update(api, model["id"], version["id"], {"model": replaced_model}, "model", FULL_BODY_BY_ID)
    assert swapped["model"]["path"] == "def/model.pkl"
    assert int(swapped["version_number"]) == int(version["version_number"]) + 3


def _named_update(api: Api, name: str, version_id: str, version: dict[str, Any], binding: int) -> Any:
    request = {"id": {"model_id": model_ident(name), "model_version_id": version_id}, "model_version": version}
    return api.call(R, "UpdateModelVersion", request, binding=binding)["model_version"]


def test_put_replaces_everything_it_is_sent(api: Api, uniq: str) -> None:
    model = create_model(api, f"m-{uniq}")
    version = create_version(
        api, model["id"], "v1", labels=["a", "b"], attributes=[{"key": "k", "value": 1}], model=MODEL_ARTIFACT
    )
    fetched = dict(version)
    fetched["labels"] = ["b"]
    del fetched["attributes"]
    replaced = _update(api, model["id"], version["id"], fetched)
    assert replaced["labels"] == ["b"] and "attributes" not in replaced and replaced["model"] == version["model"]
    renamed = _named_update(api, f"m-{uniq}", version["id"], {"version": "v1-renamed"}, PUT_NAMED)
    assert renamed["version"] == "v1-renamed" and "labels" not in renamed and "model" not in renamed
    assert renamed["stage"] == "UNASSIGNED" and renamed["lock_level"] == "OPEN"  # kept by the server


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"version": "v", "stage": "PRODUCTION"}, "StageService UpdateStage"),
        ({"version": "v", "lock_level": "CLOSED"}, "SetLockModelVersion"),
        ({"version": "v", "registered_model_id": "12345"}, "stays in its registered model"),
        ({"version": "v", "external_deployments": [{"id": "1"}]}, "external deployments are not available"),
        ({"version": "v", "labels": ["ok", ""]}, "tag is empty"),
        ({"version": ""}, "name is empty"),
    ],
)
def test_update_refusals_write_nothing(api: Api, uniq: str, fields: dict[str, Any], words: str) -> None:
    model = create_model(api, f"m-{uniq}")
    version = create_version(api, model["id"], "v")
    request = {"id": {"model_id": model_ident(model_id=model["id"]), "model_version_id": version["id"]}}
    err = error(api, "UpdateModelVersion", {**request, "model_version": fields}, binding=PUT_BY_ID)
    assert err.code == INVALID and words in err.message, err.message
    assert get_version(api, version["id"]) == version


def test_update_rename_clash_and_missing(api: Api, uniq: str) -> None:
    model = create_model(api, f"m-{uniq}")
    create_version(api, model["id"], "taken")
    version = create_version(api, model["id"], "v")
    request = {"id": {"model_id": model_ident(model_id=model["id"]), "model_version_id": version["id"]}}
    err = error(api, "UpdateModelVersion", {**request, "model_version": {"version": "taken"}}, binding=PUT_BY_ID)
    assert err.code == EXISTS and "already exists" in err.message
    missing = {"id": {"model_id": model_ident(model_id=model["id"]), "model_version_id": "99999999"}}
    assert error(api, "UpdateModelVersion", missing, binding=PATCH_BY_ID).code == NOT_FOUND


@pytest.mark.parametrize("binding", [0, 1, 2])
def test_delete_every_binding(api: Api, uniq: str, binding: int) -> None:
    model = create_model(api, f"m-{uniq}")
    version = create_version(api, model["id"], "v")
    ident = model_ident(f"m-{uniq}") if binding == 0 else model_ident(model_id=model["id"])
    request: dict[str, Any] = {"id": {"model_version_id": version["id"]}}
    if binding < 2:
        request["id"]["model_id"] = ident
    api.call(R, "DeleteModelVersion", request, binding=binding)
    assert error(api, "GetModelVersion", {"id": {"model_version_id": version["id"]}}, binding=1).code == NOT_FOUND
    assert error(api, "DeleteModelVersion", request, binding=binding).code == NOT_FOUND
    assert create_version(api, model["id"], "v")["id"] != version["id"]  # the name is free, the id is new
    records = api.call("ExtensionService", "findAuditRecords", {"entity_id": f"mv:{version['id']}"})["records"]
    assert [r["action"] for r in records] == ["CreateModelVersion", "DeleteModelVersion"]
