"""Transport hardening inside a real Jupyter server (issue 12): bounded bodies before authentication, no
state-changing GET with the login cookie alone, honest keep-alive, the same 400 as the standalone server for a
broken Content-Length, and gRPC served when `grpc_port` is set."""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from tornado.httpclient import AsyncHTTPClient, HTTPResponse

from modeldb_backend.pb.modeldb import project_service_pb2, project_service_pb2_grpc
from modeldb_jupyter.server_ext.app import KERNEL_TOKEN_ENV
from tests.jupyter.ext_support import server_config, started_grpc_port
from tests.servers import free_port
from tests.transport_support import MiB, PeakRss, RawConnection, flood, request

FLOOD = 200 * MiB
MAX_GROWTH = 16 * MiB


GRPC_PORT = free_port()


@pytest.fixture
def modeldb_db_url(tmp_path: Path) -> Iterator[str]:
    """The transport does not depend on the database: SQLite only."""
    yield f"sqlite:///{tmp_path / 'modeldb.sqlite'}"


@pytest.fixture
def jp_server_config(modeldb_db_url: str, tmp_path: Path) -> dict[str, Any]:
    return server_config(modeldb_db_url, tmp_path / "artifacts", grpc_port=GRPC_PORT)


async def fetch(url: str, **kw: Any) -> HTTPResponse:
    return await AsyncHTTPClient().fetch(url, raise_error=False, **kw)


def api_base(port: int, base_url: str) -> str:
    return f"http://127.0.0.1:{port}{base_url}modeldb/api/v1/modeldb"


async def in_thread(fn: Any, *args: Any) -> Any:
    """Blocking socket work off the event loop that runs the Jupyter server under test."""
    return await asyncio.get_running_loop().run_in_executor(None, fn, *args)


# ---- defect 2: a body on the artifact download route is bounded and never held ------------------------------


@pytest.mark.parametrize("authenticated", [False, True])
async def test_get_artifact_with_a_flood_body_is_bounded(
    jp_serverapp: Any, http_server: Any, jp_http_port: int, jp_base_url: str, authenticated: bool
) -> None:
    auth = f"Authorization: token {jp_serverapp.identity_provider.token}\r\n" if authenticated else ""
    head = (
        f"GET {jp_base_url}modeldb/api/v1/artifact/getArtifact/f?artifact_path=a/b.bin HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{jp_http_port}\r\n{auth}Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    with PeakRss() as rss:
        answer, seconds = await in_thread(flood, jp_http_port, head, FLOOD, True)
    assert answer.status == (413 if authenticated else 403), answer.body
    assert answer.header("Connection") == "close"
    assert seconds < 5
    assert rss.growth < MAX_GROWTH, f"server memory grew by {rss.growth / MiB:.0f} MiB"


async def test_unknown_path_under_the_mount_is_bounded(
    jp_serverapp: Any, http_server: Any, jp_http_port: int, jp_base_url: str
) -> None:
    head = (
        f"POST {jp_base_url}modeldb/nope HTTP/1.1\r\nHost: 127.0.0.1:{jp_http_port}\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    with PeakRss() as rss:
        answer, seconds = await in_thread(flood, jp_http_port, head, FLOOD, True)
    assert answer.status == 403 and answer.header("Connection") == "close"
    assert seconds < 5 and rss.growth < MAX_GROWTH


async def test_unknown_path_under_the_mount_is_plain_404(jp_fetch: Any) -> None:
    response = await jp_fetch("modeldb", "api", "v1", "uac-proxy", "uac", "getCurrentUser", raise_error=False)
    assert response.code == 404 and response.body == b"Not Found"


# ---- defect 9: no state-changing GET with the login cookie alone ---------------------------------------------


async def _cookie_session(jp_fetch: Any) -> dict[str, str]:
    """Log in the way a browser does (token once), keeping the login cookie and the XSRF cookie."""
    status = await jp_fetch("modeldb", "status")
    cookies = dict(c.split(";", 1)[0].split("=", 1) for c in status.headers.get_list("Set-Cookie"))
    assert any(name.startswith("username-") for name in cookies), cookies
    return cookies


async def _new_run(base: str, headers: dict[str, str]) -> str:
    async def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await fetch(f"{base}/{path}", method="POST", body=json.dumps(body), headers=headers)
        assert response.code == 200, response.body
        return dict(json.loads(response.body))

    project = (await post("project/createProject", {"name": f"p-{uuid.uuid4().hex[:8]}"}))["project"]["id"]
    experiment = (await post("experiment/createExperiment", {"project_id": project, "name": "e"}))["experiment"]
    run = await post(
        "experiment-run/createExperimentRun", {"project_id": project, "experiment_id": experiment["id"], "name": "r"}
    )
    return str(run["experiment_run"]["id"])


async def test_mutating_get_needs_more_than_the_login_cookie(
    jp_serverapp: Any, jp_fetch: Any, http_server: Any, jp_http_port: int, jp_base_url: str
) -> None:
    base = api_base(jp_http_port, jp_base_url)
    token_header = {"Authorization": f"token {jp_serverapp.identity_provider.token}"}
    run = await _new_run(base, token_header)
    cookies = await _cookie_session(jp_fetch)
    login = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items() if k.startswith("username-"))}

    async def job_id() -> str:
        response = await fetch(f"{base}/experiment-run/getJobId?id={run}", headers=token_header)
        return str(json.loads(response.body).get("job_id", ""))

    # The cookie alone, same-site or from another site: refused, nothing written.
    for extra in ({}, {"Referer": "https://evil.example/page"}, {"Origin": "https://evil.example"}):
        refused = await fetch(f"{base}/experiment-run/logJobId?id={run}&job_id=evil", headers={**login, **extra})
        assert refused.code in (403, 404), refused.body
        assert await job_id() == ""
    body = json.loads((await fetch(f"{base}/experiment-run/logJobId?id={run}&job_id=x", headers=login)).body)
    assert "logJobId" in body["message"] and "token" in body["message"]
    # Reads with the cookie still work, as the Jupyter UI uses them.
    assert (await fetch(f"{base}/experiment-run/getJobId?id={run}", headers=login)).code == 200
    # A token, the kernel secret: accepted (the cookie with its XSRF token: see the next test).
    kernel = {"Authorization": f"Bearer {os.environ[KERNEL_TOKEN_ENV]}"}
    for n, headers in enumerate((token_header, kernel)):
        ok = await fetch(f"{base}/experiment-run/logJobId?id={run}&job_id=j{n}", headers=headers)
        assert ok.code == 200, ok.body
        assert await job_id() == f"j{n}"


