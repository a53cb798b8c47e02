"""Helpers of the registry tests: make registered models and versions through the API (REST or gRPC)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.apiclient import Api, ApiError

R = "RegistryService"
INVALID, NOT_FOUND, EXISTS, PERMISSION, PRECONDITION = 3, 5, 6, 7, 9
# HTTP bindings of UpdateRegisteredModel / UpdateModelVersion, in proto order (`api.call(..., binding=...)`)
PATCH_NAMED, PATCH_BY_ID, FULL_BODY_NAMED, FULL_BODY_BY_ID, PUT_NAMED, PUT_BY_ID = range(6)


def model_ident(name: str = "", model_id: str | int = 0, workspace: str = "personal") -> dict[str, Any]:
    if model_id:
        return {"registered_model_id": str(model_id)}
    return {"named_id": {"workspace_name": workspace, "name": name}}


def create_model(api: Api, name: str, workspace: str = "personal", **fields: Any) -> dict[str, Any]:
    request = {"id": {"named_id": {"workspace_name": workspace}}, "registered_model": {"name": name, **fields}}
    model: dict[str, Any] = api.call(R, "CreateRegisteredModel", request)["registered_model"]
    return model


def create_version(api: Api, model_id: str, name: str, **fields: Any) -> dict[str, Any]:
    request = {"id": {"model_id": model_ident(model_id=model_id)}, "model_version": {"version": name, **fields}}
    version: dict[str, Any] = api.call(R, "CreateModelVersion", request, binding=1)["model_version"]
    return version


def get_version(api: Api, version_id: str) -> dict[str, Any]:
    version: dict[str, Any] = api.call(R, "GetModelVersion", {"id": {"model_version_id": version_id}}, binding=1)[
        "model_version"
    ]
    return version


def error(api: Api, rpc: str, request: dict[str, Any], binding: int = 0) -> ApiError:
    with pytest.raises(ApiError) as info:
        api.call(R, rpc, request, binding=binding)
    return info.value
