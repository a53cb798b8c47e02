"""Scaling out: logging and querying through 1, 2 and 3 replicas on one PostgreSQL database behind HAProxy
(scripts/cluster), with the CPU seconds each component used, read from /proc, to say where the limit is.

    make bench-cluster                                              # 1 2 3 replicas, 20 s per phase
    make bench-cluster CLUSTER_BENCH_ARGS="--duration 4 --warmup 1 --runs 200"
    .venv/bin/python bench/cluster_scaling.py --help

Per replica count a fresh cluster (scripts/modeldb_cluster.py: its own database, moto, N replicas, HAProxy with
no line per request) is started, seeded through the load balancer with `--runs` runs (a hyperparameter, two
metrics) and measured in two phases of `--duration` counted seconds after `--warmup`:
- logging: `--writers` keep-alive connections, each posting 10-point ExtensionService logBatch requests with an
  idempotency key (the body the project's background sender posts) to its own run, the next when answered;
- querying: `--queriers` connections alternating runs_df's request for every seeded run (queryRunColumns, one page
  of 1000) and a filtered top-100 (`metrics.acc > 0.5`, ordered by -metrics.acc, limit 100); the bodies are
  built by the client's own transport (encode_request), so they are what runs_df sends.
The load generator is one asyncio process with a minimal HTTP/1.1 client (bench/concurrency.py's) so it takes
little of the cores. CPU seconds per component (bench/proc_cpu.py) cover exactly the counted window.
Writes bench/results/cluster_scaling.json and cluster_scaling.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import proc_cpu
import services as sv
from concurrency import POINTS, Ours, _percentile, _post_json, _request
from services import BenchError

sys.path.insert(0, str(sv.ROOT / "scripts"))
from modeldb_cluster import Cluster, ClusterError

from modeldb_backend.pb.ext import extension_pb2
from modeldb_jupyter.client.transport import API_PREFIX, encode_request, rpc_for

RESULTS = sv.BENCH / "results"
LOG_PATH = f"{API_PREFIX}/ext/logBatch"
QUERY_FILTER = "metrics.acc > 0.5"
IDLE_S = 3.0
COMPONENTS = ("replicas", "postgres", "postgres-shared", "haproxy", "moto", "load generator")


@dataclass
class Kind:
    """One kind of request of a phase: its path and a body maker (called per request)."""

    name: str
    path: str
    body: Callable[[int], bytes]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)  # per kind, counted requests only
    errors: int = 0
    first_error: str = ""


# ---- the load --------------------------------------------------------------------------------------------------


async def _connection(base: str, kinds: list[Kind], counted: tuple[float, float], tally: Tally, offset: int) -> None:
    """One keep-alive connection sending its kinds in turn until the end of the counted window."""
    host, port = base.split("://", 1)[1].rsplit(":", 1)
    reader, writer = await asyncio.open_connection(host, int(port))
    heads = {
        k.name: f"POST {k.path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        "Connection: keep-alive\r\nContent-Length: ".encode()
        for k in kinds
    }
    counted_from, until = counted
    i = offset
    try:
        while (now := time.perf_counter()) < until:
            kind = kinds[i % len(kinds)]
            try:
                status = await _request(reader, writer, heads[kind.name], kind.body(i))
            except (ConnectionError, asyncio.IncompleteReadError, ValueError) as exc:
                tally.errors += 1
                tally.first_error = tally.first_error or repr(exc)
                writer.close()
                reader, writer = await asyncio.open_connection(host, int(port))
                continue
            done = time.perf_counter()
            if status != 200:
                tally.errors += 1
                tally.first_error = tally.first_error or f"HTTP {status} on {kind.path}"
            elif now >= counted_from:
                tally.latencies.setdefault(kind.name, []).append(done - now)
            i += 1
    finally:
        writer.close()


async def _phase(
    base: str, connections: list[list[Kind]], duration: float, warmup: float, components: proc_cpu.Components
) -> tuple[Tally, dict[str, float]]:
    tally = Tally()
    start = time.perf_counter()
    counted = (start + warmup, start + warmup + duration)

    async def meter() -> dict[str, float]:
        await asyncio.sleep(warmup)
        before = proc_cpu.snapshot()
        await asyncio.sleep(max(counted[1] - time.perf_counter(), 0.0))
        return proc_cpu.usage(components, before, proc_cpu.snapshot())

    metered = asyncio.create_task(meter())
    await asyncio.gather(*(_connection(base, kinds, counted, tally, n) for n, kinds in enumerate(connections)))
    return tally, await metered


def _summary(
    tally: Tally, duration: float, points_per_request: dict[str, int], cpu: dict[str, float]
) -> dict[str, Any]:
    every = sorted(x for values in tally.latencies.values() for x in values)
    kinds = {
        name: {
            "requests_per_s": round(len(values) / duration, 1),
            "p50_ms": round(_percentile(sorted(values), 0.50) * 1000, 2),
            "p99_ms": round(_percentile(sorted(values), 0.99) * 1000, 2),
        }
        for name, values in tally.latencies.items()
    }
    points = sum(len(v) * points_per_request.get(k, 0) for k, v in tally.latencies.items())
    requests = len(every)
    served = {k: v for k, v in cpu.items() if k in COMPONENTS and k != "load generator"}
    return {
        "requests": requests,
        "requests_per_s": round(requests / duration, 1),
        "points_per_s": round(points / duration, 1),
        "p50_ms": round(_percentile(every, 0.50) * 1000, 2),
        "p99_ms": round(_percentile(every, 0.99) * 1000, 2),
        "kinds": kinds,
        "errors": tally.errors,
        "first_error": tally.first_error,
        "cpu_s": cpu,
        "cores_used": {k: round(v / duration, 2) for k, v in cpu.items()},
        # CPU per request of the serving side (everything but the load generator): what sets the throughput
        "cpu_ms_per_request": {k: round(v * 1000 / requests, 3) for k, v in served.items()} if requests else {},
        "load_average": sv.load_average(),
    }


# ---- one cluster -------------------------------------------------------------------------------------------------


def _api(base: str, rpc: str, body: dict[str, Any]) -> dict[str, Any]:
    return _post_json(f"{base}{API_PREFIX}/{rpc}", body)


def _seed(base: str, runs: int) -> str:
    """A project with an experiment of `runs` runs (lr, acc, loss) to query; returns the experiment's id."""
    pid = _api(base, "project/createProject", {"name": "scaling"})["project"]["id"]
    eid = _api(base, "experiment/createExperiment", {"project_id": pid, "name": "seeded"})["experiment"]["id"]

    def one(i: int) -> None:
        body = {
            "project_id": pid,
            "experiment_id": eid,
            "name": f"seed-{i}",
            "hyperparameters": [{"key": "lr", "value": 10 ** -(1 + i % 4)}],
            "metrics": [{"key": "acc", "value": (i * 37 % 100) / 100}, {"key": "loss", "value": 1 / (1 + i)}],
        }
        _api(base, "experiment-run/createExperimentRun", body)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(one, range(runs)))
    return str(eid)


