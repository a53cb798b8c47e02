"""A PostgreSQL server for the tests: $TEST_DATABASE_URL, the one at 127.0.0.1:5432, or a throwaway cluster."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

PGBIN_CANDIDATES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    import psycopg2

    try:
        psycopg2.connect(url, connect_timeout=2).close()
        return True
    except psycopg2.OperationalError:
        return False


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[str]:
    """initdb + pg_ctl into a temporary directory (as the postgres user when we are root)."""
    if not PGBIN_CANDIDATES:
        raise RuntimeError("no PostgreSQL binaries under /usr/lib/postgresql and no server at 127.0.0.1:5432")
    pgbin = PGBIN_CANDIDATES[0]
    base = Path(tempfile.mkdtemp(prefix="modeldb-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    data = base / "data"
    run = lambda *args: subprocess.run([*as_user, *map(str, args)], check=True, capture_output=True)  # noqa: E731
    try:
        run(pgbin / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale")
        opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off -c synchronous_commit=off"
        run(pgbin / "pg_ctl", "-D", data, "-l", base / "server.log", "-w", "-o", opts, "start")
        yield f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_user, str(pgbin / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True
        )
        shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """URL of a server where we may create databases."""
    env = os.environ.get("TEST_DATABASE_URL")
    if env:
        yield env
        return
    local = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
    if _answers(local.replace("+psycopg2", "")):
        yield local
        return
    with throwaway_cluster() as url:
        yield url


@contextlib.contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on `server_url`, dropped afterwards."""
    import psycopg2
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    name = f"modeldb_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(url.set(drivername="postgresql").render_as_string(hide_password=False))
    admin.autocommit = True
    try:
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
