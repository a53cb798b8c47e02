"""The local cluster (scripts/cluster): REST and gRPC through HAProxy reach every replica, the project's client
works through it, and an artifact is uploaded in parts whose URLs come from different replicas."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import grpc
import psycopg2
import pytest
import requests

from modeldb_backend.pb.modeldb import common_pb2
from modeldb_backend.pb.modeldb import experiment_run_service_pb2_grpc as run_grpc
from modeldb_backend.pb.modeldb import project_service_pb2 as project_pb2
from modeldb_backend.pb.modeldb import project_service_pb2_grpc as project_grpc
from modeldb_jupyter.client import Client
from tests.cluster.conftest import REPLICAS, SCRIPTS, Cluster, ClusterError, free_port
from tests.servers import new_experiment, new_run

pytestmark = pytest.mark.pg

INSTANCES = {f"replica-{n}" for n in range(1, REPLICAS + 1)}
MiB = 1024 * 1024


def rest(url: str, rpc: str, body: dict[str, Any], session: requests.Session | None = None) -> requests.Response:
    response = (session or requests).post(f"{url}/api/v1/modeldb/{rpc}", json=body, timeout=30)
    assert response.status_code == 200, response.text
    return response


def fresh_run(url: str, tag: str) -> str:
    """A run named `tag` in a project and experiment of its own."""
    return new_run(url, *new_experiment(url, f"{tag}-{uuid.uuid4().hex[:8]}"), tag)


def test_rest_through_the_load_balancer_reaches_every_replica(cluster: Cluster) -> None:
    url = cluster.url
    run_id = fresh_run(url, "rest")
    seen: set[str] = set()
    with requests.Session() as session:  # one kept-alive connection to HAProxy: it still spreads the requests
        for step in range(4 * REPLICAS):
            metric = {"key": f"m{step}", "value": float(step)}  # a key is logged once (ModelDB's rule)
            response = rest(url, "experiment-run/logMetric", {"id": run_id, "metric": metric}, session)
            seen.add(response.headers["X-ModelDB-Instance"])
    assert seen == INSTANCES
    found = requests.get(f"{url}/api/v1/modeldb/experiment-run/getMetrics", params={"id": run_id}, timeout=30)
    assert sorted(m["value"] for m in found.json()["metrics"]) == [float(s) for s in range(4 * REPLICAS)]


def test_grpc_through_the_load_balancer_reaches_every_replica(cluster: Cluster) -> None:
    seen: set[str] = set()
    with grpc.insecure_channel(cluster.state().grpc_target) as channel:  # one HTTP/2 connection to HAProxy
        projects = project_grpc.ProjectServiceStub(channel)
        name = f"grpc-{uuid.uuid4().hex[:8]}"
        created, call = projects.createProject.with_call(project_pb2.CreateProject(name=name), timeout=30)
        seen.add(dict(call.initial_metadata())["x-modeldb-instance"])
        for _ in range(4 * REPLICAS):
            request = project_pb2.GetProjectById(id=created.project.id)
            found, call = projects.getProjectById.with_call(request, timeout=30)
            assert found.project.name == name
            seen.add(dict(call.initial_metadata())["x-modeldb-instance"])
    assert seen == INSTANCES


def test_the_client_through_the_load_balancer(cluster: Cluster, client_home: Path) -> None:
    client = Client(cluster.url)
    try:
        client.set_project(f"client-{uuid.uuid4().hex[:8]}")
        client.set_experiment("cluster")
        run = client.create_experiment_run("through-haproxy")
        for step in range(50):
            run.log_metric("acc", step / 50)
        data = os.urandom(300_000)
        run.log_artifact("blob", data)
        assert run.end(timeout=30)
        again = client.get_experiment_run(id=run.id)
        assert [p.value for p in again.get_metric_history("acc")] == [s / 50 for s in range(50)]
        assert again.get_artifact("blob") == data
    finally:
        client.close(timeout=15)


def test_multipart_upload_with_part_urls_from_different_replicas(cluster: Cluster) -> None:
    replicas = [r.url for r in cluster.state().replicas]
    run_id = fresh_run(cluster.url, "multipart")
    parts = [os.urandom(5 * MiB), os.urandom(5 * MiB), os.urandom(1234)]
    whole = b"".join(parts)
    artifact = {"key": "big", "path": f"multipart/{uuid.uuid4().hex}.bin", "artifact_type": "BLOB"}
    rest(cluster.url, "experiment-run/logArtifacts", {"id": run_id, "artifacts": [artifact]})
    for number, part in enumerate(parts, start=1):
        issuer, committer = replicas[number % REPLICAS], replicas[(number + 1) % REPLICAS]
        request = {"id": run_id, "key": "big", "method": "PUT", "part_number": str(number)}
        answer = rest(issuer, "experiment-run/getUrlForArtifact", request).json()
        assert answer["multipart_upload_ok"] is True
        put = requests.put(answer["url"], data=part, timeout=60)
        assert put.status_code == 200, put.text
        artifact_part = {"part_number": str(number), "etag": put.headers["ETag"]}
        rest(
            committer, "experiment-run/commitArtifactPart", {"id": run_id, "key": "big", "artifact_part": artifact_part}
        )
    rest(cluster.url, "experiment-run/commitMultipartArtifact", {"id": run_id, "key": "big"})
    request = {"id": run_id, "key": "big", "method": "GET"}
    download = rest(replicas[0], "experiment-run/getUrlForArtifact", request).json()["url"]
    body = requests.get(download, timeout=60).content
    assert hashlib.sha256(body).hexdigest() == hashlib.sha256(whole).hexdigest()


def test_the_command_line_restarts_a_replica_and_reports_status(cluster: Cluster) -> None:
    script = [sys.executable, str(Path(SCRIPTS) / "cluster"), "--dir", str(cluster.dir)]
    before = cluster.replica(2).pid
    done = subprocess.run([*script, "restart-replica", "2"], capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr
    status = json.loads(subprocess.run([*script, "status"], capture_output=True, text=True, timeout=30).stdout)
    replica = status["replicas"]["replica-2"]
    assert replica["alive"] and replica["lb"] == "UP" and replica["pid"] != before
    # a bad replica number is one line, no traceback
    done = subprocess.run([*script, "kill-replica", "9"], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 2 and done.stderr.startswith("cluster: no replica 9"), done.stderr


def test_up_again_is_a_no_op_and_another_size_is_refused(cluster: Cluster) -> None:
    again = Cluster(cluster.dir)
    pids = [r.pid for r in cluster.state().replicas]
    assert again.up(REPLICAS).url == cluster.url and again.already_up
    assert [r.pid for r in cluster.state().replicas] == pids
    with pytest.raises(ClusterError, match="already in"):
        again.up(REPLICAS - 1)


def test_kept_data_survives_down_and_up(tmp_path: Path, pg_server_url: str, client_home: Path) -> None:
    """`up --data DIR`: artifacts on the local store in DIR (shared by the replicas), the database kept by down."""
    data, port = tmp_path / "data", free_port()
    kept = Cluster(tmp_path / "kept")
    try:
        kept.up(1, pg_admin_url=pg_server_url, data_dir=data, port=port)
        client = Client(kept.url)
        client.set_project(f"kept-{uuid.uuid4().hex[:8]}")
        run = client.create_experiment_run("kept")
        run.log_metric("m", 1.5)
        run.log_artifact("a", b"kept bytes")
        assert run.end(timeout=30)
        # gRPC callers (no Host header) get the local store's URLs at HAProxy's address (MODELDB_PUBLIC_URL)
        with grpc.insecure_channel(kept.state().grpc_target) as channel:
            ask = common_pb2.GetUrlForArtifact(id=run.id, key="a", method="GET")
            url = run_grpc.ExperimentRunServiceStub(channel).getUrlForArtifact(ask, timeout=30).url
        assert url.startswith(f"http://127.0.0.1:{port}/"), url
        assert requests.get(url, timeout=30).content == b"kept bytes"
        client.close(timeout=15)
        kept.down()
        kept.up(2, pg_admin_url=pg_server_url, data_dir=data, port=port)
        assert kept.url == f"http://127.0.0.1:{port}"
        client = Client(kept.url)
        again = client.get_experiment_run(id=run.id)
        assert again.get_metrics() == {"m": 1.5} and again.get_artifact("a") == b"kept bytes"
        client.close(timeout=15)
    finally:
        kept.down(drop_data=True)
        # an `up` that failed has kept the data without a state file: drop the database all the same
        admin = psycopg2.connect(pg_server_url.replace("+psycopg2", ""))
        admin.autocommit = True
        try:
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{kept.db_name}" WITH (FORCE)')
        finally:
            admin.close()
    assert not kept.state_file.exists()


def test_haproxy_starts_with_replica_names_it_cannot_resolve_yet() -> None:
    """compose names its replicas (backend-N): HAProxy resolves them at run time (its resolvers section), so a name
    that does not resolve at start leaves that server down instead of stopping HAProxy. scripts/cluster's literal
    127.0.0.1 addresses need no resolution: the other tests here run the cluster on the same file."""
    import modeldb_cluster
    import yaml

    compose = yaml.safe_load((modeldb_cluster.ROOT / "deploy" / "compose.yaml").read_text())
    names = {k: str(v) for k, v in compose["services"]["haproxy"]["environment"].items()}
    assert names["MODELDB_REPLICA1_REST"] == "backend-1:8080"
    # .invalid never resolves (RFC 6761), here or on a machine whose search domain knows a backend-1
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELDB_")}
    env.update({k: re.sub(r"^(backend-\d+):", r"\1.invalid:", v) for k, v in names.items()})
    haproxy = os.environ.get("MODELDB_HAPROXY", "haproxy")
    checked = subprocess.run(
        [haproxy, "-c", "-f", str(modeldb_cluster.HAPROXY_CFG)], env=env, capture_output=True, text=True, timeout=30
    )
    output = checked.stdout + checked.stderr
    assert checked.returncode == 0, output
    assert "could not resolve address 'backend-1.invalid'" in output, output
