"""deploy/compose.yaml: valid against the compose specification, and the same topology as scripts/cluster
(the HAProxy variables of deploy/haproxy/haproxy.cfg, the replicas' settings, the probes)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from modeldb_backend.settings import Settings

from .support import COMPOSE, DOCKERFILE, GRPC_PORT, HAPROXY_CFG, READYZ, REST_PORT, ROOT, unknown_variables

# HAProxy expands "${NAME-default}" (and "${NAME}") inside double quotes.
HAPROXY_VAR = re.compile(r"\$\{([A-Z0-9_]+)[-}]")


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text())  # resolves the YAML anchors and `<<` merges as compose does
    assert isinstance(loaded, dict)
    return loaded


def replicas() -> dict[int, dict[str, Any]]:
    """The backend replicas by number (services backend-N)."""
    services = compose()["services"]
    return {int(name.split("-")[1]): s for name, s in services.items() if re.fullmatch(r"backend-\d+", name)}


def compose_schema() -> dict[str, Any]:
    # compose-spec's schema (Apache-2.0) as vendored by check-jsonschema, so no copy of it lives here
    text = resources.files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json").read_text()
    schema = json.loads(text)
    assert isinstance(schema, dict)
    return schema


def test_compose_file_matches_the_compose_specification() -> None:
    schema = compose_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(compose())]
    assert not errors
    # and the check can fail: a misspelt key is refused
    broken = compose()
    broken["services"]["haproxy"]["dependson"] = ["backend-1"]
    assert list(validator.iter_errors(broken))


def test_services_depend_on_what_they_need() -> None:
    services = compose()["services"]
    assert services["migrate"]["command"] == ["migrate"]
    for replica in replicas().values():
        needs = replica["depends_on"]
        assert needs["migrate"]["condition"] == "service_completed_successfully"  # schema first, once
        assert needs["minio-bucket"]["condition"] == "service_completed_successfully"
    assert set(services["haproxy"]["depends_on"]) == {f"backend-{n}" for n in replicas()}
    targets = set(re.findall(r"^FROM \S+ AS (\S+)$", DOCKERFILE.read_text(), re.MULTILINE))
    built = {s["build"]["target"] for s in services.values() if "build" in s}
    assert built == {"backend", "jupyter"} and built <= targets


def test_every_variable_is_one_the_server_reads() -> None:
    for replica in replicas().values():
        assert not unknown_variables(replica["environment"])
    assert unknown_variables(["MODELDB_DB_URI"]) == {"MODELDB_DB_URI"}  # the check can fail
    names = [r["environment"]["MODELDB_INSTANCE_NAME"] for r in replicas().values()]
    assert len(set(names)) == len(names)  # X-ModelDB-Instance tells the replicas apart


def test_stop_grace_covers_drain_and_shutdown() -> None:
    for replica in replicas().values():
        env = replica["environment"]
        needed = float(env["MODELDB_DRAIN_SECONDS"]) + 2 * float(env["MODELDB_SHUTDOWN_GRACE_SECONDS"])
        assert float(replica["stop_grace_period"].removesuffix("s")) > needed


def test_haproxy_gets_only_variables_its_config_reads_and_reaches_every_replica() -> None:
    lb = compose()["services"]["haproxy"]
    assert "./haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in lb["volumes"]
    assert (COMPOSE.parent / "haproxy" / "haproxy.cfg").resolve() == HAPROXY_CFG
    env: dict[str, str] = lb["environment"]
    assert set(env) <= set(HAPROXY_VAR.findall(HAPROXY_CFG.read_text()))
    assert env["MODELDB_LB_CHECK_PATH"] == READYZ
    for n, replica in replicas().items():
        assert env[f"MODELDB_REPLICA{n}"] == "enabled"
        assert env[f"MODELDB_REPLICA{n}_REST"] == f"backend-{n}:{replica['environment']['MODELDB_PORT']}"
        assert env[f"MODELDB_REPLICA{n}_GRPC"] == f"backend-{n}:{replica['environment']['MODELDB_GRPC_PORT']}"
        assert (int(replica["environment"]["MODELDB_PORT"]), int(replica["environment"]["MODELDB_GRPC_PORT"])) == (
            REST_PORT,
            GRPC_PORT,
        )


@pytest.fixture()
def cluster_module() -> Iterator[Any]:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import modeldb_cluster

        yield modeldb_cluster
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def test_same_topology_and_settings_as_scripts_cluster(cluster_module: Any, tmp_path: Path) -> None:
    mc = cluster_module
    ours = replicas()
    assert len(ours) <= mc.MAX_REPLICAS
    state = mc.State(
        db_name="modeldb",
        pg_admin_url="postgresql://postgres@127.0.0.1:5432/postgres",
        lb_port=8080,
        stats_port=8404,
        moto_port=9000,
        check_path=READYZ,
        replicas=[mc.Replica(n, REST_PORT + 100 * n, GRPC_PORT + 100 * n) for n in ours],
    )
    cluster = mc.Cluster(tmp_path)
    theirs_lb = {k for k in cluster.haproxy_env(state) if k.startswith("MODELDB_")}
    assert theirs_lb == set(compose()["services"]["haproxy"]["environment"])
    for n, replica in ours.items():
        theirs = {
            k: v for k, v in cluster.replica_env(state, state.replicas[n - 1]).items() if k.startswith("MODELDB_")
        }
        env = replica["environment"]
        assert set(theirs) <= set(env), "a setting scripts/cluster gives its replicas is missing here"
        for same in ["MODELDB_ARTIFACT_ROOT", "MODELDB_DRAIN_SECONDS", "MODELDB_WORKERS", "MODELDB_INSTANCE_NAME"]:
            assert env[same] == theirs[same], same


def interpolate(value: str, given: dict[str, str]) -> str:
    """Compose's `${NAME:-default}` / `${NAME:?message}` / `$$` for the values used here."""

    def one(match: re.Match[str]) -> str:
        name, op, rest = match.group(1), match.group(2), match.group(3)
        if name in given:
            return given[name]
        if op == ":?":
            raise ValueError(f"{name} is required: {rest}")
        return rest

    return re.sub(r"\$\{([A-Z_]+)(:-|:\?)([^}]*)\}", one, value).replace("$$", "$")


def test_the_server_accepts_every_replicas_settings() -> None:
    """settings.py parses each replica's environment as the server will at start-up."""
    for n, replica in replicas().items():
        env = {k: interpolate(str(v), {"MODELDB_TOKEN": "t0ken"}) for k, v in replica["environment"].items()}
        parsed = Settings.from_env(env)
        assert parsed.db_url == "postgresql://modeldb:modeldb@postgres:5432/modeldb"
        assert (parsed.host, parsed.port, parsed.grpc_port, parsed.token) == ("0.0.0.0", REST_PORT, GRPC_PORT, "t0ken")
        assert (parsed.drain_seconds, parsed.instance_name) == (1.5, f"replica-{n}")
    # the token has no default: compose refuses to start without one
    with pytest.raises(ValueError, match="MODELDB_TOKEN is required"):
        interpolate(replicas()[1]["environment"]["MODELDB_TOKEN"], {})
