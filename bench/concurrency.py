"""Concurrent small writes (issue 17 item 6): C writers, each logging 10-point metric batches to its own run as fast
as its server answers, for a fixed time, against `modeldb-backend serve --workers 1`, `--workers N` and MLflow's
`mlflow server --workers N`, each on a fresh PostgreSQL database. Requests/s, points/s, p50 and p99 latency.

    make bench-concurrency                                        # 8 and 32 writers, 20 s each, N = the cores
    make bench-concurrency CONCURRENCY_ARGS="--duration 3 --writers 8"
    .venv/bin/python bench/concurrency.py --help

Each writer holds one keep-alive HTTP/1.1 connection (as a client's session does) and sends its next batch when
the previous one is answered, so the rate is the servers' throughput at that concurrency. The load generator is
one asyncio process with a minimal HTTP client (a few µs per request) so that it takes as little as possible of
the machine's cores from the servers; its CPU time is reported. Requests of the first `--warmup` seconds are not
counted. Ours: POST ext/logBatch (metric_points, an idempotency key per batch, as the project's client sends);
MLflow: POST runs/log-batch (metrics with steps). Writes bench/results/concurrency.json and concurrency.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import services as sv
from services import BenchError

RESULTS = sv.BENCH / "results"
X = "\N{MULTIPLICATION SIGN}"
POINTS = 10  # per batch, as in issue 17's load probe
STARTED_TIMEOUT_S = 180.0


def default_workers() -> int:
    return len(os.sched_getaffinity(0))


@dataclass
class Target:
    """A server under test: how to make a run and the body of one batch for it."""

    name: str
    base: str
    path: str  # the batch endpoint, relative to base

    def create_run(self, index: int) -> str:
        raise NotImplementedError

    def batch(self, run_id: str, step: int) -> bytes:
        raise NotImplementedError


def _post_json(url: str, body: dict[str, Any], attempts: int = 3) -> dict[str, Any]:
    """A set-up call (not measured), retried: on a loaded machine uvicorn may recycle a slow MLflow worker."""
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                result: dict[str, Any] = json.loads(response.read() or b"{}")
                return result
        except (OSError, http.client.HTTPException):
            if attempt == attempts - 1:
                raise
            time.sleep(1.0)
    raise AssertionError("unreachable")


@dataclass
class Ours(Target):
    experiment: tuple[str, str] | None = None  # (project id, experiment id)

    def create_run(self, index: int) -> str:
        api = f"{self.base}/api/v1/modeldb"
        if self.experiment is None:
            project = _post_json(f"{api}/project/createProject", {"name": f"bench-{uuid.uuid4().hex[:8]}"})
            pid = project["project"]["id"]
            experiment = _post_json(f"{api}/experiment/createExperiment", {"project_id": pid, "name": "concurrency"})
            self.experiment = (pid, experiment["experiment"]["id"])
        pid, eid = self.experiment
        body = {"project_id": pid, "experiment_id": eid, "name": f"writer-{index}"}
        return str(_post_json(f"{api}/experiment-run/createExperimentRun", body)["experiment_run"]["id"])

    def batch(self, run_id: str, step: int) -> bytes:
        points = [{"key": f"m{k}", "step": step, "value": step * 0.5 + k} for k in range(POINTS)]
        body = {"run_id": run_id, "idempotency_key": uuid.uuid4().hex, "metric_points": points}
        return json.dumps(body).encode()


@dataclass
class MLflow(Target):
    experiment: str | None = None

    def create_run(self, index: int) -> str:
        api = f"{self.base}/api/2.0/mlflow"
        if self.experiment is None:
            made = _post_json(f"{api}/experiments/create", {"name": f"bench-{uuid.uuid4().hex[:8]}"})
            self.experiment = str(made["experiment_id"])
        body = {"experiment_id": self.experiment, "start_time": int(time.time() * 1000), "run_name": f"w{index}"}
        return str(_post_json(f"{api}/runs/create", body)["run"]["info"]["run_id"])

    def batch(self, run_id: str, step: int) -> bytes:
        now = int(time.time() * 1000)
        metrics = [{"key": f"m{k}", "value": step * 0.5 + k, "timestamp": now, "step": step} for k in range(POINTS)]
        return json.dumps({"run_id": run_id, "metrics": metrics}).encode()


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds, counted requests only
    errors: int = 0
    first_error: str = ""


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: bytes, body: bytes) -> int:
    """One POST on a keep-alive connection; returns the status (the body is read and dropped)."""
    writer.write(head + str(len(body)).encode() + b"\r\n\r\n" + body)
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("the server closed the connection")
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while (size := int((await reader.readline()).split(b";")[0], 16)) > 0:
            await reader.readexactly(size + 2)
        await reader.readline()
    else:
        await reader.readexactly(length)
    return int(status_line.split()[1])


async def _writer(target: Target, run_id: str, counted_from: float, until: float, tally: Tally) -> None:
    host_port = target.base.split("://", 1)[1]
    host, port = host_port.rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    head = (
        f"POST {target.path} HTTP/1.1\r\nHost: {host_port}\r\nContent-Type: application/json\r\n"
        "Connection: keep-alive\r\nContent-Length: "
    ).encode()
    step = 0
    try:
        while (now := time.perf_counter()) < until:
            body = target.batch(run_id, step)
            try:
                status = await _request(reader, writer, head, body)
            except (ConnectionError, asyncio.IncompleteReadError, ValueError) as exc:
                tally.errors += 1
                tally.first_error = tally.first_error or repr(exc)
                writer.close()
                reader, writer = await asyncio.open_connection(host, int(port))
                continue
            done = time.perf_counter()
            if status != 200:
                tally.errors += 1
                tally.first_error = tally.first_error or f"HTTP {status}"
            elif now >= counted_from:
                tally.latencies.append(done - now)
            step += 1
    finally:
        writer.close()


async def _load(target: Target, runs: list[str], duration: float, warmup: float) -> Tally:
    tally = Tally()
    start = time.perf_counter()
    counted_from, until = start + warmup, start + warmup + duration
    await asyncio.gather(*(_writer(target, run, counted_from, until, tally) for run in runs))
    return tally


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def measure(target: Target, writers: int, duration: float, warmup: float) -> dict[str, Any]:
    runs = [target.create_run(i) for i in range(writers)]
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    tally = asyncio.run(_load(target, runs, duration, warmup))
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    latencies = sorted(tally.latencies)
    load_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return {
        "writers": writers,
        "requests": len(latencies),
        "requests_per_s": len(latencies) / duration,
        "points_per_s": len(latencies) * POINTS / duration,
        "p50_ms": _percentile(latencies, 0.50) * 1000,
        "p99_ms": _percentile(latencies, 0.99) * 1000,
        "errors": tally.errors,
        "first_error": tally.first_error,
        "load_generator_cpu_s": round(load_cpu, 2),
        "load_average": sv.load_average(),
    }


def _wait_for_line(log: Path, text: str, times: int = 1) -> None:
    """Measure once every worker process listens: the port answers as soon as the first one does."""
    deadline = time.monotonic() + STARTED_TIMEOUT_S
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if log.read_text(errors="replace").count(text) >= times:
                return
        time.sleep(0.2)
    raise BenchError(f"not {times} x {text!r} in {log} within {STARTED_TIMEOUT_S:.0f} s")


@contextlib.contextmanager
def our_server(db_url: str, work: Path, workers: int) -> Iterator[str]:
    port = sv.free_port()
    env = {**os.environ, "MODELDB_HOME": str(work / "home"), "MODELDB_DB_URL": sv.sqlalchemy_url(db_url)}
    env.update({"MODELDB_ACCESS_LOG": "off", "MODELDB_WORKERS": str(workers)})
    env.pop("MODELDB_URL", None)
    cmd = [str(sv.OUR_BIN / "modeldb-backend"), "serve", "--port", str(port), "--grpc-port", "off"]
    base, log = f"http://127.0.0.1:{port}", work / "server.log"
    with sv._process(cmd, env, f"{base}/api/v1/modeldb/project/verifyConnection", log):
        if workers > 1:
            _wait_for_line(log, f"{workers} worker processes serving")
        yield base


@contextlib.contextmanager
def mlflow_server(db_url: str, work: Path, workers: int) -> Iterator[str]:
    port = sv.free_port()
    cmd = [
        str(sv.MLFLOW_BIN / "mlflow"),
        "server",
        *("--backend-store-uri", sv.sqlalchemy_url(db_url)),
        *("--default-artifact-root", str(work / "artifacts")),
        *("--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)),
        # uvicorn's supervisor kills a worker that misses a 5 s health check; on a loaded machine that measured
        # MLflow's restarts (each a 15 s import) instead of its serving.
        *("--uvicorn-opts", "--timeout-worker-healthcheck 60"),
    ]
    env = {**os.environ, "GIT_PYTHON_REFRESH": "quiet"}
    base = f"http://127.0.0.1:{port}"
    log = work / "mlflow-server.log"
    with sv._process(cmd, env, f"{base}/health", log):
        _wait_for_line(log, "Application startup complete", workers)  # uvicorn's, once per worker
        yield base


def run_all(args: argparse.Namespace) -> dict[str, Any]:
    if not (sv.MLFLOW_BIN / "mlflow").exists() and not args.skip_mlflow:
        raise BenchError(f"{sv.MLFLOW_BIN / 'mlflow'} is missing: run `make .bench-venv/.installed`")
    work = Path(tempfile.mkdtemp(prefix="mdb-concurrency-"))
    servers: list[tuple[str, str, int]] = [
        ("modeldb", "ours, 1 worker", 1),
        ("modeldb", f"ours, {args.workers} workers", args.workers),
    ]
    if not args.skip_mlflow:
        servers.append(("mlflow", f"MLflow, {args.workers} workers", args.workers))
    cells: list[dict[str, Any]] = []
    for kind, label, workers in servers:
        for writers in args.writers:
            step = work / f"{kind}-w{workers}-c{writers}"
            step.mkdir()
            print(f"[{time.strftime('%H:%M:%S')}] {label}, {writers} writers", file=sys.stderr, flush=True)
            with sv.pg_database(kind) as db:
                if kind == "modeldb":
                    with our_server(db, step, workers) as base:
                        cell = measure(
                            Ours("ours", base, "/api/v1/modeldb/ext/logBatch"), writers, args.duration, args.warmup
                        )
                else:
                    with mlflow_server(db, step, workers) as base:
                        cell = measure(
                            MLflow("mlflow", base, "/api/2.0/mlflow/runs/log-batch"),
                            writers,
                            args.duration,
                            args.warmup,
                        )
            cells.append({"server": kind, "label": label, "workers": workers, **cell})
    return {
        "machine": {"cores": default_workers(), "python": platform.python_version(), "platform": platform.platform()},
        "sizes": {"duration_s": args.duration, "warmup_s": args.warmup, "points_per_batch": POINTS},
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "cells": cells,
    }


def _load_range(cells: list[dict[str, Any]]) -> str:
    loads = [c["load_average"][0] for c in cells]
    return f"{min(loads):g}-{max(loads):g}" if loads else "n/a"


def markdown(results: dict[str, Any]) -> str:
    sizes, machine = results["sizes"], results["machine"]
    lines = [
        f"Concurrent writers of {sizes['points_per_batch']}-point batches, {sizes['duration_s']:g} s per cell after "
        f"{sizes['warmup_s']:g} s of warm-up, each server on a fresh PostgreSQL database, {machine['cores']} cores "
        f"({results['date']}); 1-minute load average {_load_range(results['cells'])} during the cells (the servers "
        "and the load generator count too).",
        "",
        "| server | writers | requests/s | points/s | p50 | p99 | errors | vs MLflow |",
        "|---|---|---|---|---|---|---|---|",
    ]
    mlflow = {c["writers"]: c for c in results["cells"] if c["server"] == "mlflow"}
    for c in results["cells"]:
        other = mlflow.get(c["writers"])
        ours = c["server"] != "mlflow"
        ratio = (
            f"{c['requests_per_s'] / other['requests_per_s']:.1f}{X}"
            if ours and other and other["requests_per_s"]
            else ""
        )
        lines.append(
            f"| {c['label']} | {c['writers']} | {c['requests_per_s']:,.0f} | {c['points_per_s']:,.0f} | "
            f"{c['p50_ms']:,.1f} ms | {c['p99_ms']:,.1f} ms | {c['errors']} | {ratio} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, nargs="+", default=[8, 32], help="concurrencies (default 8 32)")
    parser.add_argument("--duration", type=float, default=20.0, help="counted seconds per cell (default 20)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds not counted at the start (default 3)")
    parser.add_argument("--workers", type=int, default=default_workers(), help="N (default: the usable cores)")
    parser.add_argument("--skip-mlflow", action="store_true", help="our server only (no .bench-venv needed)")
    parser.add_argument("--out", type=Path, default=RESULTS / "concurrency", help="results path without suffix")
    args = parser.parse_args(argv)
    try:
        results = run_all(args)
    except (BenchError, subprocess.SubprocessError) as exc:
        print(f"concurrency benchmark: {exc}", file=sys.stderr)
        return 2
    text = markdown(results)
    sv.save_results(args.out, results, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
