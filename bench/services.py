"""What bench/vs_mlflow.py starts and stops: fresh PostgreSQL databases, the two servers, and worker processes
(each side in its own virtual environment). Not run by itself; see bench/vs_mlflow.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
OUR_BIN = ROOT / ".venv" / "bin"
MLFLOW_BIN = ROOT / ".bench-venv" / "bin"
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
START_TIMEOUT = 180.0


class BenchError(RuntimeError):
    """A part of the benchmark could not run (a missing environment, a server that did not start, ...)."""


def sqlalchemy_url(url: str) -> str:
    """Name the driver: SQLAlchemy 2.1 maps a bare postgresql:// to psycopg 3, which neither venv has."""
    return url.replace("postgresql://", "postgresql+psycopg2://", 1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def pg_database(label: str) -> Iterator[str]:
    """A new empty database on PG_SERVER (dropped afterwards, even when the step fails)."""
    import psycopg2

    name = f"bench_{label}_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg2.connect(PG_SERVER, connect_timeout=5)
    except psycopg2.OperationalError as exc:
        raise BenchError(f"no PostgreSQL at {PG_SERVER} (set BENCH_PG_URL, or use --backends sqlite): {exc}") from exc
    admin.autocommit = True
    try:
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
        yield PG_SERVER.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _wait_http(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"server exited with {process.returncode}; its log: {log}\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise BenchError(f"server did not answer {url} within {START_TIMEOUT:.0f} s; its log: {log}")


@contextlib.contextmanager
def _process(cmd: list[str], env: dict[str, str], ready: str, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with open(log, "wb") as out:
        process = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_http(ready, process, log)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)  # its own session: gunicorn/uvicorn workers go too
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(10)


@contextlib.contextmanager
def our_server(db_url: str, home: Path) -> Iterator[str]:
    """`modeldb-backend serve` (REST only) on db_url; yields its base URL."""
    port = free_port()
    env = {**os.environ, "MODELDB_HOME": str(home), "MODELDB_DB_URL": sqlalchemy_url(db_url)}
    env.pop("MODELDB_URL", None)
    cmd = [
        str(OUR_BIN / "modeldb-backend"),
        "serve",
        "--port",
        str(port),
        "--grpc-port",
        "-1",
        "--log-level",
        "WARNING",
    ]
    base = f"http://127.0.0.1:{port}"
    with _process(cmd, env, f"{base}/api/v1/modeldb/project/verifyConnection", home / "server.log"):
        yield base


@contextlib.contextmanager
def mlflow_server(db_url: str, work: Path) -> Iterator[str]:
    """`mlflow server` on db_url with its default workers; yields its tracking URI."""
    port = free_port()
    cmd = [
        str(MLFLOW_BIN / "mlflow"),
        "server",
        "--backend-store-uri",
        sqlalchemy_url(db_url),
        "--default-artifact-root",
        str(work / "artifacts"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    env = {**os.environ, "GIT_PYTHON_REFRESH": "quiet"}
    base = f"http://127.0.0.1:{port}"
    with _process(cmd, env, f"{base}/health", work / "mlflow-server.log"):
        yield base


def run_worker(side: str, args: list[str], env: dict[str, str] | None = None, log: Path | None = None) -> dict:
    """Run bench/<side>.py in its environment; its one JSON line is the result."""
    python = (MLFLOW_BIN if side == "mlflow_side" else OUR_BIN) / "python"
    if not python.exists():
        raise BenchError(f"{python} is missing: run `make bench` (it creates .venv and .bench-venv)")
    cmd = [str(python), str(BENCH / f"{side}.py"), *args]
    done = subprocess.run(cmd, env={**os.environ, **(env or {})}, capture_output=True, cwd=BENCH, check=False)
    if log is not None:
        log.write_bytes(done.stderr)
    if done.returncode != 0:
        raise BenchError(f"{' '.join(cmd[1:])} failed ({done.returncode}):\n{done.stderr.decode()[-3000:]}")
    lines = done.stdout.decode().strip().splitlines()
    if not lines:
        raise BenchError(f"{' '.join(cmd[1:])} printed no result")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def save_results(out: Path, results: dict[str, Any], text: str) -> None:
    """A benchmark's results as `<out>.json` and its report as `<out>.md`; the report is printed too."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
    out.with_suffix(".md").write_text(text)
    print(text)
