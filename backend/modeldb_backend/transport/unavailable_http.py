"""Verta platform services a tracking server does not have: their paths answer 501 "not available in this server".

ModelDB's client also talks to Verta's deployment service (endpoints, builds, Docker contexts, fine-tuning:
`/api/v1/deployment/...`), its monitoring service (`/api/v1/monitoring/...`) and deployed models
(`/api/v1/predict/...`). Without these routes it would get the router's bare 404, which it may read as "no such
entity" and carry on; UNIMPLEMENTED with the name of the missing service says what cannot work here and that
retrying will not help (services/registry_service/unavailable.py: the same for RegistryService's external
deployments). The routes hold no request body: the answer comes before it is read (bodies.py).
"""

from __future__ import annotations

from typing import Any

import tornado.web

from ..services.registry_service.unavailable import not_available
from .core import Host, ModelDBHandler

PLATFORM_SERVICES = {
    "deployment": "Verta's deployment service (endpoints, Docker builds and contexts, fine-tuning)",
    "monitoring": "Verta's model monitoring (monitored entities, profilers, alerts, summaries)",
    "predict": "predictions from deployed endpoints (this server deploys nothing)",
}


@tornado.web.stream_request_body
class UnavailableHandler(ModelDBHandler, tornado.web.RequestHandler):
    """Every method of a platform service's paths: 501 naming the service, before any body is read."""

    public = True  # nothing to protect: the answer is the same for everyone

    def initialize(self, host: Host) -> None:
        self.host = host

    def check_request(self) -> None:
        service = self.path_args[0] if self.path_args else ""
        raise not_available(PLATFORM_SERVICES.get(service, service))

    def _respond(self, *args: Any) -> None:
        self.raise_deferred()

    get = post = put = delete = patch = head = options = _respond


def unavailable_routes(
    base: str, host: Host, handler: type[tornado.web.RequestHandler] = UnavailableHandler
) -> list[Any]:
    """The routes of the platform services under `base`: the standalone server's root, or Jupyter's mount with
    its own `handler` (the same answer behind Jupyter's login)."""
    names = "|".join(PLATFORM_SERVICES)
    return [(base.rstrip("/") + rf"/api/v1/({names})(?:/.*)?$", handler, {"host": host})]
