"""The model registry inside Jupyter: ModelDB's client prefix `/api/v1/registry` under the extension's mount
({base_url}modeldb/api/v1/registry/...), with URL-encoded names, PATCH merges and PUT replacements, on SQLite and
PostgreSQL."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from tornado.httpclient import AsyncHTTPClient


async def _call(server: Any, port: int, base_url: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    url = f"http://127.0.0.1:{port}{base_url}modeldb/api/v1/registry{path}"
    headers = {"Authorization": f"token {server.identity_provider.token}", "Content-Type": "application/json"}
    data = None if body is None else json.dumps(body)
    resp = await AsyncHTTPClient().fetch(url, method=method, headers=headers, body=data, raise_error=False)
    return resp.code, json.loads(resp.body)


async def test_registry_routes_under_the_mount(
    jp_serverapp: Any, http_server: Any, jp_http_port: int, jp_base_url: str
) -> None:
    async def call(method: str, path: str, body: Any = None, status: int = 200) -> Any:
        code, answer = await _call(jp_serverapp, jp_http_port, jp_base_url, method, path, body)
        assert code == status, answer
        return answer

    model = (await call("POST", "/workspaces/personal/registered_models", {"name": "Model 1 é", "labels": ["a"]}))[
        "registered_model"
    ]
    named = f"/workspaces/personal/registered_models/{quote('Model 1 é')}"
    assert (await call("GET", named))["registered_model"]["id"] == model["id"]
    patched = (await call("PATCH", f"/registered_models/{model['id']}", {"labels": ["b"]}))["registered_model"]
    assert patched["labels"] == ["a", "b"]
    version = (await call("POST", f"/registered_models/{model['id']}/model_versions", {"version": "ModelVersion 1"}))[
        "model_version"
    ]
    assert version["stage"] == "UNASSIGNED" and version["lock_level"] == "OPEN"
    full_body = {
        "model_version": {"environment": {"docker": {"repository": "r"}}},
        "update_mask": {"paths": ["environment"]},
    }
    url = f"/registered_models/{model['id']}/model_versions/{version['id']}"
    updated = (await call("PATCH", f"{url}/full_body", full_body))["model_version"]
    assert updated["environment"] == {"docker": {"repository": "r"}}
    replaced = (await call("PUT", url, {"version": "ModelVersion 1"}))["model_version"]
    assert "environment" not in replaced
    assert int((await call("GET", "/registered_models/count"))["registered_model_count"]) == 1
    await call("DELETE", named)
    assert (await call("GET", f"/model_versions/{version['id']}", status=404))["code"] == 5
