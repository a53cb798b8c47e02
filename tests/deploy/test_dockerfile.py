"""The Dockerfile's two targets, checked as text (no image is built here: base images need a registry)."""

from __future__ import annotations

import json
import re

from modeldb_backend import cli

from .support import DOCKERFILE, GRPC_PORT, LIVEZ, REST_PORT, ROOT, unknown_variables


def stage(name: str) -> str:
    """The instructions of one build stage."""
    text = DOCKERFILE.read_text().replace("\\\n", " ")  # continuation lines joined
    parts = re.split(r"^FROM ", text, flags=re.MULTILINE)
    (found,) = [p for p in parts if re.match(rf"\S+ AS {name}\n", p)]
    return found


def env_of(text: str) -> dict[str, str]:
    pairs = [kv for line in re.findall(r"^ENV (.+)$", text, re.MULTILINE) for kv in line.split()]
    return dict(kv.split("=", 1) for kv in pairs)


def test_backend_image_serves_on_the_ports_and_probe_everyone_uses() -> None:
    backend = stage("backend")
    env = env_of(backend)
    assert (int(env["MODELDB_PORT"]), int(env["MODELDB_GRPC_PORT"])) == (REST_PORT, GRPC_PORT)
    assert re.search(rf"^EXPOSE {REST_PORT} {GRPC_PORT}$", backend, re.MULTILINE)
    assert not unknown_variables([k for k in env if k.startswith("MODELDB_")])
    assert f"http://127.0.0.1:{REST_PORT}{LIVEZ}" in backend
    assert re.search(r"^USER 10001$", backend, re.MULTILINE)  # the chart's runAsUser
    (entrypoint,) = re.findall(r"^ENTRYPOINT (.+)$", backend, re.MULTILINE)
    (command,) = re.findall(r"^CMD (.+)$", backend, re.MULTILINE)
    assert json.loads(entrypoint) == ["modeldb-backend"]
    cli._parser().parse_args(json.loads(command))


def test_jupyter_image_has_the_extension_and_lab() -> None:
    jupyter = stage("jupyter")
    assert "modeldb_jupyter-*.whl" in jupyter and "modeldb_backend-*.whl)[s3]" in jupyter
    (command,) = re.findall(r"^CMD (.+)$", jupyter, re.MULTILINE)
    assert json.loads(command)[:2] == ["jupyter", "lab"]


def test_build_context_leaves_out_local_state() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", "**/node_modules", ".cluster", "modeldb_jupyter/labextension"} <= ignored
