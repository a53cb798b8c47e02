"""CPU seconds per component of a cluster, read from /proc (Linux): what bench/cluster_scaling.py reports.

A snapshot holds every process's user+system time (all its threads) and the machine's busy time (/proc/stat);
the difference of two snapshots, grouped by component, says which part used the cores during a measurement.
Processes are grouped by pid (the cluster's replicas, HAProxy, moto, with their descendants; this process, the
load generator) and, for PostgreSQL, by process title: the backends serving the cluster's database (and its
autovacuum workers) are "postgres"; the server's shared processes (postmaster, WAL writer, checkpointer, ...) are
"postgres-shared" (the writes drive them, but other databases on the same server do too). A process that exits
between two snapshots loses its time since the first one (the replicas' pooled connections stay open, so the
backends live through a measurement).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
_CLIENT_BACKEND = re.compile(r"\((\d+)\)|\[local\]")  # "postgres: user db 127.0.0.1(53412) idle"


@dataclass
class Snapshot:
    cpu: dict[int, float]  # pid -> user+system seconds
    parent: dict[int, int]
    title: dict[int, str]  # pid -> command line (PostgreSQL's processes: their title)
    busy: float  # the machine's busy seconds, all cores
    total: float  # busy + idle seconds, all cores


@dataclass
class Components:
    """Which pids make up each component; "postgres" is found by title (the database's name)."""

    pids: dict[str, list[int]]
    db_name: str
    load_generator: int = field(default_factory=os.getpid)


def _machine() -> tuple[float, float]:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])  # guest time is already inside user
    return (total - idle) / TICK, total / TICK


def snapshot() -> Snapshot:
    cpu: dict[int, float] = {}
    parent: dict[int, int] = {}
    title: dict[int, str] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:  # exited meanwhile
            continue
        rest = stat.rsplit(")", 1)[1].split()
        parent[pid] = int(rest[1])
        cpu[pid] = (int(rest[11]) + int(rest[12])) / TICK  # utime, stime
        title[pid] = cmdline.replace(b"\0", b" ").decode(errors="replace").strip()
    busy, total = _machine()
    return Snapshot(cpu, parent, title, busy, total)


def _with_descendants(roots: list[int], snap: Snapshot) -> set[int]:
    found = {pid for pid in roots if pid in snap.cpu}
    grew = True
    while grew:
        more = {pid for pid, ppid in snap.parent.items() if ppid in found and pid not in found}
        found |= more
        grew = bool(more)
    return found


def _postgres(snap: Snapshot, db_name: str) -> tuple[set[int], set[int]]:
    """(the database's backends and autovacuum workers, the server's shared processes)."""
    ours: set[int] = set()
    shared: set[int] = set()
    for pid, title in snap.title.items():
        words = title.split()
        postmaster = bool(words) and words[0].endswith("/postgres")  # it forks the backends
        if not (title.startswith("postgres:") or postmaster):
            continue
        if db_name in words:
            ours.add(pid)
        elif not _CLIENT_BACKEND.search(title) and "autovacuum worker" not in title:
            shared.add(pid)  # another database's backends belong to nobody here
    return ours, shared


def _members(components: Components, snap: Snapshot) -> dict[str, set[int]]:
    groups = {name: _with_descendants(pids, snap) for name, pids in components.pids.items()}
    groups["load generator"] = {components.load_generator}
    groups["postgres"], groups["postgres-shared"] = _postgres(snap, components.db_name)
    return groups


def usage(components: Components, before: Snapshot, after: Snapshot) -> dict[str, float]:
    """CPU seconds per component between two snapshots, plus "others" (the rest of the machine: other users'
    processes) and "idle" (cores unused), so that the values add up to cores x elapsed seconds."""
    groups = {name: members | set() for name, members in _members(components, before).items()}
    for name, members in _members(components, after).items():
        groups[name] |= members  # processes started during the measurement count from zero
    out: dict[str, float] = {}
    for name, members in groups.items():
        out[name] = round(sum(after.cpu.get(p, before.cpu.get(p, 0.0)) - before.cpu.get(p, 0.0) for p in members), 3)
    busy = after.busy - before.busy
    out["others"] = round(max(busy - sum(out.values()), 0.0), 3)
    out["idle"] = round((after.total - before.total) - busy, 3)
    return out
