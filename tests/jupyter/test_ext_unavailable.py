"""Verta platform paths under the extension's mount answer 501 "not available in this server", as standalone;
without Jupyter's login they answer 403 like every other route of the mount."""

from __future__ import annotations

import json
from typing import Any

from tornado.httpclient import AsyncHTTPClient


async def test_platform_paths_under_the_mount(
    jp_serverapp: Any, http_server: Any, jp_http_port: int, jp_base_url: str
) -> None:
    url = f"http://127.0.0.1:{jp_http_port}{jp_base_url}modeldb/api/v1/deployment/workspace/personal/endpoints"
    headers = {"Authorization": f"token {jp_serverapp.identity_provider.token}"}
    client = AsyncHTTPClient()
    resp = await client.fetch(url, headers=headers, raise_error=False)
    body = json.loads(resp.body)
    assert resp.code == 501 and body["code"] == 12, body
    assert body["message"].startswith("not available in this server: Verta's deployment service")
    resp = await client.fetch(url, raise_error=False)
    assert resp.code == 403, "no login, no answer"
    probe = f"http://127.0.0.1:{jp_http_port}{jp_base_url}modeldb/api/v1/uac-proxy/uac/getCurrentUser"
    resp = await client.fetch(probe, headers=headers, raise_error=False)
    assert resp.code == 404 and resp.body == b"Not Found", "the client's OSS probe is unchanged"
