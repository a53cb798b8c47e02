"""MLflow's side of bench/vs_mlflow.py: one workload per process, one JSON line on stdout.

Runs in .bench-venv (MLflow must not enter .venv); `make bench` creates it. By hand, e.g.:

    .bench-venv/bin/python bench/mlflow_side.py w1 --style percall --runs 5 --uri sqlite:////tmp/m.db
    .bench-venv/bin/python bench/mlflow_side.py w2 --uri http://127.0.0.1:5000 --seed-uri postgresql://...

`--uri` is MLflow's tracking URI: sqlite:///... (embedded, no server) or http://... (its server). W1 times
everything from the first run's creation until the last run is terminated (MLflow's calls are synchronous, so
the data is stored when they return). W2 seeds through MLflow's own SqlAlchemyStore on `--seed-uri` (default:
`--uri`): one run by its API, the rest as the same ORM rows in bulk. Seeding time is reported but is not part
of the query ratio.
"""

from __future__ import annotations

import argparse
import logging
import os
import time
from array import array
from typing import Any

import workload as wl


def _quiet_mlflow() -> None:
    os.environ.setdefault("MLFLOW_ENABLE_ASYNC_LOGGING", "false")
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    for name in ("mlflow", "alembic", "sqlalchemy", "urllib3"):
        logging.getLogger(name).setLevel(logging.WARNING)


def w1(args: argparse.Namespace) -> dict[str, Any]:
    import mlflow
    from mlflow import MlflowClient
    from mlflow.entities import Metric, Param, RunTag

    sizes = wl.sizes_from(args)
    mlflow.set_tracking_uri(args.uri)
    client = MlflowClient(args.uri)
    experiment_id = client.create_experiment(f"w1-{args.style}")  # schema set up before the clock starts
    keys = wl.metric_keys(sizes.metrics)
    data = [
        (
            wl.run_name(i),
            {k: str(v) for k, v in wl.hparams(i, sizes.hparams).items()},
            wl.tags(i, sizes.tags),
            [[wl.metric_value(i, k, s) for k in range(sizes.metrics)] for s in range(sizes.steps)],
        )
        for i in range(sizes.runs)
    ]
    latencies = array("q")
    ns = time.perf_counter_ns
    start = time.perf_counter()
    for name, hps, tags, values in data:
        run_id = client.create_run(experiment_id, run_name=name).info.run_id
        ts = int(time.time() * 1000)
        if args.style == "percall":
            for k, v in hps.items():
                client.log_param(run_id, k, v)
            for k, v in tags:
                client.set_tag(run_id, k, v)
            log_metric, add = client.log_metric, latencies.append
            for step, row in enumerate(values):
                for key, value in zip(keys, row, strict=True):
                    t0 = ns()
                    log_metric(run_id, key, value, timestamp=ts, step=step)
                    add(ns() - t0)
        else:
            metrics = [
                Metric(key, value, ts, step)
                for step, row in enumerate(values)
                for key, value in zip(keys, row, strict=True)
            ]
            params = [Param(k, v) for k, v in hps.items()]
            client.log_batch(run_id, metrics=metrics, params=params, tags=[RunTag(k, v) for k, v in tags])
        client.set_terminated(run_id)
    elapsed = time.perf_counter() - start
    _check_stored(client, experiment_id, sizes)
    return {
        "side": "mlflow",
        "workload": "w1",
        "style": args.style,
        "sizes": sizes.__dict__,
        "elapsed_s": elapsed,
        "points": sizes.points,
        "points_per_s": sizes.points / elapsed,
        "latency": wl.summarize_ns(latencies) if latencies else None,
        "mlflow_version": mlflow.__version__,
    }


def _check_stored(client: Any, experiment_id: str, sizes: wl.Sizes) -> None:
    runs = client.search_runs([experiment_id], max_results=sizes.runs + 1)
    if len(runs) != sizes.runs or any(len(r.data.params) != sizes.hparams for r in runs):
        raise SystemExit(f"stored runs do not match: {len(runs)} runs for {sizes.runs}")
    history = client.get_metric_history(runs[0].info.run_id, "m0")
    if len(history) != sizes.steps:
        raise SystemExit(f"metric history of m0 has {len(history)} points, expected {sizes.steps}")


def w2(args: argparse.Namespace) -> dict[str, Any]:
    import mlflow

    sizes = wl.sizes_from(args)
    mlflow.set_tracking_uri(args.uri)
    start = time.perf_counter()
    experiment_id = _seed(args.seed_uri or args.uri, sizes, args.artifacts)
    wl.analyze(args.analyze)
    seed_s = time.perf_counter() - start
    wl.reset_peak_rss()

    def full() -> int:
        return len(mlflow.search_runs(experiment_ids=[experiment_id], max_results=sizes.runs + 1))

    def top() -> list[str]:
        frame = mlflow.search_runs(
            experiment_ids=[experiment_id],
            filter_string=wl.MLFLOW_FILTER,
            order_by=wl.MLFLOW_ORDER,
            max_results=wl.TOP,
        )
        return list(frame["tags.mlflow.runName"]) if len(frame) else []

    def matches() -> int:
        frame = mlflow.search_runs(
            experiment_ids=[experiment_id], filter_string=wl.MLFLOW_FILTER, max_results=sizes.runs + 1
        )
        return len(frame)

    full_s, rows = wl.median_time(full, args.repeats)
    top_s, names = wl.median_time(top, args.repeats)
    all_s, matched = wl.median_time(matches, args.repeats)
    return {
        "side": "mlflow",
        "workload": "w2",
        "sizes": sizes.__dict__,
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
        "mlflow_version": mlflow.__version__,
    }


