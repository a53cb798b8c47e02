"""Request ids, the instance name and the access log (transport/access_log.py), on a real server: REST and gRPC.

One in-process server with a token and a fixed instance name serves every test; the log lines are read from the
logger `modeldb_backend.access` as the server writes them.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
import requests

from modeldb_backend.pb.modeldb import project_service_pb2 as pb
from modeldb_backend.pb.modeldb import project_service_pb2_grpc as pb_grpc
from modeldb_backend.settings import Settings, SettingsError
from modeldb_backend.transport.access_log import Entry, Operations
from tests.servers import ServerThread, settings_in

TOKEN = "access-log-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
INSTANCE = "replica-ops"
GET_PROJECTS = "/api/v1/modeldb/project/getProjects"
MADE_UP = re.compile(r"[0-9a-f]{32}")
TIMEOUT = 30


class Lines(logging.Handler):
    """The access log's records, as the server emitted them."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def entry(self, request_id: str) -> dict[str, object]:
        """The one line of `request_id`; waited for: a gRPC error reaches the caller just before it is logged."""
        deadline = time.monotonic() + TIMEOUT
        while not (found := [json.loads(line) for line in self.lines if f'"request_id":"{request_id}"' in line]):
            assert time.monotonic() < deadline, self.lines
            time.sleep(0.01)
        assert len(found) == 1, self.lines
        return found[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    tmp = tmp_path_factory.mktemp("access")
    settings = settings_in(
        tmp, f"sqlite:///{tmp / 'db.sqlite'}", token=TOKEN, token_user="alice", instance_name=INSTANCE
    )
    with ServerThread(settings) as srv:
        yield srv


@pytest.fixture
def lines() -> Iterator[Lines]:
    logger = logging.getLogger("modeldb_backend.access")
    handler, level = Lines(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _get(server: ServerThread, path: str, **headers: str) -> requests.Response:
    return requests.get(server.http_url + path, headers=headers, timeout=TIMEOUT)


def test_a_safe_request_id_is_echoed_with_the_instance(server: ServerThread) -> None:
    for offered in ("abc.DEF_1-2", "x" * 128):
        answer = _get(server, GET_PROJECTS, **AUTH, **{"X-Request-Id": offered})
        assert answer.status_code == 200
        assert answer.headers["X-Request-Id"] == offered
        assert answer.headers["X-ModelDB-Instance"] == INSTANCE


def test_a_missing_or_unsafe_request_id_is_replaced_by_a_new_one(server: ServerThread) -> None:
    seen = set()
    for offered in (None, "", "has space", "x" * 129, "ünïcode", "a\tb", "../../etc"):
        headers = dict(AUTH) if offered is None else {**AUTH, "X-Request-Id": offered}
        answer = requests.get(server.http_url + GET_PROJECTS, headers=headers, timeout=TIMEOUT)
        assert answer.status_code == 200
        assert MADE_UP.fullmatch(answer.headers["X-Request-Id"]), offered
        seen.add(answer.headers["X-Request-Id"])
    assert len(seen) == 7  # one per request


def test_error_answers_carry_the_request_id_and_instance(server: ServerThread) -> None:
    refused = _get(server, GET_PROJECTS, **{"X-Request-Id": "refused-1"})  # no token
    unrouted = _get(server, "/no/such/route", **{"X-Request-Id": "unrouted-1"})
    too_long = requests.post(
        server.http_url + "/api/v1/modeldb/project/createProject",
        data=b"x" * (server.settings.max_body_size + 1),
        headers={**AUTH, "X-Request-Id": "too-long-1"},
        timeout=TIMEOUT,
    )
    for answer, rid, status in (
        (refused, "refused-1", 401),
        (unrouted, "unrouted-1", 404),
        (too_long, "too-long-1", 413),
    ):
        assert answer.status_code == status
        assert answer.headers["X-Request-Id"] == rid
        assert answer.headers["X-ModelDB-Instance"] == INSTANCE


def test_one_json_line_per_rest_request(server: ServerThread, lines: Lines) -> None:
    body = json.dumps({"name": "access-log-project"})
    made = requests.post(
        server.http_url + "/api/v1/modeldb/project/createProject",
        data=body,
        headers={**AUTH, "X-Request-Id": "create-1"},
        timeout=TIMEOUT,
    )
    assert made.status_code == 200, made.text
    refused = _get(server, GET_PROJECTS, **{"X-Request-Id": "refused-2"})
    assert refused.status_code == 401
    entry = lines.entry("create-1")
    assert entry.pop("ts") and entry.pop("duration_ms") is not None  # type: ignore[operator]  # JSON values
    assert entry == {
        "instance": INSTANCE,
        "request_id": "create-1",
        "transport": "rest",
        "method": "POST",
        "path": "/api/v1/modeldb/project/createProject",
        "service": "ProjectService",
        "rpc": "createProject",
        "status": 200,
        "bytes_in": len(body),
        "bytes_out": len(made.content),
        "actor": "alice",
    }
    assert lines.entry("refused-2")["status"] == 401
    assert lines.entry("refused-2")["actor"] == "-"  # never authenticated


def _stub(server: ServerThread) -> tuple[grpc.Channel, pb_grpc.ProjectServiceStub]:
    channel = grpc.insecure_channel(server.grpc_target)
    return channel, pb_grpc.ProjectServiceStub(channel)


def test_grpc_initial_metadata_and_access_line(server: ServerThread, lines: Lines) -> None:
    channel, stub = _stub(server)
    with channel:
        metadata = (("authorization", f"Bearer {TOKEN}"), ("x-request-id", "grpc-1"))
        response, call = stub.getProjects.with_call(pb.GetProjects(), metadata=metadata, timeout=TIMEOUT)
        sent = dict(call.initial_metadata())
        assert sent["x-request-id"] == "grpc-1"
        assert sent["x-modeldb-instance"] == INSTANCE
        with pytest.raises(grpc.RpcError) as failed:
            stub.getProjectById(pb.GetProjectById(id="no-such-project"), metadata=metadata[:1], timeout=TIMEOUT)
        assert failed.value.code() == grpc.StatusCode.NOT_FOUND  # type: ignore[attr-defined]  # a grpc.Call too
        failed_sent = dict(failed.value.initial_metadata())  # type: ignore[attr-defined]  # a grpc.Call too
    assert MADE_UP.fullmatch(failed_sent["x-request-id"])
    assert failed_sent["x-modeldb-instance"] == INSTANCE
    entry = lines.entry("grpc-1")
    assert entry["transport"] == "grpc" and entry["status"] == "OK" and entry["actor"] == "alice"
    assert (entry["service"], entry["rpc"]) == ("ProjectService", "getProjects")
    assert entry["path"] == "/ai.verta.modeldb.ProjectService/getProjects"
    assert entry["bytes_out"] == response.ByteSize()
    error = lines.entry(failed_sent["x-request-id"])
    assert error["status"] == "NOT_FOUND" and error["rpc"] == "getProjectById"


def test_grpc_without_token_is_logged_unauthenticated(server: ServerThread, lines: Lines) -> None:
    channel, stub = _stub(server)
    with channel, pytest.raises(grpc.RpcError) as failed:
        stub.getProjects(pb.GetProjects(), metadata=(("x-request-id", "grpc-401"),), timeout=TIMEOUT)
    assert failed.value.code() == grpc.StatusCode.UNAUTHENTICATED  # type: ignore[attr-defined]  # a grpc.Call too
    entry = lines.entry("grpc-401")
    assert (entry["status"], entry["actor"]) == ("UNAUTHENTICATED", "-")


def _entry() -> Entry:
    return Entry("rid-7", "rest", "GET", "/p", "ProjectService", "getProjects", 200, 1.25, 0, 2, "bob")


def test_text_and_off_formats(tmp_path: Path, lines: Lines) -> None:
    Operations(settings_in(tmp_path, "sqlite://", access_log="text"), instance="i-1").finish(_entry())
    Operations(settings_in(tmp_path, "sqlite://", access_log="off"), instance="i-2").finish(_entry())
    assert len(lines.lines) == 1
    assert re.fullmatch(
        r"\S+Z i-1 rid-7 rest GET /p 200 1\.2ms in=0 out=2 actor=bob rpc=ProjectService\.getProjects", lines.lines[0]
    ), lines.lines[0]


def test_default_instance_name_is_host_and_port(tmp_path: Path) -> None:
    with ServerThread(settings_in(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}")) as srv:
        answer = _get(srv, GET_PROJECTS)
        assert srv.server is not None
        assert answer.headers["X-ModelDB-Instance"] == f"{socket.gethostname()}:{srv.server.http_port}"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MODELDB_INSTANCE_NAME": "a\nb"}, "MODELDB_INSTANCE_NAME must be 1 to 128 printable ASCII"),
        ({"MODELDB_INSTANCE_NAME": "n" * 129}, "MODELDB_INSTANCE_NAME must be 1 to 128 printable ASCII"),
        ({"MODELDB_ACCESS_LOG": "xml"}, "MODELDB_ACCESS_LOG must be one of json, text, off"),
        ({"MODELDB_METRICS_PUBLIC": "maybe"}, "MODELDB_METRICS_PUBLIC must be true or false"),
    ],
)
def test_bad_operations_settings_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(message)):
        Settings.from_env(env)


