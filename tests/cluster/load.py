"""A load generator for the fault tests: several clients log through the cluster's load balancer while a test
kills or restarts replicas, each keeping a record of what it logged, to check the store against afterwards.

Each worker thread owns one `Client` (its own background sender) and loops: create a run synchronously, log
metric points without steps (the backend numbers them, so a batch applied twice shows as extra steps) and
observations (plain appends: a duplicate is an extra row), log an artifact now and then (LogArtifact,
getUrlForArtifact, the S3 part, its commit and the multipart commit: five synchronous calls), end the run.

Two kinds of trouble are counted apart:
- `failures`: exceptions that reached the worker, i.e. escaped the client's retries. A fault test wants none.
- `retried`: transient errors (no answer, 5xx) seen by the transport underneath the retries, by RPC: what
  the load balancer let through to the clients. Counted by a transport subclass that only observes and re-raises.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from google.protobuf.message import Message

from modeldb_backend.pb.ext import extension_pb2
from modeldb_jupyter.client import Client
from modeldb_jupyter.client.errors import ModelDBError
from modeldb_jupyter.client.transport import HttpTransport, Progress, StartProgress

POINT_KEY, OBS_KEY, ARTIFACT_KEY = "loss", "obs", "weights"
FINISHED = extension_pb2.RunStatus.Name(extension_pb2.FINISHED)  # as run_states stores it


@dataclass
class RunRecord:
    """What one worker logged to one run (the truth to compare the store with)."""

    name: str
    id: str
    points: int = 0
    observations: int = 0
    artifact: tuple[int, str] | None = None  # (size, sha256) of the artifact, once log_artifact returned


@dataclass
class Failure:
    worker: int
    op: str
    error: BaseException

    def __str__(self) -> str:
        return f"worker {self.worker} {self.op}: {type(self.error).__name__}: {self.error}"


class _Tally:
    """Thread-safe counts of error answers by RPC (or transfer) name and error text."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.by_rpc: Counter[str] = Counter()
        self.samples: list[str] = []

    def add(self, what: str, exc: ModelDBError) -> None:
        with self._lock:
            self.by_rpc[what] += 1
            if len(self.samples) < 20:
                self.samples.append(f"{what}: {type(exc).__name__} {exc.status}: {exc.message[:200]}")

    @property
    def total(self) -> int:
        return sum(self.by_rpc.values())


class CountingTransport(HttpTransport):
    """The client's own HTTP transport; every error it raises is tallied first (retries happen above it)."""

    def __init__(self, base: HttpTransport, tally: _Tally) -> None:
        super().__init__(base.target)
        self.tally = tally

    def call(
        self, service: str, name: str, request: Message | None, body: bytes | None = None, key: str | None = None
    ) -> Message:
        return self._counted(name, lambda: super(CountingTransport, self).call(service, name, request, body, key))

    def upload(self, url: str, source: IO[bytes], size: int, progress: Progress | None = None) -> str:
        return self._counted("upload", lambda: super(CountingTransport, self).upload(url, source, size, progress))

    def download(self, url: str, sink: IO[bytes], start: StartProgress | None = None) -> None:
        self._counted("download", lambda: super(CountingTransport, self).download(url, sink, start))

    def _counted(self, what: str, send: Callable[[], Any]) -> Any:
        try:
            return send()
        except ModelDBError as exc:
            if exc.transient:  # a 404 or 409 answers a lookup or a creation race: no retry, not a fault
                self.tally.add(what, exc)
            raise


def counting_client(url: str, tally: _Tally) -> Client:
    """A Client whose synchronous calls and background sender share one CountingTransport."""
    client = Client(url)
    assert isinstance(client._transport, HttpTransport), "the fault tests talk HTTP to the load balancer"
    transport = CountingTransport(client._transport, tally)
    client._transport = client._sender.transport = transport
    return client


