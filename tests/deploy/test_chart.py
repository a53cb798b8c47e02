"""The Helm chart (deploy/helm/modeldb) rendered by a real helm and checked against Kubernetes' own schemas.

helm comes from scripts/ensure-helm (`make test` runs it; MODELDB_HELM points at another). kubernetes-validate
bundles the API schemas, so nothing here needs a cluster or the network.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from modeldb_backend import cli
from modeldb_backend.settings import Settings, SettingsError

from .support import CHART, GRPC_PORT, LIVEZ, READYZ, REST_PORT, ROOT, load_all, unknown_variables

K8S_VERSION = "1.30.0"  # the oldest API the chart promises (Chart.yaml's kubeVersion allows older: same kinds)
DB_URL = "postgresql://modeldb:pw@db.example:5432/modeldb"
EVERYTHING: dict[str, Any] = {
    "database": {"url": DB_URL},
    "artifacts": {
        "s3": {"endpointUrl": "http://minio:9000", "region": "eu-west-1", "accessKeyId": "k", "secretAccessKey": "s"}
    },
    "auth": {"token": "shared", "tokens": "ada sha256:" + "0" * 64 + "\n"},
    "ingress": {
        "enabled": True,
        "className": "nginx",
        "tls": [{"hosts": ["modeldb.example.com"], "secretName": "modeldb-tls"}],
    },
    "autoscaling": {"enabled": True},
    "extraEnv": [{"name": "MODELDB_MAX_UPLOAD_SIZE", "value": "1073741824"}],
}
EXISTING_SECRETS: dict[str, Any] = {
    "database": {"existingSecret": "pg", "existingSecretKey": "url"},
    "artifacts": {"s3": {"existingSecret": "s3"}},
    "auth": {"existingSecret": "tokens"},
    "podDisruptionBudget": {"enabled": False},
    "migration": {"enabled": False},
}


@pytest.fixture(scope="module")
def helm() -> str:
    path = os.environ.get("MODELDB_HELM") or str(ROOT / ".venv" / "bin" / "helm")
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} is missing: run scripts/ensure-helm (make test does)")
    return path


def run_helm(helm: str, tmp_path: Path, command: str, values: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    values_file = tmp_path / "values.yaml"
    values_file.write_text(yaml.safe_dump(values))
    argv = [helm, command, *(["rel"] if command == "template" else []), str(CHART), "-f", str(values_file)]
    argv += ["--strict"] if command == "lint" else ["--namespace", "ml"]
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)


def render(helm: str, tmp_path: Path, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The rendered objects by `Kind/name`."""
    done = run_helm(helm, tmp_path, "template", values)
    assert done.returncode == 0, done.stderr
    return {f"{o['kind']}/{o['metadata']['name']}": o for o in load_all(done.stdout)}


def container(objects: dict[str, dict[str, Any]], kind_name: str) -> dict[str, Any]:
    spec = objects[kind_name]["spec"]["template"]["spec"]
    (only,) = spec["containers"]
    return dict(only)


@pytest.mark.parametrize(
    "values",
    [{"database": {"url": DB_URL}}, EVERYTHING, EXISTING_SECRETS],
    ids=["defaults", "everything", "existing-secrets"],
)
def test_lint_and_every_object_matches_the_kubernetes_schema(helm: str, tmp_path: Path, values: dict[str, Any]) -> None:
    lint = run_helm(helm, tmp_path, "lint", values)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    objects = render(helm, tmp_path, values)
    for obj in objects.values():
        # strict: a misspelt or misplaced field is an error, not silently dropped by the API server
        kubernetes_validate.validate(obj, K8S_VERSION, strict=True)
    assert {"Deployment/rel-modeldb", "Service/rel-modeldb", "ConfigMap/rel-modeldb"} <= set(objects)


def test_schema_validation_catches_a_bad_object(helm: str, tmp_path: Path) -> None:
    """The check above can fail: a misplaced field is refused."""
    deployment = render(helm, tmp_path, {"database": {"url": DB_URL}})["Deployment/rel-modeldb"]
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessprobe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)


