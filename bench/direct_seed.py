"""Seed W2's runs straight into our tables (set-based), for query benchmarks at 100,000 runs.

The client's per-run path takes about 13 ms a run (22 minutes for 100,000), and seeding is not what W2
measures. Run 0 goes through the client (the official path); every other run is written as the same rows
(experiment_runs, run_states, key_values, tags, metric_points) in a few statements: COPY on PostgreSQL,
executemany on SQLite, columns named by the store models. `check_like_api` makes sure a directly seeded run
reads back exactly like the API one. Audit and idempotency rows are not written: no query reads them.
"""

from __future__ import annotations

import csv
import io
import json
import time
import uuid
from typing import Any

import workload as wl
from sqlalchemy import create_engine, insert

from modeldb_backend.store import models as m

CHUNK = 10_000  # runs per statement group: bounds memory at 100,000 runs
_TABLES = (m.ExperimentRun.__table__, m.RunState.__table__, m.KeyValue.__table__, m.Tag.__table__)
_POINTS = m.MetricPoint.__table__


def seed(db_url: str, template: Any, sizes: wl.Sizes) -> None:
    """Runs 1..sizes.runs-1 like `template` (run 0, created through the client: its project, experiment,
    owner), written in chunks of CHUNK runs, one transaction each."""
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            proto = (
                conn.execute(m.ExperimentRun.__table__.select().where(m.ExperimentRun.id == template.id))
                .one()
                ._asdict()
            )
        for lo in range(1, sizes.runs, CHUNK):
            rows = _rows(proto, range(lo, min(lo + CHUNK, sizes.runs)), sizes)
            with engine.begin() as conn:
                for table, data in rows.items():
                    _write(conn, table, data)
    finally:
        engine.dispose()


def _rows(proto: dict[str, Any], runs: range, sizes: wl.Sizes) -> dict[Any, list[dict[str, Any]]]:
    """The rows of `runs`, as dicts keyed by the models' column names."""
    now = int(time.time() * 1000)
    out: dict[Any, list[dict[str, Any]]] = {t: [] for t in (*_TABLES, _POINTS)}
    runs_t, states_t, kv_t, tags_t = _TABLES
    keys = wl.metric_keys(sizes.metrics)
    for i in runs:
        run_id = str(uuid.uuid4())
        at = now + i  # distinct creation times, as runs logged one after another have
        out[runs_t].append(
            {**proto, "id": run_id, "name": wl.run_name(i), "date_created": at, "date_updated": at,
             "start_time": at, "end_time": at, "version_number": proto["version_number"]}
        )  # fmt: skip
        out[states_t].append({"run_id": run_id, "status": "FINISHED", "heartbeat": now, "timeout_ms": 0})
        out[kv_t] += [_kv(run_id, "hyperparameters", k, v, 0) for k, v in wl.hparams(i, sizes.hparams).items()]
        values = [wl.metric_value(i, k, 0) for k in range(sizes.metrics)]
        out[kv_t] += [_kv(run_id, "metrics", key, v, 1) for key, v in zip(keys, values, strict=True)]
        out[tags_t] += [
            {"entity_id": run_id, "tag": f"{k}={v}", "entity_type": "experiment_run"} for k, v in wl.tags(i, sizes.tags)
        ]
        out[_POINTS] += [
            {"run_id": run_id, "key": key, "step": 0, "value": v, "timestamp": now}
            for key, v in zip(keys, values, strict=True)
        ]
    return out


def _kv(run_id: str, field: str, key: str, value: Any, value_type: int) -> dict[str, Any]:
    """A key-value row as the store writes it: the JSON text, and the number or string it compares on."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return {
        "entity_type": "experiment_run", "entity_id": run_id, "field": field, "key": key,
        "value": json.dumps(value), "value_type": value_type,
        "num_value": float(value) if number else None, "str_value": value if isinstance(value, str) else None,
    }  # fmt: skip


def _write(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    names = list(rows[0])
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerows([_csv(r[n]) for n in names] for r in rows)
    text.seek(0)
    raw = conn.connection.dbapi_connection
    with raw.cursor() as cur:
        cur.copy_expert(f"COPY {table.name} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", text)


def _csv(value: Any) -> Any:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return value


def check_like_api(client: Any, experiment: Any) -> None:
    """Run 0 (through the API) and run 1 (seeded here) read back alike: every column present in both, same
    dtypes (a frame has one dtype per column), same status, one point of history each."""
    frame = client.runs_df(experiment=experiment, order_by="name", limit=2)
    api, direct = frame.iloc[0], frame.iloc[1]
    same = (
        list(frame["name"]) == [wl.run_name(0), wl.run_name(1)]
        and not frame.drop(columns=["duration"]).isna().any().any()
        and api["status"] == direct["status"] == "finished"
        and len(api["tags"]) == len(direct["tags"])
        and all(len(client.get_experiment_run(id=i).get_metric_history("m0")) == 1 for i in frame["id"])
    )
    if not same:
        raise SystemExit(f"a directly seeded run differs from the API one:\n{frame.T}")
