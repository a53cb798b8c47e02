"""`GET /metrics` of the standalone server: the series of metrics.py in Prometheus's text format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST

from .core import Host, ModelDBHandler
from .metrics import exposition, sample

if TYPE_CHECKING:
    from ..backend import Backend

METRICS_PATH = "/metrics"


@tornado.web.stream_request_body
class MetricsHandler(ModelDBHandler, tornado.web.RequestHandler):
    """GET /metrics for Prometheus: the token unless MODELDB_METRICS_PUBLIC (see the module's documentation)."""

    def initialize(self, host: Host, backend: Backend) -> None:
        self.host = host
        self.backend = backend

    async def authenticate(self) -> str:
        if self.host.settings.metrics_public:
            return "metrics"
        return await super().authenticate()

    def get(self) -> None:
        self.raise_deferred()
        sample(self.backend)
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(exposition())

    def head(self) -> None:
        self.get()


def metrics_routes(host: Host, backend: Backend) -> list[Any]:
    return [(METRICS_PATH, MetricsHandler, {"host": host, "backend": backend})]
