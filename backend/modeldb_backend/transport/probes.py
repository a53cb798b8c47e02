"""`GET /livez` and `GET /readyz`: the standalone server's probes for load balancers and Kubernetes.

`/livez` says the process answers (no database: a database outage must not get healthy replicas restarted).
`/readyz` is 200 only when this server should get traffic: its schema is the one it was built for (migrations
applied), or a newer one it does not know (a rolling upgrade: the new release migrated first, and migrations are
additive within a release line; warned once), and the database answered a query just now; otherwise 503 with a
JSON `reason` (a database behind this server's schema, or empty, is not ready). It is 503 from the
moment shutdown begins, through the drain (MODELDB_DRAIN_SECONDS, while requests are still served) to the end,
so that a load balancer stops sending new requests before the server stops accepting them.

Both are public (no token: they hold no data) and cheap: no request body, one `SELECT` per readiness check,
checks arriving while one is under way share its answer, on threads of their own rather than the RPC workers
(a replica busy with requests is still ready). Inside Jupyter there are none: Jupyter has its own /api/status.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import tornado.web
from sqlalchemy import text

from ..backend import Backend
from ..store import migrate
from .core import BackendHost, ModelDBHandler

PROBE_TIMEOUT_S = 3.0  # a database slower than this to answer is "not ready"
DRAINING = "draining: the server is shutting down and finishes the requests under way; send new ones elsewhere"
STOPPING = "the server is shutting down"
log = logging.getLogger(__name__)


class Readiness:
    """Whether the server should get traffic; `begin_shutdown` turns it off for good."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.shutdown_reason: str | None = None
        self._check: asyncio.Future[str | None] | None = None
        self._warned_newer: str | None = None  # the newer revision already warned about

    def begin_shutdown(self, reason: str = STOPPING) -> None:
        if self.shutdown_reason is None:
            self.shutdown_reason = reason

    async def not_ready_because(self) -> str | None:
        """None when ready, else why not (shutting down, database unreachable, schema not this server's)."""
        if self.shutdown_reason is not None:
            return self.shutdown_reason
        if self._check is None or self._check.done():  # one query at a time, whatever the probe rate
            loop = asyncio.get_running_loop()
            self._check = loop.run_in_executor(None, self._check_database)
        try:
            reason = await asyncio.wait_for(asyncio.shield(self._check), PROBE_TIMEOUT_S)
        except TimeoutError:
            reason = f"the database did not answer within {PROBE_TIMEOUT_S:g} s"
        # shutdown may have begun while the database answered
        return self.shutdown_reason or reason

    def _check_database(self) -> str | None:
        try:
            with self.backend.db.engine.connect() as conn:
                revision: str | None = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception as exc:  # any failure to answer (down, refused, pool exhausted) is "not ready"
            return f"the database does not answer: {_first_line(exc)}"
        if revision == self.backend.schema_revision:
            return None
        if revision is not None and migrate.is_newer(revision):
            if revision != self._warned_newer:
                self._warned_newer = revision
                log.warning("%s", migrate.newer_schema_warning(revision))
            return None
        return f"the database schema is at {revision or 'nothing'}; this server needs {self.backend.schema_revision}"


def _first_line(exc: BaseException) -> str:
    cause = getattr(exc, "orig", None) or exc  # the driver's message, without SQLAlchemy's SQL and links
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__


@tornado.web.stream_request_body
class ProbeHandler(ModelDBHandler, tornado.web.RequestHandler):
    """A probe route: public, takes no body (a stray one is read up to the small limit and dropped)."""

    public = True

    def initialize(self, readiness: Readiness) -> None:
        self.readiness = readiness
        self.host = BackendHost(readiness.backend)

    def answer(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body) if self.request.method != "HEAD" else None)


class LivezHandler(ProbeHandler):
    def get(self) -> None:
        self.raise_deferred()
        self.answer(200, {"status": "alive"})

    head = get


class ReadyzHandler(ProbeHandler):
    async def get(self) -> None:
        self.raise_deferred()
        reason = await self.readiness.not_ready_because()
        if reason is None:
            self.answer(200, {"status": "ready", "schema": self.readiness.backend.schema_revision})
        else:
            self.answer(503, {"status": "not ready", "reason": reason})

    head = get


def probe_routes(readiness: Readiness) -> list[Any]:
    kwargs = {"readiness": readiness}
    return [(r"/livez/?$", LivezHandler, kwargs), (r"/readyz/?$", ReadyzHandler, kwargs)]