def _seed(uri: str, sizes: wl.Sizes, artifacts: str) -> str:
    """MLflow's own store, in-process: run 0 through create_run + log_batch (the official path), the rest as
    the same ORM rows added in bulk (the API path costs about 50 ms a run: over 8 minutes for 10,000).
    `_check_like_api` makes sure a bulk run reads back exactly like the API one."""
    from mlflow.entities import Metric, Param, RunTag
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    store = SqlAlchemyStore(uri, artifacts)
    experiment_id = store.create_experiment("w2")
    now = int(time.time() * 1000)
    params = [Param(k, str(v)) for k, v in wl.hparams(0, sizes.hparams).items()]
    metrics = [Metric(key, wl.metric_value(0, k, 0), now, 0) for k, key in enumerate(wl.metric_keys(sizes.metrics))]
    first = store.create_run(experiment_id, "bench", now, [], wl.run_name(0)).info
    store.log_batch(
        first.run_id, metrics=metrics, params=params, tags=[RunTag(k, v) for k, v in wl.tags(0, sizes.tags)]
    )
    chunk = 500
    for lo in range(1, sizes.runs, chunk):
        with store.ManagedSessionMaker() as session:
            session.add_all(
                _orm_rows(experiment_id, first.artifact_uri, now, range(lo, min(lo + chunk, sizes.runs)), sizes)
            )
    _check_like_api(store, first.run_id, experiment_id, sizes)
    store.engine.dispose()
    return str(experiment_id)


def _orm_rows(experiment_id: str, artifact_uri: str, now: int, runs: range, sizes: wl.Sizes) -> list[Any]:
    import uuid

    from mlflow.store.tracking.dbmodels.models import SqlLatestMetric, SqlMetric, SqlParam, SqlRun, SqlTag

    rows: list[Any] = []
    for i in runs:
        run_id, name = uuid.uuid4().hex, wl.run_name(i)
        rows.append(
            SqlRun(
                name=name, artifact_uri=artifact_uri.replace(artifact_uri.split("/")[-2], run_id), run_uuid=run_id,
                experiment_id=int(experiment_id), source_type="UNKNOWN", source_name="", entry_point_name="",
                user_id="bench", status="RUNNING", start_time=now, end_time=None, deleted_time=None,
                source_version="", lifecycle_stage="active",
            )
        )  # fmt: skip
        rows += [
            SqlTag(key=k, value=v, run_uuid=run_id) for k, v in [("mlflow.runName", name), *wl.tags(i, sizes.tags)]
        ]
        rows += [SqlParam(key=k, value=str(v), run_uuid=run_id) for k, v in wl.hparams(i, sizes.hparams).items()]
        for k, key in enumerate(wl.metric_keys(sizes.metrics)):
            value = wl.metric_value(i, k, 0)
            for cls in (SqlMetric, SqlLatestMetric):
                rows.append(cls(key=key, value=value, timestamp=now, step=0, is_nan=False, run_uuid=run_id))
    return rows


def _check_like_api(store: Any, api_run_id: str, experiment_id: str, sizes: wl.Sizes) -> None:
    """A bulk-seeded run has the same fields, params, tags and metrics (keys and kinds) as the API-seeded one."""
    runs = store.search_runs([experiment_id], None, 1, max_results=2, order_by=["attributes.run_name ASC"])
    api, bulk = runs[0], runs[1]
    assert api.info.run_id == api_run_id, "run 0 must be the one seeded through the API"
    same = (
        sorted(api.data.params) == sorted(bulk.data.params)
        and sorted(api.data.tags) == sorted(bulk.data.tags)
        and sorted(api.data.metrics) == sorted(bulk.data.metrics)
        and (api.info.status, api.info.lifecycle_stage) == (bulk.info.status, bulk.info.lifecycle_stage)
        and len(store.get_metric_history(bulk.info.run_id, "m0")) == 1
    )
    if not same:
        raise SystemExit(f"bulk-seeded MLflow run differs from the API-seeded one:\n{api}\n{bulk}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="workload", required=True)
    p1 = sub.add_parser("w1", help="logging")
    p1.add_argument("--style", choices=["percall", "batched"], required=True)
    wl.add_size_args(p1)
    p2 = sub.add_parser("w2", help="queries")
    p2.add_argument("--repeats", type=int, default=3)
    p2.add_argument("--analyze", help="a PostgreSQL URL to VACUUM ANALYZE after seeding (what autovacuum would do)")
    p2.add_argument("--seed-uri", help="database URI to seed through MLflow's SqlAlchemyStore (default: --uri)")
    p2.add_argument("--artifacts", default="/tmp/mlflow-bench-artifacts", help="artifact root of seeded runs")
    wl.add_size_args(p2, runs=10_000, steps=1)
    for p in (p1, p2):
        p.add_argument("--uri", required=True, help="tracking URI: sqlite:///... or http://... (its server)")
    args = parser.parse_args()
    _quiet_mlflow()
    out = wl.quiet_stdout()
    result = w1(args) if args.workload == "w1" else w2(args)
    result["target"] = "server" if args.uri.startswith("http") else "embedded"
    wl.emit(result, out)


if __name__ == "__main__":
    main()
