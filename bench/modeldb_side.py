"""Our client's side of bench/vs_mlflow.py: one workload per process, one JSON line on stdout.

Run by the orchestrator (`make bench`) in .venv; by hand, e.g.:

    MODELDB_HOME=$(mktemp -d) .venv/bin/python bench/modeldb_side.py w1 --style percall --runs 5
    .venv/bin/python bench/modeldb_side.py w2 --url http://127.0.0.1:8080 --runs 1000

Without --url the client is embedded on SQLite under $MODELDB_HOME (no server). W1 times everything from the
first run's creation until `client.flush()` returns (all data durably stored); per-call latency is taken on the
caller's side around each `log_metric`.
"""

from __future__ import annotations

import argparse
import logging
import time
from array import array
from typing import Any

import workload as wl

from modeldb_jupyter.client import Client


def _client(url: str | None) -> Client:
    return Client(url=url) if url else Client()


def _prepared(sizes: wl.Sizes, first: int = 0) -> list[tuple[str, dict[str, Any], list[str], list[list[float]]]]:
    """All data of all runs, built before the clock starts: (name, hparams, tags, values[step][metric])."""
    return [
        (
            wl.run_name(i),
            wl.hparams(i, sizes.hparams),
            [f"{k}={v}" for k, v in wl.tags(i, sizes.tags)],
            [[wl.metric_value(i, k, s) for k in range(sizes.metrics)] for s in range(sizes.steps)],
        )
        for i in range(first, first + sizes.runs)
    ]


def w1(args: argparse.Namespace) -> dict[str, Any]:
    sizes = wl.sizes_from(args)
    data = _prepared(sizes)
    keys = wl.metric_keys(sizes.metrics)
    client = _client(args.url)
    client.set_project("bench-w1")
    client.set_experiment(f"w1-{args.style}")
    latencies = array("q")
    ns = time.perf_counter_ns
    start = time.perf_counter()
    for name, hps, tags, values in data:
        run = client.start_run(name)  # returns at once: created, marked running, with its first batch
        if args.style == "percall":
            for k, v in hps.items():
                run.log_hyperparameter(k, v)
            for tag in tags:
                run.log_tag(tag)
            log_metric, add = run.log_metric, latencies.append
            for step, row in enumerate(values):
                for key, value in zip(keys, row, strict=True):
                    t0 = ns()
                    log_metric(key, value, step)
                    add(ns() - t0)
        else:
            run.log_hyperparameters(hps)
            run.log_tags(tags)
            for step, row in enumerate(values):
                run.log_metrics(dict(zip(keys, row, strict=True)), step)
        run.end(timeout=0)  # the end status is queued in order; nobody waits for it (the flush below does)
    stored = client.flush(timeout=None)
    elapsed = time.perf_counter() - start
    if not stored or client.errors:
        raise SystemExit(f"logging failed: flush={stored}, errors={client.errors[:3]}")
    _check_stored(client, sizes)
    client.close()
    return {
        "side": "modeldb",
        "workload": "w1",
        "style": args.style,
        "sizes": sizes.__dict__,
        "elapsed_s": elapsed,
        "points": sizes.points,
        "points_per_s": sizes.points / elapsed,
        "latency": wl.summarize_ns(latencies) if latencies else None,
    }


def _check_stored(client: Client, sizes: wl.Sizes) -> None:
    """The runs really hold what was logged (one metric's history in full, every run's hyperparameters)."""
    frame = client.runs_df(experiment=client.expt, columns=["hyperparameters", "metrics", "tags"])
    if len(frame) != sizes.runs or frame["hyperparameters.h1"].isna().any():
        raise SystemExit(f"stored runs do not match: {len(frame)} rows for {sizes.runs} runs")
    last = client.get_experiment_run(wl.run_name(sizes.runs - 1))
    history = last.get_metric_history("m0")
    if len(history) != sizes.steps:
        raise SystemExit(f"metric history of m0 has {len(history)} points, expected {sizes.steps}")


