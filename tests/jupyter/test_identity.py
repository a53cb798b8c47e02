"""Team identity inside Jupyter: the owner of what a request creates and the audit actor are people.

An identity provider that names its users (JupyterHub's does; `HubUsers` stands for it: the hub user comes
with the request) gives each browser request its user; the kernels (the kernel secret) and gRPC (Jupyter's
token) are the user the server runs for (JUPYTERHUB_USER). Jupyter's own provider knows only a random name per
browser: its callers are the server's user too, never `local` and never that random name. The embedded
client (no server) is that person as well.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import grpc
import pytest
from jupyter_core.utils import ensure_async
from jupyter_server.auth.identity import IdentityProvider, User
from tornado.httpclient import AsyncHTTPClient, HTTPResponse
from traitlets.config.loader import PyFileConfigLoader

from modeldb_backend.pb.ext import extension_pb2 as extension
from modeldb_backend.pb.modeldb import project_service_pb2 as projects
from modeldb_jupyter.client import Client
from modeldb_jupyter.server_ext.app import KERNEL_TOKEN_ENV
from tests.client.conftest import ENV_KEYS
from tests.jupyter.ext_support import server_config, started_grpc_port

HUB_OWNER = "hub-owner"  # the user the server was spawned for
HUB_CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub" / "jupyterhub_config.py"


class HubUsers(IdentityProvider):
    """Stands for JupyterHub's provider: a token-authenticated request is the hub user it names."""

    async def get_user(self, handler: Any) -> User | None:
        user = await ensure_async(super().get_user(handler))
        name = handler.request.headers.get("X-Hub-User")
        return User(name) if user is not None and name else None


@pytest.fixture(autouse=True)
def hub_owner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", HUB_OWNER)


@pytest.fixture
def modeldb_db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'modeldb.sqlite'}"  # identity does not depend on the database


@pytest.fixture
def identity_provider_class() -> type[IdentityProvider]:
    return HubUsers


@pytest.fixture
def jp_server_config(
    modeldb_db_url: str, tmp_path: Path, grpc_port: int, identity_provider_class: type[IdentityProvider]
) -> dict[str, Any]:
    server_app = {"identity_provider_class": identity_provider_class}
    return server_config(modeldb_db_url, tmp_path / "artifacts", server_app, grpc_port=grpc_port)