def _query_kinds(experiment_id: str) -> list[Kind]:
    def kind(name: str, message: Any) -> Kind:
        method, path, params, body = encode_request(rpc_for(message), message)
        if method != "POST" or params or body is None:
            raise BenchError(f"{name}: expected a POST with a JSON body, got {method} {path} {params}")
        return Kind(name, API_PREFIX + path, lambda _i: body)

    every = extension_pb2.QueryRunColumns(
        experiment_id=experiment_id, page_number=1, page_limit=1000, order_by=["-date_created"]
    )
    top = extension_pb2.QueryRunColumns(
        experiment_id=experiment_id, query=QUERY_FILTER, order_by=["-metrics.acc"], page_number=1, page_limit=100
    )
    return [kind("runs_df", every), kind("top100", top)]


def _components(cluster: Cluster) -> proc_cpu.Components:
    state = cluster.state()
    pids = {"replicas": [r.pid for r in state.replicas if r.pid]}
    pids.update({name: [pid] for name, pid in state.pids.items()})  # haproxy, moto
    return proc_cpu.Components(pids, state.db_name)


def _lb_requests(cluster: Cluster) -> dict[str, int]:
    replicas: Any = cluster.status()["replicas"]  # name -> {"requests": [REST, gRPC], ...}
    return {name: int(r["requests"][0]) for name, r in replicas.items()}


def _log_kind(target: Ours, run_id: str) -> Kind:
    """logBatch requests to one run: 10 points of the next step, a fresh idempotency key each."""
    return Kind("logBatch", LOG_PATH, lambda step: target.batch(run_id, step))


