"""`modeldb-backend` command line: serve the API, or migrate a database."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .server import InsecureBindError, ListenError, check_bind_policy, serve_forever
from .settings import Settings, SettingsError
from .transport.tokens import TokenFileError, credentials_for, token_command

if TYPE_CHECKING:
    from collections.abc import Callable

    from .backend import Backend

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="modeldb-backend", description="ModelDB-compatible tracking backend")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the REST gateway and the gRPC server")
    serve.add_argument("--db", dest="db_url", help="database URL (MODELDB_DB_URL; default SQLite in $MODELDB_HOME)")
    serve.add_argument("--artifacts", dest="artifact_root", help="artifact store root (MODELDB_ARTIFACT_ROOT)")
    serve.add_argument(
        "--s3-endpoint", dest="s3_endpoint_url", help="S3-compatible service for s3:// roots (MODELDB_S3_ENDPOINT_URL)"
    )
    serve.add_argument("--host", help="address to listen on (MODELDB_HOST, default 127.0.0.1)")
    serve.add_argument("--port", help="REST port (MODELDB_PORT, default 8080; 0 picks a free port)")
    serve.add_argument("--grpc-port", help="gRPC port (MODELDB_GRPC_PORT, default 8085; 'off' turns it off, as -1 did)")
    serve.add_argument(
        "--workers", help="server processes sharing the ports (MODELDB_WORKERS, default the usable cores)"
    )
    serve.add_argument(
        "--public-url", help="the base URL clients reach the server at, e.g. a load balancer's (MODELDB_PUBLIC_URL)"
    )
    serve.add_argument("--insecure", action="store_true", help="allow a non-loopback address without a token")
    serve.add_argument("--log-level", default="INFO", help="logging level (default INFO)")
    migrate = sub.add_parser("migrate", help="apply database migrations and exit")
    migrate.add_argument("--db", dest="db_url", help="database URL (MODELDB_DB_URL)")
    token = sub.add_parser("token", help="add, list or revoke per-user tokens in a tokens file")
    token.add_argument("action", choices=("add", "list", "revoke"))
    token.add_argument("user", nargs="?", help="the user name (add, revoke)")
    token.add_argument("--file", help="the tokens file (MODELDB_TOKENS_FILE)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=getattr(args, "log_level", "INFO").upper(), format=LOG_FORMAT)
    try:
        settings = _settings(args)
    except SettingsError as exc:
        return _fail(str(exc))
    if args.command == "migrate":
        return _migrate(settings)
    if args.command == "token":
        return _token(args, settings)
    try:
        check_bind_policy(settings)
        credentials_for(settings)  # a tokens file that cannot be used stops the server here, not per request
    except (InsecureBindError, TokenFileError) as exc:
        return _fail(str(exc))
    if settings.workers > 1:
        from .workers import serve_workers

        return serve_workers(settings, args.log_level)
    return serve(settings)


def serve(settings: Settings, reuse_port: bool = False, on_started: Callable[[], None] | None = None) -> int:
    """One server process until SIGINT/SIGTERM (the whole server, or one worker of workers.py)."""
    backend = _open_backend(settings)
    if backend is None:
        return 2
    try:
        abandoned = asyncio.run(serve_forever(settings, backend, reuse_port, on_started))
    except ListenError as exc:
        backend.close()
        return _fail(str(exc))
    if abandoned:
        # Their threads are blocked in the database; the interpreter would wait for them at exit. Leaving
        # now is safe: a transaction that has not committed rolls back when its connection goes away.
        exit_now(0)
    return 0


def exit_now(code: int) -> NoReturn:
    """Leave at once with `code`, the logs and output flushed, without the interpreter's teardown (which
    waits for every thread). Only once the backend is closed or its remaining threads may be cut off."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


