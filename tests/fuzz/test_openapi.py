"""The OpenAPI document: valid OpenAPI 3.1, complete, and served by the server at /api/v1/modeldb/openapi.json."""

from __future__ import annotations

import json
import socket

import requests
import schemathesis
from openapi_spec_validator import validate

from modeldb_backend.transport.openapi import is_implemented, openapi_document
from tests.fuzz.support import DOCUMENT, AppServer

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
    resp = requests.get(url, data=b"{}" * 100_000, timeout=10)  # read and dropped, never held
    assert resp.status_code == 200
    assert requests.head(url, timeout=10).status_code == 200


def test_served_document_with_chunked_garbage_body(sqlite_app: AppServer) -> None:
    """A chunked body on the GET is streamed past, not buffered, and the answer is still the document."""
    with socket.create_connection(("127.0.0.1", sqlite_app.port), timeout=10) as sock:
        chunk = b"z" * 65536
        head = f"GET {DOC_PATH} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        sock.sendall(head.encode())
        for _ in range(64):  # 4 MiB
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
