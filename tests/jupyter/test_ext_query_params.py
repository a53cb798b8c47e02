"""Query strings of many parameters inside a real Jupyter server: Jupyter's HTTP server reads the query string
before any route runs, and refused more than 1,000 parameters with a bare 400; the extension lets every query
string that fits in a request target reach its RPC, as the standalone server does."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tornado.httputil
from tornado.httpclient import AsyncHTTPClient, HTTPResponse

KEYS_BASE = "id.string_id=blob-1&id.id_type=VERSIONING_REPO_COMMIT_BLOB&property_name=p"


@pytest.fixture
def modeldb_db_url(tmp_path: Path) -> Iterator[str]:
    """The transport does not depend on the database: SQLite only."""
    yield f"sqlite:///{tmp_path / 'modeldb.sqlite'}"


@pytest.fixture(autouse=True)
def tornado_default_limits() -> Iterator[None]:
    """Tornado's own parsing limits when Jupyter starts: the setting is process-wide, and a standalone server
    started earlier in this process raises it too; the extension must raise it by itself."""
    before = tornado.httputil._DEFAULT_PARSE_BODY_CONFIG
    tornado.httputil.set_parse_body_config(tornado.httputil.ParseBodyConfig())
    yield
    tornado.httputil.set_parse_body_config(before)


async def get(jp_serverapp: Any, jp_http_port: int, jp_base_url: str, target: str) -> HTTPResponse:
    url = f"http://127.0.0.1:{jp_http_port}{jp_base_url}modeldb/api/v1/modeldb{target}"
    headers = {"Authorization": f"token {jp_serverapp.identity_provider.token}"}
    return await AsyncHTTPClient().fetch(url, headers=headers, raise_error=False)


async def test_a_thousand_keys_and_more_parameters_reach_the_rpc(
    jp_serverapp: Any, http_server: Any, jp_http_port: int, jp_base_url: str
) -> None:
    keys = "".join(f"&keys=k{i}" for i in range(1000))  # 1,003 parameters in all: over Tornado's 1,000
    resp = await get(jp_serverapp, jp_http_port, jp_base_url, f"/metadata/keyValueProperties?{KEYS_BASE}{keys}")
    assert resp.code == 200, resp.body
    assert json.loads(resp.body) == {}  # no such keys yet: an answer of the RPC itself


async def test_parameters_up_to_jupyters_header_limit_reach_the_rpc(
    jp_serverapp: Any, http_server: Any, jp_http_port: int, jp_base_url: str
) -> None:
    ignored = "&x=1" * 15_000  # 60 KB: within Jupyter's 64 KiB of request line and headers
    resp = await get(jp_serverapp, jp_http_port, jp_base_url, f"/project/getProjectByName?name=none{ignored}")
    assert resp.code == 404, resp.body
    assert json.loads(resp.body)["code"] == 5  # the RPC looked and found no project