async def test_mutating_get_with_cookie_and_xsrf_token_is_accepted(
    jp_serverapp: Any, jp_fetch: Any, http_server: Any, jp_http_port: int, jp_base_url: str
) -> None:
    base = api_base(jp_http_port, jp_base_url)
    token_header = {"Authorization": f"token {jp_serverapp.identity_provider.token}"}
    run = await _new_run(base, token_header)
    cookies = await _cookie_session(jp_fetch)
    xsrf = "2|abcdef12|0123456789abcdef0123456789abcdef|1700000000"  # any well-formed token, echoed in the header
    cookie = "; ".join([*(f"{k}={v}" for k, v in cookies.items() if k.startswith("username-")), f"_xsrf={xsrf}"])
    ok = await fetch(
        f"{base}/experiment-run/logJobId?id={run}&job_id=ui", headers={"Cookie": cookie, "X-XSRFToken": xsrf}
    )
    assert ok.code == 200, ok.body
    # And the same cookie on a POST without the header stays refused (XSRF enforced for cookie sessions).
    created = await fetch(
        f"{base}/project/createProject", method="POST", body=b'{"name": "x"}', headers={"Cookie": cookie}
    )
    assert created.code == 403


# ---- defect 8 and Content-Length: answers before the handler -------------------------------------------------


def _exchange_then_reuse(port: int, first: bytes, second: bytes) -> tuple[int, str | None, int | None]:
    conn = RawConnection(port)
    conn.send(first)
    answer = conn.read_response()
    follow: int | None = None
    if answer.header("Connection") != "close":
        conn.send(second)
        follow = conn.read_response().status
    conn.close()
    return answer.status, answer.header("Connection"), follow


async def test_refusal_keeps_the_connection_usable(
    jp_serverapp: Any, http_server: Any, jp_http_port: int, jp_base_url: str
) -> None:
    token = {"Authorization": f"token {jp_serverapp.identity_provider.token}"}
    path = f"{jp_base_url}modeldb/api/v1/modeldb/project/verifyConnection"
    good = request("GET", path, token)
    for first, status in (
        (request("GET", path), 403),
        (request("POST", f"{jp_base_url}modeldb/api/v1/modeldb/project/createProject", {}, b'{"name": "n"}'), 403),
        (request("POST", path, token, b"{}"), 405),
    ):
        got, connection, follow = await in_thread(_exchange_then_reuse, jp_http_port, first, good)
        assert got == status
        assert connection == "close" or follow == 200, (got, connection, follow)


@pytest.mark.parametrize("length", ["abc", "-1"])
async def test_non_numeric_content_length_is_the_same_400_as_standalone(
    jp_serverapp: Any, http_server: Any, jp_http_port: int, jp_base_url: str, length: str
) -> None:
    raw = (
        f"POST {jp_base_url}modeldb/api/v1/modeldb/project/createProject HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: token {jp_serverapp.identity_provider.token}\r\nContent-Length: {length}\r\n\r\n{{}}"
    ).encode()

    def exchange() -> tuple[int, bytes]:
        conn = RawConnection(jp_http_port)
        conn.send(raw)
        answer = conn.read_response()
        conn.close()
        return answer.status, answer.body

    status, body = await in_thread(exchange)
    assert status == 400
    assert json.loads(body)["message"].startswith("Content-Length must be a number")


# ---- gRPC inside Jupyter ---------------------------------------------------------------------------------------


async def test_grpc_port_serves_grpc_with_jupyter_credentials(jp_serverapp: Any, http_server: Any) -> None:
    assert await started_grpc_port(jp_serverapp) == GRPC_PORT
    target = f"127.0.0.1:{GRPC_PORT}"
    async with grpc.aio.insecure_channel(target) as channel:
        stub = project_service_pb2_grpc.ProjectServiceStub(channel)
        for secret in (os.environ[KERNEL_TOKEN_ENV], jp_serverapp.identity_provider.token):
            metadata = (("authorization", f"Bearer {secret}"),)
            reply = await stub.verifyConnection(project_service_pb2.Empty(), metadata=metadata, timeout=10)
            assert reply.status is True
        with pytest.raises(grpc.aio.AioRpcError) as info:
            await stub.verifyConnection(project_service_pb2.Empty(), timeout=10)
        assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
        with pytest.raises(grpc.aio.AioRpcError) as wrong:
            await stub.verifyConnection(project_service_pb2.Empty(), metadata=(("authorization", "Bearer no"),))
        assert wrong.value.code() == grpc.StatusCode.UNAUTHENTICATED
