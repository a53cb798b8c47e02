"""Backend resolution order, request encoding from the proto bindings, error mapping, import hygiene."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from modeldb_jupyter.client import (
    AlreadyExistsError,
    Client,
    InvalidArgumentError,
    ModelDBError,
    NotFoundError,
    QuerySyntaxError,
    Target,
    UnavailableError,
    UnimplementedError,
    register_resolver,
    unregister_resolver,
)
from modeldb_jupyter.client.errors import error_for
from modeldb_jupyter.client.resolve import normalize_url, resolve
from modeldb_jupyter.client.transport import encode_request, lookup, rpc_table
from tests.servers import ServerThread


def test_resolution_order(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    embedded = resolve()
    assert embedded.kind == "embedded" and embedded.home == home.resolve()
    assert embedded.url.startswith("sqlite:///")
    jupyter = Target("http", "http://127.0.0.1:9/user/x/modeldb", "kernel-secret", source="jupyter")
    hook = lambda: jupyter  # noqa: E731
    register_resolver(hook)
    try:
        assert resolve() == jupyter  # the Jupyter server of this kernel beats the embedded default
        monkeypatch.setenv("MODELDB_URL", "localhost:8080/")
        monkeypatch.setenv("MODELDB_TOKEN", "env-token")
        from_env = resolve()
        assert (from_env.url, from_env.token, from_env.source) == ("http://localhost:8080", "env-token", "MODELDB_URL")
        explicit = resolve("https://modeldb.example.com", "arg-token")
        assert (explicit.url, explicit.token, explicit.source) == (
            "https://modeldb.example.com",
            "arg-token",
            "argument",
        )
    finally:
        unregister_resolver(hook)
    assert resolve("http://h:1").token == "env-token"


@pytest.mark.parametrize("bad", ["", "ftp://host", "http://"])
def test_bad_urls(bad: str) -> None:
    with pytest.raises(ValueError, match="URL"):
        normalize_url(bad)


def test_requests_follow_the_proto_bindings() -> None:
    get = lookup("ProjectService", "getProjectByName")
    msg = get.request_cls(name="a b", workspace_name="")
    assert encode_request(get, msg) == ("GET", "/project/getProjectByName", [("name", "a b")], None)
    post = lookup("ExtensionService", "logBatch")
    method, path, params, body = encode_request(post, post.request_cls(run_id="r", idempotency_key="k"))
    assert (method, path, params) == ("POST", "/ext/logBatch", [])
    assert json.loads(body or b"") == {"run_id": "r", "idempotency_key": "k"}
    delete = lookup("ExperimentRunService", "deleteExperimentRun")
    assert encode_request(delete, delete.request_cls(id="x"))[:2] == ("DELETE", "/experiment-run/deleteExperimentRun")
    blob = lookup("DatasetVersionService", "getUrlForDatasetBlobVersioned")
    method, path, params, body = encode_request(blob, blob.request_cls(dataset_id="d/1", dataset_version_id="v"))
    assert path == "/dataset-version/dataset/d%2F1/datasetVersion/v/getUrlForDatasetBlobVersioned"
    assert "dataset_id" not in json.loads(body or b"")
    assert len(rpc_table()) > 150


def test_error_mapping() -> None:
    assert isinstance(error_for(5, "gone", 404), NotFoundError)
    assert isinstance(error_for(6, "dup", 409), AlreadyExistsError)
    assert isinstance(error_for(3, "bad", 400), InvalidArgumentError)
    syntax = error_for(3, "query syntax error at line 2, column 7: unexpected ')'", 400)
    assert isinstance(syntax, QuerySyntaxError) and (syntax.line, syntax.column) == (2, 7)
    assert isinstance(error_for(None, "Not Found", 404), UnimplementedError)
    assert isinstance(error_for(12, "no", 501), UnimplementedError) and not error_for(12, "no", 501).transient
    for status in (500, 502, 503, 504):
        assert error_for(None, "boom", status).transient
    assert error_for(13, "internal", 500).transient
    assert isinstance(error_for(14, "busy", 503), UnavailableError)
    assert type(error_for(99, "odd", 418)) is ModelDBError


def test_server_errors_arrive_typed(sqlite_server: ServerThread, home: Path) -> None:
    client = Client(sqlite_server.http_url)
    wrong = Client(sqlite_server.http_url + "/elsewhere")
    try:
        with pytest.raises(NotFoundError) as info:
            client.get_experiment_run(id="nope")
        assert info.value.status == 404 and info.value.code == 5
        with pytest.raises(UnimplementedError, match="is this a modeldb-jupyter"):
            wrong.set_project("p")  # a URL that is not the API: a plain 404, not "no such project"
    finally:
        client.close()
        wrong.close()


def _run(code: str, env: dict[str, str] | None = None) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


HEAVY = ("pandas", "requests", "tqdm", "sqlalchemy", "tornado", "jupyter_server", "google.protobuf", "numpy")


def test_importing_the_package_is_free() -> None:
    loaded = _run(f"import sys, json, modeldb_jupyter; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    assert loaded == []


def test_http_client_never_loads_the_server_side(sqlite_server: ServerThread, tmp_path: Path) -> None:
    code = f"""
import sys, json
from modeldb_jupyter import Client
c = Client({sqlite_server.http_url!r})
run = c.set_experiment_run("import-check")
run.log_metric("m", 1.0)
c.flush(30)
run.get_metric("m")
c.close()
print(json.dumps([m for m in ("sqlalchemy", "tornado", "jupyter_server", "pandas", "grpc") if m in sys.modules]))
"""
    env = {"PATH": "/usr/bin:/bin", "MODELDB_HOME": str(tmp_path / "home")}
    assert _run(code, env) == []
