"""Side-by-side benchmark against MLflow (issue 4): logging (W1) and querying (W2), each embedded on SQLite and
through each one's server on PostgreSQL, plus the physical floor of W1. Reports ratios, same machine, same run.

    make bench                                 # creates .bench-venv (MLflow) and runs everything at full size
    make bench BENCH_ARGS="--runs 10 --w2-runs 1000 --backends sqlite"
    make bench BENCH_ARGS="--only w2 --w2-runs 100000 --w2-seed direct --repeats 1"   # W2 at team scale
    .venv/bin/python bench/vs_mlflow.py --help

Our side runs in .venv (bench/modeldb_side.py), MLflow's in .bench-venv (bench/mlflow_side.py), each workload in
a fresh process on a fresh store: a temporary $MODELDB_HOME / SQLite file, or a new PostgreSQL database on
127.0.0.1:5432 (user postgres; BENCH_PG_URL overrides) behind a `modeldb-backend serve` / `mlflow server`
subprocess. Prints a markdown table and writes bench/results/latest.json and latest.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import report
import services as sv
from services import BenchError


def _sizes(args: argparse.Namespace, runs: int, steps: int) -> list[str]:
    return [
        *("--runs", str(runs), "--steps", str(steps)),
        *("--hparams", str(args.hparams), "--tags", str(args.tags), "--metrics", str(args.metrics)),
    ]


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="mdb-vs-mlflow-"))
        self.results: dict[str, Any] = {}

    def step(self, name: str) -> Path:
        print(f"[{time.strftime('%H:%M:%S')}] {name} (load {sv.load_average()[0]})", file=sys.stderr, flush=True)
        path = self.work / name
        path.mkdir(parents=True)
        return path

    def ours(self, backend: str, name: str, args: list[str]) -> dict[str, Any]:
        work = self.step(f"{name}-modeldb-{backend}")
        env = {"MODELDB_HOME": str(work / "home")}
        if backend == "sqlite":
            return sv.run_worker("modeldb_side", args, env, work / "worker.log")
        with sv.pg_database("modeldb") as db, sv.our_server(db, work) as url:
            analyze = ["--analyze", db, "--seed-db", sv.sqlalchemy_url(db)] if args[0] == "w2" else []
            return sv.run_worker("modeldb_side", [*args, *analyze, "--url", url], env, work / "worker.log")

    def mlflow(self, backend: str, name: str, args: list[str], seed_direct: bool = False) -> dict[str, Any]:
        work = self.step(f"{name}-mlflow-{backend}")
        extra = ["--artifacts", str(work / "artifacts")] if seed_direct else []
        if backend == "sqlite":
            return sv.run_worker(
                "mlflow_side", [*args, *extra, "--uri", f"sqlite:///{work}/mlflow.db"], None, work / "w.log"
            )
        with sv.pg_database("mlflow") as db, sv.mlflow_server(db, work) as url:
            seed = ["--seed-uri", sv.sqlalchemy_url(db), "--analyze", db] if seed_direct else []
            return sv.run_worker("mlflow_side", [*args, *extra, *seed, "--uri", url], None, work / "worker.log")

    def w1(self, backend: str) -> None:
        a = self.args
        for style in ("percall", "batched"):
            ours = self.ours(backend, f"w1-{style}", ["w1", "--style", style, *_sizes(a, a.runs, a.steps)])
            subset = a.mlflow_percall_runs if backend == "sqlite" else a.mlflow_percall_runs_server
            runs = subset if style == "percall" else a.runs
            theirs = self.mlflow(backend, f"w1-{style}", ["w1", "--style", style, *_sizes(a, runs, a.steps)])
            self.results[f"w1.{style}.{backend}"] = {"modeldb": ours, "mlflow": theirs}

    def floor(self, backend: str) -> None:
        work = self.step(f"floor-{backend}")
        sizes = _sizes(self.args, self.args.runs, self.args.steps)
        if backend == "sqlite":
            result = sv.run_worker("floor", [*sizes, "--sqlite", str(work / "floor.sqlite")])
        else:
            with sv.pg_database("floor") as db:
                result = sv.run_worker("floor", [*sizes, "--pg", db])
        self.results[f"floor.{backend}"] = result

    def w2(self, backend: str) -> None:
        a = self.args
        args = ["w2", "--repeats", str(a.repeats), *_sizes(a, a.w2_runs, 1)]
        ours = self.ours(backend, "w2", [*args, "--seed", a.w2_seed])
        theirs = self.mlflow(backend, "w2", args, seed_direct=True)
        self.results[f"w2.{backend}"] = {"modeldb": ours, "mlflow": theirs}

    def run(self) -> dict[str, Any]:
        started = time.time()
        load_start = sv.load_average()
        for backend in self.args.backends:
            for part in ("w1", "floor", "w2"):
                if part in self.args.only:
                    getattr(self, part)(backend)
        return {
            "started": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)),
            "duration_s": round(time.time() - started, 1),
            "machine": {
                "cpus": _cpus(),
                "python": platform.python_version(),
                "load_start": load_start,
                "load_end": sv.load_average(),
            },
            "args": {k: v for k, v in vars(self.args).items() if k not in ("out",)},
            "results": self.results,
        }


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50, help="W1 runs (default 50)")
    parser.add_argument("--steps", type=int, default=100, help="W1 steps per metric (default 100)")
    parser.add_argument("--hparams", type=int, default=20)
    parser.add_argument("--tags", type=int, default=5)
    parser.add_argument("--metrics", type=int, default=10)
    parser.add_argument(
        "--mlflow-percall-runs", type=int, default=5, help="MLflow's per-call W1 runs: a subset, it is slow (5)"
    )
    parser.add_argument(
        "--mlflow-percall-runs-server", type=int, default=2, help="the same through its server on PostgreSQL (2)"
    )
    parser.add_argument("--w2-runs", type=int, default=10_000, help="W2 runs (default 10,000)")
    parser.add_argument(
        "--w2-seed",
        choices=["api", "direct"],
        default="api",
        help="how our W2 runs are seeded: api (the client) or direct (rows written into the tables, for 100,000)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="W2 timed repetitions after a warm-up (median)")
    parser.add_argument("--backends", type=lambda s: s.split(","), default=["sqlite", "postgresql"])
    parser.add_argument("--only", type=lambda s: s.split(","), default=["w1", "floor", "w2"])
    parser.add_argument("--out", type=Path, default=sv.BENCH / "results", help="where latest.json/latest.md go")
    args = parser.parse_args(argv)
    for b in args.backends:
        if b not in ("sqlite", "postgresql"):
            parser.error(f"--backends takes sqlite and/or postgresql, got {b!r}")
    for part in args.only:
        if part not in ("w1", "floor", "w2"):
            parser.error(f"--only takes w1, floor and/or w2, got {part!r}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    # A plain kill unwinds like Ctrl-C: servers stopped, databases dropped, the running worker killed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    bench = Bench(args)
    print(f"load average at start: {sv.load_average()}", file=sys.stderr)
    try:
        data = bench.run()
    except BenchError as exc:
        print(f"benchmark failed: {exc}\n(work files kept in {bench.work})", file=sys.stderr)
        return 1
    shutil.rmtree(bench.work, ignore_errors=True)
    markdown = report.render(data)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(data, indent=1) + "\n")
    (args.out / "latest.md").write_text(markdown)
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
