"""Authentication on every route of the extension: no token → 403, cookie without XSRF → 403, nothing changed."""

from __future__ import annotations

import json
import re
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPResponse

from modeldb_jupyter.server_ext.app import KERNEL_TOKEN_ENV


def modeldb_patterns(jp_serverapp: Any) -> list[str]:
    """Every URL pattern the extension registered (read back from the live Tornado application)."""
    patterns = []
    for rule in jp_serverapp.web_app.default_router.rules:
        for sub in getattr(rule.target, "rules", []):
            pattern = sub.matcher.regex.pattern
            if "/modeldb" in pattern:
                patterns.append(pattern)
    return patterns


def concrete_path(pattern: str) -> str:
    """A request path matching `pattern` (path parameters filled with 'x')."""
    path = re.sub(r"\((\?P<\w+>)?\[\^/\]\+\)", "x", pattern).replace("\\", "")
    return path.rstrip("$").replace("/?", "")


async def fetch(url: str, **kw: Any) -> HTTPResponse:
    return await AsyncHTTPClient().fetch(url, raise_error=False, **kw)


async def test_every_route_requires_authentication(jp_serverapp: Any, http_server: Any, jp_http_port: int) -> None:
    patterns = modeldb_patterns(jp_serverapp)
    assert len(patterns) > 150, "the extension should mount every RPC route"
    for pattern in patterns:
        url = f"http://127.0.0.1:{jp_http_port}{concrete_path(pattern)}"
        for method, body in (("GET", None), ("POST", b"{}")):
            response = await fetch(url, method=method, body=body)
            assert response.code == 403, f"{method} {url} answered {response.code} without credentials"


async def test_cookie_session_post_without_xsrf_is_refused(jp_fetch: Any, jp_http_port: int, jp_base_url: str) -> None:
    status = await jp_fetch("modeldb", "status")
    cookies = [c.split(";", 1)[0] for c in status.headers.get_list("Set-Cookie")]
    assert cookies, "a token-authenticated request should have set a login cookie"
    headers = {"Cookie": "; ".join(cookies)}
    base = f"http://127.0.0.1:{jp_http_port}{jp_base_url}modeldb/api/v1/modeldb"
    created = await fetch(f"{base}/project/createProject", method="POST", body=b'{"name": "xsrf"}', headers=headers)
    assert created.code == 403
    # The cookie alone is a valid session for reads, and the refused POST created nothing.
    found = await fetch(f"{base}/project/getProjectByName?name=xsrf", headers=headers)
    assert found.code == 404
    assert json.loads(found.body)["code"] == 5


async def test_kernel_token_authenticates_without_jupyter_credentials(
    jp_serverapp: Any, http_server: Any, jp_http_port: int, jp_base_url: str
) -> None:
    import os

    headers = {"Authorization": f"Bearer {os.environ[KERNEL_TOKEN_ENV]}"}
    base = f"http://127.0.0.1:{jp_http_port}{jp_base_url}modeldb/api/v1/modeldb"
    created = await fetch(f"{base}/project/createProject", method="POST", body=b'{"name": "k"}', headers=headers)
    assert created.code == 200, created.body
    wrong = await fetch(
        f"{base}/project/createProject", method="POST", body=b'{"name": "k2"}', headers={"Authorization": "Bearer nope"}
    )
    assert wrong.code == 403
