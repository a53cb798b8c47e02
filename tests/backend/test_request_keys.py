"""Idempotency keys (services/request_keys.py): a retried write is applied once, over REST and gRPC, on SQLite
and PostgreSQL, across two servers sharing one database, and through the client's own retries."""

from __future__ import annotations

import concurrent.futures
import http.server
import threading
import uuid
from pathlib import Path
from typing import Any

import grpc
import pytest
import requests
from google.protobuf.message import Message
from sqlalchemy import func, insert, select, update

from modeldb_backend.backend import Backend
from modeldb_backend.errors import AlreadyExists, InvalidArgument
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2
from modeldb_backend.pb.modeldb import experiment_service_pb2 as expt_pb2
from modeldb_backend.pb.modeldb import project_service_pb2 as proj_pb2
from modeldb_backend.services import request_keys
from modeldb_backend.settings import Settings
from modeldb_backend.store import models as m
from modeldb_jupyter.client import Client
from tests.servers import ServerThread, new_experiment, settings_in, wait_until

API = "/api/v1/modeldb"
RUN_PATH = f"{API}/experiment-run/createExperimentRun"
HEADER = request_keys.HEADER


def _rest(server: ServerThread, path: str, body: dict[str, Any], key: str | None = None) -> requests.Response:
    headers = {HEADER: key} if key is not None else {}
    return requests.post(server.http_url + path, json=body, headers=headers, timeout=30)


def _grpc(server: ServerThread, service: str, name: str, message: Message, key: str | None) -> Message:
    assert server.server is not None
    rpc = server.server.backend.rpc(service, name)
    with grpc.insecure_channel(server.grpc_target) as channel:
        call = channel.unary_unary(
            rpc.grpc_path,
            request_serializer=rpc.request_cls.SerializeToString,
            response_deserializer=rpc.response_cls.FromString,
        )
        metadata = [(request_keys.METADATA, key)] if key is not None else None
        answer: Message = call(message, metadata=metadata, timeout=30)
        return answer


def _experiment(server: ServerThread) -> tuple[str, str]:
    """A fresh project and experiment (ids), created without keys."""
    return new_experiment(server.http_url, f"p-{uuid.uuid4().hex[:8]}")