# The flags that override settings, by field: errors name the flag the bad value came from.
_FLAGS = {
    "db_url": "--db",
    "artifact_root": "--artifacts",
    "s3_endpoint_url": "--s3-endpoint",
    "host": "--host",
    "port": "--port",
    "grpc_port": "--grpc-port",
    "workers": "--workers",
    "public_url": "--public-url",
}


def _settings(args: argparse.Namespace) -> Settings:
    """MODELDB_* variables, overridden by the flags given; a bad value is a SettingsError naming its source."""
    settings = Settings.from_env()
    for name, flag in _FLAGS.items():
        settings = settings.with_overrides(flag, **{name: getattr(args, name, None)})
    return settings.with_overrides("--insecure", insecure=getattr(args, "insecure", False) or None)


def _token(args: argparse.Namespace, settings: Settings) -> int:
    path = args.file or settings.tokens_file
    if not path:
        return _fail("token: give the tokens file with --file or MODELDB_TOKENS_FILE")
    if args.action != "list" and not args.user:
        return _fail(f"token {args.action}: give the user name")
    try:
        status, text = token_command(args.action, args.user, Path(path))
    except (TokenFileError, OSError) as exc:
        return _fail(str(exc))
    print(text, file=sys.stdout if status == 0 else sys.stderr)
    return status


def _fail(message: str) -> int:
    print(f"modeldb-backend: {message}", file=sys.stderr)
    return 2


def _open_backend(settings: Settings) -> Backend | None:
    """The backend on its database, or None after one line on stderr saying why it cannot be opened."""
    from .backend import Backend
    from .store import migrate
    from .store.engine import Database, PoolSettings

    try:
        database = Database.from_url(settings.db_url, PoolSettings.from_settings(settings))
        migrate.upgrade(database.engine)  # connects: the first place an unreachable or unwritable database fails
    except Exception as exc:  # a bad URL, an unreachable server, an unwritable file: one line, no traceback
        _fail(f"cannot open the database {settings.redacted_db_url()}: {describe_failure(exc)}")
        return None
    try:
        return Backend(settings, database)
    except Exception as exc:  # e.g. an artifact root that cannot be created
        database.dispose()
        _fail(f"cannot start: {describe_failure(exc)}")
        return None


def migrate_or_fail(settings: Settings) -> bool:
    """Migrate once before the workers start (they would wait on each other's lock); False after one line."""
    from .store import migrate
    from .store.engine import Database, PoolSettings

    database = None
    try:
        database = Database.from_url(settings.db_url, PoolSettings.from_settings(settings))
        migrate.upgrade(database.engine)
    except Exception as exc:
        _fail(f"cannot open the database {settings.redacted_db_url()}: {describe_failure(exc)}")
        return False
    finally:
        if database is not None:
            database.dispose()
    return True


def _migrate(settings: Settings) -> int:
    from .store import migrate
    from .store.engine import PoolSettings, make_engine

    try:
        engine = make_engine(settings.db_url, PoolSettings.from_settings(settings))
        head = migrate.upgrade(engine)
        revision = migrate.current_revision(engine)
    except Exception as exc:
        return _fail(f"cannot migrate the database {settings.redacted_db_url()}: {describe_failure(exc)}")
    newer = f" (newer than this release's {head}: left as it is)" if revision != head else ""
    print(f"{settings.redacted_db_url()} is at schema revision {revision}{newer}")
    return 0


def describe_failure(exc: BaseException) -> str:
    """The cause in one line: the driver's own message, not SQLAlchemy's wrapper with the SQL and a link."""
    from sqlalchemy.exc import DBAPIError

    from .errors import ModelDBError

    if isinstance(exc, ModelDBError):
        text = exc.message
    elif isinstance(exc, DBAPIError) and exc.orig is not None:
        text = str(exc.orig)
    elif isinstance(exc, OSError) and exc.strerror:
        text = f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    else:
        text = str(exc) or type(exc).__name__
    return " ".join(text.split())


if __name__ == "__main__":
    sys.exit(main())
