"""`modeldb-backend` command line: serve the API, or migrate a database."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from .server import InsecureBindError, ListenError, serve_forever
from .settings import Settings


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
    serve.add_argument("--port", type=int, help="REST port (MODELDB_PORT, default 8080)")
    serve.add_argument("--grpc-port", type=int, help="gRPC port (MODELDB_GRPC_PORT, default 8085; -1 turns it off)")
    serve.add_argument("--insecure", action="store_true", help="allow a non-loopback address without a token")
    serve.add_argument("--log-level", default="INFO", help="logging level (default INFO)")
    migrate = sub.add_parser("migrate", help="apply database migrations and exit")
    migrate.add_argument("--db", dest="db_url", help="database URL (MODELDB_DB_URL)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(args, "log_level", "INFO").upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.command == "migrate":
        from .store import migrate
        from .store.engine import make_engine

        settings = Settings.from_env(db_url=args.db_url)
        revision = migrate.upgrade(make_engine(settings.db_url))
        print(f"{settings.redacted_db_url()} is at schema revision {revision}")
        return 0
    settings = Settings.from_env(
        db_url=args.db_url,
        artifact_root=args.artifact_root,
        s3_endpoint_url=args.s3_endpoint_url,
        host=args.host,
        port=args.port,
        insecure=args.insecure or None,
    )
    if args.grpc_port is not None:
        from dataclasses import replace

        settings = replace(settings, grpc_port=None if args.grpc_port < 0 else args.grpc_port)
    try:
        asyncio.run(serve_forever(settings))
    except (InsecureBindError, ListenError) as exc:
        print(f"modeldb-backend: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
