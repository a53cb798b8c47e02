"""Prometheus metrics of the standalone server, served at `GET /metrics` (prometheus_client's text format).

Series (every name starts with `modeldb_`):
- `modeldb_requests_total{transport,service,rpc,code}`: answered requests; `code` is the HTTP status (REST) or
  the gRPC code name; routes that are no RPC (artifact bytes, probes, 404s) have `service="http"` and the route's
  handler as `rpc`, so the label values stay a small fixed set whatever paths callers send.
- `modeldb_request_duration_seconds{transport,service,rpc,code}`: a histogram of the same requests.
- `modeldb_requests_in_flight{transport}`: requests received and not yet answered.
- `modeldb_worker_queue_depth`: requests waiting for a database thread (all threads busy);
  `modeldb_worker_threads_busy`: work items on the threads or waiting for one.
- `modeldb_db_pool_size`, `modeldb_db_pool_checked_out`, `modeldb_db_pool_overflow`: the connection pool.

With several server processes (`serve --workers N`) the parent sets PROMETHEUS_MULTIPROC_DIR before starting
them: prometheus_client then keeps each process's values in files there, and `/metrics` in any process answers
for all of them (gauges summed over the live processes). The pool and queue gauges are sampled when `/metrics`
is read and, with several processes, every second by each process (`sample_periodically`).

`/metrics` needs the server's token when one is configured (it names RPCs and volumes, which is no one else's
business), unless MODELDB_METRICS_PUBLIC=true lets a scraper inside the cluster read it without one.
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, Any, Final

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as _multiprocess

if TYPE_CHECKING:
    from ..backend import Backend

MULTIPROC_VAR = "PROMETHEUS_MULTIPROC_DIR"  # prometheus_client's own variable, read by it at import
LABELS = ("transport", "service", "rpc", "code")
# Seconds: a small RPC takes about a millisecond, a 10 MB batch or a large query seconds.
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
SAMPLE_INTERVAL_S = 1.0
LIVE_SUM: Final = "livesum"  # with several processes: gauges are the sum over the live ones

REQUESTS = Counter("modeldb_requests", "Requests answered.", LABELS)
LATENCY = Histogram("modeldb_request_duration_seconds", "Time to answer a request.", LABELS, buckets=BUCKETS)
IN_FLIGHT = Gauge("modeldb_requests_in_flight", "Requests not answered yet.", ["transport"], multiprocess_mode=LIVE_SUM)
QUEUE_DEPTH = Gauge("modeldb_worker_queue_depth", "Requests waiting for a database thread.", multiprocess_mode=LIVE_SUM)
REST_IN_FLIGHT, GRPC_IN_FLIGHT = IN_FLIGHT.labels("rest"), IN_FLIGHT.labels("grpc")  # looked up once
BUSY = Gauge(
    "modeldb_worker_threads_busy", "Work items on or waiting for a database thread.", multiprocess_mode=LIVE_SUM
)
POOL_SIZE = Gauge("modeldb_db_pool_size", "Connections the pool keeps open.", multiprocess_mode=LIVE_SUM)
POOL_CHECKED_OUT = Gauge("modeldb_db_pool_checked_out", "Pooled connections in use.", multiprocess_mode=LIVE_SUM)
POOL_OVERFLOW = Gauge("modeldb_db_pool_overflow", "Connections open beyond the pool size.", multiprocess_mode=LIVE_SUM)


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROC_VAR) or None


_series: dict[tuple[str, str, str, str], tuple[Any, Any]] = {}  # label values -> (counter, histogram)


def observe(transport: str, service: str, rpc: str, code: str, seconds: float) -> None:
    labels = (transport, service, rpc, code)
    series = _series.get(labels)
    if series is None:  # label values are a fixed set (RPCs, routes, codes): looked up once each
        series = _series[labels] = (REQUESTS.labels(*labels), LATENCY.labels(*labels))
    series[0].inc()
    series[1].observe(seconds)


def sample(backend: Backend) -> None:
    """Set the gauges of the worker queue and the connection pool from what they are now."""
    QUEUE_DEPTH.set(backend.queue_depth)
    BUSY.set(backend.busy_workers)
    pool: Any = backend.db.engine.pool
    # QueuePool (PostgreSQL, SQLite files) counts; other pools (SQLite in memory) have no size to report.
    if hasattr(pool, "size") and hasattr(pool, "checkedout") and hasattr(pool, "overflow"):
        POOL_SIZE.set(pool.size())
        POOL_CHECKED_OUT.set(pool.checkedout())
        POOL_OVERFLOW.set(max(0, pool.overflow()))  # QueuePool counts from -size up


async def sample_periodically(backend: Backend, interval: float = SAMPLE_INTERVAL_S) -> None:
    """With several processes, a scrape reads the others' files: each keeps its own gauges fresh."""
    while True:
        sample(backend)
        await asyncio.sleep(interval)


def mark_process_dead(pid: int) -> None:
    """For a supervisor: drop a dead worker's live gauges (its counters stay, as Prometheus expects)."""
    if multiprocess_dir():
        _multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]  # untyped in prometheus_client


def exposition() -> bytes:
    """The text format of every series: this process's, or all processes' with PROMETHEUS_MULTIPROC_DIR."""
    if multiprocess_dir():
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # untyped constructor
        return generate_latest(registry)
    return generate_latest(REGISTRY)
