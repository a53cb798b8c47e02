"""The workloads of bench/vs_mlflow.py, shared by both sides' workers (stdlib only: it runs in .venv and in
.bench-venv alike). Not run by itself; see bench/vs_mlflow.py.

Every value is derived from (run index, key index, step) with a fixed formula, so both clients log exactly the
same data and the W2 query answers can be compared run by run (by name).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any

OPTIMIZERS = ("adam", "sgd", "rmsprop", "adagrad")  # hyperparameter `opt`: the string one W2 filters on


@dataclass(frozen=True)
class Sizes:
    runs: int = 50
    hparams: int = 20
    tags: int = 5
    metrics: int = 10
    steps: int = 100

    @property
    def points(self) -> int:
        return self.runs * self.metrics * self.steps


def add_size_args(parser: argparse.ArgumentParser, runs: int = 50, steps: int = 100) -> None:
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--hparams", type=int, default=20)
    parser.add_argument("--tags", type=int, default=5)
    parser.add_argument("--metrics", type=int, default=10)
    parser.add_argument("--steps", type=int, default=steps)


def sizes_from(args: argparse.Namespace) -> Sizes:
    sizes = Sizes(args.runs, args.hparams, args.tags, args.metrics, args.steps)
    if min(asdict(sizes).values()) < 1 or sizes.hparams < 2:
        raise SystemExit(f"sizes must be >= 1 (and --hparams >= 2), got {sizes}")
    return sizes


def _frac(*seed: int) -> float:
    """A deterministic pseudo-random number in [0, 1) (same on every Python, unlike hash())."""
    x = 0x9E3779B97F4A7C15
    for s in seed:
        x = ((x ^ (s + 0x632BE59BD9B4E019)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 31
    return (x >> 11) / float(1 << 53)


def run_name(i: int) -> str:
    return f"run-{i:05d}"


def hparams(i: int, n: int) -> dict[str, Any]:
    """`opt` (a string) then h1..h{n-1} (floats)."""
    out: dict[str, Any] = {"opt": optimizer(i)}
    out.update({f"h{k}": round(_frac(i, 100 + k), 6) for k in range(1, n)})
    return out


def optimizer(i: int) -> str:
    return OPTIMIZERS[int(_frac(i, 7) * len(OPTIMIZERS))]


def tags(i: int, n: int) -> list[tuple[str, str]]:
    """(key, value) pairs; MLflow keeps them as such, ModelDB (plain string tags) as "key=value"."""
    return [(f"t{k}", f"v{int(_frac(i, 200 + k) * 10)}") for k in range(n)]


def metric_keys(n: int) -> list[str]:
    return [f"m{k}" for k in range(n)]


def metric_value(i: int, k: int, step: int) -> float:
    return _frac(i, 300 + k, step)


# --- the W2 query, in both dialects --------------------------------------------------------------------------

TOP = 100
OUR_FILTER = "metrics.m0 > 0.5 and hyperparameters.opt == 'adam'"
OUR_ORDER = ["-metrics.m1"]
MLFLOW_FILTER = "metrics.m0 > 0.5 and params.opt = 'adam'"
MLFLOW_ORDER = ["metrics.m1 DESC"]


def expected_top(sizes: Sizes, last_step: int = 0) -> list[str]:
    """The filtered top-100 computed from the formulas: what both sides must return."""
    rows = [
        (metric_value(i, 1, last_step), run_name(i))
        for i in range(sizes.runs)
        if metric_value(i, 0, last_step) > 0.5 and optimizer(i) == "adam"
    ]
    return [name for _, name in sorted(rows, reverse=True)[:TOP]]


def expected_matches(sizes: Sizes, last_step: int = 0) -> int:
    """How many runs the W2 filter matches (the "filter, all matches" measurement)."""
    return sum(1 for i in range(sizes.runs) if metric_value(i, 0, last_step) > 0.5 and optimizer(i) == "adam")


def reset_peak_rss() -> None:
    """Start measuring peak memory afresh (after seeding): Linux resets VmHWM when 5 is written to clear_refs."""
    import gc

    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass  # then the peak includes seeding


def peak_rss_mib() -> float:
    """This process's peak resident memory since reset_peak_rss (VmHWM of /proc/self/status, in KiB)."""
    with open("/proc/self/status") as f:
        kib = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    return round(kib / 1024, 1)


def analyze(db_url: str | None) -> None:
    """VACUUM ANALYZE a freshly seeded PostgreSQL database, as autovacuum does soon after a bulk load (its
    insert threshold; it may be off, as on the test server here). Without statistics the planner picks nested
    loops that take minutes; without the visibility map that VACUUM sets, PostgreSQL cannot answer a predicate
    from a covering index alone (every match costs a heap visit: a 100,000-run top-100 read 85,000 buffers)."""
    if not db_url:
        return
    import psycopg2

    conn = psycopg2.connect(db_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    conn.close()


# --- timing and output -------------------------------------------------------------------------------------


def summarize_ns(samples: list[int] | Any) -> dict[str, float]:
    """Median and p95 of per-call latencies given in ns, in µs."""
    ordered = sorted(samples)
    if not ordered:
        return {"median_us": float("nan"), "p95_us": float("nan"), "calls": 0}
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return {"median_us": ordered[len(ordered) // 2] / 1000, "p95_us": p95 / 1000, "calls": len(ordered)}


def median_time(fn: Any, repeats: int) -> tuple[float, Any]:
    """Warm up once, then the median wall time of `repeats` calls; also the last call's result."""
    result = fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def emit(result: dict[str, Any], out: Any) -> None:
    """Workers print exactly one JSON object on their real stdout (`out`, from quiet_stdout)."""
    out.write(json.dumps(result) + "\n")
    out.flush()


def quiet_stdout() -> Any:
    """Send whatever libraries print (MLflow prints run links) to stderr, keeping the real stdout for the one
    JSON line; returns the real stdout."""
    sys.stdout.flush()
    real = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return real
