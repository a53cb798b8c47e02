"""grpc.health.v1.Health on the gRPC port: "", "ready", "live", unknown names, Watch, shutdown, and "ready"
turning NOT_SERVING when the database goes away under a running server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import psycopg2
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc  # type: ignore[import-untyped]  # the package ships no type information
from sqlalchemy.engine import make_url

from tests.postgres import fresh_database
from tests.servers import ServerThread, settings_in

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING
SERVICE_UNKNOWN = health_pb2.HealthCheckResponse.SERVICE_UNKNOWN


@pytest.fixture
def health(server: ServerThread) -> Iterator[health_pb2_grpc.HealthStub]:
    with grpc.insecure_channel(server.grpc_target) as channel:
        yield health_pb2_grpc.HealthStub(channel)


def _check(stub: health_pb2_grpc.HealthStub, service: str) -> int:
    return int(stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=10).status)


def test_server_ready_and_live_are_serving(health: health_pb2_grpc.HealthStub) -> None:
    assert _check(health, "") == SERVING
    assert _check(health, "ready") == SERVING
    assert _check(health, "live") == SERVING


def test_unknown_service_is_not_found(health: health_pb2_grpc.HealthStub) -> None:
    with pytest.raises(grpc.RpcError) as info:
        _check(health, "ai.verta.modeldb.ProjectService")
    assert info.value.code() == grpc.StatusCode.NOT_FOUND
    assert info.value.details() == "unknown service ai.verta.modeldb.ProjectService"


def test_watch_streams_the_status(health: health_pb2_grpc.HealthStub) -> None:
    known = health.Watch(health_pb2.HealthCheckRequest(service="ready"), timeout=10)
    assert next(known).status == SERVING
    known.cancel()
    unknown = health.Watch(health_pb2.HealthCheckRequest(service="nope"), timeout=10)
    assert next(unknown).status == SERVICE_UNKNOWN
    unknown.cancel()


def test_shutdown_ends_watches_with_not_serving(tmp_path: Path) -> None:
    srv = ServerThread(settings_in(tmp_path, f"sqlite:///{tmp_path / 'h.sqlite'}"))
    with srv, grpc.insecure_channel(srv.grpc_target) as channel:
        stream = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest(service=""), timeout=30)
        assert next(stream).status == SERVING
        seen: list[int] = []
        reader = threading.Thread(target=lambda: seen.extend(r.status for r in stream))
        reader.start()
        started = time.monotonic()
        srv.__exit__(None, None, None)
        srv.server = None  # stopped above; the `with` exit has nothing left to stop
        reader.join(10)
        assert seen == [NOT_SERVING] and not reader.is_alive()
        # An open Watch does not hold the shutdown for the gRPC grace period (11 s).
        assert time.monotonic() - started < 5


def test_ready_is_not_serving_when_the_database_is_gone(pg_server_url: str, tmp_path: Path) -> None:
    with fresh_database(pg_server_url) as url:
        srv = ServerThread(settings_in(tmp_path, url))
        with srv, grpc.insecure_channel(srv.grpc_target) as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            assert _check(stub, "ready") == SERVING
            admin = psycopg2.connect(make_url(pg_server_url).set(drivername="postgresql").render_as_string(False))
            admin.autocommit = True
            try:  # the server's connections are terminated and its database no longer exists
                admin.cursor().execute(f'DROP DATABASE "{make_url(url).database}" WITH (FORCE)')
            finally:
                admin.close()
            assert _check(stub, "ready") == NOT_SERVING
            assert _check(stub, "live") == SERVING
            assert _check(stub, "") == SERVING