def w2(args: argparse.Namespace) -> dict[str, Any]:
    sizes = wl.sizes_from(args)
    client = _client(args.url)
    client.set_project("bench-w2")
    experiment = client.set_experiment("w2")
    start = time.perf_counter()
    if args.seed == "direct":
        _seed_direct(client, experiment, sizes, args.seed_db)
    else:
        _seed(client, sizes)
    wl.analyze(args.analyze)
    seed_s = time.perf_counter() - start
    wl.reset_peak_rss()

    def full() -> int:
        return len(client.runs_df(experiment=experiment))

    def top() -> list[str]:
        frame = client.runs_df(experiment=experiment, filter=wl.OUR_FILTER, order_by=wl.OUR_ORDER, limit=wl.TOP)
        return list(frame["name"])

    def matches() -> int:
        return len(client.runs_df(experiment=experiment, filter=wl.OUR_FILTER))

    full_s, rows = wl.median_time(full, args.repeats)
    top_s, names = wl.median_time(top, args.repeats)
    all_s, matched = wl.median_time(matches, args.repeats)
    client.close()
    return {
        "side": "modeldb",
        "workload": "w2",
        "sizes": sizes.__dict__,
        "seed": args.seed,
        "seed_s": seed_s,
        "full_s": full_s,
        "rows": rows,
        "top_s": top_s,
        "top_names": names,
        "top_matches_expected": names == wl.expected_top(sizes),
        "all_s": all_s,
        "matches": matched,
        "matches_expected": matched == wl.expected_matches(sizes),
        "peak_rss_mib": wl.peak_rss_mib(),
    }


def _seed_direct(client: Client, experiment: Any, sizes: wl.Sizes, db_url: str | None) -> None:
    """Run 0 through the client, the others written straight into the tables (bench/direct_seed.py)."""
    import direct_seed

    from modeldb_backend.settings import default_db_url

    run = client.create_experiment_run(wl.run_name(0))
    run.log_hyperparameters(wl.hparams(0, sizes.hparams))
    run.log_tags([f"{k}={v}" for k, v in wl.tags(0, sizes.tags)])
    run.log_metrics({key: wl.metric_value(0, k, 0) for k, key in enumerate(wl.metric_keys(sizes.metrics))}, 0)
    run.end()
    if not client.flush(timeout=None) or client.errors:
        raise SystemExit(f"seeding failed: {client.errors[:3]}")
    direct_seed.seed(db_url or default_db_url(), run, sizes)
    direct_seed.check_like_api(client, experiment)


def _seed(client: Client, sizes: wl.Sizes) -> None:
    """Our bulk path: the client's import (createRuns, 1,000 runs with their values per call and transaction)."""
    keys = wl.metric_keys(sizes.metrics)
    records = (
        {
            "name": wl.run_name(i),
            "hyperparameters": wl.hparams(i, sizes.hparams),
            "tags": [f"{k}={v}" for k, v in wl.tags(i, sizes.tags)],
            "metrics": {key: wl.metric_value(i, k, 0) for k, key in enumerate(keys)},
            "step": 0,  # points of their series, as MLflow's seeding writes metric history and latest metrics
            "status": "finished",
        }
        for i in range(sizes.runs)
    )
    client.import_runs(records)
    if client.errors:
        raise SystemExit(f"seeding failed: {client.errors[:3]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="workload", required=True)
    p1 = sub.add_parser("w1", help="logging")
    p1.add_argument("--style", choices=["percall", "batched"], required=True)
    wl.add_size_args(p1)
    p2 = sub.add_parser("w2", help="queries")
    p2.add_argument("--repeats", type=int, default=3)
    p2.add_argument("--analyze", help="a PostgreSQL URL to VACUUM ANALYZE after seeding (what autovacuum would do)")
    p2.add_argument(
        "--seed", choices=["api", "direct"], default="api", help="direct: run 0 by the client, the rest as rows"
    )
    p2.add_argument("--seed-db", help="with --seed direct and --url: the server's database (SQLAlchemy URL)")
    wl.add_size_args(p2, runs=10_000, steps=1)
    for p in (p1, p2):
        p.add_argument("--url", help="a modeldb-backend server (default: embedded on SQLite in $MODELDB_HOME)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    out = wl.quiet_stdout()
    result = w1(args) if args.workload == "w1" else w2(args)
    result["target"] = "server" if args.url else "embedded"
    wl.emit(result, out)


if __name__ == "__main__":
    main()
