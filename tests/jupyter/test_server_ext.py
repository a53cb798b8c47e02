"""The extension inside a real Jupyter server: routes, auth, status, errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tornado.httpclient import HTTPClientError

from modeldb_jupyter.client.resolve import store_identity
from modeldb_jupyter.server_ext.app import KERNEL_STORE_ENV, KERNEL_TOKEN_ENV, KERNEL_URL_ENV


async def call(jp_fetch: Any, path: str, body: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    method = "POST" if body is not None else "GET"
    response = await jp_fetch(
        "modeldb",
        "api",
        "v1",
        "modeldb",
        *path.split("/"),
        method=method,
        body=json.dumps(body) if body is not None else None,
        **kw,
    )
    return json.loads(response.body)


async def test_status_reports_database_and_store(jp_fetch: Any, modeldb_db_url: str) -> None:
    status = json.loads((await jp_fetch("modeldb", "status")).body)
    assert status["ok"] is True
    assert status["database_kind"] in ("sqlite", "postgresql")
    assert status["artifact_store_kind"] == "local"
    assert status["schema_revision"]


async def test_create_and_find_through_the_extension(jp_fetch: Any) -> None:
    project = (await call(jp_fetch, "project/createProject", {"name": "p"}))["project"]
    found = await call(jp_fetch, "project/findProjects", {"project_ids": [project["id"]]})
    assert [p["name"] for p in found["projects"]] == ["p"]


async def test_backend_errors_keep_the_gateway_body(jp_fetch: Any) -> None:
    with pytest.raises(HTTPClientError) as info:
        await call(jp_fetch, "project/getProjectById", params={"id": "missing"})
    assert info.value.code == 404
    assert json.loads(info.value.response.body)["code"] == 5


async def test_kernel_environment_points_at_this_server(
    jp_serverapp: Any, jp_base_url: str, modeldb_db_url: str
) -> None:
    import os

    url = os.environ[KERNEL_URL_ENV]
    assert url.endswith(jp_base_url.rstrip("/") + "/modeldb") or "modeldb" in url
    assert os.environ[KERNEL_TOKEN_ENV]
    assert os.environ[KERNEL_STORE_ENV] == store_identity(modeldb_db_url)  # the journal key: the data, not the port


async def test_artifact_upload_and_download_through_the_extension(
    jp_fetch: Any, jp_auth_header: dict[str, str], jp_base_url: str
) -> None:
    from tornado.httpclient import AsyncHTTPClient

    project = (await call(jp_fetch, "project/createProject", {"name": "arts"}))["project"]["id"]
    experiment = await call(jp_fetch, "experiment/createExperiment", {"project_id": project, "name": "e"})
    run = await call(
        jp_fetch,
        "experiment-run/createExperimentRun",
        {"project_id": project, "experiment_id": experiment["experiment"]["id"], "name": "r"},
    )
    run_id = run["experiment_run"]["id"]
    artifact = {"key": "weights", "path": "abc/weights.bin", "artifact_type": "BLOB"}
    await call(jp_fetch, "experiment-run/logArtifact", {"id": run_id, "artifact": artifact})
    put = await call(jp_fetch, "experiment-run/getUrlForArtifact", {"id": run_id, "key": "weights", "method": "PUT"})
    assert f"{jp_base_url}modeldb/api/v1/artifact/storeArtifact" in put["url"]
    payload = bytes(range(256)) * 1000
    client = AsyncHTTPClient()
    stored = await client.fetch(put["url"], method="PUT", body=payload, headers=jp_auth_header)
    assert stored.code == 200
    unauthenticated = await client.fetch(put["url"], method="PUT", body=payload, raise_error=False)
    assert unauthenticated.code == 403
    get = await call(jp_fetch, "experiment-run/getUrlForArtifact", {"id": run_id, "key": "weights", "method": "GET"})
    downloaded = await client.fetch(get["url"], headers=jp_auth_header)
    assert downloaded.body == payload
