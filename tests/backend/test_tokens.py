"""Per-user tokens of the standalone server: who calls is the token's user, over REST and gRPC.

The tokens file (MODELDB_TOKENS_FILE) holds `user sha256:<hex>` lines written by `modeldb-backend token add`;
a running server picks up added and revoked tokens without a restart, keeps its tokens when the file is
rewritten with garbage, and revokes them all when the file is deleted. The shared MODELDB_TOKEN keeps working
as MODELDB_TOKEN_USER.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import grpc
import pytest
import requests

from modeldb_backend import cli
from modeldb_backend.pb.modeldb import project_service_pb2 as projects
from modeldb_backend.server import check_bind_policy
from modeldb_backend.settings import Settings
from modeldb_backend.transport.tokens import TokenFileError, hash_token, parse_tokens
from tests.backend.dataset_support import path_blob
from tests.servers import ServerThread, settings_in

SHARED = "the-shared-token"


def token_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = cli.main(["token", *args])
    return status, out.getvalue(), err.getvalue()


def add(path: Path, user: str) -> str:
    status, out, _ = token_cli("add", user, "--file", str(path))
    assert status == 0
    return out.splitlines()[0]


class Caller:
    def __init__(self, server: ServerThread) -> None:
        self.server = server

    def post(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> requests.Response:
        return requests.post(f"{self.server.http_url}/api/v1/modeldb/{path}", json=body, headers=headers, timeout=30)

    def create_project(self, name: str, headers: dict[str, str]) -> dict[str, Any]:
        answer = self.post("project/createProject", {"name": name}, headers)
        assert answer.status_code == 200, answer.text
        return dict(answer.json()["project"])

    def status_of(self, token: str) -> int:
        return self.post("ext/findAuditRecords", {}, bearer(token)).status_code

    def actors(self, entity_id: str) -> list[str]:
        found = self.post("ext/findAuditRecords", {"entity_id": entity_id}, bearer(SHARED)).json()
        return [r["actor"] for r in found.get("records", [])]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def tokens_file(tmp_path: Path) -> Path:
    return tmp_path / "tokens"


@pytest.fixture
def caller(tmp_path: Path, tokens_file: Path) -> Iterator[Caller]:
    add(tokens_file, "starter")  # the server reads the file once at start: it must exist
    settings = settings_in(
        tmp_path, f"sqlite:///{tmp_path / 'm.sqlite'}", token=SHARED, token_user="ops", tokens_file=str(tokens_file)
    )
    with ServerThread(settings) as server:
        yield Caller(server)


def test_each_token_is_its_user_over_rest(caller: Caller, tokens_file: Path) -> None:
    ana, bo = add(tokens_file, "ana"), add(tokens_file, "bo")
    mine = caller.create_project("ana-s", bearer(ana))
    theirs = caller.create_project("bo-s", {"Grpc-Metadata-developer_key": bo})  # ModelDB's client header
    shared = caller.create_project("ops-s", {"Authorization": f"token {SHARED}"})
    assert (mine["owner"], theirs["owner"], shared["owner"]) == ("ana", "bo", "ops")
    assert caller.actors(mine["id"]) == ["ana"] and caller.actors(theirs["id"]) == ["bo"]
    for headers in ({}, bearer("wrong"), bearer(hash_token(ana)), bearer(ana + "x")):  # the stored hash is no token
        refused = caller.post("project/createProject", {"name": "nobody"}, headers)
        assert refused.status_code == 401, refused.text
        assert json.loads(refused.text)["code"] == 16


def test_each_token_is_its_user_over_grpc(caller: Caller, tokens_file: Path) -> None:
    ana = add(tokens_file, "ana")
    with grpc.insecure_channel(caller.server.grpc_target) as channel:
        create = channel.unary_unary(
            "/ai.verta.modeldb.ProjectService/createProject",
            request_serializer=projects.CreateProject.SerializeToString,
            response_deserializer=projects.CreateProject.Response.FromString,
        )
        answer = create(projects.CreateProject(name="g"), metadata=(("authorization", f"Bearer {ana}"),), timeout=10)
        assert answer.project.owner == "ana"
        with pytest.raises(grpc.RpcError) as refused:
            create(projects.CreateProject(name="h"), metadata=(("developer_key", "wrong"),), timeout=10)
        assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert caller.actors(answer.project.id) == ["ana"]


def test_tokens_added_and_revoked_while_serving(caller: Caller, tokens_file: Path) -> None:
    ana, ana2 = add(tokens_file, "ana"), add(tokens_file, "ana")  # a second token before the first goes
    bo = add(tokens_file, "bo")
    assert [caller.status_of(t) for t in (ana, ana2, bo)] == [200, 200, 200]
    assert token_cli("list", "--file", str(tokens_file))[1].splitlines() == [
        "starter\t1 token",
        "ana\t2 tokens",
        "bo\t1 token",
    ]
    assert token_cli("revoke", "ana", "--file", str(tokens_file))[:2] == (0, "revoked 2 tokens of ana\n")
    assert [caller.status_of(t) for t in (ana, ana2, bo)] == [401, 401, 200]
    status, _, err = token_cli("revoke", "ana", "--file", str(tokens_file))
    assert status == 1 and "ana has no token" in err


def test_a_broken_file_keeps_the_tokens_a_deleted_one_revokes_them(caller: Caller, tokens_file: Path) -> None:
    bo = add(tokens_file, "bo")
    assert caller.status_of(bo) == 200
    tokens_file.write_text("bo my-plaintext-token\n")  # half-edited by hand: not reloaded
    assert caller.status_of(bo) == 200
    os.unlink(tokens_file)
    assert caller.status_of(bo) == 401
    assert caller.status_of(SHARED) == 200  # the shared token does not live in the file
    carol = add(tokens_file, "carol")  # a new file is read again
    assert (caller.status_of(carol), caller.status_of(bo)) == (200, 401)


def test_the_file_stores_hashes_only(tokens_file: Path) -> None:
    token = add(tokens_file, "ana")
    text = tokens_file.read_text()
    assert token not in text and text == f"ana {hash_token(token)}\n"
    assert len(token) >= 43 and token != add(tokens_file, "ana")  # 32 random bytes each time
    assert tokens_file.stat().st_mode & 0o077 == 0  # a secret: the owner's only


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ana", "expected 'USER sha256:<hex>', got 1 fields"),
        ("ana sha256:abc extra", "got 3 fields"),
        ("ana plaintext-token", "must be stored hashed"),
        (f"ana sha256:{'A' * 64}", "must be stored hashed"),
        (f"a/b sha256:{'a' * 64}", "is no user name"),
        (f"ana sha256:{'a' * 64}\nbo sha256:{'a' * 64}", "line 4: this token is already the token of 'ana'"),
    ],
)
def test_bad_lines_are_named(line: str, message: str) -> None:
    with pytest.raises(TokenFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_tokens(f"# team tokens\n\n{line}\n", "tokens")


def test_parse_keeps_comments_blank_lines_and_several_tokens_per_user() -> None:
    text = f"# ops\n\nana sha256:{'a' * 64}\n  ana   sha256:{'b' * 64}  \nbo.b@x sha256:{'c' * 64}\n"
    assert [e.user for e in parse_tokens(text, "t")] == ["ana", "ana", "bo.b@x"]


def test_serve_refuses_an_unusable_tokens_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "tokens"
    bad.write_text("ana not-hashed\n")
    monkeypatch.setenv("MODELDB_HOME", str(tmp_path))
    for path, expected in ((bad, "line 1: the token must be stored hashed"), (tmp_path / "none", "cannot read")):
        monkeypatch.setenv("MODELDB_TOKENS_FILE", str(path))
        err = io.StringIO()
        with redirect_stderr(err):
            assert cli.main(["serve", "--port", "0", "--grpc-port", "off"]) == 2
        assert expected in err.getvalue()
    assert not (tmp_path / "modeldb.sqlite").exists()  # refused before the database was touched


def test_token_cli_refuses_bad_input(tmp_path: Path, tokens_file: Path) -> None:
    assert token_cli("add", "not a name", "--file", str(tokens_file))[0] == 2
    assert token_cli("add", "--file", str(tokens_file))[0] == 2  # no user
    assert not tokens_file.exists()
    tokens_file.write_text("garbage\n")
    status, _, err = token_cli("add", "ana", "--file", str(tokens_file))
    assert status == 2 and "line 1" in err and tokens_file.read_text() == "garbage\n"  # never rewritten blind


def test_a_tokens_file_is_authentication_enough_to_listen_beyond_loopback(tokens_file: Path) -> None:
    check_bind_policy(Settings(host="0.0.0.0", tokens_file=str(tokens_file)))  # no InsecureBindError


def test_the_caller_owns_what_it_creates_and_copies(caller: Caller, tokens_file: Path) -> None:
    """Not the message's owner field (the registry's messages carry one), not the source's owner (copies)."""
    ana, bo = bearer(add(tokens_file, "ana")), bearer(add(tokens_file, "bo"))
    project = caller.create_project("p", ana)
    experiment = caller.post("experiment/createExperiment", {"project_id": project["id"], "name": "e"}, ana).json()
    run_body = {"project_id": project["id"], "experiment_id": experiment["experiment"]["id"], "name": "r"}
    run = caller.post("experiment-run/createExperimentRun", run_body, ana).json()["experiment_run"]
    clone = caller.post("experiment-run/cloneExperimentRun", {"src_experiment_run_id": run["id"]}, bo).json()
    copy = caller.post("project/deepCopyProject", {"id": project["id"]}, bo).json()["project"]
    copied_runs = caller.post("experiment-run/findExperimentRuns", {"project_id": copy["id"]}, bo).json()
    dataset = caller.post("dataset/createDataset", {"name": "d"}, bo).json()["dataset"]
    version_body = {"dataset_id": dataset["id"], "dataset_blob": path_blob(("/data/a.csv", 10))}
    version = caller.post("dataset-version/createDatasetVersion", version_body, ana)
    model = requests.post(
        f"{caller.server.http_url}/api/v1/registry/workspaces/personal/registered_models",
        json={"name": "m", "owner": "mallory"},
        headers=ana,
        timeout=30,
    )
    assert model.status_code == 200, model.text
    assert (experiment["experiment"]["owner"], run["owner"], clone["run"]["owner"]) == ("ana", "ana", "bo")
    assert copy["owner"] == "bo"
    assert [r["owner"] for r in copied_runs["experiment_runs"]] == ["bo", "bo"]  # the run and its clone, copied
    assert (dataset["owner"], version.json()["dataset_version"]["owner"]) == ("bo", "ana")
    assert model.json()["registered_model"]["owner"] == "ana"