def test_operations_settings_from_the_environment() -> None:
    env = {"MODELDB_INSTANCE_NAME": "replica-2", "MODELDB_ACCESS_LOG": "Text", "MODELDB_METRICS_PUBLIC": "yes"}
    settings = Settings.from_env(env)
    assert (settings.instance_name, settings.access_log, settings.metrics_public) == ("replica-2", "text", True)
    assert (Settings().instance_name, Settings().access_log, Settings().metrics_public) == (None, "json", False)


def test_serve_writes_one_json_object_per_request_line(tmp_path: Path) -> None:
    """`modeldb-backend serve` with MODELDB_INSTANCE_NAME: the header, and each access line parses as JSON alone."""
    from tests.backend.test_server import ServeProcess

    env = {"MODELDB_INSTANCE_NAME": "replica-9", "MODELDB_WORKERS": "1"}
    server = ServeProcess(tmp_path / "home", env=env)
    try:
        base, _ = server.wait_started()
        answer = requests.get(base + GET_PROJECTS, headers={"X-Request-Id": "serve-1"}, timeout=TIMEOUT)
        assert answer.headers["X-ModelDB-Instance"] == "replica-9"
        line = server.wait_for(r'(?m)^\{.*"request_id":"serve-1".*\}$').group(0)
    finally:
        server.stop()
    entry = json.loads(line)
    assert (entry["instance"], entry["status"], entry["rpc"]) == ("replica-9", 200, "getProjects")
