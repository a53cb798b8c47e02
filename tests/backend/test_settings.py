"""The one settings object: how the environment, flags and defaults combine, and every setting honoured by the
real standalone server (`modeldb-backend serve` as a subprocess); bad values are one clear error line."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from modeldb_backend.settings import DEFAULT_MAX_BODY, Settings, SettingsError, parse_grpc_port
from tests.backend.test_server import ServeProcess
from tests.settings_support import Probe


class Serve(ServeProcess):
    """`modeldb-backend serve` with only the flags given: the environment decides the rest (ports included)."""

    def __init__(self, home: Path, *args: str, env: dict[str, str] | None = None) -> None:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("MODELDB_")}
        full_env.update({"MODELDB_HOME": str(home), "MODELDB_PORT": "0", **(env or {})})
        command = [sys.executable, "-m", "modeldb_backend.cli", "serve", *args]
        self.proc = subprocess.Popen(command, env=full_env, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def rest_url(self) -> str:
        url = self.wait_for(r"REST gateway listening on (http://\S+?)/api/v1/modeldb/").group(1)
        self.wait_for(r"authentication: ")  # the last line of the start-up report
        return url


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[type[Serve]]:
    started: list[Serve] = []

    class Tracked(Serve):
        def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
            super().__init__(tmp_path / f"home{len(started)}", *args, env=env)
            started.append(self)

    yield Tracked
    for proc in started:
        proc.kill()


# --- how the sources combine ----------------------------------------------------------------------------------


def test_environment_over_host_defaults_and_overrides_over_environment(tmp_path: Path) -> None:
    env = {"MODELDB_HOME": str(tmp_path), "MODELDB_MAX_BODY_SIZE": "4096", "MODELDB_GRPC_PORT": "9001"}
    settings = Settings.from_env(env, defaults={"grpc_port": None, "max_upload_size": 7})
    assert (settings.max_body_size, settings.grpc_port, settings.max_upload_size) == (4096, 9001, 7)
    assert settings.db_url == f"sqlite:///{tmp_path / 'modeldb.sqlite'}"
    assert settings.artifact_root == str(tmp_path / "artifacts")
    flagged = Settings.from_env(env, source="--{}", max_body_size="100", grpc_port=None)
    assert (flagged.max_body_size, flagged.grpc_port) == (100, 9001)  # None: the flag was not given
    assert Settings.from_env({"MODELDB_MAX_BODY_SIZE": ""}).max_body_size == DEFAULT_MAX_BODY  # empty is unset


@pytest.mark.parametrize("off", ["off", "OFF", "-1", "-5", "none", "", -1])
def test_grpc_off_has_one_spelling_and_accepts_the_old_ones(off: object) -> None:
    assert parse_grpc_port(off, "MODELDB_GRPC_PORT") is None
    if isinstance(off, str):
        assert Settings.from_env({"MODELDB_GRPC_PORT": off}).grpc_port is None
    assert parse_grpc_port("0", "x") == 0 and parse_grpc_port(8085, "x") == 8085  # 0: a free port


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MODELDB_PORT": "http"}, "MODELDB_PORT must be an integer from 0 to 65535, got 'http'"),
        ({"MODELDB_PORT": "70000"}, "MODELDB_PORT must be an integer from 0 to 65535, got '70000'"),
        ({"MODELDB_MAX_UPLOAD_SIZE": "-1"}, "MODELDB_MAX_UPLOAD_SIZE must be an integer of at least 1, got '-1'"),
        ({"MODELDB_MAX_BODY_SIZE": "32MB"}, "MODELDB_MAX_BODY_SIZE must be an integer of at least 1, got '32MB'"),
        ({"MODELDB_GRPC_PORT": "grpc"}, "MODELDB_GRPC_PORT must be a port from 0 to 65535 or 'off', got 'grpc'"),
        (
            {"MODELDB_HEARTBEAT_SWEEP_SECONDS": "-1"},
            "MODELDB_HEARTBEAT_SWEEP_SECONDS must be a number of seconds, 0 or more (0 turns it off), got '-1'",
        ),
        ({"MODELDB_HOST": " "}, None),  # blank is unset: the default address
    ],
)
def test_bad_environment_values_name_the_variable(env: dict[str, str], message: str | None) -> None:
    if message is None:
        assert Settings.from_env(env).host == "127.0.0.1"
        return
    with pytest.raises(SettingsError) as info:
        Settings.from_env(env)
    assert str(info.value) == message


def test_settings_built_in_code_are_checked_too() -> None:
    with pytest.raises(SettingsError, match=r"max_body_size \(MODELDB_MAX_BODY_SIZE\) must be an integer of at"):
        Settings(max_body_size=-1)
    with pytest.raises(SettingsError, match="grpc_port must be a port from 0 to 65535, or None for off"):
        Settings(grpc_port=-1)
    assert Settings(port="8081").port == 8081  # type: ignore[arg-type]  # a string from a config file


# --- the standalone server honours each setting -----------------------------------------------------------------


def test_standalone_honours_limits_sweep_and_grpc_off_from_the_environment(serve: type[Serve]) -> None:
    env = {
        "MODELDB_MAX_BODY_SIZE": "4096",
        "MODELDB_MAX_UPLOAD_SIZE": "100",
        "MODELDB_HEARTBEAT_SWEEP_SECONDS": "0.1",
        "MODELDB_GRPC_PORT": "off",
    }
    server = serve(env=env)
    probe = Probe(server.rest_url() + "/api/v1/modeldb")
    assert "gRPC listening" not in server.log
    assert probe.body_status(1000) == 200
    assert probe.body_status(8000) == 413
    assert probe.upload_status(b"u" * 100) == 200
    assert probe.upload_status(b"u" * 101) == 413
    assert probe.watchdog_kills(within=10)


def test_standalone_sweep_off_and_default_limits(serve: type[Serve]) -> None:
    server = serve(env={"MODELDB_HEARTBEAT_SWEEP_SECONDS": "0", "MODELDB_GRPC_PORT": "none"})
    probe = Probe(server.rest_url() + "/api/v1/modeldb")
    assert "gRPC listening" not in server.log
    assert probe.body_status(8000) == 200  # 32 MiB by default
    assert not probe.watchdog_kills(within=1.0)  # reads show the run KILLED; nothing sweeps it


@pytest.mark.parametrize("spelling", ["off", "-1"])
def test_grpc_port_flag_off(serve: type[Serve], spelling: str) -> None:
    server = serve("--grpc-port", spelling, env={"MODELDB_GRPC_PORT": "0"})  # the flag wins over the variable
    server.rest_url()
    assert "gRPC listening" not in server.log


def test_grpc_port_from_the_environment(serve: type[Serve]) -> None:
    server = serve(env={"MODELDB_GRPC_PORT": "0"})
    server.rest_url()
    assert server.wait_for(r"gRPC listening on 127\.0\.0\.1:(\d+)").group(1) != "0"


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        ((), {"MODELDB_PORT": "http"}, "MODELDB_PORT must be an integer from 0 to 65535, got 'http'"),
        ((), {"MODELDB_MAX_UPLOAD_SIZE": "-1"}, "MODELDB_MAX_UPLOAD_SIZE must be an integer of at least 1, got '-1'"),
        (("--port", "-5"), {}, "--port must be an integer from 0 to 65535, got '-5'"),
        (("--grpc-port", "99999"), {}, "--grpc-port must be a port from 0 to 65535 or 'off', got '99999'"),
    ],
)
def test_bad_values_stop_the_server_with_one_line(
    tmp_path: Path, args: tuple[str, ...], env: dict[str, str], message: str
) -> None:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("MODELDB_")}
    full_env.update({"MODELDB_HOME": str(tmp_path), **env})
    command = [sys.executable, "-m", "modeldb_backend.cli", "serve", *args]
    done = subprocess.run(command, env=full_env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == f"modeldb-backend: {message}"
    assert not (tmp_path / "modeldb.sqlite").exists()  # refused before anything was created
