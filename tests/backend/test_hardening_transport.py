"""Hostile and broken input at the transport layer of the standalone server (issue 12: defects 2, 3, 8 and the
smaller transport ones): bounded bodies before authentication, 400s for undecodable input, honest keep-alive,
NUL inside JSON values, gRPC garbage, long request targets."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
import requests
import tornado.netutil

from modeldb_backend.pb.common import common_pb2
from modeldb_backend.pb.modeldb import experiment_run_service_pb2, experiment_run_service_pb2_grpc
from modeldb_backend.settings import Settings
from modeldb_backend.transport.rest import MAX_URI_BYTES, make_app, make_http_server
from tests.servers import ServerThread
from tests.transport_support import MiB, PeakRss, RawConnection, flood, request

TOKEN = "hardening-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PREFIX = "/api/v1/modeldb"
FLOOD = 200 * MiB
MAX_GROWTH = 16 * MiB  # the server may allocate a little per request; never the body


@pytest.fixture(scope="module")
def srv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    tmp = tmp_path_factory.mktemp("hardening")
    settings = Settings(db_url=f"sqlite:///{tmp / 'h.sqlite'}", artifact_root=str(tmp / "artifacts"), token=TOKEN)
    with ServerThread(settings) as server:
        yield server


def port(srv: ServerThread) -> int:
    assert srv.server is not None
    return srv.server.http_port


def call(srv: ServerThread, method: str, path: str, **kw: Any) -> requests.Response:
    return requests.request(method, srv.http_url + PREFIX + path, headers=AUTH, timeout=10, **kw)


def assert_400(resp: requests.Response, *words: str) -> str:
    assert resp.status_code == 400, resp.text
    body = resp.json()
    assert body["code"] == 3
    for word in words:
        assert word in body["message"], body["message"]
    return str(body["message"])


@pytest.fixture(scope="module")
def run_id(srv: ServerThread) -> str:
    project = call(srv, "POST", "/project/createProject", json={"name": f"h-{uuid.uuid4().hex[:8]}"}).json()
    project_id = project["project"]["id"]
    experiment = call(srv, "POST", "/experiment/createExperiment", json={"project_id": project_id, "name": "e"})
    body = {"project_id": project_id, "experiment_id": experiment.json()["experiment"]["id"], "name": "r"}
    return str(call(srv, "POST", "/experiment-run/createExperimentRun", json=body).json()["experiment_run"]["id"])


# ---- defect 2: bodies bounded per route before authentication -------------------------------------------


@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "content-length"])
def test_anonymous_flood_to_an_unknown_path_is_answered_without_holding_it(srv: ServerThread, chunked: bool) -> None:
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {FLOOD}"
    head = f"POST /nope HTTP/1.1\r\nHost: x\r\n{framing}\r\n\r\n".encode()
    with PeakRss() as rss:
        answer, seconds = flood(port(srv), head, FLOOD, chunked)
    # An announced length over the route's 64 KiB is refused as such (413), a chunked one as unrouted (404).
    assert (answer.status, answer.body[:9]) in ((404, b"Not Found"), (413, b'{"error":'))
    assert answer.header("Connection") == "close"  # the rest of the body is not read: the client must know
    assert seconds < 5
    assert rss.growth < MAX_GROWTH, f"server memory grew by {rss.growth / MiB:.0f} MiB"


@pytest.mark.parametrize("authenticated", [False, True])
def test_get_artifact_with_a_flood_body_is_bounded(srv: ServerThread, authenticated: bool) -> None:
    auth = f"Authorization: Bearer {TOKEN}\r\n" if authenticated else ""
    head = (
        "GET /api/v1/artifact/getArtifact/f?artifact_path=a/b.bin HTTP/1.1\r\nHost: x\r\n"
        f"{auth}Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    with PeakRss() as rss:
        answer, seconds = flood(port(srv), head, FLOOD, chunked=True)
    # Anonymous: refused at once. Authenticated: the route takes at most 64 KiB of (ignored) body.
    assert answer.status == (413 if authenticated else 401), answer.body
    assert json.loads(answer.body)["code"] == (8 if authenticated else 16)
    assert answer.header("Connection") == "close"
    assert seconds < 5
    assert rss.growth < MAX_GROWTH, f"server memory grew by {rss.growth / MiB:.0f} MiB"


def test_rpc_route_refuses_an_anonymous_flood_before_reading_it(srv: ServerThread) -> None:
    head = f"POST {PREFIX}/project/createProject HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
    with PeakRss() as rss:
        answer, seconds = flood(port(srv), head, FLOOD, chunked=True)
    assert answer.status == 401 and answer.header("Connection") == "close"
    assert seconds < 5 and rss.growth < MAX_GROWTH


def test_get_artifact_with_a_small_body_still_works(srv: ServerThread) -> None:
    # A client that sends a stray body with its GET gets the ordinary answer (here: no such artifact).
    conn = RawConnection(port(srv))
    path = "/api/v1/artifact/getArtifact/f?artifact_path=none/x.bin"
    conn.send(request("GET", path, {**AUTH}, b"{}" * 100))
    assert conn.read_response().status == 404
    conn.send(request("GET", f"{PREFIX}/project/verifyConnection", AUTH))
    assert conn.read_response().status == 200
    conn.close()


# ---- defect 3 (body side): every decoding failure is a 400 ---------------------------------------------------


@pytest.mark.parametrize("depth", [150, 990, 5000, 100_000])
def test_deeply_nested_json_is_400(srv: ServerThread, depth: int) -> None:
    deep = "[" * depth + "]" * depth
    resp = call(srv, "POST", "/project/createProject", data=f'{{"name": "deep", "description": {deep}}}')
    assert_400(resp)
    hyper = f'{{"id": "x", "hyperparameter": {{"key": "k", "value": {deep}}}}}'
    assert_400(call(srv, "POST", "/experiment-run/logHyperparameter", data=hyper))


def test_deep_json_message_names_the_nesting(srv: ServerThread) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    assert_400(call(srv, "POST", "/project/createProject", data=deep), "nested too deeply")


def test_integers_too_long_to_convert_are_400(srv: ServerThread, run_id: str) -> None:
    digits = "1" * 5000
    assert_400(call(srv, "POST", "/project/createProject", data=f'{{"name": {digits}}}'), "number")
    metric = f'{{"id": "{run_id}", "metric": {{"key": "m", "value": {digits}}}}}'
    assert_400(call(srv, "POST", "/experiment-run/logMetric", data=metric))
    # The fast path of logBatch reads int64 strings itself.
    point = {"key": "m", "value": 1.0, "step": digits, "timestamp": 1}
    assert_400(call(srv, "POST", "/ext/logBatch", json={"run_id": run_id, "metric_points": [point]}))
    # Query strings.
    assert_400(call(srv, "GET", "/experiment-run/getExperimentRunsInProject", params={"page_number": digits}))
    query = {"project_id": "p", "page_limit": "²"}  # a Unicode digit: isdigit() but not int()
    assert_400(call(srv, "GET", "/experiment-run/getExperimentRunsInProject", params=query), "integer")


def test_huge_numbers_in_artifact_query_and_headers_are_400_or_ignored(srv: ServerThread) -> None:
    store = srv.http_url + "/api/v1/artifact/storeArtifact"
    params = {"artifact_path": "a/b", "upload_id": "u", "part_number": "9" * 5000}
    assert_400(requests.put(store, params=params, data=b"x", headers=AUTH, timeout=10), "part_number")
    params["part_number"] = "²"
    assert_400(requests.put(store, params=params, data=b"x", headers=AUTH, timeout=10), "part_number")
    get = srv.http_url + "/api/v1/artifact/getArtifact/f"
    resp = requests.get(
        get, params={"artifact_path": "no/such"}, headers={**AUTH, "Range": "bytes=" + "9" * 5000 + "-"}, timeout=10
    )
    assert resp.status_code == 404  # the absurd range is ignored; the artifact simply is not there


# ---- defect 8: answers before the handler keep or honestly close the connection ------------------------------


@pytest.mark.parametrize(
    ("first", "status"),
    [
        (request("GET", f"{PREFIX}/project/verifyConnection"), 401),
        (request("POST", f"{PREFIX}/project/createProject", {}, b'{"name": "nope"}'), 401),
        (request("GET", f"{PREFIX}/project/createProject", AUTH), 405),
        (request("POST", f"{PREFIX}/project/verifyConnection", AUTH, b"{}"), 405),
        (request("POST", "/nope", {}, b"x" * 1000), 404),
        (request("GET", "/api/v1/artifact/getArtifact/f?artifact_path=a/b"), 401),
        (request("PROPFIND", f"{PREFIX}/project/verifyConnection", AUTH), 405),
    ],
    ids=["401-get", "401-post", "405-get", "405-post", "404-body", "401-artifact", "405-unknown-verb"],
)
def test_refusal_then_next_request_on_the_same_connection(srv: ServerThread, first: bytes, status: int) -> None:
    conn = RawConnection(port(srv))
    conn.send(first)
    answer = conn.read_response()
    assert answer.status == status, answer.body
    if answer.header("Connection") == "close":
        assert conn.is_closed_by_server()
    else:  # kept alive: the next request must work
        conn.send(request("GET", f"{PREFIX}/project/verifyConnection", AUTH))
        assert conn.read_response().status == 200
    conn.close()


def test_small_refused_requests_keep_the_connection(srv: ServerThread) -> None:
    """Pipelined: a refused request with a small body, then a good one, sent together; both answered."""
    conn = RawConnection(port(srv))
    conn.send(
        request("POST", f"{PREFIX}/project/createProject", {}, b'{"name": "anonymous"}')
        + request("GET", f"{PREFIX}/project/verifyConnection")
        + request("GET", f"{PREFIX}/project/verifyConnection", AUTH)
    )
    first, second, third = conn.read_response(), conn.read_response(), conn.read_response()
    assert (first.status, second.status, third.status) == (401, 401, 200)
    assert first.header("Connection") is None and second.header("Connection") is None
    conn.close()


def test_body_over_the_limit_announces_close(srv: ServerThread) -> None:
    conn = RawConnection(port(srv))
    conn.send(f"POST {PREFIX}/project/createProject HTTP/1.1\r\nHost: x\r\nContent-Length: {64 * MiB}\r\n\r\n".encode())
    answer = conn.read_response()
    assert answer.status == 413 and answer.header("Connection") == "close"
    assert conn.is_closed_by_server()
    conn.close()


@pytest.mark.parametrize("length", ["abc", "12abc", "-1", "1e3", "²"])
def test_non_numeric_content_length_is_a_clear_400(srv: ServerThread, length: str) -> None:
    conn = RawConnection(port(srv))
    raw = f"POST {PREFIX}/project/createProject HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n\r\n"
    conn.send(raw.encode("latin1") + b"{}")
    answer = conn.read_response()
    assert answer.status == 400, answer.body
    assert "Content-Length must be a number" in json.loads(answer.body)["message"]
    assert answer.header("Connection") == "close"
    conn.close()


# ---- NUL inside JSON values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["a\u0000b", {"k": "a\u0000"}, {"k\u0000": 1}, [1, ["x", "\u0000"]], {"deep": [{"x": ["\u0000"]}]}],
    ids=["string", "struct-value", "struct-key", "list", "nested"],
)
def test_nul_inside_json_values_is_400_and_nothing_is_stored(srv: ServerThread, run_id: str, value: Any) -> None:
    body = {"id": run_id, "hyperparameter": {"key": f"k{uuid.uuid4().hex[:6]}", "value": value}}
    assert_400(call(srv, "POST", "/experiment-run/logHyperparameter", json=body), "NUL")
    stored = call(srv, "GET", "/experiment-run/getHyperparameters", params={"id": run_id}).json()
    assert body["hyperparameter"]["key"] not in [h["key"] for h in stored.get("hyperparameters", [])]


@pytest.mark.parametrize("value", [True, False, None], ids=["true", "false", "null"])
def test_metric_point_values_must_be_numbers(srv: ServerThread, run_id: str, value: Any) -> None:
    """json_format would store `true` as 1.0 and `null` as 0.0; the series would hold points nobody logged."""
    key = f"m{uuid.uuid4().hex[:6]}"
    points = [{"key": key, "step": 0, "value": 0.5}, {"key": key, "step": 1, "value": value}]
    body = {"run_id": run_id, "idempotency_key": uuid.uuid4().hex, "metric_points": points}
    assert_400(call(srv, "POST", "/ext/logBatch", json=body), "metric_points[1].value must be a number")
    query = {"run_ids": [run_id], "keys": [key]}
    assert call(srv, "POST", "/ext/getMetricHistory", json=query).json().get("series", []) == []  # nothing stored
    body["metric_points"] = points[:1]
    assert call(srv, "POST", "/ext/logBatch", json=body).status_code == 200
    [series] = call(srv, "POST", "/ext/getMetricHistory", json=query).json()["series"]
    assert series["values"] == [0.5]


def test_nul_inside_json_values_over_grpc(srv: ServerThread, run_id: str) -> None:
    with grpc.insecure_channel(srv.grpc_target) as channel:
        stub = experiment_run_service_pb2_grpc.ExperimentRunServiceStub(channel)
        kv = common_pb2.KeyValue(key="g")
        kv.value.string_value = "x\x00y"
        with pytest.raises(grpc.RpcError) as info:
            stub.logHyperparameter(
                experiment_run_service_pb2.LogHyperparameter(id=run_id, hyperparameter=kv),
                metadata=[("authorization", f"Bearer {TOKEN}")],
                timeout=10,
            )
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "NUL" in (info.value.details() or "")


# ---- gRPC garbage ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("garbage", [b"\xff\xff\xff\xff", b"\x0a\xff\xff\xff\x0f", b"\x08" * 3])
def test_grpc_undecodable_request_is_invalid_argument(srv: ServerThread, garbage: bytes) -> None:
    with grpc.insecure_channel(srv.grpc_target) as channel:
        raw = channel.unary_unary("/ai.verta.modeldb.ProjectService/createProject")
        with pytest.raises(grpc.RpcError) as info:
            raw(garbage, metadata=[("authorization", f"Bearer {TOKEN}")], timeout=10)
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT, info.value.details()
        assert "ai.verta.modeldb.CreateProject" in (info.value.details() or "")
        with pytest.raises(grpc.RpcError) as anonymous:
            raw(garbage, timeout=10)
        assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED


# ---- long request targets --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def http_server_url(srv: ServerThread) -> Iterator[str]:
    """The app behind make_http_server, as server.py runs it (same backend and event loop as `srv`)."""
    assert srv.server is not None
    backend = srv.server.backend
    sockets = tornado.netutil.bind_sockets(0, address="127.0.0.1")

    async def start() -> Any:
        server = make_http_server(make_app(backend))
        server.add_sockets(sockets)
        return server

    loop = srv._loop
    server = asyncio.run_coroutine_threadsafe(start(), loop).result(10)
    yield f"http://127.0.0.1:{sockets[0].getsockname()[1]}"
    loop.call_soon_threadsafe(server.stop)


def test_query_string_over_the_limit_is_414(http_server_url: str) -> None:
    url = http_server_url + PREFIX + "/project/getProjectByName"
    resp = requests.get(url, params={"name": "n" * (MAX_URI_BYTES + 10)}, headers=AUTH, timeout=10)
    assert resp.status_code == 414
    assert "POST" in resp.json()["message"] and str(MAX_URI_BYTES) in resp.json()["message"]
    below = requests.get(url, params={"name": "n" * (MAX_URI_BYTES - 200)}, headers=AUTH, timeout=10)
    assert below.status_code == 404  # read and answered: no such project


def test_long_target_refusal_keeps_the_connection(http_server_url: str) -> None:
    conn = RawConnection(int(http_server_url.rsplit(":", 1)[1]))
    conn.send(request("GET", f"{PREFIX}/project/getProjectByName?name=" + "n" * 200_000, AUTH))
    assert conn.read_response().status == 414
    conn.send(request("GET", f"{PREFIX}/project/verifyConnection", AUTH))
    assert conn.read_response().status == 200
    conn.close()
