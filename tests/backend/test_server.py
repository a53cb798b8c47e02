"""`modeldb-backend serve` as a real subprocess: logs, REST, gRPC stubs, signals, bind policy and tokens."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import grpc
import pytest
import requests
from sqlalchemy.engine import make_url

from modeldb_backend.pb.common import common_pb2
from modeldb_backend.pb.modeldb import (
    experiment_run_service_pb2,
    experiment_run_service_pb2_grpc,
    experiment_service_pb2,
    experiment_service_pb2_grpc,
    project_service_pb2,
    project_service_pb2_grpc,
)

STARTUP_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0
TOKEN = "s3cret-token"


class ServeProcess:
    """One `python -m modeldb_backend.cli serve` child; stderr (the log) is collected line by line."""

    def __init__(self, home: Path, *args: str, env: dict[str, str] | None = None) -> None:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("MODELDB_")}
        full_env.update({"MODELDB_HOME": str(home), **(env or {})})
        command = [sys.executable, "-m", "modeldb_backend.cli", "serve", "--port", "0", "--grpc-port", "0", *args]
        self.proc = subprocess.Popen(command, env=full_env, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, pattern: str, timeout: float = STARTUP_TIMEOUT) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.log)
            if match:
                return match
            if self.proc.poll() is not None:
                self._reader.join(2)
                match = re.search(pattern, self.log)
                if match:
                    return match
                raise AssertionError(f"server exited with {self.proc.returncode} before {pattern!r}:\n{self.log}")
            time.sleep(0.02)
        raise AssertionError(f"no {pattern!r} in the log within {timeout}s:\n{self.log}")

    def wait_started(self) -> tuple[str, str]:
        """The REST base URL and gRPC target, as the server reports them."""
        rest = self.wait_for(r"REST gateway listening on (http://\S+?)/api/v1/modeldb/")
        grpc_target = self.wait_for(r"gRPC listening on (\S+)")
        self.wait_for(r"authentication: ")
        return rest.group(1), grpc_target.group(1)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(STOP_TIMEOUT)
        finally:
            self._reader.join(2)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self._reader.join(2)


Spawn = Callable[..., ServeProcess]


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Spawn]:
    """Start servers with `spawn(*args, env=...)`; any still running at the end are killed."""
    started: list[ServeProcess] = []

    def start(*args: str, env: dict[str, str] | None = None) -> ServeProcess:
        proc = ServeProcess(tmp_path / "home", *args, env=env)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.kill()


def grpc_stubs(target: str) -> tuple[grpc.Channel, project_service_pb2_grpc.ProjectServiceStub]:
    channel = grpc.insecure_channel(target)
    return channel, project_service_pb2_grpc.ProjectServiceStub(channel)


def test_serve_sqlite_rest_grpc_and_sigterm(spawn: Spawn, tmp_path: Path) -> None:
    server = spawn()
    rest, target = server.wait_started()
    sqlite_file = tmp_path / "home" / "modeldb.sqlite"
    assert re.search(rf"database: sqlite:///{re.escape(str(sqlite_file))} \(sqlite\)", server.log), server.log
    assert re.match(r"http://127\.0\.0\.1:\d+$", rest) and re.match(r"127\.0\.0\.1:\d+$", target)
    assert "authentication: none" in server.log
    assert sqlite_file.exists()

    assert requests.get(f"{rest}/api/v1/modeldb/project/verifyConnection", timeout=10).json() == {"status": True}
    made = requests.post(f"{rest}/api/v1/modeldb/project/createProject", json={"name": "via-rest"}, timeout=10)
    assert made.status_code == 200, made.text

    channel, projects = grpc_stubs(target)
    with channel:
        created = projects.createProject(project_service_pb2.CreateProject(name="via-grpc"), timeout=10).project
        assert created.id and created.name == "via-grpc"
        got = projects.getProjectById(project_service_pb2.GetProjectById(id=created.id), timeout=10).project
        assert got.id == created.id and got.name == "via-grpc"
        rest_view = requests.get(
            f"{rest}/api/v1/modeldb/project/getProjectById", params={"id": created.id}, timeout=10
        ).json()
        assert rest_view["project"]["name"] == "via-grpc"

    assert server.stop(signal.SIGTERM) == 0, server.log
    assert "shutting down" in server.log and "stopped" in server.log


def test_grpc_find_projects(spawn: Spawn) -> None:
    server = spawn()
    _, target = server.wait_started()
    channel, projects = grpc_stubs(target)
    with channel:
        created = [
            projects.createProject(project_service_pb2.CreateProject(name=n), timeout=10).project
            for n in ("alpha", "beta")
        ]
        by_name = common_pb2.KeyValueQuery(key="name", operator=common_pb2.OperatorEnum.EQ)
        by_name.value.string_value = "beta"
        found = projects.findProjects(project_service_pb2.FindProjects(predicates=[by_name]), timeout=10)
        assert [p.id for p in found.projects] == [created[1].id] and found.total_records == 1
        everything = projects.findProjects(project_service_pb2.FindProjects(), timeout=10)
        assert {p.id for p in everything.projects} == {p.id for p in created}
    assert server.stop() == 0, server.log


def test_grpc_experiment_run_stubs(spawn: Spawn) -> None:
    """ModelDB's canonical flow through our generated stubs: project → experiment → run → read back."""
    server = spawn()
    _, target = server.wait_started()
    channel, projects = grpc_stubs(target)
    with channel:
        experiments = experiment_service_pb2_grpc.ExperimentServiceStub(channel)
        runs = experiment_run_service_pb2_grpc.ExperimentRunServiceStub(channel)
        project = projects.createProject(project_service_pb2.CreateProject(name="flow"), timeout=10).project
        experiment = experiments.createExperiment(
            experiment_service_pb2.CreateExperiment(project_id=project.id, name="e"), timeout=10
        ).experiment
        run = runs.createExperimentRun(
            experiment_run_service_pb2.CreateExperimentRun(
                project_id=project.id, experiment_id=experiment.id, name="r", tags=["t"]
            ),
            timeout=10,
        ).experiment_run
        got = runs.getExperimentRunById(experiment_run_service_pb2.GetExperimentRunById(id=run.id), timeout=10)
        assert got.experiment_run.name == "r" and list(got.experiment_run.tags) == ["t"]
        assert got.experiment_run.experiment_id == experiment.id
    assert server.stop(signal.SIGTERM) == 0, server.log


