"""The embedded client reads the same settings as the servers, and moves artifact bytes through the backend's
own upload core: the upload limit, the issued-URL rule, path checks and atomic writes apply as over HTTP."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from modeldb_backend.artifacts.local import STORE_PATH
from modeldb_backend.settings import SettingsError
from modeldb_jupyter.client import Client
from modeldb_jupyter.client.embedded import EMBEDDED_BASE
from modeldb_jupyter.client.errors import InvalidArgumentError, ModelDBError, PermissionDeniedError
from tests.client.conftest import ENV_KEYS

LIMIT = 100


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An embedded store configured only through MODELDB_* variables, its database outside $MODELDB_HOME."""
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("MODELDB_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("MODELDB_DB_URL", f"sqlite:///{tmp_path / 'elsewhere.sqlite'}")
    monkeypatch.setenv("MODELDB_ARTIFACT_ROOT", str(tmp_path / "bytes"))
    monkeypatch.setenv("MODELDB_MAX_UPLOAD_SIZE", str(LIMIT))
    return tmp_path


@pytest.fixture
def client(store: Path) -> Iterator[Client]:
    c = Client()
    assert c.target.kind == "embedded"
    yield c
    c.close(timeout=30)


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_embedded_honours_database_artifact_root_and_upload_limit(client: Client, store: Path) -> None:
    client.set_project("p")
    client.set_experiment("e")
    run = client.set_experiment_run("r")
    run.log_artifact("fits", io.BytesIO(b"f" * LIMIT))
    assert run.get_artifact("fits") == b"f" * LIMIT
    with pytest.raises(ModelDBError, match=f"over the {LIMIT}-byte limit") as info:
        run.log_artifact("too-big", io.BytesIO(b"b" * (LIMIT + 1)))
    assert info.value.status == 413  # what the HTTP endpoint answers
    assert run.get_artifact_keys() == ["fits"]  # no half-logged artifact
    assert (store / "elsewhere.sqlite").is_file() and not (store / "home" / "modeldb.sqlite").exists()
    stored = files_under(store / "bytes")
    assert len(stored) == 1 and stored[0].endswith("/fits"), stored  # no temporary file left behind


def test_embedded_upload_needs_an_issued_url(client: Client, store: Path) -> None:
    transport = client._transport
    url = f"{EMBEDDED_BASE}{STORE_PATH}?artifact_path=never/issued"
    with pytest.raises(PermissionDeniedError, match="no upload is open for artifact_path 'never/issued'"):
        transport.upload(url, io.BytesIO(b"x"), 1)
    hostile = f"{EMBEDDED_BASE}{STORE_PATH}?artifact_path=../outside"
    with pytest.raises(InvalidArgumentError):
        transport.upload(hostile, io.BytesIO(b"x"), 1)
    assert not (store / "bytes").exists() or files_under(store / "bytes") == []
    assert not (store / "outside").exists()


def test_bad_setting_is_one_clear_error_at_client_creation(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELDB_MAX_UPLOAD_SIZE", "-1")
    with pytest.raises(SettingsError, match="MODELDB_MAX_UPLOAD_SIZE must be an integer of at least 1, got '-1'"):
        Client()


def test_staged_bytes_need_an_issued_url_and_leave_nothing(client: Client, store: Path) -> None:
    """The embedded client copies and hashes first (staged), then asks for the path: the same refusals apply."""
    transport = client._transport
    staged = transport.stage(io.BytesIO(b"x" * LIMIT))  # type: ignore[attr-defined]
    with pytest.raises(PermissionDeniedError, match="no upload is open for artifact_path 'never/issued'"):
        transport.upload_staged(f"{EMBEDDED_BASE}{STORE_PATH}?artifact_path=never/issued", staged)  # type: ignore[attr-defined]
    with pytest.raises(InvalidArgumentError):
        transport.upload_staged(f"{EMBEDDED_BASE}{STORE_PATH}?artifact_path=../outside", staged)  # type: ignore[attr-defined]
    staged.abort()
    assert files_under(store / "bytes") == []


def test_a_refused_log_leaves_nothing_staged(client: Client, store: Path) -> None:
    client.set_project("p")
    client.set_experiment("e")
    run = client.set_experiment_run("r")
    source = store / "weights.bin"
    source.write_bytes(b"w" * LIMIT)
    run.log_artifact("weights", source)
    with pytest.raises(ModelDBError, match="already has an artifact 'weights'"):
        run.log_artifact("weights", io.BytesIO(b"other"))
    stored = files_under(store / "bytes")
    assert len(stored) == 1 and stored[0].endswith("/weights.bin"), stored
    assert run.get_artifact("weights") == b"w" * LIMIT
