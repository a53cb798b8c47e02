"""Stopping the extension with gRPC on: an open grpc.health.v1 Watch hears NOT_SERVING and ends, and does not
hold Jupyter's shutdown for the gRPC grace period (the standalone server's side: tests/backend/test_grpc_health.py)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc  # type: ignore[import-untyped]  # the package ships no type information

from modeldb_jupyter.server_ext.app import GRPC_GRACE_S
from tests.jupyter.ext_support import server_config, started_grpc_port

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


@pytest.fixture
def jp_server_config(modeldb_db_url: str, tmp_path: Path, grpc_port: int) -> dict[str, Any]:
    return server_config(modeldb_db_url, tmp_path / "artifacts", grpc_port=grpc_port)


async def _started_grpc(jp_serverapp: Any) -> int:
    port = await started_grpc_port(jp_serverapp)
    assert port is not None, "the extension's gRPC server did not start"
    return port


@pytest.mark.parametrize("service", ["", "ready"])
async def test_stopping_ends_open_health_watches_at_once(
    jp_serverapp: Any, http_server: Any, grpc_port: int, service: str
) -> None:
    assert await _started_grpc(jp_serverapp) == grpc_port
    async with grpc.aio.insecure_channel(f"127.0.0.1:{grpc_port}") as channel:
        stream = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest(service=service))
        assert (await stream.read()).status == SERVING

        async def rest_of_stream() -> list[int]:
            seen: list[int] = []
            while (reply := await stream.read()) is not grpc.aio.EOF:
                seen.append(reply.status)
            return seen

        reader = asyncio.ensure_future(rest_of_stream())
        started = time.monotonic()
        await jp_serverapp.cleanup_extensions()  # what Jupyter does on shutdown, before its loop stops
        seconds = time.monotonic() - started
        assert await asyncio.wait_for(reader, 5) == [NOT_SERVING]
        assert await stream.code() == grpc.StatusCode.OK  # ended by the server, not cut off at the grace period
    assert seconds < GRPC_GRACE_S / 2, f"the open Watch held the shutdown for {seconds:.1f} s"