def test_sigint_stops_cleanly(spawn: Spawn) -> None:
    server = spawn()
    rest, _ = server.wait_started()
    assert requests.get(f"{rest}/v1/project/verifyConnection", timeout=10).status_code == 200
    started = time.monotonic()
    assert server.stop(signal.SIGINT) == 0, server.log
    assert time.monotonic() - started < STOP_TIMEOUT
    assert "Traceback" not in server.log, server.log


def test_postgres_url_is_logged_without_password(spawn: Spawn, pg_url: str) -> None:
    # The test servers trust local connections, so a password in the URL is accepted and must stay hidden.
    url = make_url(pg_url).set(password="hunter2").render_as_string(hide_password=False)
    server = spawn("--db", url)
    server.wait_started()
    assert re.search(r"database: postgresql\+psycopg2://\S+:\*\*\*@\S+ \(postgresql\)", server.log), server.log
    assert "hunter2" not in server.log
    assert server.stop() == 0, server.log


def test_public_address_without_token_is_refused(spawn: Spawn) -> None:
    server = spawn("--host", "0.0.0.0")
    assert server.proc.wait(STARTUP_TIMEOUT) != 0
    server.kill()
    assert "refusing to listen on 0.0.0.0 without a token" in server.log, server.log
    assert "--insecure" in server.log and "Traceback" not in server.log