def _phases(
    base: str, args: argparse.Namespace, queries: list[Kind], components: proc_cpu.Components
) -> dict[str, Any]:
    """The logging phase (fresh runs, one per writer), then the querying phase, against `base`."""
    target = Ours("ours", base, LOG_PATH, experiment=None)
    writers = [[_log_kind(target, target.create_run(i))] for i in range(args.writers)]
    _log(f"  logging, {args.writers} writers")
    tally, cpu = asyncio.run(_phase(base, writers, args.duration, args.warmup, components))
    logging = _summary(tally, args.duration, {"logBatch": POINTS}, cpu)
    _log(f"  querying, {args.queriers} connections")
    connections = [queries for _ in range(args.queriers)]
    tally, cpu = asyncio.run(_phase(base, connections, args.duration, args.warmup, components))
    return {"logging": logging, "querying": _summary(tally, args.duration, {}, cpu)}


def _idle(components: proc_cpu.Components, seconds: float = IDLE_S) -> dict[str, float]:
    """Cores the cluster uses with no load (health checks, the watchdog's sweeps): its fixed cost."""
    before = proc_cpu.snapshot()
    time.sleep(seconds)
    used = proc_cpu.usage(components, before, proc_cpu.snapshot())
    return {k: round(v / seconds, 3) for k, v in used.items() if k in COMPONENTS}


def measure(replicas: int, args: argparse.Namespace, work: Path) -> list[dict[str, Any]]:
    """A fresh cluster of `replicas`: its cell through HAProxy, and with --direct and one replica, a cell with the
    load sent to the replica's own port (keep-alive, no load balancer): the price of HAProxy."""
    cluster = Cluster(work / f"r{replicas}")
    os.environ["MODELDB_LB_LOG_LEVEL"] = "err"  # HAProxy: no line per request (read by haproxy_env)
    cluster.up(replicas, {"MODELDB_ACCESS_LOG": "off"})
    try:
        base = cluster.url
        _log(f"{replicas} replica(s) up at {base}; seeding {args.runs} runs")
        queries = _query_kinds(_seed(base, args.runs))
        components = _components(cluster)
        idle = _idle(components)
        before = _lb_requests(cluster)
        cell = {"replicas": replicas, "label": str(replicas), "idle_cores": idle}
        cell.update(_phases(base, args, queries, components))
        after = _lb_requests(cluster)
        cell["requests_per_replica"] = {name: after[name] - before.get(name, 0) for name in after}
        cells = [cell]
        if args.direct and replicas == 1:
            _log("1 replica, direct (no HAProxy)")
            direct = _phases(cluster.replica(1).url, args, queries, components)
            cells.insert(0, {"replicas": 1, "label": "1, direct", "direct": True, **direct})
        return cells
    finally:
        cluster.down()


def _log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def run_all(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="mdb-cluster-scaling-"))
    try:
        cells = [cell for n in args.replicas for cell in measure(n, args, work)]
    except BaseException:
        _log(f"the clusters' logs are kept in {work}")
        raise
    shutil.rmtree(work, ignore_errors=True)
    return {
        "machine": {"cores": len(os.sched_getaffinity(0)), "python": platform.python_version()},
        "platform": platform.platform(),
        "sizes": {
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "writers": args.writers,
            "queriers": args.queriers,
            "seeded_runs": args.runs,
            "points_per_batch": POINTS,
        },
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "cells": cells,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2, 3], help="replica counts (default 1 2 3)")
    parser.add_argument("--writers", type=int, default=16, help="logging connections (default 16)")
    parser.add_argument("--queriers", type=int, default=8, help="querying connections (default 8)")
    parser.add_argument("--runs", type=int, default=1000, help="seeded runs the queries read (default 1000)")
    parser.add_argument("--duration", type=float, default=20.0, help="counted seconds per phase (default 20)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds not counted first (default 3)")
    parser.add_argument("--out", type=Path, default=RESULTS / "cluster_scaling", help="results path, no suffix")
    parser.add_argument("--no-direct", dest="direct", action="store_false", help="skip the cell without HAProxy")
    parser.add_argument("--render", action="store_true", help="only rewrite the .md from the .json of --out")
    args = parser.parse_args(argv)
    try:
        results = json.loads(args.out.with_suffix(".json").read_text()) if args.render else run_all(args)
    except (BenchError, ClusterError, subprocess.SubprocessError, OSError) as exc:
        print(f"cluster scaling benchmark: {exc}", file=sys.stderr)
        return 2
    from cluster_scaling_report import markdown

    text = markdown(results)
    sv.save_results(args.out, results, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
