"""What a tracking server cannot do: a clear "not available in this server" error, never a bare 404.

External deployments, endpoints, Docker builds and monitoring belong to Verta's deployment platform, which this
server is not. Their RPCs answer UNIMPLEMENTED (HTTP 501): gRPC's code for "not supported by this service", which
tells the caller that retrying or changing the request cannot help. FAILED_PRECONDITION (400) would say the
request could succeed once some state is fixed, and a 404 would let ModelDB's client take the answer for
"no such entity" (it treats 404 + NOT_FOUND as absence) and carry on.
"""

from __future__ import annotations

from ...errors import Unimplemented

NOT_AVAILABLE = "not available in this server"
EXTERNAL_DEPLOYMENTS = (
    "external deployments (Verta's deployment platform records them; this is a tracking server with a model "
    "registry: note where a version is deployed in its attributes or description instead)"
)


def not_available(what: str) -> Unimplemented:
    """The error of every feature this server does not have: `not available in this server: <what>`."""
    return Unimplemented(f"{NOT_AVAILABLE}: {what}")


# RegistryService RPCs of Verta's deployment platform: the service table lists them as left out on purpose with
# this reason (services/registry.py), so they answer 501 naming it, stay out of the OpenAPI document, and the
# table check fails if a method for one of them appears.
UNAVAILABLE: dict[str, str] = {
    name: f"{NOT_AVAILABLE}: {EXTERNAL_DEPLOYMENTS}"
    for name in (
        "GetExternalDeployment",
        "CreateExternalDeployment",
        "UpdateExternalDeployment",
        "DeleteExternalDeployment",
    )
}


class UnavailableRpcs:
    """RegistryService's RPCs of Verta's deployment platform: none is served here (UNAVAILABLE lists them)."""
