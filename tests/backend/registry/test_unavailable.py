"""What a tracking server cannot do answers UNIMPLEMENTED (501) "not available in this server: <what>", never 404."""

from __future__ import annotations

import pytest
import requests

from tests.apiclient import Api
from tests.backend.registry.version_support import UNIMPLEMENTED, registry_error
from tests.servers import ServerThread

DEPLOYMENT = {"model_version_id": "1", "location_deployed": "edge", "url_path_title": "https://example.com/predict"}


@pytest.mark.parametrize(
    ("rpc", "request_"),
    [
        ("GetExternalDeployment", {"external_deployment_id": "1"}),
        ("CreateExternalDeployment", DEPLOYMENT),
        ("UpdateExternalDeployment", {**DEPLOYMENT, "id": "1"}),
        ("DeleteExternalDeployment", {"external_deployment_id": "1"}),
    ],
)
def test_external_deployments_are_not_available(api: Api, rpc: str, request_: dict[str, str]) -> None:
    err = registry_error(api, rpc, request_)
    assert err.code == UNIMPLEMENTED
    assert err.message.startswith(f"{rpc} is not implemented by this server (not available in this server: external")
    if api.transport == "rest":
        assert err.status == 501


def test_clients_path_gets_the_json_error(server: ServerThread) -> None:
    """ModelDB's client reads `message` from the JSON body: the answer names what is missing, not a bare 404."""
    path = server.http_url + "/api/v1/registry/registered_models/model_versions/external_deployments"
    resp = requests.post(path, json=DEPLOYMENT, timeout=30)
    assert resp.status_code == 501
    assert resp.json()["code"] == UNIMPLEMENTED and "not available in this server" in resp.json()["message"]
    for method in ("GET", "DELETE"):
        resp = requests.request(method, path + "/7", timeout=30)
        assert resp.status_code == 501 and "external deployments" in resp.json()["message"], method


@pytest.mark.parametrize(
    ("method", "path", "service"),
    [
        ("GET", "/api/v1/deployment/workspace/personal/endpoints?name=e", "deployment service"),
        ("POST", "/api/v1/deployment/builds/dockercontext", "Docker builds"),
        ("PUT", "/api/v1/deployment/workspace/personal/endpoints/3/update", "endpoints"),
        ("POST", "/api/v1/monitoring/monitored_entity/findMonitoredEntity", "monitoring"),
        ("POST", "/api/v1/predict/some-endpoint", "predictions"),
        ("GET", "/api/v1/deployment", "deployment service"),
    ],
)
def test_platform_services_are_not_available(server: ServerThread, method: str, path: str, service: str) -> None:
    resp = requests.request(method, server.http_url + path, json={"a": 1}, timeout=30)
    assert resp.status_code == 501, resp.text
    body = resp.json()
    assert body["code"] == UNIMPLEMENTED and body["message"].startswith("not available in this server: ")
    assert service in body["message"]


def test_the_oss_probe_still_finds_no_uac(server: ServerThread) -> None:
    """ModelDB's client detects a server without UAC by the router's plain 404 there: that stays as it was."""
    resp = requests.get(server.http_url + "/api/v1/uac-proxy/uac/getCurrentUser", timeout=30)
    assert resp.status_code == 404 and resp.text == "Not Found"
    resp = requests.get(server.http_url + "/api/v1/deploymentx/y", timeout=30)
    assert resp.status_code == 404, "only the platform services' own paths"