def _count(backend: Backend, model: Any, *where: Any) -> int:
    with backend.db.transaction(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _backend(server: ServerThread) -> Backend:
    assert server.server is not None
    return server.server.backend


def test_a_replay_gets_the_first_answer_over_either_transport(server: ServerThread) -> None:
    project_id, experiment_id = _experiment(server)
    backend = _backend(server)
    for first, second in (("rest", "grpc"), ("grpc", "rest")):
        key, name = str(uuid.uuid4()), f"run-{first}-{uuid.uuid4().hex[:8]}"
        body = {"project_id": project_id, "experiment_id": experiment_id, "name": name}
        message = run_pb2.CreateExperimentRun(**body)
        ids = []
        for transport in (first, second, first):
            if transport == "rest":
                answer = _rest(server, RUN_PATH, body, key)
                assert answer.status_code == 200, answer.text
                ids.append(answer.json()["experiment_run"]["id"])
            else:
                reply = _grpc(server, "ExperimentRunService", "createExperimentRun", message, key)
                ids.append(reply.experiment_run.id)
        assert len(set(ids)) == 1, ids
        assert _count(backend, m.ExperimentRun, m.ExperimentRun.name == name) == 1
        audited = (m.AuditRecord.action == "createExperimentRun", m.AuditRecord.entity_id == ids[0])
        assert _count(backend, m.AuditRecord, *audited) == 1  # the replays ran nothing, audited nothing
        assert _count(backend, m.RequestKey, m.RequestKey.key == key) == 1


def test_the_same_key_for_another_request_is_refused(server: ServerThread) -> None:
    project_id, experiment_id = _experiment(server)
    key, b, x = str(uuid.uuid4()), f"b-{uuid.uuid4().hex[:8]}", f"x-{uuid.uuid4().hex[:8]}"
    body = {"project_id": project_id, "experiment_id": experiment_id, "name": "a"}
    assert _rest(server, RUN_PATH, body, key).status_code == 200
    other = _rest(server, RUN_PATH, {**body, "name": b}, key)
    assert other.status_code == 409
    assert "already used for a different createExperimentRun request" in other.json()["message"]
    with pytest.raises(grpc.RpcError) as over_grpc:
        _grpc(server, "ProjectService", "createProject", proj_pb2.CreateProject(name=x), key)
    assert over_grpc.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert "already used for createExperimentRun" in over_grpc.value.details()
    backend = _backend(server)
    assert _count(backend, m.ExperimentRun, m.ExperimentRun.name == b) == 0  # nothing half-written
    assert _count(backend, m.Project, m.Project.name == x) == 0


def test_malformed_keys_are_refused_and_an_empty_one_is_none(server: ServerThread) -> None:
    name = f"p-{uuid.uuid4().hex[:8]}"
    for key, words in (("k" * 129, "the limit is 128"), ("a b", "characters other than"), ("é", "characters other")):
        answer = requests.post(
            server.http_url + f"{API}/project/createProject",
            json={"name": name},
            headers={HEADER: key.encode()},  # type: ignore[dict-item]  # raw bytes: a non-ASCII header value
            timeout=30,
        )
        assert answer.status_code == 400 and words in answer.json()["message"], answer.text
    before = _count(_backend(server), m.RequestKey)
    assert _rest(server, f"{API}/project/createProject", {"name": name}, "").status_code == 200
    assert _count(_backend(server), m.RequestKey) == before


def test_reads_and_batches_with_their_own_keys_store_no_request_key(server: ServerThread) -> None:
    project_id, experiment_id = _experiment(server)
    backend = _backend(server)
    read = requests.get(
        server.http_url + f"{API}/project/getProjectById", params={"id": project_id}, headers={HEADER: "r1"}, timeout=30
    )
    assert read.status_code == 200
    run = _rest(server, RUN_PATH, {"project_id": project_id, "experiment_id": experiment_id, "name": "r"}).json()
    batch_key = f"batch-{uuid.uuid4()}"
    batch = {"run_id": run["experiment_run"]["id"], "idempotency_key": batch_key, "tags": ["t"]}
    for _ in range(2):
        assert _rest(server, "/api/v1/modeldb/ext/logBatch", batch, "header-key").status_code == 200
    mine = m.RequestKey.key.in_(("r1", "header-key"))
    assert _count(backend, m.RequestKey, mine) == 0  # logBatch keeps its own key only (applied_batches)
    assert _count(backend, m.AppliedBatch, m.AppliedBatch.key == batch_key) == 1


def test_two_replicas_on_one_postgresql(tmp_path: Path, pg_url: str) -> None:
    """A key used on replica A is recognised on B; concurrent twins on A and B make one run."""
    with ServerThread(settings_in(tmp_path, pg_url)) as a, ServerThread(settings_in(tmp_path, pg_url)) as b:
        project_id, experiment_id = _experiment(a)
        body = {"project_id": project_id, "experiment_id": experiment_id, "name": "shared"}
        key = str(uuid.uuid4())
        first = _rest(a, RUN_PATH, body, key).json()["experiment_run"]["id"]
        again = _grpc(b, "ExperimentRunService", "createExperimentRun", run_pb2.CreateExperimentRun(**body), key)
        assert again.experiment_run.id == first == _rest(b, RUN_PATH, body, key).json()["experiment_run"]["id"]

        # Twins of a named run collide on the name (the second fails, then finds the key); unnamed ones get
        # generated names, so both run to the end and the second's INSERT of the key is what fails.
        twins, barrier = 8, threading.Barrier(2, timeout=30)
        twin_project, twin_experiment = _experiment(a)
        twin_body = {"project_id": twin_project, "experiment_id": twin_experiment}

        def create(server: ServerThread, i: int, key: str) -> str:
            barrier.wait()
            answer = _rest(server, RUN_PATH, {**twin_body, "name": f"twin-{i}"} if i % 2 else twin_body, key)
            assert answer.status_code == 200, answer.text
            return str(answer.json()["experiment_run"]["id"])

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            for i in range(twins):
                key = str(uuid.uuid4())
                pair = [pool.submit(create, server, i, key) for server in (a, b)]
                assert len({f.result(60) for f in pair}) == 1
        backend = _backend(a)
        assert _count(backend, m.ExperimentRun, m.ExperimentRun.experiment_id == twin_experiment) == twins
        assert _count(backend, m.ExperimentRun, m.ExperimentRun.name == "shared") == 1


def test_keys_expire_and_are_purged_in_batches(tmp_path: Path) -> None:
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'db.sqlite'}", artifact_root=str(tmp_path / "artifacts"))
    backend = Backend.open(settings)
    try:
        rpc, ttl_ms = backend.rpc("ProjectService", "createProject"), int(settings.idempotency_key_ttl_seconds * 1000)
        first = backend.invoke(rpc, proj_pb2.CreateProject(name="a"), "ann", None, "k")
        assert backend.invoke(rpc, proj_pb2.CreateProject(name="a"), "ann", None, "k") == first
        with pytest.raises(AlreadyExists):
            backend.invoke(rpc, proj_pb2.CreateProject(name="b"), "ann", None, "k")
        # Keys are per caller: another person's "k" is theirs.
        assert backend.invoke(rpc, proj_pb2.CreateProject(name="b"), "bob", None, "k") != first
        _age(backend, ttl_ms + 1)  # both keys are now older than the TTL: "k" may serve a new request
        third = backend.invoke(rpc, proj_pb2.CreateProject(name="c"), "ann", None, "k")
        assert third.project.name == "c"

        now = request_keys.now_ms()
        rows = [
            {"actor": "x", "key": f"old-{i}", "rpc": "/r", "request_sha256": "0", "response": b"", "created_at": 1}
            for i in range(2 * request_keys.PURGE_BATCH + 5)
        ]
        with backend.db.transaction(write=True) as session:
            session.execute(insert(m.RequestKey), rows)
        assert request_keys.purge_expired(backend.db, settings.idempotency_key_ttl_seconds, now) == len(rows) + 1
        left = _count(backend, m.RequestKey)
        assert left == 1  # ann's fresh "k"; bob's aged one went with the old rows
    finally:
        backend.close()