def test_public_address_with_insecure_starts(spawn: Spawn) -> None:
    server = spawn("--host", "0.0.0.0", "--insecure")
    rest, _ = server.wait_started()
    port = rest.rsplit(":", 1)[1]
    resp = requests.get(f"http://127.0.0.1:{port}/api/v1/modeldb/project/verifyConnection", timeout=10)
    assert resp.json() == {"status": True}
    assert "WARNING" in server.log and "anyone who can reach 0.0.0.0" in server.log, server.log
    assert server.stop() == 0, server.log


def test_ipv6_loopback(spawn: Spawn) -> None:
    server = spawn("--host", "::1")
    rest, target = server.wait_started()
    assert re.match(r"http://\[::1\]:\d+$", rest) and re.match(r"\[::1\]:\d+$", target), server.log
    assert requests.get(f"{rest}/api/v1/modeldb/project/verifyConnection", timeout=10).json() == {"status": True}
    channel, projects = grpc_stubs(target)
    with channel:
        assert projects.verifyConnection(project_service_pb2.Empty(), timeout=10).status
    assert server.stop() == 0, server.log


def test_port_in_use_is_a_clear_error(spawn: Spawn) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = spawn("--port", str(port))
        assert server.proc.wait(STARTUP_TIMEOUT) != 0
        server.kill()
    assert f"cannot listen on 127.0.0.1:{port}" in server.log, server.log
    assert "Traceback" not in server.log, server.log


def test_token_is_required_on_rest_and_grpc(spawn: Spawn) -> None:
    # With a token, a public address is allowed; the checks go through loopback.
    server = spawn("--host", "0.0.0.0", env={"MODELDB_TOKEN": TOKEN})
    rest, target = server.wait_started()
    assert "authentication: token required" in server.log
    rest = rest.replace("0.0.0.0", "127.0.0.1")
    target = target.replace("0.0.0.0", "127.0.0.1")
    url = f"{rest}/api/v1/modeldb/project/verifyConnection"

    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"developer-key": "nope"}):
        resp = requests.get(url, headers=headers, timeout=10)
        assert resp.status_code == 401, (headers, resp.text)
        assert resp.headers["Content-Type"].startswith("application/json")
        body = resp.json()
        assert body["code"] == 16 and body["message"], body
    denied = requests.post(f"{rest}/api/v1/modeldb/project/createProject", json={"name": "x"}, timeout=10)
    assert denied.status_code == 401
    for headers in (
        {"Authorization": f"Bearer {TOKEN}"},
        {"Grpc-Metadata-developer_key": TOKEN},
        {"Grpc-Metadata-developer-key": TOKEN},
        {"developer-key": TOKEN},
    ):
        resp = requests.get(url, headers=headers, timeout=10)
        assert resp.status_code == 200, (headers, resp.text)
        assert resp.json() == {"status": True}

    channel, projects = grpc_stubs(target)
    with channel:
        for metadata in ((), (("authorization", "Bearer wrong"),), (("developer_key", "nope"),)):
            with pytest.raises(grpc.RpcError) as info:
                projects.verifyConnection(project_service_pb2.Empty(), metadata=metadata, timeout=10)
            assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
        for metadata in ((("authorization", f"Bearer {TOKEN}"),), (("developer_key", TOKEN),)):
            assert projects.verifyConnection(project_service_pb2.Empty(), metadata=metadata, timeout=10).status
        made = projects.createProject(
            project_service_pb2.CreateProject(name="tok"), metadata=(("developer_key", TOKEN),), timeout=10
        )
        assert made.project.name == "tok"
    assert server.stop() == 0, server.log


def test_migrate_command(tmp_path: Path) -> None:
    db = tmp_path / "m" / "db.sqlite"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELDB_")}
    command = [sys.executable, "-m", "modeldb_backend.cli", "migrate", "--db", f"sqlite:///{db}"]
    for _ in range(2):  # the second run finds the schema at head already
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert re.search(r"is at schema revision \w+", done.stdout), done.stdout
    assert db.exists()
