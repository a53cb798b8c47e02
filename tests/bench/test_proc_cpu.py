"""bench/proc_cpu.py (the per-component CPU of bench/cluster_scaling.py): a process's descendants count for it,
PostgreSQL's processes are told apart by their titles. No timing asserted: CPU seconds a process burnt on purpose."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import proc_cpu

BURN_S = 0.2
# waits for a line, burns BURN_S of CPU, says so, and stays alive (an exited process's time is not counted)
BURNER = f"""
import sys, time
sys.stdin.readline()
while time.process_time() < {BURN_S}:
    pass
print("burnt", flush=True)
sys.stdin.readline()
"""


def test_descendants_count_for_their_component() -> None:
    # the burner is the grandchild of the component's process (a shell between them), as a worker is a replica's
    shell = subprocess.Popen(
        ["/bin/sh", "-c", f"exec 3<&0; \"{sys.executable}\" -c '{BURNER}' <&3"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert shell.stdin is not None and shell.stdout is not None
    try:
        components = proc_cpu.Components({"replicas": [shell.pid]}, db_name="no_such_database")
        before = proc_cpu.snapshot()
        shell.stdin.write("go\n")
        shell.stdin.flush()
        assert shell.stdout.readline().strip() == "burnt"
        used = proc_cpu.usage(components, before, proc_cpu.snapshot())
    finally:
        shell.kill()
        shell.wait(timeout=10)
    # clock ticks: at most one tick (1/SC_CLK_TCK s) may be lost at each end
    assert used["replicas"] >= BURN_S - 2 / proc_cpu.TICK
    assert used["load generator"] < BURN_S  # this process only waited
    assert used["postgres"] == 0.0
    assert set(used) >= {"replicas", "load generator", "postgres", "postgres-shared", "others", "idle"}


def test_postgres_titles() -> None:
    titles = {
        10: "postgres: 15/main: postgres modeldb_cluster_ab 127.0.0.1(53412) idle",
        11: "postgres: 15/main: postgres other_db 127.0.0.1(53413) SELECT",
        12: "postgres: 16/main: walwriter",
        13: "postgres: 16/main: autovacuum worker modeldb_cluster_ab",
        14: "postgres: 16/main: autovacuum worker other_db",
        15: "postgres: postgres modeldb_cluster_ab [local] idle",
        16: "/usr/lib/postgresql/16/bin/postgres -D /var/lib/postgresql/16/main",
        17: "/usr/bin/python3 -m not_postgres modeldb_cluster_ab",
    }
    snap = proc_cpu.Snapshot({p: 1.0 for p in titles}, {p: 1 for p in titles}, titles, busy=0.0, total=0.0)
    ours, shared = proc_cpu._postgres(snap, "modeldb_cluster_ab")
    assert ours == {10, 13, 15}
    assert shared == {12, 16}  # the WAL writer and the postmaster; other databases' backends in neither
