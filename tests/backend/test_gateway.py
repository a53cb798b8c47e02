"""The REST gateway's encoding rules, as grpc-gateway v1 applies them for ModelDB's clients."""

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from modeldb_backend.settings import Settings
from tests.servers import ServerThread

SMALL_BODY_LIMIT = 1024
PREFIX = "/api/v1/modeldb"


def _settings(tmp: Path, **overrides: Any) -> Settings:
    return Settings(db_url=f"sqlite:///{tmp / 'gw.sqlite'}", artifact_root=str(tmp / "artifacts"), **overrides)


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    with ServerThread(_settings(tmp_path_factory.mktemp("gateway"))) as srv:
        yield srv


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    settings = _settings(tmp_path_factory.mktemp("small-body"), max_body_size=SMALL_BODY_LIMIT)
    with ServerThread(settings) as srv:
        yield srv


def name() -> str:
    return f"gw-{uuid.uuid4().hex[:10]}"


def post(srv: ServerThread, path: str, body: Any, raw: bool = False) -> requests.Response:
    data = body if raw else json.dumps(body)
    return requests.post(srv.http_url + PREFIX + path, data=data, timeout=10)


def get(srv: ServerThread, path: str, params: Any = None) -> requests.Response:
    return requests.get(srv.http_url + PREFIX + path, params=params, timeout=10)


def create(srv: ServerThread, body: dict[str, Any]) -> dict[str, Any]:
    resp = post(srv, "/project/createProject", body)
    assert resp.status_code == 200, resp.text
    return resp.json()["project"]  # type: ignore[no-any-return]


def project_count(srv: ServerThread) -> int:
    return int(get(srv, "/project/getProjects").json().get("total_records", "0"))


def assert_error(resp: requests.Response, status: int, code: int) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    assert resp.headers["Content-Type"].startswith("application/json")
    body = resp.json()
    assert body["code"] == code and isinstance(body["message"], str) and body["message"], body
    assert body["error"] == body["message"]
    return body  # type: ignore[no-any-return]


def snake_case_keys(data: Any) -> bool:
    if isinstance(data, dict):
        return all(k == k.lower() and snake_case_keys(v) for k, v in data.items())
    if isinstance(data, list):
        return all(snake_case_keys(v) for v in data)
    return True


# ---- request bodies -------------------------------------------------------------------------------------


def test_malformed_json_is_400(gw: ServerThread) -> None:
    body = assert_error(post(gw, "/project/createProject", b'{"name": "x",', raw=True), 400, 3)
    assert "JSON" in body["message"]
    assert_error(post(gw, "/project/createProject", b"[1, 2]", raw=True), 400, 3)
    assert_error(post(gw, "/project/createProject", b"\xff\xfe", raw=True), 400, 3)


@pytest.mark.parametrize(
    "body",
    [{"tags": 5}, {"name": {"a": 1}}, {"date_created": "soon"}, {"project_visibility": [1]}],
)
def test_wrong_types_are_400(gw: ServerThread, body: dict[str, Any]) -> None:
    assert_error(post(gw, "/project/createProject", {"name": name(), **body}), 400, 3)


def test_unknown_fields_are_ignored(gw: ServerThread) -> None:
    n = name()
    project = create(gw, {"name": n, "no_such_field": 1, "nested": {"deep": [1, 2]}, "description": "d"})
    assert project["name"] == n and project["description"] == "d"


def test_lower_camel_names_in_bodies(gw: ServerThread) -> None:
    project = create(gw, {"name": name(), "readmeText": "hello", "dateCreated": "1600000000000"})
    assert project["readme_text"] == "hello"
    assert project["date_created"] == "1600000000000"


def test_int64_as_string_or_number(gw: ServerThread) -> None:
    as_string = create(gw, {"name": name(), "date_created": "1600000000123"})
    as_number = create(gw, {"name": name(), "date_created": 1600000000456})
    assert as_string["date_created"] == "1600000000123"
    assert as_number["date_created"] == "1600000000456"