@dataclass
class Load:
    """`workers` clients logging through `url` until `stop()`; `runs` and `failures` say what happened."""

    url: str
    project: str
    workers: int = 3
    points_per_run: int = 200
    observations_per_run: int = 10
    artifact_every: int = 2  # every n-th run of a worker logs an artifact
    artifact_size: int = 64 * 1024
    runs: list[RunRecord] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    undelivered: list[str] = field(default_factory=list)  # clients whose final flush did not reach the backend
    retried: _Tally = field(default_factory=_Tally)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _done: int = 0

    def start(self) -> Load:
        for worker in range(self.workers):
            thread = threading.Thread(target=self._work, args=(worker,), name=f"load-{worker}", daemon=True)
            self._threads.append(thread)
            thread.start()
        return self

    def wait_for_runs(self, count: int, timeout: float) -> None:
        """Until `count` more runs have ended than when called (progress under faults), at most `timeout`."""
        deadline, target = time.monotonic() + timeout, self.finished + count
        while self.finished < target:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the load made {self.finished} of {target} runs in {timeout} s: {self.summary()}")
            if not any(t.is_alive() for t in self._threads):
                raise RuntimeError(f"every load worker stopped: {self.summary()}")
            time.sleep(0.05)

    @property
    def finished(self) -> int:
        return self._done

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the loops, then each worker flushes and closes its client (bounded by `timeout`)."""
        self._stop.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(deadline - time.monotonic(), 0.1))
        alive = [t.name for t in self._threads if t.is_alive()]
        if alive:
            raise TimeoutError(f"load workers still running after {timeout} s: {alive}; {self.summary()}")

    def summary(self) -> str:
        failures = "; ".join(str(f) for f in self.failures[:5])
        return (
            f"{len(self.runs)} runs, {self.finished} ended, {len(self.failures)} failures ({failures}), "
            f"errors hidden by retries {dict(self.retried.by_rpc)}, undelivered {self.undelivered}"
        )

    # --- a worker --------------------------------------------------------------------------------------------

    def _work(self, worker: int) -> None:
        client = counting_client(self.url, self.retried)
        try:
            self._attempt(worker, "set_experiment", lambda: self._enter(client))
            number = 0
            while not self._stop.is_set():
                self._one_run(client, worker, number)
                number += 1
        finally:
            if not client.flush(45):
                self.undelivered.append(f"worker {worker}: flush")
            if client.errors:
                self.undelivered.extend(f"worker {worker}: {e}" for e in client.errors)
            client.close(timeout=15)

    def _enter(self, client: Client) -> None:
        client.set_project(self.project)
        client.set_experiment("faults")

    def _one_run(self, client: Client, worker: int, number: int) -> None:
        name = f"w{worker}-r{number}"
        run = self._attempt(worker, f"create {name}", lambda: client.create_experiment_run(name))
        if run is None:
            time.sleep(0.5)  # the failure is recorded; do not spin on it
            return
        record = RunRecord(name, run.id)
        with self._lock:
            self.runs.append(record)
        for step in range(self.points_per_run):
            run.log_metric(POINT_KEY, float(step))
            record.points += 1
            if step % 25 == 24:
                time.sleep(0.005)  # a training loop takes time: several batches per run, some in flight at a kill
        for i in range(self.observations_per_run):
            run.log_observation(OBS_KEY, i)
            record.observations += 1
        if number % self.artifact_every == 0:
            data = os.urandom(self.artifact_size)
            if self._attempt(worker, f"log_artifact {name}", lambda: run.log_artifact(ARTIFACT_KEY, data)) is not None:
                record.artifact = (len(data), hashlib.sha256(data).hexdigest())
        # end() flushes with a bound; False means spooled for later, which the final flush must deliver
        self._attempt(worker, f"end {name}", run.end)
        with self._lock:
            self._done += 1

    def _attempt(self, worker: int, op: str, action: Callable[[], Any]) -> Any:
        """Run one client operation; an exception is a failure the client's retries let escape. True-ish
        results pass through; a call returning None yields True so callers can tell success from failure."""
        try:
            result = action()
        except Exception as exc:  # every escaped error is the finding, whatever its class
            with self._lock:
                self.failures.append(Failure(worker, op, exc))
            return None
        return True if result is None else result


# --- checking the store against the records ------------------------------------------------------------------


def store_problems(load: Load, db_url: str, reader: Client) -> list[str]:
    """Everything in which the store differs from what the workers logged (empty: all stored exactly once).

    Counts rows in the cluster's database directly (a duplicate the API would fold away still shows), and
    downloads every artifact through the load balancer with `reader`.
    """
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            problems = _row_problems(load, conn)
    finally:
        engine.dispose()
    return problems + _artifact_problems(load, reader)


def _row_problems(load: Load, conn: Any) -> list[str]:
    import sqlalchemy as sa

    problems: list[str] = []
    names = Counter(
        conn.execute(
            sa.text(
                "SELECT r.name FROM experiment_runs r JOIN projects p ON p.id = r.project_id"
                " WHERE p.name = :project AND NOT r.deleted"
            ),
            {"project": load.project},
        ).scalars()
    )
    recorded = {r.name for r in load.runs}
    problems += [f"run {n} stored {c} times" for n, c in names.items() if c != 1]
    problems += [f"run {n} missing" for n in recorded - set(names)]
    problems += [f"run {n} stored but its create failed at the client" for n in set(names) - recorded]
    ids = [r.id for r in load.runs]
    points = {
        row.run_id: row
        for row in conn.execute(
            sa.text(
                "SELECT run_id, count(*) AS n, count(DISTINCT step) AS steps, min(step) AS lo, max(step) AS hi"
                " FROM metric_points WHERE key = :key AND run_id = ANY(:ids) GROUP BY run_id"
            ),
            {"key": POINT_KEY, "ids": ids},
        )
    }
    observations = dict(
        conn.execute(
            sa.text(
                "SELECT run_id, count(*) FROM observations WHERE key = :key AND run_id = ANY(:ids) GROUP BY run_id"
            ),
            {"key": OBS_KEY, "ids": ids},
        ).all()
    )
    statuses = dict(
        conn.execute(sa.text("SELECT run_id, status FROM run_states WHERE run_id = ANY(:ids)"), {"ids": ids}).all()
    )
    for run in load.runs:
        if statuses.get(run.id) != FINISHED:  # each worker ends its runs; the end travels with the batches
            problems.append(f"run {run.name}: status {statuses.get(run.id)}, ended {FINISHED}")
        row = points.get(run.id)
        got = (row.n, row.steps, row.lo, row.hi) if row is not None else (0, 0, None, None)
        want = (run.points, run.points, 0, run.points - 1) if run.points else (0, 0, None, None)
        if got != want:
            problems.append(f"run {run.name}: points (count, distinct steps, min, max) {got}, logged {want}")
        if observations.get(run.id, 0) != run.observations:
            problems.append(f"run {run.name}: {observations.get(run.id, 0)} observations, logged {run.observations}")
    return problems


def _artifact_problems(load: Load, reader: Client) -> list[str]:
    problems = []
    for run in load.runs:
        if run.artifact is None:
            continue
        try:
            data = reader.get_experiment_run(id=run.id).get_artifact(ARTIFACT_KEY)
        except ModelDBError as exc:
            problems.append(f"run {run.name}: artifact not downloadable: {exc}")
            continue
        if (len(data), hashlib.sha256(data).hexdigest()) != run.artifact:
            problems.append(f"run {run.name}: artifact bytes differ ({len(data)} bytes read, {run.artifact[0]} logged)")
    return problems
