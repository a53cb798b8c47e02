"""Helpers shared by the artifact tests: logging artifacts, asking for URLs, raw HTTP exchanges."""

from __future__ import annotations

import hashlib
import json
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

from tests.apiclient import Api
from tests.backend.runs_support import Ctx
from tests.servers import ServerThread

CODE = 6
DATA = 3


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def payload(size: int, seed: int = 0) -> bytes:
    """Deterministic bytes that do not repeat with a short period (so misplaced parts show up)."""
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return bytes(out[:size])


def content_path(data: bytes, key: str) -> str:
    """The path ModelDB's client logs: `<sha256>/<key>`."""
    return f"{sha256(data)}/{key}"


def log_artifact(c: Ctx, run_id: str, key: str, path: str, **extra: Any) -> None:
    c.call("logArtifact", {"id": run_id, "artifact": {"key": key, "path": path, "artifact_type": "BLOB", **extra}})


def url_for(c: Ctx, run_id: str, key: str, method: str, part: int = 0, artifact_type: int = 0) -> dict[str, Any]:
    request = {"id": run_id, "key": key, "method": method, "part_number": str(part), "artifact_type": artifact_type}
    return c.call("getUrlForArtifact", request)


def upload(url: str, data: bytes, headers: dict[str, str] | None = None) -> requests.Response:
    return requests.put(url, data=data, headers=headers or {}, timeout=30)


def raw_exchange(port: int, head: bytes, chunks: list[bytes], close_early: bool = False) -> bytes:
    """Send a request piece by piece; return what the server answers (or b"" when we hang up first)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        for chunk in chunks:
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break  # the server may hang up on us once it has answered
        if close_early:
            return b""
        sock.settimeout(5)
        received = b""
        try:
            while not _complete(received):
                data = sock.recv(65536)
                if not data:
                    break
                received += data
        except (TimeoutError, ConnectionResetError):
            pass
    return received


def _complete(response: bytes) -> bool:
    head, sep, body = response.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":", 1)[1])
    return False


def status_and_json(response: bytes) -> tuple[int, dict[str, Any]]:
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), json.loads(body)


def eventually(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll `check` until true (server-side clean-up runs on the server's own loop)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return check()


@contextmanager
def rest_ctx(srv: ServerThread, uniq: str) -> Iterator[Ctx]:
    """A fresh project and experiment on `srv`, reached over REST (the artifact endpoints are HTTP only)."""
    assert srv.server is not None
    api = Api(srv.server.backend, srv.http_url, srv.grpc_target, "rest")
    try:
        yield Ctx(api, uniq)
    finally:
        api.close()


def store_root(srv: ServerThread) -> Path:
    """The directory of the server's local artifact store."""
    return srv.server.backend.artifacts.root  # type: ignore[union-attr, attr-defined, no-any-return]