def test_enums_as_names_or_numbers(gw: ServerThread) -> None:
    by_name = create(gw, {"name": name(), "project_visibility": "PUBLIC"})
    by_number = create(gw, {"name": name(), "project_visibility": 1})
    assert by_name["project_visibility"] == by_number["project_visibility"] == "PUBLIC"
    default = create(gw, {"name": name(), "project_visibility": 0})
    assert "project_visibility" not in default


def test_responses_are_snake_case_with_defaults_omitted(gw: ServerThread) -> None:
    project = create(
        gw, {"name": name(), "attributes": [{"key": "k", "value": 3, "value_type": "NUMBER"}], "tags": ["t"]}
    )
    assert snake_case_keys(project)
    assert isinstance(project["date_created"], str) and project["date_created"].isdigit()
    assert isinstance(project["date_updated"], str)
    for empty in ("description", "readme_text", "project_visibility", "artifacts", "workspace_id"):
        assert empty not in project, empty
    assert project["attributes"] == [{"key": "k", "value": 3, "value_type": "NUMBER"}]
    total = get(gw, "/project/getProjects", {"page_number": 1, "page_limit": 1}).json()["total_records"]
    assert isinstance(total, str) and int(total) >= 1


# ---- query strings --------------------------------------------------------------------------------------


def test_lower_camel_names_in_query_strings(gw: ServerThread) -> None:
    n = name()
    project = create(gw, {"name": n})
    for key in ("workspace_name", "workspaceName"):
        found = get(gw, "/project/getProjectByName", {"name": n, key: "personal"})
        assert found.status_code == 200 and found.json()["project_by_user"]["id"] == project["id"]
        assert_error(get(gw, "/project/getProjectByName", {"name": n, key: "elsewhere"}), 404, 5)
    paged = get(gw, "/project/getProjects", {"pageNumber": 1, "pageLimit": 1}).json()
    assert len(paged["projects"]) == 1


@pytest.mark.parametrize(
    ("text", "value"), [("True", True), ("true", True), ("1", True), ("false", False), ("0", False), ("False", False)]
)
def test_booleans_in_query_strings(gw: ServerThread, text: str, value: bool) -> None:
    attrs = [{"key": "a", "value": 1}, {"key": "b", "value": 2}]
    project = create(gw, {"name": name(), "attributes": attrs})
    resp = get(gw, "/project/getProjectAttributes", {"id": project["id"], "attribute_keys": "a", "get_all": text})
    assert resp.status_code == 200, resp.text
    keys = sorted(a["key"] for a in resp.json()["attributes"])
    assert keys == (["a", "b"] if value else ["a"])


def test_bad_query_values_are_400(gw: ServerThread) -> None:
    assert_error(get(gw, "/project/getProjectAttributes", {"id": "x", "get_all": "maybe"}), 400, 3)
    assert_error(get(gw, "/project/getProjects", {"page_limit": "many"}), 400, 3)


def test_unknown_query_parameters_are_ignored(gw: ServerThread) -> None:
    resp = get(gw, "/project/verifyConnection", {"whatever": "1", "x.y.z": "2"})
    assert resp.status_code == 200 and resp.json() == {"status": True}


# ---- routing --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/nothing/here", "/api/v1/modeldb/project/noSuchRpc", "/api/v1/uac-proxy/uac/getCurrentUser", "/"]
)
def test_unknown_paths_are_plain_404(gw: ServerThread, path: str) -> None:
    for method in ("GET", "POST"):
        resp = requests.request(method, gw.http_url + path, timeout=10)
        assert resp.status_code == 404
        assert resp.text == "Not Found"
        assert resp.headers["Content-Type"].startswith("text/plain")


