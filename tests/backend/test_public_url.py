"""MODELDB_PUBLIC_URL: the local store's artifact URLs point at the address clients reach the server at (a load
balancer), for gRPC callers (which have no Host header) and over REST, where it wins over Host and
X-Forwarded-Host. The load balancer here is a real TCP forwarder in front of a real server; the URLs it hands
out carry the bytes through it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from modeldb_backend.cli import main
from modeldb_backend.settings import Settings, SettingsError
from tests.apiclient import Api
from tests.backend.artifacts_support import content_path, log_artifact, url_for
from tests.backend.runs_support import Ctx
from tests.servers import ServerThread, settings_in

TIMEOUT = 30
STORE = "/api/v1/artifact/storeArtifact"


class Forwarder:
    """A TCP load balancer in miniature: every connection to its port is piped to `target` (set once known)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.target: tuple[str, int] | None = None
        self.connections = 0
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):  # the listener closed: the test is over
            while True:
                client, _ = self.listener.accept()
                assert self.target is not None
                upstream = socket.create_connection(self.target, timeout=TIMEOUT)
                self.connections += 1
                self._sockets += [client, upstream]
                for src, dst in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pipe, args=(src, dst), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self.listener.close()
        for sock in self._sockets:
            sock.close()


@contextlib.contextmanager
def rest_and_grpc(server: ServerThread) -> Iterator[tuple[Api, Api]]:
    """Clients of `server` over REST and over gRPC."""
    assert server.server is not None
    rest = Api(server.server.backend, server.http_url, server.grpc_target, "rest")
    grpc = Api(server.server.backend, server.http_url, server.grpc_target, "grpc")
    try:
        yield rest, grpc
    finally:
        rest.close()
        grpc.close()


@pytest.fixture
def balanced(tmp_path: Path) -> Iterator[tuple[ServerThread, Forwarder]]:
    """A server whose public URL is a forwarder's, in front of it."""
    forwarder = Forwarder()
    public = f"http://127.0.0.1:{forwarder.port}/"  # the trailing slash is dropped
    try:
        with ServerThread(settings_in(tmp_path, f"sqlite:///{tmp_path / 'm.sqlite'}", public_url=public)) as server:
            assert server.server is not None
            forwarder.target = ("127.0.0.1", server.server.http_port)
            yield server, forwarder
    finally:
        forwarder.close()


def test_artifact_urls_go_through_the_public_url_over_grpc_and_rest(
    balanced: tuple[ServerThread, Forwarder], uniq: str
) -> None:
    server, forwarder = balanced
    public = f"http://127.0.0.1:{forwarder.port}"
    with rest_and_grpc(server) as (rest, grpc):
        ctx, over_grpc = Ctx(rest, uniq), Ctx(grpc, uniq + "-g")
        run = ctx.create("r")
        data = b"through the balancer"
        log_artifact(ctx, run["id"], "k", content_path(data, "k"))
        put = url_for(over_grpc, run["id"], "k", "PUT")["url"]
        assert put.startswith(public + STORE), put
        assert requests.put(put, data=data, timeout=TIMEOUT).status_code == 200
        # REST: the operator's word wins over what the request says about the host
        rest.session.headers.update({"X-Forwarded-Host": "elsewhere.example", "X-Forwarded-Proto": "https"})
        get = url_for(ctx, run["id"], "k", "GET")["url"]
        assert get.startswith(public + "/"), get
        assert requests.get(get, timeout=TIMEOUT).content == data
        assert forwarder.connections >= 2  # the upload and the download went through the "balancer"


def test_without_it_rest_follows_the_request_and_grpc_the_bound_address(tmp_path: Path, uniq: str) -> None:
    with (
        ServerThread(settings_in(tmp_path, f"sqlite:///{tmp_path / 'm.sqlite'}")) as server,
        rest_and_grpc(server) as (rest, grpc),
    ):
        ctx, over_grpc = Ctx(rest, uniq), Ctx(grpc, uniq + "-g")
        run = ctx.create("r")
        log_artifact(ctx, run["id"], "k", "a/k")
        assert url_for(over_grpc, run["id"], "k", "PUT")["url"].startswith(server.http_url + STORE)
        rest.session.headers.update({"X-Forwarded-Host": "lb.example:8443", "X-Forwarded-Proto": "https"})
        assert url_for(ctx, run["id"], "k", "PUT")["url"].startswith("https://lb.example:8443" + STORE)


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("https://modeldb.example.org", "https://modeldb.example.org"),
        (" http://lb:8080/modeldb/ ", "http://lb:8080/modeldb"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("", None),
    ],
)
def test_the_setting_is_a_base_url(raw: str, parsed: str | None) -> None:
    assert Settings.from_env({"MODELDB_PUBLIC_URL": raw}).public_url == parsed


@pytest.mark.parametrize(
    "bad",
    ["lb:8080", "modeldb.example.org", "ftp://lb", "http://", "http://u:p@lb", "http://lb?x=1", "http://lb:99999"],
)
def test_a_bad_public_url_names_its_source(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SettingsError, match=r"MODELDB_PUBLIC_URL must be an http:// or https:// URL"):
        Settings.from_env({"MODELDB_PUBLIC_URL": bad})
    assert main(["serve", "--public-url", bad]) == 2
    assert "--public-url must be an http:// or https:// URL" in capsys.readouterr().err