class Mount:
    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token

    async def call(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        response: HTTPResponse = await AsyncHTTPClient().fetch(
            f"{self.base}/{path}", method="POST", body=json.dumps(body), headers=headers, raise_error=False
        )
        assert response.code == 200, response.body
        return dict(json.loads(response.body))

    def browser(self, user: str | None = None) -> dict[str, str]:
        return {"Authorization": f"token {self.token}", **({"X-Hub-User": user} if user else {})}

    async def actors(self, entity_id: str) -> list[str]:
        found = await self.call("ext/findAuditRecords", {"entity_id": entity_id}, self.browser("auditor"))
        return [r["actor"] for r in found.get("records", [])]


@pytest.fixture
def mount(jp_serverapp: Any, http_server: Any, jp_http_port: int, jp_base_url: str) -> Mount:
    base = f"http://127.0.0.1:{jp_http_port}{jp_base_url}modeldb/api/v1/modeldb"
    return Mount(base, jp_serverapp.identity_provider.token)


def kernel() -> dict[str, str]:
    return {"Authorization": f"Bearer {os.environ[KERNEL_TOKEN_ENV]}"}


async def test_hub_users_and_the_kernel_are_told_apart(mount: Mount) -> None:
    project = (await mount.call("project/createProject", {"name": "team"}, mount.browser("alice")))["project"]
    experiment = (
        await mount.call("experiment/createExperiment", {"project_id": project["id"], "name": "e"}, mount.browser("bo"))
    )["experiment"]
    run = {"project_id": project["id"], "experiment_id": experiment["id"], "name": "r"}
    created = (await mount.call("experiment-run/createExperimentRun", run, kernel()))["experiment_run"]
    run_id = created["id"]
    assert created["owner"] == HUB_OWNER
    assert (project["owner"], experiment["owner"]) == ("alice", "bo")
    assert await mount.actors(project["id"]) == ["alice"]
    assert await mount.actors(experiment["id"]) == ["bo"]
    assert await mount.actors(run_id) == [HUB_OWNER]
    # bo changes alice's project: the record names bo, the project stays alice's
    await mount.call("project/updateProjectDescription", {"id": project["id"], "description": "x"}, mount.browser("bo"))
    assert await mount.actors(project["id"]) == ["alice", "bo"]


async def test_grpc_inside_jupyter_is_the_servers_user(mount: Mount, jp_serverapp: Any, grpc_port: int) -> None:
    assert await started_grpc_port(jp_serverapp) == grpc_port
    async with grpc.aio.insecure_channel(f"127.0.0.1:{grpc_port}") as channel:
        create = channel.unary_unary(
            "/ai.verta.modeldb.ProjectService/createProject",
            request_serializer=projects.CreateProject.SerializeToString,
            response_deserializer=projects.CreateProject.Response.FromString,
        )
        answer = await create(
            projects.CreateProject(name="over-grpc"), metadata=(("authorization", f"Bearer {mount.token}"),), timeout=10
        )
    assert answer.project.owner == HUB_OWNER
    assert await mount.actors(answer.project.id) == [HUB_OWNER]


@pytest.mark.parametrize("identity_provider_class", [IdentityProvider])
async def test_jupyters_own_provider_means_the_servers_user(mount: Mount) -> None:
    """Jupyter's token login gives each browser a random user name: the person is the server's user."""
    project = (await mount.call("project/createProject", {"name": "solo"}, mount.browser()))["project"]
    assert project["owner"] == HUB_OWNER
    assert await mount.actors(project["id"]) == [HUB_OWNER]


def test_jupyterhub_example_config_points_every_server_at_the_shared_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELDB_DB_URL", "postgresql+psycopg2://modeldb@db:5432/modeldb")
    monkeypatch.setenv("MODELDB_S3_ENDPOINT_URL", "http://minio:9000")
    monkeypatch.delenv("MODELDB_ARTIFACT_ROOT", raising=False)
    config = PyFileConfigLoader(HUB_CONFIG.name, str(HUB_CONFIG.parent)).load_config()
    environment = config.Spawner.environment
    assert environment["MODELDB_DB_URL"] == "postgresql+psycopg2://modeldb@db:5432/modeldb"
    assert environment["MODELDB_S3_ENDPOINT_URL"] == "http://minio:9000"
    assert environment["MODELDB_ARTIFACT_ROOT"] == "s3://modeldb/artifacts"
    assert "AWS_SECRET_ACCESS_KEY" not in environment  # only what the hub's environment has
    assert config.Spawner.args == ["--ServerApp.jpserver_extensions=modeldb_jupyter=True"]


def test_the_embedded_client_is_the_person(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No server in between: the calls are the JupyterHub user's (else the OS account's), never `local`."""
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MODELDB_HOME", str(tmp_path))
    client = Client()
    try:
        assert client.target.kind == "embedded"
        created = client.call(projects.CreateProject(name="mine"))
        assert created.project.owner == HUB_OWNER
        audit = client.call(extension.FindAuditRecords(entity_id=created.project.id))
        assert [r.actor for r in audit.records] == [HUB_OWNER]
        client.set_project("p")
        client.set_experiment("e")
        run = client.set_experiment_run("r")
        run.log_artifact("weights", b"bytes")  # its upload is recorded too
        run_audit = client.call(extension.FindAuditRecords(entity_id=run.id))
        assert {r.action for r in run_audit.records} >= {"createExperimentRun", "logArtifact", "storeArtifact"}
        assert {r.actor for r in run_audit.records} == {HUB_OWNER}
    finally:
        client.close(timeout=30)