def test_probes_ports_and_a_grace_period_longer_than_drain_and_shutdown(helm: str, tmp_path: Path) -> None:
    values = {"database": {"url": DB_URL}, "drainSeconds": 7, "shutdownGraceSeconds": 4}
    objects = render(helm, tmp_path, values)
    server = container(objects, "Deployment/rel-modeldb")
    assert server["readinessProbe"]["httpGet"] == {"path": READYZ, "port": "http"}
    assert server["livenessProbe"]["httpGet"] == {"path": LIVEZ, "port": "http"}
    assert {p["name"]: p["containerPort"] for p in server["ports"]} == {"http": REST_PORT, "grpc": GRPC_PORT}
    pod = objects["Deployment/rel-modeldb"]["spec"]["template"]["spec"]
    # SIGTERM: drain (7 s), requests (4 s), commits (4 s), before the kubelet's SIGKILL
    assert pod["terminationGracePeriodSeconds"] > 7 + 2 * 4
    config = objects["ConfigMap/rel-modeldb"]["data"]
    assert (config["MODELDB_DRAIN_SECONDS"], config["MODELDB_SHUTDOWN_GRACE_SECONDS"]) == ("7", "4")
    service = objects["Service/rel-modeldb"]["spec"]
    assert {p["name"]: p["targetPort"] for p in service["ports"]} == {"http": "http", "grpc": "grpc"}
    assert service["selector"] == objects["Deployment/rel-modeldb"]["spec"]["selector"]["matchLabels"]


def test_every_variable_is_one_the_server_reads(helm: str, tmp_path: Path) -> None:
    objects = render(helm, tmp_path, EVERYTHING)
    server = container(objects, "Deployment/rel-modeldb")
    names = [e["name"] for e in server["env"]] + list(objects["ConfigMap/rel-modeldb"]["data"])
    assert not unknown_variables(names)
    env = {e["name"]: e for e in server["env"]}
    assert env["MODELDB_INSTANCE_NAME"]["valueFrom"] == {"fieldRef": {"fieldPath": "metadata.name"}}
    # the per-user tokens file is the mounted Secret's key
    (mount,) = [m for m in server["volumeMounts"] if m["name"] == "tokens"]
    assert env["MODELDB_TOKENS_FILE"]["value"] == mount["mountPath"] + "/tokens"
    # secrets never appear as plain values in the pod spec
    assert DB_URL not in yaml.safe_dump(objects["Deployment/rel-modeldb"])


def test_the_commands_are_the_clis(helm: str, tmp_path: Path) -> None:
    objects = render(helm, tmp_path, EVERYTHING)
    for kind_name in ["Deployment/rel-modeldb", "Job/rel-modeldb-migrate"]:
        cli._parser().parse_args(container(objects, kind_name)["args"])  # SystemExit on an unknown command


