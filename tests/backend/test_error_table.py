"""One error table (errors.py): it covers every gRPC code, and REST, gRPC and the client map each error alike."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
import requests

from modeldb_backend import errors
from modeldb_backend.errors import HTTP_STATUS, Code, ModelDBError, code_for_http_status
from modeldb_backend.transport.grpc_server import grpc_status
from modeldb_jupyter.client import errors as client_errors
from tests.apiclient import Api, ApiError
from tests.servers import ServerThread, settings_in

TOKEN = "error-table-token"


def error_classes() -> list[type[ModelDBError]]:
    """ModelDBError and every subclass errors.py defines."""
    found, todo = [], [ModelDBError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(sub for sub in cls.__subclasses__() if sub.__module__ == errors.__name__)
    return found


def test_codes_are_grpc_codes() -> None:
    assert {code.name: int(code) for code in Code} == {status.name: status.value[0] for status in grpc.StatusCode}


def test_every_code_has_an_http_status_and_a_client_class() -> None:
    assert set(HTTP_STATUS) == set(Code)
    assert set(client_errors._BY_CODE) == set(Code)


@pytest.mark.parametrize("cls", error_classes(), ids=lambda cls: cls.__name__)
def test_rest_and_grpc_map_each_error_class_alike(cls: type[ModelDBError]) -> None:
    exc = cls("boom")
    assert grpc_status(exc.code).value[0] == int(exc.code)  # what the gRPC server aborts with
    body = exc.to_json()  # what the REST gateway answers, with exc.http_status
    assert body["code"] == int(exc.code)
    # A bare status stands for the most general of the codes sharing it (500: UNKNOWN, not INTERNAL; 400:
    # INVALID_ARGUMENT, not FAILED_PRECONDITION): the code itself is exact only when no other code shares it.
    sharing = [code for code, status in HTTP_STATUS.items() if status == exc.http_status]
    assert code_for_http_status(exc.http_status) in sharing or exc.http_status == 413
    if len(sharing) <= 1:
        assert code_for_http_status(exc.http_status) == exc.code
    # The client raises the same exception for the REST answer and for the code alone (gRPC, embedded).
    over_rest = client_errors.error_for(int(body["code"]), exc.message, exc.http_status)
    assert over_rest.code == exc.code
    assert type(over_rest) is type(client_errors.error_for(int(exc.code), exc.message, HTTP_STATUS[exc.code]))


def test_bare_statuses_keep_their_codes() -> None:
    """The codes the gateway's error bodies carried for Tornado's HTTPErrors before the table was derived."""
    before = {400: 3, 401: 16, 403: 7, 404: 5, 405: 12, 409: 6, 413: 8, 414: 3, 416: 11, 500: 2, 501: 12, 503: 14}
    assert {status: int(code_for_http_status(status)) for status in before} == before
    assert code_for_http_status(418) is Code.UNKNOWN


# ---- the same requests over REST and gRPC against a real server ----------------------------------------------


@pytest.fixture(scope="module")
def token_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    tmp: Path = tmp_path_factory.mktemp("error-table")
    with ServerThread(settings_in(tmp, f"sqlite:///{tmp / 'm.sqlite'}", token=TOKEN)) as srv:
        yield srv


@contextlib.contextmanager
def _api(server: ServerThread, transport: str, token: str | None) -> Iterator[Api]:
    assert server.server is not None
    api = Api(server.server.backend, server.http_url, server.grpc_target, transport, token=token)
    try:
        yield api
    finally:
        api.close()


def _failure(server: ServerThread, transport: str, token: str | None, rpc: tuple[str, str, dict[str, Any]]) -> ApiError:
    with _api(server, transport, token) as api, pytest.raises(ApiError) as info:
        api.call(*rpc)
    return info.value


SAME_REQUESTS: list[tuple[type[ModelDBError], str | None, tuple[str, str, dict[str, Any]]]] = [
    (errors.InvalidArgument, TOKEN, ("ProjectService", "getProjectById", {"id": ""})),
    (errors.NotFound, TOKEN, ("ProjectService", "getProjectById", {"id": "missing"})),
    (errors.AlreadyExists, TOKEN, ("ProjectService", "createProject", {"name": "taken"})),
    (errors.Unauthenticated, None, ("ProjectService", "getProjectById", {"id": "missing"})),
]


def test_failed_precondition_is_in_the_one_table() -> None:
    """FAILED_PRECONDITION errors come from errors.py: 400 over REST, as grpc-gateway maps it; the client raises
    its InvalidArgumentError (a ValueError) for it."""
    exc = errors.FailedPrecondition("delete the child commit first")
    assert (exc.code, exc.http_status) == (Code.FAILED_PRECONDITION, 400)
    raised = client_errors.error_for(int(exc.code), exc.message, exc.http_status)
    assert isinstance(raised, client_errors.InvalidArgumentError) and raised.code == Code.FAILED_PRECONDITION


def test_failed_precondition_over_rest_and_grpc(token_server: ServerThread) -> None:
    """Reverting a repository's initial commit (it has no parent): 400 and FAILED_PRECONDITION on both."""
    with _api(token_server, "grpc", TOKEN) as api:
        name = {"name": f"r-{uuid.uuid4().hex[:8]}", "workspace_name": "personal"}
        repo = api.call("VersioningService", "CreateRepository", {"id": {"named_id": name}, "repository": name})
        rid = repo["repository"]["id"]
        master = api.call("VersioningService", "GetBranch", {"repository_id": {"repo_id": rid}, "branch": "master"})
        sha = master["commit"]["commit_sha"]
        body = {"repository_id": {"repo_id": rid}, "base_commit_sha": sha, "commit_to_revert_sha": sha}
        with pytest.raises(ApiError) as over_grpc:
            api.call("VersioningService", "RevertRepositoryCommits", body)
    url = f"{token_server.http_url}/api/v1/modeldb/versioning/repositories/{rid}/commits/{sha}/revert"
    rest = requests.post(url, json={"base_commit_sha": sha}, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    assert (rest.status_code, rest.json()["code"]) == (400, Code.FAILED_PRECONDITION), rest.text
    assert over_grpc.value.code == Code.FAILED_PRECONDITION
    assert "initial commit cannot be reverted" in rest.json()["message"] == over_grpc.value.message


@pytest.mark.parametrize(("expected", "token", "rpc"), SAME_REQUESTS, ids=[case[0].__name__ for case in SAME_REQUESTS])
def test_same_request_same_error_over_rest_and_grpc(
    token_server: ServerThread, expected: type[ModelDBError], token: str | None, rpc: tuple[str, str, dict[str, Any]]
) -> None:
    if expected is errors.AlreadyExists:  # the name is taken by a first call
        rpc = (rpc[0], rpc[1], {"name": f"taken-{uuid.uuid4().hex[:8]}"})
        with _api(token_server, "rest", TOKEN) as api:
            api.call(*rpc)
    rest = _failure(token_server, "rest", token, rpc)
    over_grpc = _failure(token_server, "grpc", token, rpc)
    assert rest.code == over_grpc.code == int(expected.code), (rest, over_grpc)
    assert rest.status == HTTP_STATUS[expected.code]
    assert type(client_errors.error_for(rest.code, rest.message, rest.status)) is type(
        client_errors.error_for(over_grpc.code, over_grpc.message, HTTP_STATUS[Code(over_grpc.code)])
    )
