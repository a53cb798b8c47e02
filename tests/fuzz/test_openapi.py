"""The OpenAPI document: valid OpenAPI 3.1, complete, and served by the server at /api/v1/modeldb/openapi.json."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from openapi_spec_validator import validate

from modeldb_backend.transport.openapi import is_implemented, openapi_document
from tests.fuzz.support import DOCUMENT, AppServer, settings_for
from tests.servers import ServerThread

DOC_PATH = "/api/v1/modeldb/openapi.json"


def test_document_is_valid_openapi() -> None:
    validate(DOCUMENT)  # raises with the offending part on any mistake


def test_every_implemented_binding_is_documented(sqlite_app: AppServer) -> None:
    assert sqlite_app.backend is not None
    expected = {
        (b.method.lower(), b.path.removeprefix("/v1"))
        for rpc in sqlite_app.backend.rpcs.values()
        if is_implemented(rpc)
        for b in rpc.bindings
    }
    documented = {(method, path) for path, item in DOCUMENT["paths"].items() for method in item}
    assert documented == expected
    assert len(documented) > 150


def test_served_document(sqlite_app: AppServer) -> None:
    resp = requests.get(sqlite_app.http_url + DOC_PATH, timeout=10)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/json"
    served = resp.json()
    assert served["servers"] == [{"url": "/api/v1/modeldb"}]
    assert served["paths"] == json.loads(json.dumps(DOCUMENT["paths"]))
    validate(served)
    # schemathesis reads it too, and resolves the server URL against where it found the document
    schema = schemathesis.openapi.from_url(sqlite_app.http_url + DOC_PATH)
    operation = schema["/project/createProject"]["POST"]
    assert operation.label == "POST /project/createProject"


def test_served_document_ignores_a_body_and_refuses_other_methods(sqlite_app: AppServer) -> None:
    url = sqlite_app.http_url + DOC_PATH
    resp = requests.post(url, data=b"x" * 1000, timeout=10)
    assert resp.status_code == 405
    assert resp.json()["code"] == 12
    resp = requests.get(url, data=b"{}" * 30_000, timeout=10)  # read and dropped, never held
    assert resp.status_code == 200
    resp = requests.get(url, data=b"{}" * 100_000, timeout=10)  # over the 64 KiB of routes without a body
    assert resp.status_code == 413
    assert resp.headers["Connection"] == "close"
    assert requests.head(url, timeout=10).status_code == 200


def test_served_document_with_chunked_garbage_body(sqlite_app: AppServer) -> None:
    """A small chunked body on the GET is streamed past, not buffered, and the answer is still the document."""
    with socket.create_connection(("127.0.0.1", sqlite_app.port), timeout=10) as sock:
        chunk = b"z" * 4096
        head = f"GET {DOC_PATH} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        sock.sendall(head.encode())
        for _ in range(8):  # 32 KiB
            sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
        sock.sendall(b"0\r\n\r\n")
        data = b""
        while part := sock.recv(65536):
            data += part
    assert data.startswith(b"HTTP/1.1 200")
    assert b'"openapi": "3.1.0"' in data


def test_document_under_another_mount() -> None:
    """The Jupyter extension serves it under {base_url}modeldb/: the server URL follows the prefix."""
    doc = openapi_document([], "/user/me/modeldb/api/v1/modeldb", bearer_auth=True)
    assert doc["servers"] == [{"url": "/user/me/modeldb/api/v1/modeldb"}]
    assert doc["security"] == [{"bearer": []}]
    validate(doc)


# --- served by the real servers (needs the one-line hooks in rest.make_app and the Jupyter extension) ----------

JUPYTER_BASE = "/hub/user/jo.doe-1/"


def test_standalone_server_serves_the_document(tmp_path: Path) -> None:
    with ServerThread(settings_for(tmp_path, f"sqlite:///{tmp_path / 'doc.sqlite'}")) as srv:
        resp = requests.get(srv.http_url + DOC_PATH, timeout=10)
        assert resp.status_code == 200, resp.text[:200]
        assert resp.json()["servers"] == [{"url": "/api/v1/modeldb"}]


@pytest.fixture
def jp_base_url() -> str:
    return JUPYTER_BASE


@pytest.fixture
def jp_server_config(tmp_path: Path) -> dict[str, Any]:
    return {
        "ServerApp": {"jpserver_extensions": {"modeldb_jupyter": True}},
        "ModelDBExtension": {"db_url": f"sqlite:///{tmp_path / 'jp.sqlite'}", "artifact_root": str(tmp_path / "a")},
    }


async def test_jupyter_extension_serves_the_document(jp_fetch: Any) -> None:
    """Under {base_url}modeldb/, with the server URL of that mount (the same RPC routes as the gateway's)."""
    resp = await jp_fetch("modeldb", "api", "v1", "modeldb", "openapi.json", method="GET")
    doc = json.loads(resp.body)
    assert doc["servers"] == [{"url": f"{JUPYTER_BASE}modeldb/api/v1/modeldb"}]
    assert doc["paths"] == json.loads(json.dumps(DOCUMENT["paths"]))
