"""What an idempotency key costs a write: createExperimentRun in-process (Backend.invoke, no HTTP), with and
without a key, on SQLite and on a fresh PostgreSQL database. Calls with and without keys alternate, so that
load on a shared machine hits both alike; the report is the median wall time and the median CPU time of the
calling thread (PostgreSQL's own work excluded) per call of each kind.

    .venv/bin/python bench/idempotency_overhead.py [--calls 300] [--pg postgresql://...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from modeldb_backend.backend import Backend
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2
from modeldb_backend.pb.modeldb import experiment_service_pb2 as expt_pb2
from modeldb_backend.settings import Settings


def one_call(backend: Backend, project: str, experiment: str, keyed: bool) -> tuple[float, float]:
    """(wall, this thread's CPU) seconds of one createExperimentRun (a fresh name; a fresh key when `keyed`)."""
    rpc = backend.rpc("ExperimentRunService", "createExperimentRun")
    request = run_pb2.CreateExperimentRun(project_id=project, experiment_id=experiment, name=uuid.uuid4().hex)
    key = str(uuid.uuid4()) if keyed else None
    wall, cpu = time.perf_counter(), time.thread_time()
    backend.invoke(rpc, request, "bench", None, key)
    return time.perf_counter() - wall, time.thread_time() - cpu


def measure(db_url: str, artifacts: str, calls: int) -> dict[str, float]:
    """Medians over `calls` calls of each kind, alternating call by call (a load spike hits both kinds alike)."""
    backend = Backend.open(Settings(db_url=db_url, artifact_root=artifacts))
    try:
        project = backend.call("ProjectService", "createProject", {"name": "bench"}).project.id  # type: ignore[attr-defined]
        request = expt_pb2.CreateExperiment(project_id=project, name="e")
        experiment = backend.invoke(backend.rpc("ExperimentService", "createExperiment"), request).experiment.id  # type: ignore[attr-defined]
        for _ in range(20):  # warm-up: caches, pool, statement compilation
            one_call(backend, project, experiment, keyed=True)
        samples: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
        for i in range(2 * calls):
            samples[i % 2 == 1].append(one_call(backend, project, experiment, keyed=i % 2 == 1))
        out = {}
        for kind, index in (("wall", 0), ("cpu", 1)):
            plain = statistics.median(s[index] for s in samples[False]) * 1e6
            keyed = statistics.median(s[index] for s in samples[True]) * 1e6
            out |= {f"{kind}_plain_us": plain, f"{kind}_keyed_us": keyed, f"{kind}_overhead_us": keyed - plain}
        return out
    finally:
        backend.close()


def _admin(admin_url: str, statement: str) -> None:
    engine = create_engine(
        admin_url.replace("postgresql://", "postgresql+psycopg2://", 1), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        conn.execute(text(statement))
    engine.dispose()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=300, help="calls of each kind")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres", help="admin URL ('' skips)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        urls = {"sqlite": f"sqlite:///{Path(tmp) / 'bench.sqlite'}"}
        name = f"bench_keys_{uuid.uuid4().hex[:8]}"
        if args.pg:
            _admin(args.pg, f'CREATE DATABASE "{name}"')
            urls["postgresql"] = args.pg.rsplit("/", 1)[0] + "/" + name
        try:
            for kind, url in urls.items():
                r = measure(url, str(Path(tmp) / "artifacts"), args.calls)
                for m in ("wall", "cpu"):
                    print(
                        f"{kind:10s} createExperimentRun, median {m:4s}: {r[m + '_plain_us']:6.0f} us without a key,"
                        f" {r[m + '_keyed_us']:6.0f} us with one ({r[m + '_overhead_us']:+.0f} us)"
                    )
        finally:
            if args.pg:
                _admin(args.pg, f'DROP DATABASE IF EXISTS "{name}"')
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