def test_the_migration_job_runs_before_install_and_upgrade(helm: str, tmp_path: Path) -> None:
    objects = render(helm, tmp_path, {"database": {"url": DB_URL}})
    job, hook_secret = objects["Job/rel-modeldb-migrate"], objects["Secret/rel-modeldb-migrate"]
    for hook in (job, hook_secret):
        assert hook["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    weight = {o["kind"]: int(o["metadata"]["annotations"]["helm.sh/hook-weight"]) for o in (job, hook_secret)}
    assert weight["Secret"] < weight["Job"]  # the URL's copy exists before the Job starts
    (env,) = container(objects, "Job/rel-modeldb-migrate")["env"]
    assert env["valueFrom"]["secretKeyRef"] == {"name": "rel-modeldb-migrate", "key": "db-url"}
    assert hook_secret["stringData"] == {"db-url": DB_URL}
    # with the user's own Secret the Job reads it and no copy is made
    objects = render(helm, tmp_path, {"database": {"existingSecret": "pg", "existingSecretKey": "url"}})
    (env,) = container(objects, "Job/rel-modeldb-migrate")["env"]
    assert env["valueFrom"]["secretKeyRef"] == {"name": "pg", "key": "url"}
    assert "Secret/rel-modeldb-migrate" not in objects


def test_autoscaling_owns_the_replica_count(helm: str, tmp_path: Path) -> None:
    fixed = render(helm, tmp_path, {"database": {"url": DB_URL}, "replicaCount": 4})
    assert fixed["Deployment/rel-modeldb"]["spec"]["replicas"] == 4
    assert "HorizontalPodAutoscaler/rel-modeldb" not in fixed
    scaled = render(helm, tmp_path, EVERYTHING)
    assert "replicas" not in scaled["Deployment/rel-modeldb"]["spec"]
    assert scaled["HorizontalPodAutoscaler/rel-modeldb"]["spec"]["scaleTargetRef"]["name"] == "rel-modeldb"
    backend = scaled["Ingress/rel-modeldb"]["spec"]["rules"][0]["http"]["paths"][0]["backend"]
    assert backend == {"service": {"name": "rel-modeldb", "port": {"name": "http"}}}


def test_a_missing_database_is_refused_with_a_message(helm: str, tmp_path: Path) -> None:
    done = run_helm(helm, tmp_path, "template", {})
    assert done.returncode != 0
    assert "database.url (or database.existingSecret) is required" in done.stderr


def pod_environment(objects: dict[str, dict[str, Any]]) -> dict[str, str]:
    """The server container's environment as the kubelet would give it (ConfigMap, chart Secret, field refs)."""
    server = container(objects, "Deployment/rel-modeldb")
    (source,) = server["envFrom"]
    env: dict[str, str] = dict(objects[f"ConfigMap/{source['configMapRef']['name']}"]["data"])
    for item in server["env"]:
        ref = item.get("valueFrom", {})
        if "secretKeyRef" in ref:
            secret = objects[f"Secret/{ref['secretKeyRef']['name']}"]["stringData"]
            env[item["name"]] = secret[ref["secretKeyRef"]["key"]]
        elif "fieldRef" in ref:
            env[item["name"]] = "rel-modeldb-5d9c7-abcde"
        else:
            env[item["name"]] = item["value"]
    return env


def test_the_server_accepts_the_rendered_settings(helm: str, tmp_path: Path) -> None:
    """settings.py parses the pod's environment as the server will at start-up: every value is usable."""
    values = {**EVERYTHING, "drainSeconds": 3, "shutdownGraceSeconds": 6, "accessLog": "text"}
    env = pod_environment(render(helm, tmp_path, values))
    parsed = Settings.from_env(env)
    assert (parsed.db_url, parsed.artifact_root) == (DB_URL, "s3://modeldb/artifacts")
    assert (parsed.host, parsed.port, parsed.grpc_port) == ("0.0.0.0", REST_PORT, GRPC_PORT)
    assert (parsed.drain_seconds, parsed.shutdown_grace_seconds, parsed.access_log) == (3, 6, "text")
    assert (parsed.metrics_public, parsed.workers, parsed.token) == (True, 1, "shared")
    assert parsed.instance_name == "rel-modeldb-5d9c7-abcde"
    # a value the server would refuse at start-up is caught here, before any pod crash-loops
    bad = {**EVERYTHING, "extraEnv": [{"name": "MODELDB_DRAIN_SECONDS", "value": "soon"}]}
    with pytest.raises(SettingsError, match="MODELDB_DRAIN_SECONDS"):
        Settings.from_env(pod_environment(render(helm, tmp_path, bad)))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"accessLog": "verbose"}, "/accessLog"),
        ({"replicacount": 2}, "replicacount"),  # a misspelt key is refused, not ignored
        ({"database": {"url": "mysql://db/modeldb"}}, "/database/url"),
        ({"artifacts": {"root": "/srv/artifacts"}}, "/artifacts/root"),  # replicas share S3, never a local disk
    ],
)
def test_values_schema_refuses_bad_values(helm: str, tmp_path: Path, values: dict[str, Any], message: str) -> None:
    done = run_helm(helm, tmp_path, "template", {"database": {"url": DB_URL}} | values)
    assert done.returncode != 0
    assert message in done.stderr
