"""The physical floor of W1 for bench/vs_mlflow.py: the same rows (runs, hyperparameters, tags, metric points)
written into plain, index-free tables in one transaction: `executemany` on SQLite (WAL, synchronous=NORMAL,
as our embedded store runs it), one `COPY` per table on PostgreSQL (psycopg2 `copy_expert`). No client, no
validation, no JSON: what the disk and the database engine cost at least. One JSON line on stdout.

    .venv/bin/python bench/floor.py --sqlite /tmp/floor.sqlite
    .venv/bin/python bench/floor.py --pg postgresql://postgres@127.0.0.1:5432/somedb
"""

from __future__ import annotations

import argparse
import io
import json
import sqlite3
import sys
import time
import uuid
from typing import Any

import workload as wl

Rows = dict[str, list[tuple[Any, ...]]]
TABLES = {
    "runs": "id TEXT, name TEXT, start_time BIGINT",
    "params": "run_id TEXT, key TEXT, value TEXT",
    "tags": "run_id TEXT, tag TEXT",
    "points": "run_id TEXT, key TEXT, step BIGINT, value DOUBLE PRECISION, timestamp BIGINT",
}


def rows(sizes: wl.Sizes) -> Rows:
    now = int(time.time() * 1000)
    out: Rows = {name: [] for name in TABLES}
    keys = wl.metric_keys(sizes.metrics)
    for i in range(sizes.runs):
        run_id = str(uuid.uuid4())
        out["runs"].append((run_id, wl.run_name(i), now))
        out["params"].extend((run_id, k, json.dumps(v)) for k, v in wl.hparams(i, sizes.hparams).items())
        out["tags"].extend((run_id, f"{k}={v}") for k, v in wl.tags(i, sizes.tags))
        out["points"].extend(
            (run_id, key, s, wl.metric_value(i, k, s), now) for s in range(sizes.steps) for k, key in enumerate(keys)
        )
    return out


def sqlite_floor(path: str, data: Rows) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    for name, columns in TABLES.items():
        conn.execute(f"CREATE TABLE {name} ({columns})")
    start = time.perf_counter()
    conn.execute("BEGIN")
    for name, table_rows in data.items():
        marks = ", ".join("?" * len(table_rows[0]))
        conn.executemany(f"INSERT INTO {name} VALUES ({marks})", table_rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def pg_floor(url: str, data: Rows) -> float:
    import psycopg2

    conn = psycopg2.connect(url)
    with conn.cursor() as cur:
        for name, columns in TABLES.items():
            cur.execute(f"CREATE TABLE {name} ({columns})")
    conn.commit()
    start = time.perf_counter()
    with conn.cursor() as cur:
        for name, table_rows in data.items():
            text = "".join("\t".join(_pg_text(v) for v in row) + "\n" for row in table_rows)
            cur.copy_expert(f"COPY {name} FROM STDIN", io.StringIO(text))
    conn.commit()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def _pg_text(value: Any) -> str:
    """COPY's text format; our values hold no tab, newline or backslash (checked by the formulas' output)."""
    return repr(value) if isinstance(value, float) else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", help="a new SQLite file to write")
    parser.add_argument("--pg", help="an empty PostgreSQL database (URL)")
    wl.add_size_args(parser)
    args = parser.parse_args()
    sizes = wl.sizes_from(args)
    data = rows(sizes)
    elapsed = sqlite_floor(args.sqlite, data) if args.sqlite else pg_floor(args.pg, data)
    wl.emit(
        {
            "side": "floor",
            "workload": "w1",
            "target": "sqlite" if args.sqlite else "postgresql",
            "sizes": sizes.__dict__,
            "elapsed_s": elapsed,
            "points": sizes.points,
            "points_per_s": sizes.points / elapsed,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
