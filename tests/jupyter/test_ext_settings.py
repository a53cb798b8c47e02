"""Every setting inside a real Jupyter server: from MODELDB_* variables (the traits' defaults) and from traitlets
config (which wins over them); a bad value leaves Jupyter serving and every ModelDB route saying why."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import grpc
import pytest

from modeldb_backend.pb.modeldb import common_pb2, experiment_run_service_pb2_grpc
from tests.jupyter.ext_support import extension_of, started_grpc_port
from tests.servers import free_port
from tests.settings_support import Probe


@pytest.fixture
def ext_env() -> dict[str, str]:
    return {}


@pytest.fixture
def ext_config() -> dict[str, Any]:
    return {}


@pytest.fixture
def jp_server_config(
    ext_env: dict[str, str], ext_config: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """Jupyter configured by the test's variables and traits only (nothing from the environment of the run)."""
    for key in [k for k in os.environ if k.startswith("MODELDB_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("MODELDB_HOME", str(tmp_path / "home"))
    for key, value in ext_env.items():
        monkeypatch.setenv(key, value.format(tmp=tmp_path))
    config = {k: v.format(tmp=tmp_path) if isinstance(v, str) else v for k, v in ext_config.items()}
    return {"ServerApp": {"jpserver_extensions": {"modeldb_jupyter": True}}, "ModelDBExtension": config}


def _probe(jp_serverapp: Any, jp_http_port: int, jp_base_url: str) -> Probe:
    base = f"http://127.0.0.1:{jp_http_port}{jp_base_url}modeldb/api/v1/modeldb"
    return Probe(base, {"Authorization": f"token {jp_serverapp.identity_provider.token}"})


async def _status(jp_fetch: Any) -> dict[str, Any]:
    return dict(json.loads((await jp_fetch("modeldb", "status")).body))


GRPC_PORT = free_port()
SETTINGS = {
    "db_url": "sqlite:///{tmp}/from-settings.sqlite",
    "artifact_root": "{tmp}/from-settings-artifacts",
    "max_body_size": 4096,
    "max_upload_size": 100,
    "heartbeat_sweep_seconds": 0.1,
}


async def _check_limits_and_sweep(probe: Probe) -> None:
    assert await asyncio.to_thread(probe.body_status, 1000) == 200
    assert await asyncio.to_thread(probe.body_status, 8000) == 413
    assert await asyncio.to_thread(probe.upload_status, b"u" * 100) == 200
    assert await asyncio.to_thread(probe.upload_status, b"u" * 101) == 413
    assert await asyncio.to_thread(probe.watchdog_kills, 10)


ENV_SETTINGS = {
    "MODELDB_DB_URL": str(SETTINGS["db_url"]),
    "MODELDB_ARTIFACT_ROOT": str(SETTINGS["artifact_root"]),
    "MODELDB_MAX_BODY_SIZE": "4096",
    "MODELDB_MAX_UPLOAD_SIZE": "100",
    "MODELDB_HEARTBEAT_SWEEP_SECONDS": "0.1",
    "MODELDB_GRPC_PORT": str(GRPC_PORT),
}


@pytest.mark.parametrize("ext_env", [ENV_SETTINGS])
async def test_environment_settings_are_honoured(
    jp_serverapp: Any, jp_fetch: Any, http_server: Any, jp_http_port: int, jp_base_url: str, tmp_path: Path
) -> None:
    extension = extension_of(jp_serverapp)
    assert (extension.max_body_size, extension.heartbeat_sweep_seconds) == (4096, 0.1)  # the traits' defaults
    status = await _status(jp_fetch)
    assert status["ok"] and status["database"] == f"sqlite:///{tmp_path}/from-settings.sqlite"
    assert status["artifact_store"] == f"{tmp_path}/from-settings-artifacts"
    probe = _probe(jp_serverapp, jp_http_port, jp_base_url)
    await _check_limits_and_sweep(probe)
    assert await started_grpc_port(jp_serverapp) == GRPC_PORT
    # gRPC callers get artifact URLs under Jupyter's mount (not MODELDB_HOST/MODELDB_PORT's defaults).
    run = await asyncio.to_thread(probe.new_run)
    artifact = {"key": "k", "path": "grpc/k", "artifact_type": "BLOB"}
    await asyncio.to_thread(probe.call, "experiment-run/logArtifact", {"id": run, "artifact": artifact})
    async with grpc.aio.insecure_channel(f"127.0.0.1:{GRPC_PORT}") as channel:
        stub = experiment_run_service_pb2_grpc.ExperimentRunServiceStub(channel)
        request = common_pb2.GetUrlForArtifact(id=run, key="k", method="PUT")
        metadata = (("authorization", f"Bearer {jp_serverapp.identity_provider.token}"),)
        reply = await stub.getUrlForArtifact(request, metadata=metadata, timeout=10)
    assert reply.url.startswith(f"http://127.0.0.1:{jp_http_port}{jp_base_url}modeldb/api/v1/artifact/"), reply.url


CONFLICTING_ENV = {
    "MODELDB_MAX_BODY_SIZE": "999999",
    "MODELDB_MAX_UPLOAD_SIZE": "999999",
    "MODELDB_HEARTBEAT_SWEEP_SECONDS": "0",
    "MODELDB_GRPC_PORT": str(GRPC_PORT),
}


@pytest.mark.parametrize(("ext_env", "ext_config"), [(CONFLICTING_ENV, {**SETTINGS, "grpc_port": "off"})])
async def test_traitlets_win_over_the_environment(
    jp_serverapp: Any, jp_fetch: Any, http_server: Any, jp_http_port: int, jp_base_url: str, tmp_path: Path
) -> None:
    status = await _status(jp_fetch)
    assert status["ok"] and status["database"] == f"sqlite:///{tmp_path}/from-settings.sqlite"
    await _check_limits_and_sweep(_probe(jp_serverapp, jp_http_port, jp_base_url))
    await asyncio.sleep(0.3)
    assert extension_of(jp_serverapp).grpc_bound_port is None


@pytest.mark.parametrize(("ext_env", "ext_config"), [({"MODELDB_GRPC_PORT": "off"}, {"grpc_port": 0})])
async def test_defaults_and_the_old_grpc_off(
    jp_serverapp: Any, http_server: Any, jp_http_port: int, jp_base_url: str, tmp_path: Path
) -> None:
    extension = extension_of(jp_serverapp)
    settings = extension.state.settings
    assert settings.db_url == f"sqlite:///{tmp_path}/home/modeldb.sqlite" and settings.grpc_port is None
    assert (settings.max_body_size, settings.heartbeat_sweep_seconds) == (32 * 1024 * 1024, 30.0)
    probe = _probe(jp_serverapp, jp_http_port, jp_base_url)
    assert await asyncio.to_thread(probe.body_status, 8000) == 200
    await asyncio.sleep(0.3)
    assert extension.grpc_bound_port is None  # 0, the trait's old "off", is still off


@pytest.mark.parametrize(
    ("ext_env", "ext_config", "message"),
    [
        ({"MODELDB_MAX_BODY_SIZE": "-1"}, {}, "MODELDB_MAX_BODY_SIZE must be an integer of at least 1, got '-1'"),
        ({}, {"max_upload_size": -5}, "ModelDBExtension.max_upload_size must be an integer of at least 1, got -5"),
        ({}, {"grpc_port": "grpc"}, "ModelDBExtension.grpc_port must be a port from 0 to 65535 or 'off'"),
    ],
)
async def test_a_bad_value_is_reported_on_every_route(
    jp_serverapp: Any, jp_fetch: Any, http_server: Any, jp_http_port: int, jp_base_url: str, message: str
) -> None:
    status = await _status(jp_fetch)
    assert not status["ok"] and message in status["error"], status
    probe = _probe(jp_serverapp, jp_http_port, jp_base_url)
    answer = await asyncio.to_thread(probe.post, "project/createProject", {"name": "p"})
    assert answer.status_code == 503 and message in answer.json()["message"]
