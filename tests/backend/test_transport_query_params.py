"""Query strings of many parameters on the standalone server: every one that fits in a request target of 64 KiB
reaches its RPC, and an over-long one gets the JSON 414 whatever it holds, never Tornado's bare 400 (the limit
of 1,000 parameters Tornado applies while it reads the request line)."""

from __future__ import annotations

from typing import Any

import requests

from modeldb_backend.transport.rest import MAX_URI_BYTES
from tests.servers import ServerThread
from tests.transport_support import RawConnection, request

PREFIX = "/api/v1/modeldb"
KEYS_PATH = PREFIX + "/metadata/keyValueProperties"
KEYS_BASE = "id.string_id=blob-1&id.id_type=VERSIONING_REPO_COMMIT_BLOB&property_name=p"


def get(server: ServerThread, target: str) -> requests.Response:
    return requests.get(server.http_url + target, timeout=30)


def json_error(resp: requests.Response) -> dict[str, Any]:
    assert resp.headers["Content-Type"] == "application/json", (resp.status_code, resp.text)
    body: dict[str, Any] = resp.json()
    assert set(body) == {"error", "code", "message", "details"}
    return body


def test_a_thousand_keys_and_more_parameters_reach_the_rpc(server: ServerThread) -> None:
    keys = "".join(f"&keys=k{i}" for i in range(1000))  # 1,003 parameters in all: over Tornado's 1,000
    resp = get(server, f"{KEYS_PATH}?{KEYS_BASE}{keys}")
    assert resp.status_code == 200, resp.text
    assert resp.json() == {}  # no such keys yet: an answer of the RPC itself


def test_parameters_up_to_the_target_limit_reach_the_rpc(server: ServerThread) -> None:
    ignored = "&x=1" * 15_000  # unknown parameters are ignored (grpc-gateway does the same)
    target = f"{PREFIX}/project/getProjectByName?name=no-such-project{ignored}"
    assert len(target) < MAX_URI_BYTES
    resp = get(server, target)
    assert resp.status_code == 404 and json_error(resp)["code"] == 5  # the RPC looked and found no project


def test_over_long_target_of_many_parameters_is_the_json_414(server: ServerThread) -> None:
    for query in ("&" * (MAX_URI_BYTES + 10), "keys=k&" * 20_000):
        resp = get(server, f"{KEYS_PATH}?{query}")
        assert resp.status_code == 414, resp.text[:200]
        body = json_error(resp)
        assert body["code"] == 3 and f"{MAX_URI_BYTES}-byte limit" in body["message"]
        assert "POST" in body["message"]
        assert f"request target of {len(KEYS_PATH) + 1 + len(query)} bytes" in body["message"]


def test_refusing_a_parameter_flood_keeps_the_connection(server: ServerThread) -> None:
    assert server.server is not None
    conn = RawConnection(server.server.http_port)
    try:
        conn.send(request("GET", f"{KEYS_PATH}?" + "a&" * 100_000))
        assert conn.read_response().status == 414
        conn.send(request("GET", f"{PREFIX}/project/verifyConnection"))
        assert conn.read_response().status == 200
    finally:
        conn.close()
