"""Jupyter's authorizer decides on every request to the mount, by that request's own verb.

Two defects this reproduces: the artifact upload and download routes only authenticated (a user whom the
authorizer lets read ModelDB but not write it could upload artifact bytes); and the RPC route's `@authorized`
kept the action of the first request the process served, so after one GET a write was checked as a read
(or, after one POST, a read as a write). Each check below is a read and a write by the same reader.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from jupyter_server.auth.authorizer import Authorizer
from tornado.httpclient import AsyncHTTPClient, HTTPResponse

from modeldb_jupyter.server_ext.app import KERNEL_TOKEN_ENV
from modeldb_jupyter.server_ext.handlers import AUTH_RESOURCE, KERNEL_USER
from tests.jupyter.ext_support import server_config


class KernelWritesOnly(Authorizer):
    """Everyone may read ModelDB; only the kernels (the kernel secret) may change it."""

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        return resource != AUTH_RESOURCE or action == "read" or user.username == KERNEL_USER


@pytest.fixture
def modeldb_db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'modeldb.sqlite'}"  # the authorizer does not depend on the database


@pytest.fixture
def jp_server_config(modeldb_db_url: str, tmp_path: Path) -> dict[str, Any]:
    return server_config(modeldb_db_url, tmp_path / "artifacts", {"authorizer_class": KernelWritesOnly})


async def fetch(url: str, **kw: Any) -> HTTPResponse:
    return await AsyncHTTPClient().fetch(url, raise_error=False, **kw)


async def _upload_url(base: str, kernel: dict[str, str]) -> tuple[str, str]:
    """A run with a logged artifact, and the PUT and GET URLs of its bytes (asked for as the kernel)."""

    async def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await fetch(f"{base}/{path}", method="POST", body=json.dumps(body), headers=kernel)
        assert response.code == 200, response.body
        return dict(json.loads(response.body))

    project = (await post("project/createProject", {"name": "authz"}))["project"]["id"]
    experiment = (await post("experiment/createExperiment", {"project_id": project, "name": "e"}))["experiment"]
    run = await post(
        "experiment-run/createExperimentRun", {"project_id": project, "experiment_id": experiment["id"], "name": "r"}
    )
    run_id = run["experiment_run"]["id"]
    artifact = {"key": "weights", "path": "authz/weights.bin", "artifact_type": "BLOB"}
    await post("experiment-run/logArtifact", {"id": run_id, "artifact": artifact})
    put = await post("experiment-run/getUrlForArtifact", {"id": run_id, "key": "weights", "method": "PUT"})
    get = await post("experiment-run/getUrlForArtifact", {"id": run_id, "key": "weights", "method": "GET"})
    return put["url"], get["url"]


async def test_artifact_routes_ask_the_authorizer(
    jp_serverapp: Any, http_server: Any, jp_http_port: int, jp_base_url: str
) -> None:
    base = f"http://127.0.0.1:{jp_http_port}{jp_base_url}modeldb/api/v1/modeldb"
    kernel = {"Authorization": f"Bearer {os.environ[KERNEL_TOKEN_ENV]}"}
    reader = {"Authorization": f"token {jp_serverapp.identity_provider.token}"}
    put_url, get_url = await _upload_url(base, kernel)

    refused = await fetch(put_url, method="PUT", body=b"not yours to write", headers=reader)
    assert refused.code == 403, refused.body
    body = json.loads(refused.body)
    assert body["code"] == 7 and "not authorized to write" in body["message"]
    nothing = await fetch(get_url, headers=reader)  # reading is allowed, and nothing was stored
    assert nothing.code == 404, nothing.body

    stored = await fetch(put_url, method="PUT", body=b"weights", headers=kernel)
    assert stored.code == 200, stored.body
    downloaded = await fetch(get_url, headers=reader)
    assert downloaded.code == 200 and downloaded.body == b"weights"


async def test_rpc_routes_authorize_each_request_by_its_verb(
    jp_serverapp: Any, http_server: Any, jp_http_port: int, jp_base_url: str
) -> None:
    base = f"http://127.0.0.1:{jp_http_port}{jp_base_url}modeldb/api/v1/modeldb"
    reader = {"Authorization": f"token {jp_serverapp.identity_provider.token}"}
    for _ in range(2):  # read, write, read, write: no answer depends on the request before it
        found = await fetch(f"{base}/project/getProjectByName?name=nobody", headers=reader)
        assert found.code == 404, found.body  # allowed to read: there is no such project
        created = await fetch(f"{base}/project/createProject", method="POST", body=b'{"name": "x"}', headers=reader)
        assert created.code == 403, created.body
        assert "not authorized to write" in json.loads(created.body)["message"]
