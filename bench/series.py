"""Benchmark: one run with a million-point metric series (issue 17, item 4).

For each back end (embedded SQLite: `Client()` with no server; PostgreSQL through `modeldb-backend serve`, REST)
it logs the series with `log_metric` (the caller's cost per call: median, p99, max), waits until it is stored,
reads it whole (`get_metric_history`, median of --repeat) and downsampled (`downsampleMetricHistory` with
--buckets buckets: the whole range, and a zoom into a tenth of it), and reports the peak memory growth of the
client and of the server process while reading. Results go to bench/results/series.md and .json.

    .venv/bin/python bench/series.py [--points 1000000] [--buckets 1000] [--backends sqlite,postgresql]

Targets: logging never blocks the caller; get_metric_history <= 1 s; a downsampled draw <= 200 ms. Reading is
timed in wall seconds and in CPU seconds of the client and server processes (on a loaded machine the wall
time includes waiting for a core).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import services

from modeldb_backend.pb.ext import extension_pb2 as pb
from modeldb_jupyter.client import Client

RESULTS = services.BENCH / "results"


def memory_kb(pid: int, field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.MULTILINE)
    return int(match.group(1)) if match else 0


def reset_peak(pid: int) -> None:
    """Start VmHWM afresh at the current resident size (Linux: writing 5 to clear_refs)."""
    with contextlib.suppress(OSError), open(f"/proc/{pid}/clear_refs", "w") as handle:
        handle.write("5")


@contextlib.contextmanager
def peak_growth(pids: list[int], out: dict[str, float], label: str) -> Iterator[None]:
    """Peak resident memory growth (MiB) of each process during the block."""
    for pid in pids:
        reset_peak(pid)
    before = {pid: memory_kb(pid, "VmRSS") for pid in pids}
    yield
    for i, pid in enumerate(pids):
        who = "client" if i == 0 else "server"
        out[f"{label}_{who}_peak_growth_mib"] = round((memory_kb(pid, "VmHWM") - before[pid]) / 1024, 1)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (/proc/<pid>/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(fn: Callable[[], Any], repeat: int, pids: list[int]) -> tuple[float, float, Any]:
    """Median wall seconds of `repeat` calls, mean CPU seconds per call of the processes `pids` (the client, and
    the server if any): on a loaded machine the CPU time is what the call costs, the wall time what it waited
    too. And the last result."""
    times, result = [], None
    cpu = sum(cpu_seconds(p) for p in pids)
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    cpu = (sum(cpu_seconds(p) for p in pids) - cpu) / repeat
    return statistics.median(times), cpu, result


def log_series(client: Client, points: int) -> tuple[str, dict[str, Any]]:
    client.set_project(f"series-{os.getpid()}")
    client.set_experiment("bench")
    run = client.set_experiment_run("million")
    costs = [0] * points
    clock = time.perf_counter_ns
    started = time.perf_counter()
    for i in range(points):
        t = clock()
        run.log_metric("loss", ((i * 7919) % 1000) / 1000.0 + (50.0 if i % 99_991 == 0 else 0.0), step=i)
        costs[i] = clock() - t
    logged = time.perf_counter() - started
    client.flush()
    stored = time.perf_counter() - started
    costs.sort()
    return run.id, {
        "log_loop_s": round(logged, 2),
        "log_call_median_us": round(costs[points // 2] / 1000, 2),
        "log_call_p99_us": round(costs[int(points * 0.99)] / 1000, 2),
        "log_call_max_ms": round(costs[-1] / 1e6, 2),
        "stored_s": round(stored, 2),
        "stored_points_per_s": round(points / stored),
    }


def read_series(client: Client, run_id: str, args: argparse.Namespace, pids: list[int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    run = client.get_experiment_run(id=run_id)

    def whole() -> int:
        return len(run.get_metric_history("loss"))

    def draw(steps: pb.Int64Range | None = None) -> pb.DownsampleMetricHistory.Response:
        request = pb.DownsampleMetricHistory(run_ids=[run_id], keys=["loss"], buckets=args.buckets, steps=steps)
        return client.call(request)

    with peak_growth(pids, out, "history"):
        seconds, cpu, count = timed(whole, args.repeat, pids)
    assert count == args.points, f"history has {count} points, expected {args.points}"
    out["history_s"], out["history_cpu_s"] = round(seconds, 3), round(cpu, 3)
    with peak_growth(pids, out, "downsample"):
        seconds, cpu, answer = timed(draw, args.repeat * 2, pids)
    [series] = answer.series
    assert series.points == args.points and max(series.max_values) >= 50.0  # the spikes survive
    out["downsample_ms"], out["downsample_cpu_ms"] = round(seconds * 1000, 1), round(cpu * 1000, 1)
    out["downsample_buckets"] = len(series.buckets)
    zoom = pb.Int64Range(start=args.points // 2, end=args.points // 2 + args.points // 10)
    seconds, cpu, _ = timed(lambda: draw(zoom), args.repeat * 2, pids)
    out["zoom_ms"], out["zoom_cpu_ms"] = round(seconds * 1000, 1), round(cpu * 1000, 1)
    out["history_over_downsample"] = round(out["history_s"] * 1000 / out["downsample_ms"], 1)
    return out


def sqlite(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    os.environ["MODELDB_HOME"] = str(work / "sqlite-home")
    client = Client()
    try:
        run_id, result = log_series(client, args.points)
        result.update(read_series(client, run_id, args, [os.getpid()]))
    finally:
        client.close()
    return result


def postgresql(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    home = work / "pg-home"
    home.mkdir()
    with services.pg_database("series") as db_url:
        port = services.free_port()
        env = {**os.environ, "MODELDB_HOME": str(home), "MODELDB_DB_URL": services.sqlalchemy_url(db_url)}
        env.pop("MODELDB_URL", None)
        cmd = [str(services.OUR_BIN / "modeldb-backend"), "serve", "--port", str(port), "--grpc-port", "-1"]
        cmd += ["--workers", "1", "--log-level", "WARNING"]
        base = f"http://127.0.0.1:{port}"
        ready = f"{base}/api/v1/modeldb/project/verifyConnection"
        with services._process(cmd, env, ready, home / "server.log") as server:
            client = Client(url=base)
            try:
                run_id, result = log_series(client, args.points)
                result.update(read_series(client, run_id, args, [os.getpid(), server.pid]))
            finally:
                client.close()
    return result


def report(results: dict[str, Any]) -> str:
    lines = [
        f"# One run, {results['points']:,} metric points ({results['date']}, load average {results['load_before']}"
        f" before, {results['load_after']} after)",
        "",
        "| measurement | " + " | ".join(results["backends"]) + " | target |",
        "|---|" + "---|" * len(results["backends"]) + "---|",
    ]

    def row(label: str, fmt: Callable[[dict[str, Any]], str], target: str) -> None:
        cells = [fmt(results["backends"][b]) for b in results["backends"]]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")

    row("log_metric caller cost: median / p99 / max", _costs, "never blocks")
    row("logged → stored", lambda r: f"{r['stored_s']} s ({r['stored_points_per_s']:,} points/s)", "")
    row("get_metric_history: wall (CPU)", lambda r: f"{r['history_s']} s ({r['history_cpu_s']} s)", "≤ 1 s")
    row(
        f"downsampled, {results['buckets']} buckets, whole: wall (CPU)",
        lambda r: f"{r['downsample_ms']} ms ({r['downsample_cpu_ms']} ms)",
        "≤ 200 ms",
    )
    row("downsampled, a tenth of the steps: wall (CPU)", lambda r: f"{r['zoom_ms']} ms ({r['zoom_cpu_ms']} ms)", "")
    row("whole ÷ downsampled", lambda r: f"{r['history_over_downsample']}x", "")
    row("peak memory growth, history: client / server", _memory("history"), "")
    row("peak memory growth, downsampled: client / server", _memory("downsample"), "")
    return "\n".join(lines) + "\n"


def _costs(r: dict[str, Any]) -> str:
    return f"{r['log_call_median_us']} µs / {r['log_call_p99_us']} µs / {r['log_call_max_ms']} ms"


def _memory(label: str) -> Callable[[dict[str, Any]], str]:
    def cell(r: dict[str, Any]) -> str:
        client = r[f"{label}_client_peak_growth_mib"]
        server = r.get(f"{label}_server_peak_growth_mib")
        return f"{client} MiB / {server} MiB" if server is not None else f"{client} MiB (in process)"

    return cell


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--buckets", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--out", type=Path, default=RESULTS / "series")
    args = parser.parse_args()
    results: dict[str, Any] = {
        "points": args.points,
        "buckets": args.buckets,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_before": services.load_average(),
        "backends": {},
    }
    runners = {"sqlite": sqlite, "postgresql": postgresql}
    with tempfile.TemporaryDirectory(prefix="bench-series-") as tmp:
        for name in args.backends.split(","):
            results["backends"][name] = runners[name](args, Path(tmp))
            print(name, json.dumps(results["backends"][name]), file=sys.stderr, flush=True)
    results["load_after"] = services.load_average()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
    args.out.with_suffix(".md").write_text(report(results))
    print(report(results))


if __name__ == "__main__":
    main()