def _age(backend: Backend, by_ms: int) -> None:
    with backend.db.transaction(write=True) as session:
        session.execute(update(m.RequestKey).values(created_at=m.RequestKey.created_at - by_ms))


def test_hostile_keys_in_process(tmp_path: Path) -> None:
    backend = Backend.open(settings_in(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}"))
    try:
        rpc = backend.rpc("ProjectService", "createProject")
        for key in ("x" * 10_000, "k\r\nX-Injected: 1", "k\x00", "a,b", "ü"):
            with pytest.raises(InvalidArgument):
                backend.invoke(rpc, proj_pb2.CreateProject(name="h"), "ann", None, key)
        assert _count(backend, m.Project) == 0
    finally:
        backend.close()


class _LossyProxy(http.server.ThreadingHTTPServer):
    """A real HTTP proxy in front of a server that forwards every request but drops the answer of the first
    createExperimentRun (the connection closes): the write took effect, the client saw no answer."""

    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        self.upstream, self.keys, self.dropped = upstream, [], 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _ProxyHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    server: _LossyProxy

    def log_message(self, *_args: Any) -> None:
        pass

    def _forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
        answer = requests.request(
            self.command, self.server.upstream + self.path, data=body, headers=headers, timeout=30
        )
        if self.path.endswith("createExperimentRun"):
            with self.server.lock:
                self.server.keys.append(self.headers.get(HEADER))
                if self.server.dropped == 0:
                    self.server.dropped = 1
                    self.close_connection = True
                    return  # no answer at all: the client's connection closes
        self.send_response(answer.status_code)
        for name in ("Content-Type",):
            if name in answer.headers:
                self.send_header(name, answer.headers[name])
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward


def test_the_client_retries_a_write_whose_answer_was_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELDB_HOME", str(tmp_path / "home"))
    with ServerThread(settings_in(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}")) as server:
        proxy = _LossyProxy(server.http_url)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        try:
            client = Client(proxy.url)
            project = client.call(proj_pb2.CreateProject(name="lossy")).project
            experiment = client.call(expt_pb2.CreateExperiment(project_id=project.id, name="e")).experiment
            request = run_pb2.CreateExperimentRun(project_id=project.id, experiment_id=experiment.id, name="once")
            run = client.call(request).experiment_run
            client.close(10)
        finally:
            proxy.shutdown()
            proxy.server_close()
        assert proxy.dropped == 1 and len(proxy.keys) == 2 and proxy.keys[0] == proxy.keys[1] is not None
        uuid.UUID(proxy.keys[0])  # a uuid4 per logical call
        backend = _backend(server)
        assert _count(backend, m.ExperimentRun, m.ExperimentRun.name == "once") == 1
        assert _count(backend, m.ExperimentRun, m.ExperimentRun.id == run.id) == 1


def test_the_servers_sweep_purges_expired_keys(tmp_path: Path) -> None:
    settings = settings_in(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", heartbeat_sweep_seconds=0.05)
    backend = Backend.open(settings)
    row = {"actor": "x", "rpc": "/r", "request_sha256": "0", "response": b""}
    with backend.db.transaction(write=True) as session:
        session.execute(insert(m.RequestKey), [{**row, "key": "old", "created_at": 1}])
        session.execute(insert(m.RequestKey), [{**row, "key": "young", "created_at": request_keys.now_ms()}])
    backend.close()
    with ServerThread(settings) as server:
        wait_until(
            "the expired key purged", lambda: not _count(_backend(server), m.RequestKey, m.RequestKey.key == "old"), 20
        )
        assert _count(_backend(server), m.RequestKey, m.RequestKey.key == "young") == 1
