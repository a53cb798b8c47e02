"""`modeldb-backend serve --workers N` as real processes: the children share the ports (connections land on each),
a killed child is replaced while the others serve on, SIGTERM stops them all, SIGKILL of the supervisor kills
them at once, and the heartbeat watchdog run by
every child kills each stale run exactly once (SQLite and PostgreSQL).
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest
import requests
from sqlalchemy.engine import make_url

from modeldb_backend.cli import main
from modeldb_backend.pb.modeldb import project_service_pb2
from tests.backend.test_server import ServeProcess, Spawn, grpc_stubs
from tests.backend.test_server import spawn as spawn  # the fixture
from tests.servers import new_experiment, new_run, rest_post, wait_until

WORKERS = 2
CONNECTIONS = 24  # P(all on one of 2 workers) = 2 * 2**-24 if the kernel spreads them
STALE_RUNS = 24
TIMEOUT_S = 30.0
PROBES = 12


def verify_connections_counted(exposition: str) -> float:
    """verifyConnection requests in /metrics' text, over every label set."""
    found = re.findall(r'^modeldb_requests_total\{[^}]*rpc="verifyConnection"[^}]*\} (\S+)$', exposition, re.M)
    assert found, exposition[:3000]
    return sum(float(value) for value in found)


def children(parent: int) -> set[int]:
    """The live child processes of `parent` (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{parent}/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


def established_on(port: int) -> set[int]:
    """Socket inodes of the ESTABLISHED TCP connections whose local port is `port`."""
    inodes: set[int] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                inodes.add(int(fields[9]))
    return inodes


def sockets_of(pid: int) -> set[int]:
    out: set[int] = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = os.readlink(fd) if fd.is_symlink() else ""
        if match := re.fullmatch(r"socket:\[(\d+)\]", target):
            out.add(int(match.group(1)))
    return out


def start_workers(spawn: Spawn, *args: str, env: dict[str, str] | None = None) -> tuple[ServeProcess, str, str]:
    server = spawn("--workers", str(WORKERS), *args, env=env)
    server.wait_for(rf"{WORKERS} worker processes serving on port \d+")
    rest, target = server.wait_started()
    return server, rest, target


def test_the_workers_share_the_ports_and_a_dead_one_is_replaced(spawn: Spawn) -> None:
    server, rest, target = start_workers(spawn)
    port = int(rest.rsplit(":", 1)[1])
    first = wait_until("both workers started", lambda: (c := children(server.proc.pid)) and len(c) == WORKERS and c)
    # Connections held open at once: the kernel hands them to both workers (SO_REUSEPORT).
    sessions = [requests.Session() for _ in range(CONNECTIONS)]
    try:
        assert all(s.get(f"{rest}/livez", timeout=10).status_code == 200 for s in sessions)
        mine = established_on(port)
        owners = {pid: len(sockets_of(pid) & mine) for pid in first}
        assert all(count > 0 for count in owners.values()), owners
        assert sum(owners.values()) == CONNECTIONS, owners
    finally:
        for session in sessions:
            session.close()
    # /metrics of whichever worker answers sums every worker's counts (PROMETHEUS_MULTIPROC_DIR from the parent).
    for _ in range(PROBES):  # fresh connections: spread over the workers
        assert requests.get(f"{rest}/api/v1/modeldb/project/verifyConnection", timeout=10).status_code == 200
    assert verify_connections_counted(requests.get(f"{rest}/metrics", timeout=10).text) == PROBES
    channel, projects = grpc_stubs(target)
    with channel:
        made = projects.createProject(project_service_pb2.CreateProject(name="via-grpc"), timeout=10)
    found = requests.get(f"{rest}/api/v1/modeldb/project/getProjectById", params={"id": made.project.id}, timeout=10)
    assert found.json()["project"]["name"] == "via-grpc"

    victim = min(first)
    os.kill(victim, signal.SIGKILL)
    server.wait_for(rf"worker \d \(pid {victim}\) exited with code -9; restarting")
    again = wait_until("a replacement", lambda: (c := children(server.proc.pid)) and len(c) == WORKERS and c)
    assert victim not in again and len(again & first) == WORKERS - 1
    wait_until("the replacement listening", lambda: server.log.count("REST gateway listening") > WORKERS)
    for _ in range(10):  # fresh connections, whichever worker they land on
        assert requests.get(f"{rest}/readyz", timeout=10).status_code == 200

    assert server.stop() == 0, server.log
    assert server.log.count("]: stopped") == WORKERS, server.log
    for pid in again:
        wait_until(f"worker {pid} gone", lambda pid=pid: not Path(f"/proc/{pid}").exists())


def running(pid: int) -> bool:
    """Whether `pid` still runs (an orphan's zombie, not yet reaped by init, counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_a_supervisor_killed_hard_takes_its_workers_at_once(spawn: Spawn) -> None:
    """kill -9 of `serve`: the workers are killed too (PDEATHSIG SIGKILL), without the drain a SIGTERM starts
    (120 s here, answering all along): nothing answers on the port right after, as after one killed process."""
    server, rest, _ = start_workers(spawn, env={"MODELDB_DRAIN_SECONDS": "120"})
    workers = wait_until("both workers started", lambda: (c := children(server.proc.pid)) and len(c) == WORKERS and c)
    server.proc.kill()
    server.proc.wait(TIMEOUT_S)
    for pid in workers:
        wait_until(f"worker {pid} gone", lambda pid=pid: not running(pid), timeout=10)
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{rest}/livez", timeout=10)
    assert "draining" not in server.log, server.log


def test_a_port_in_use_stops_the_supervisor_before_any_worker(spawn: Spawn) -> None:
    server, rest, _ = start_workers(spawn)
    other = spawn("--workers", str(WORKERS), "--port", rest.rsplit(":", 1)[1])
    assert other.proc.wait(TIMEOUT_S) == 2
    other.kill()
    assert re.search(r"cannot listen on 127\.0\.0\.1:\d+: Address already in use", other.log), other.log
    assert "worker 1" not in other.log and "Traceback" not in other.log, other.log
    assert server.stop() == 0, server.log


def test_a_bad_workers_value_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--workers", "0"]) == 2
    assert "--workers must be an integer of at least 1, got '0'" in capsys.readouterr().err


def _runs_going_stale_together(rest: str, count: int, timeout_ms: int) -> list[str]:
    project, experiment = new_experiment(rest, "watchdog")
    runs = []
    for i in range(count):
        run = new_run(rest, project, experiment, f"r{i}")
        rest_post(rest, "/ext/setRunStatus", {"run_id": run, "status": "RUNNING", "heartbeat_timeout_ms": timeout_ms})
        runs.append(run)
    return runs


KILLS = "SELECT entity_id, count(*) FROM audit_records WHERE action = 'heartbeatTimeout' GROUP BY entity_id"


def _kills(db_url: str) -> dict[str, int]:
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        with closing(sqlite3.connect(str(url.database))) as conn:
            return dict(conn.execute(KILLS).fetchall())
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor() as cur:
        cur.execute(KILLS)
        return dict(cur.fetchall())


def test_every_worker_sweeps_and_each_stale_run_is_killed_once(spawn: Spawn, empty_db: str) -> None:
    sweep = {"MODELDB_HEARTBEAT_SWEEP_SECONDS": "0.05"}  # both workers sweep 20 times a second
    server, rest, _ = start_workers(spawn, "--db", empty_db, env=sweep)
    # One timeout for all, long enough to create them: they go stale within milliseconds of each other.
    runs = _runs_going_stale_together(rest, STALE_RUNS, timeout_ms=3000)
    wait_until("every run killed", lambda: len(_kills(empty_db)) == STALE_RUNS)
    time.sleep(0.5)  # ten more sweeps by each worker: none may act on a run already killed
    assert _kills(empty_db) == dict.fromkeys(runs, 1)
    states = rest_post(rest, "/ext/getRunStates", {"run_ids": runs})["states"]
    assert {s["status"] for s in states} == {"KILLED"}
    assert server.stop() == 0, server.log


def test_sigterm_drains_every_worker_and_a_second_one_ends_the_drain(spawn: Spawn) -> None:
    server, rest, _ = start_workers(spawn, env={"MODELDB_DRAIN_SECONDS": "120"})
    server.proc.send_signal(signal.SIGTERM)
    wait_until("both workers draining", lambda: server.log.count("draining for 120 s") == WORKERS)
    for _ in range(PROBES):  # fresh connections reach both workers: each says not ready, and still serves
        assert requests.get(f"{rest}/readyz", timeout=10).status_code == 503
        assert requests.get(f"{rest}/api/v1/modeldb/project/verifyConnection", timeout=10).status_code == 200
    server.proc.send_signal(signal.SIGTERM)  # passed on by the supervisor: the drain ends, the stop follows
    assert server.proc.wait(TIMEOUT_S) == 0, server.log
    assert server.log.count("]: stopped") == WORKERS, server.log
