"""Helpers of the model-version artifact, logging and from-run tests: models and versions made through the API.

RegistryService's create RPCs take their body from one field (`body: "model_version"`) and name the model in the
path, which the generic test client does not spell: over REST these helpers post what ModelDB's client posts
(`/api/v1/registry/...`), over gRPC the nested request.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import requests

from tests.apiclient import Api, ApiError

R = "RegistryService"
EXT = "ExtensionService"
INVALID, NOT_FOUND, EXISTS, PRECONDITION, UNIMPLEMENTED = 3, 5, 6, 9, 12
CLOSED = "CLOSED"


def _rest(api: Api, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    resp = requests.request(method, api.http_url + "/api/v1/registry" + path, json=body, timeout=30)
    if resp.status_code != 200:
        err = resp.json()
        raise ApiError(err["code"], resp.status_code, err["message"])
    return resp.json()  # type: ignore[no-any-return]


def create_model(api: Api, name: str) -> str:
    """A registered model in the default workspace; returns its id."""
    if api.transport == "rest":
        out = _rest(api, "POST", "/workspaces/personal/registered_models", {"name": name})
    else:
        request = {"id": {"named_id": {"workspace_name": "personal"}}, "registered_model": {"name": name}}
        out = api.call(R, "CreateRegisteredModel", request)
    return str(out["registered_model"]["id"])


def create_version(api: Api, model_id: str, **version: Any) -> dict[str, Any]:
    """A version of the model with the given ModelVersion fields; returns the created version."""
    if api.transport == "rest":
        out = _rest(api, "POST", f"/registered_models/{model_id}/model_versions", version)
    else:
        request = {"id": {"model_id": {"registered_model_id": model_id}}, "model_version": version}
        out = api.call(R, "CreateModelVersion", request)
    return out["model_version"]  # type: ignore[no-any-return]


def get_version(api: Api, version_id: str) -> dict[str, Any]:
    if api.transport == "rest":
        resp = requests.get(f"{api.http_url}/api/v1/registry/model_versions/{version_id}", timeout=30)
        assert resp.status_code == 200, resp.text
        return resp.json()["model_version"]  # type: ignore[no-any-return]
    return api.call(R, "GetModelVersion", {"id": {"model_version_id": version_id}})["model_version"]  # type: ignore[no-any-return]


def registry_error(api: Api, rpc: str, request: dict[str, Any]) -> ApiError:
    with pytest.raises(ApiError) as info:
        api.call(R, rpc, request)
    return info.value


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def artifact(key: str, data: bytes, **extra: Any) -> dict[str, Any]:
    """An Artifact as ModelDB's client logs it: a content-addressed path `<sha256>/<key>`."""
    return {"key": key, "path": f"{sha(data)}/{key}", "artifact_type": "BLOB", **extra}


def url(api: Api, version_id: str, key: str, method: str, part: int = 0) -> dict[str, Any]:
    request = {"model_version_id": version_id, "key": key, "method": method, "part_number": str(part)}
    return api.call(R, "getUrlForArtifact", request)


def put(target: str, data: bytes) -> requests.Response:
    return requests.put(target, data=data, timeout=30)


def download(api: Api, version_id: str, key: str) -> bytes:
    resp = requests.get(url(api, version_id, key, "GET")["url"], timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.content


def audit_actions(api: Api, version_id: str) -> list[str]:
    """The actions of the audit records on the version, oldest first."""
    records = api.call(EXT, "findAuditRecords", {"entity_id": f"mv:{version_id}"}).get("records", [])
    return [r["action"] for r in records]
