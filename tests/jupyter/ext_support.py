"""The ModelDB extension inside a running Jupyter server (pytest-jupyter's `jp_serverapp`), for the tests that
look at its traits or reach its gRPC port."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

GRPC_START_TIMEOUT_S = 10


def server_config(
    db_url: str, artifact_root: Path, server_app: dict[str, Any] | None = None, **traits: Any
) -> dict[str, Any]:
    """A `jp_server_config` with the extension on, its store at `db_url` and `artifact_root`: `server_app` adds
    ServerApp traits, `traits` ModelDBExtension ones."""
    return {
        "ServerApp": {"jpserver_extensions": {"modeldb_jupyter": True}, **(server_app or {})},
        "ModelDBExtension": {"db_url": db_url, "artifact_root": str(artifact_root), **traits},
    }


def extension_of(jp_serverapp: Any) -> Any:
    """The extension's app object of this Jupyter server."""
    return next(iter(jp_serverapp.extension_manager.extension_apps["modeldb_jupyter"]))


async def started_grpc_port(jp_serverapp: Any) -> int | None:
    """The port the extension's gRPC server is bound to: it starts once Jupyter's loop runs, so this waits for it
    (at most GRPC_START_TIMEOUT_S; None when gRPC never started)."""
    extension = extension_of(jp_serverapp)
    for _ in range(GRPC_START_TIMEOUT_S * 20):
        if extension.grpc_bound_port:
            break
        await asyncio.sleep(0.05)
    port: int | None = extension.grpc_bound_port
    return port
