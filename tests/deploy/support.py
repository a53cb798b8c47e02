"""What the deployment tests share: the repository's paths, YAML loading and the names the server reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from modeldb_backend import settings

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "modeldb"
COMPOSE = ROOT / "deploy" / "compose.yaml"
HAPROXY_CFG = ROOT / "deploy" / "haproxy" / "haproxy.cfg"
DOCKERFILE = ROOT / "Dockerfile"

# The probes every deployment uses (REPLICA's routes): liveness needs no database, readiness does.
LIVEZ, READYZ = "/livez", "/readyz"
REST_PORT, GRPC_PORT = 8080, 8085  # the image's ports (Dockerfile ENV and EXPOSE)
# Variables of the libraries underneath (boto3 reads these; the backend passes them through untouched).
PASS_THROUGH = frozenset({"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"})


def server_variables() -> frozenset[str]:
    """Every MODELDB_* variable the server reads: settings.py is the only place that reads them."""
    return frozenset(settings.ENV_VARS.values()) | {
        name for name in vars(settings).values() if isinstance(name, str) and name.startswith("MODELDB_")
    }


def unknown_variables(names: object) -> set[str]:
    """The names a deployment sets that the server would silently ignore (a typo, a renamed setting)."""
    assert isinstance(names, (list, set, frozenset, dict, tuple))
    return {n for n in names if n not in PASS_THROUGH and n not in server_variables()}


def load_all(text: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(text) if doc]
