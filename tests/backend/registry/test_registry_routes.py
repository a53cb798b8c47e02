"""The registry's REST routes as ModelDB's client calls them: the `/api/v1/registry` prefix, URL-encoded names,
PATCH (the body's keys are the update mask), PATCH …/full_body with an update_mask object or string, and PUT."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
import requests

from tests.servers import ServerThread

PREFIXES = ("/api/v1/registry", "/api/v1/modeldb/registry", "/v1/registry")


class Rest:
    def __init__(self, server: ServerThread, prefix: str = "/api/v1/registry") -> None:
        self.base = server.http_url + prefix

    def __call__(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        resp = requests.request(method, self.base + path, json=body, timeout=30)
        assert resp.status_code == status, resp.text
        return resp.json()


@pytest.fixture
def rest(server: ServerThread) -> Rest:
    return Rest(server)


def _model(rest: Rest, name: str, **fields: Any) -> dict[str, Any]:
    body = {"name": name, **fields}
    model: dict[str, Any] = rest("POST", "/workspaces/personal/registered_models", body)["registered_model"]
    return model


def _version(rest: Rest, model_id: str, name: str, **fields: Any) -> dict[str, Any]:
    body = {"version": name, **fields}
    version: dict[str, Any] = rest("POST", f"/registered_models/{model_id}/model_versions", body)["model_version"]
    return version


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_prefix_serves_the_registry(server: ServerThread, uniq: str, prefix: str) -> None:
    rest = Rest(server, prefix)
    model = _model(rest, f"p-{uniq}")
    assert rest("GET", f"/registered_models/{model['id']}")["registered_model"] == model
    count = rest("GET", "/registered_models/count")  # a literal segment, not the id route
    assert int(count["registered_model_count"]) >= 1


def test_names_with_spaces_and_escapes_are_decoded(rest: Rest, uniq: str) -> None:
    name = f"Model {uniq} é+%?#&"
    model = _model(rest, name)
    path = f"/workspaces/personal/registered_models/{quote(name, safe='')}"
    assert rest("GET", path)["registered_model"]["id"] == model["id"]
    version = _version(rest, model["id"], "ModelVersion 1 / final")
    got = rest("GET", f"{path}/model_versions/{version['id']}")["model_version"]
    assert got["version"] == "ModelVersion 1 / final"
    found = rest("POST", f"{path}/model_versions/find", {"predicates": [{"key": "version", "value": got["version"]}]})
    assert [v["id"] for v in found["model_versions"]] == [version["id"]]
    missing = rest("GET", f"/workspaces/personal/registered_models/{quote('no such ' + uniq)}", status=404)
    assert missing["code"] == 5 and f"no such {uniq}" in missing["message"]


def test_patch_merges_what_the_body_names(rest: Rest, uniq: str) -> None:
    model = _model(rest, f"m-{uniq}", labels=["a"], description="keep")
    patched = rest("PATCH", f"/registered_models/{model['id']}", {"labels": ["b"]})["registered_model"]
    assert patched["labels"] == ["a", "b"] and patched["description"] == "keep"
    cleared = rest("PATCH", f"/registered_models/{model['id']}", {"description": ""})["registered_model"]
    assert "description" not in cleared and cleared["labels"] == ["a", "b"]
    version = _version(rest, model["id"], "v", attributes=[{"key": "k1", "value": 1}])
    url = f"/registered_models/{model['id']}/model_versions/{version['id']}"
    body = {"attributes": [{"key": "k2", "value": {"x": [1]}}], "labels": ["l"]}
    patched_version = rest("PATCH", url, body)["model_version"]
    assert [a["key"] for a in patched_version["attributes"]] == ["k1", "k2"] and patched_version["labels"] == ["l"]
    named = f"/workspaces/personal/registered_models/m-{uniq}/model_versions/{version['id']}"
    patched_version = rest("PATCH", named, {"description": "by name"})["model_version"]
    assert patched_version["description"] == "by name"
    # A PATCH naming nothing changes nothing (ModelDB's client sends `{}` when every attribute it was given
    # already exists); it is not a PUT of an empty version.
    assert rest("PATCH", url, {})["model_version"] == patched_version
    assert rest("PATCH", f"/registered_models/{model['id']}", {})["registered_model"]["labels"] == ["a", "b"]


@pytest.mark.parametrize(
    "mask",
    [{"paths": ["docker_metadata", "environment"]}, "dockerMetadata,environment", {"paths": ["environment.docker"]}],
)
def test_patch_full_body_with_each_mask_form(rest: Rest, uniq: str, mask: Any) -> None:
    model = _model(rest, f"m-{uniq}")
    version = _version(rest, model["id"], "v", description="kept", environment={"python": {"version": {"major": 3}}})
    docker = {"docker": {"repository": "img", "tag": "1"}, "environment_variables": [{"name": "A", "value": "1"}]}
    body = {
        "model_version": {"environment": docker, "docker_metadata": {"request_port": 5000}, "description": "no"},
        "update_mask": mask,
    }
    url = f"/registered_models/{model['id']}/model_versions/{version['id']}/full_body"
    updated = rest("PATCH", url, body)["model_version"]
    assert updated["environment"] == docker and updated["description"] == "kept"
    masked_docker = isinstance(mask, str) or "docker_metadata" in mask["paths"]
    assert ("docker_metadata" in updated) == masked_docker


def test_full_body_mask_refusals(rest: Rest, uniq: str) -> None:
    model = _model(rest, f"m-{uniq}")
    version = _version(rest, model["id"], "v")
    url = f"/registered_models/{model['id']}/model_versions/{version['id']}/full_body"
    bad = rest("PATCH", url, {"model_version": {}, "update_mask": {"paths": [1]}}, status=400)
    assert "update_mask.paths must be a list of field names" in bad["message"]
    unknown = rest("PATCH", url, {"model_version": {}, "update_mask": {"paths": ["nope"]}}, status=400)
    assert "update_mask path 'nope'" in unknown["message"]


def test_put_replaces_the_whole_entity(rest: Rest, uniq: str) -> None:
    model = _model(rest, f"m-{uniq}", labels=["a", "b"], pii=True)
    fetched = rest("GET", f"/registered_models/{model['id']}")["registered_model"]
    fetched["labels"] = ["a"]
    put = rest("PUT", f"/workspaces/personal/registered_models/m-{uniq}", fetched)["registered_model"]
    assert put["labels"] == ["a"] and put["pii"] is True
    bare = rest("PUT", f"/registered_models/{model['id']}", {"name": f"m-{uniq}"})["registered_model"]
    assert "labels" not in bare and "pii" not in bare
    version = _version(rest, model["id"], "v", labels=["x"], model={"key": "model", "path": "a/model.pkl"})
    url = f"/registered_models/{model['id']}/model_versions/{version['id']}"
    replaced = rest("PUT", url, {"version": "v", "artifacts": [{"key": "k", "path": "a/k"}]})["model_version"]
    assert "labels" not in replaced and "model" not in replaced and replaced["artifacts"][0]["key"] == "k"


def test_lock_route_and_delete_routes(rest: Rest, uniq: str) -> None:
    model = _model(rest, f"m-{uniq}")
    version = _version(rest, model["id"], "v")
    rest("PUT", f"/model_versions/{version['id']}/lock", {"lock_level": "CLOSED"})
    refused = rest("DELETE", f"/model_versions/{version['id']}", status=400)
    assert "locked for changes" in refused["message"]
    rest("PUT", f"/model_versions/{version['id']}/lock", {"lock_level": 1})
    rest("DELETE", f"/registered_models/{model['id']}/model_versions/{version['id']}")
    rest("DELETE", f"/workspaces/personal/registered_models/m-{uniq}")
    assert rest("GET", f"/registered_models/{model['id']}", status=404)["code"] == 5