def test_both_prefixes_work(gw: ServerThread) -> None:
    for prefix in ("/api/v1/modeldb", "/v1"):
        resp = requests.get(gw.http_url + prefix + "/project/verifyConnection", timeout=10)
        assert resp.status_code == 200 and resp.json() == {"status": True}
        made = requests.post(gw.http_url + prefix + "/project/createProject", json={"name": name()}, timeout=10)
        assert made.status_code == 200, made.text


def test_wrong_method_is_405(gw: ServerThread) -> None:
    assert_error(requests.get(gw.http_url + PREFIX + "/project/createProject", timeout=10), 405, 12)
    assert_error(requests.post(gw.http_url + PREFIX + "/project/verifyConnection", timeout=10), 405, 12)
    assert_error(requests.delete(gw.http_url + "/v1/project/getProjectById", timeout=10), 405, 12)


# ---- body size limit ------------------------------------------------------------------------------------


def _raw_exchange(srv: ServerThread, head: bytes, chunks: list[bytes]) -> bytes:
    """Send a request piece by piece and return whatever the server answers (until it closes or goes quiet)."""
    with socket.create_connection(("127.0.0.1", srv.server.http_port), timeout=10) as sock:  # type: ignore[union-attr]
        sock.sendall(head)
        for chunk in chunks:
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break  # the server may hang up on us once it has answered
        sock.settimeout(5)
        received = b""
        try:
            while b"\r\n\r\n" not in received or not _complete(received):
                data = sock.recv(65536)
                if not data:
                    break
                received += data
        except (TimeoutError, ConnectionResetError):
            pass
    return received


def _complete(response: bytes) -> bool:
    head, _, body = response.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":", 1)[1])
    return False


def _status_and_body(response: bytes) -> tuple[int, dict[str, Any]]:
    head, _, body = response.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body)


def test_body_over_limit_by_content_length_is_413_before_reading_it(small: ServerThread) -> None:
    announced = 100 * 1024 * 1024
    head = (
        f"POST {PREFIX}/project/createProject HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {announced}\r\n\r\n"
    ).encode()
    # Only a sliver of the announced 100 MB is ever sent: the answer must not wait for the rest.
    response = _raw_exchange(small, head, [b'{"name": "' + b"x" * 100])
    assert response, "no answer before the body was complete"
    status, body = _status_and_body(response)
    assert status == 413 and body["code"] == 8 and str(SMALL_BODY_LIMIT) in body["message"]


def test_chunked_body_growing_over_limit_is_413(small: ServerThread) -> None:
    head = (
        f"POST {PREFIX}/project/createProject HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    # A valid request that would create a project if the server ran it after rejecting the body.
    n = name()
    body = json.dumps({"name": n, "description": "y" * 3 * SMALL_BODY_LIMIT}).encode()
    pieces = [body[i : i + 400] for i in range(0, len(body), 400)]
    chunks = [f"{len(p):x}\r\n".encode() + p + b"\r\n" for p in pieces] + [b"0\r\n\r\n"]
    before = project_count(small)
    status, answer = _status_and_body(_raw_exchange(small, head, chunks))
    assert status == 413 and answer["code"] == 8
    assert get(small, "/project/getProjectByName", {"name": n}).status_code == 404
    assert project_count(small) == before


def test_full_body_over_limit_is_413_and_not_run(small: ServerThread) -> None:
    n = name()
    before = project_count(small)
    resp = post(small, "/project/createProject", {"name": n, "description": "y" * 2 * SMALL_BODY_LIMIT})
    assert_error(resp, 413, 8)
    assert get(small, "/project/getProjectByName", {"name": n}).status_code == 404
    assert project_count(small) == before


def test_body_under_limit_is_accepted(small: ServerThread) -> None:
    resp = post(small, "/project/createProject", {"name": name(), "description": "y" * 500})
    assert resp.status_code == 200, resp.text
    chunked = requests.post(
        small.http_url + PREFIX + "/project/createProject",
        data=iter([json.dumps({"name": name()}).encode()]),
        timeout=10,
    )
    assert chunked.status_code == 200, chunked.text
