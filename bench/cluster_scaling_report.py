"""The Markdown of bench/cluster_scaling.py's results: throughput per replica count, the cores each component
used, the CPU each request costs, and what that predicts for a machine with more cores.

The prediction rests on CPU per request, not on the measured rate: on a busy machine the rate falls with the
cores other programs take, but the CPU seconds a request costs each component barely change. With the load
generator elsewhere and enough replicas, C cores serve about C / (serving CPU per request) requests per second;
one replica (one Python process, one core at most) serves at most 1 / (its CPU per request).
"""

from __future__ import annotations

import math
from typing import Any

X = "\N{MULTIPLICATION SIGN}"
PHASES = ("logging", "querying")
SERVED = ("replicas", "postgres", "postgres-shared", "haproxy", "moto")
SHOWN = (*SERVED, "load generator", "others", "idle")
CORE_COUNTS = (4, 8, 16)


def _label(cell: dict[str, Any]) -> str:
    return str(cell.get("label", cell["replicas"]))


def _balanced(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cells through HAProxy (not the direct one)."""
    return [c for c in cells if not c.get("direct")]


def _ratio(value: float, first: float) -> str:
    return f"{value / first:.2f}{X}" if first else ""


def throughput_table(cells: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| replicas | logging req/s | points/s | p50 | p99 | vs 1 | querying req/s | p50 | p99 | vs 1 | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    first = _balanced(cells)[0]
    for c in cells:
        lg, q = c["logging"], c["querying"]
        lines.append(
            f"| {_label(c)} | {lg['requests_per_s']:,.0f} | {lg['points_per_s']:,.0f} | {lg['p50_ms']:.1f} ms | "
            f"{lg['p99_ms']:.1f} ms | {_ratio(lg['requests_per_s'], first['logging']['requests_per_s'])} | "
            f"{q['requests_per_s']:,.0f} | {q['p50_ms']:.1f} ms | {q['p99_ms']:.1f} ms | "
            f"{_ratio(q['requests_per_s'], first['querying']['requests_per_s'])} | {lg['errors'] + q['errors']} |"
        )
    return lines


def query_kinds_table(cells: list[dict[str, Any]]) -> list[str]:
    lines = ["| replicas | query | req/s | p50 | p99 |", "|---|---|---|---|---|"]
    for c in cells:
        for name, k in c["querying"]["kinds"].items():
            lines.append(
                f"| {_label(c)} | {name} | {k['requests_per_s']:,.1f} | {k['p50_ms']:.1f} ms | {k['p99_ms']:.1f} ms |"
            )
    return lines


def cores_table(cells: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| replicas | phase | " + " | ".join(SHOWN) + " | per replica | load average |",
        "|---|---|" + "---|" * len(SHOWN) + "---|---|",
    ]
    for c in cells:
        for phase in PHASES:
            p = c[phase]
            used = " | ".join(f"{max(p['cores_used'].get(name, 0.0), 0.0):.2f}" for name in SHOWN)
            load = ", ".join(f"{x:.1f}" for x in p["load_average"])
            each = p["cores_used"].get("replicas", 0.0) / c["replicas"]  # one process: at most ~1 core (the GIL)
            lines.append(f"| {_label(c)} | {phase} | {used} | {each:.2f} | {load} |")
    return lines


def per_request_table(cells: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| replicas | phase | " + " | ".join(SERVED) + " | serving total |",
        "|---|---|" + "---|" * (len(SERVED) + 1),
    ]
    for c in cells:
        for phase in PHASES:
            per = c[phase]["cpu_ms_per_request"]
            values = " | ".join(f"{per.get(name, 0.0):.2f}" for name in SERVED)
            lines.append(f"| {_label(c)} | {phase} | {values} | {sum(per.values()):.2f} |")
    return lines


def _limit(used: dict[str, float], cores: int) -> str:
    idle = max(used.get("idle", 0.0), 0.0)
    if idle < 0.1 * cores:
        return "CPU: no core was idle"
    return f"not the CPU ({idle:.2f} cores idle): waiting (connections, locks, commits)"


def prediction(cells: list[dict[str, Any]], cores: int) -> list[str]:
    """Where the limit was, and the rate the CPU per request predicts for more cores (from the largest cluster)."""
    widest = max(_balanced(cells), key=lambda c: c["replicas"])
    lines: list[str] = []
    for phase in PHASES:
        p = widest[phase]
        per = p["cpu_ms_per_request"]
        total = sum(per.values())
        if not total or not p["requests"]:
            continue
        used = p["cores_used"]
        ours = max(SERVED, key=lambda name: used.get(name, 0.0))
        generator = p["cpu_s"].get("load generator", 0.0) * 1000 / p["requests"]
        replica_cap = 1000 / per["replicas"] if per.get("replicas") else float("inf")
        ceiling = cores * 1000 / (total + generator)
        needed = max(1, math.ceil(ceiling / replica_cap))
        shares = ", ".join(f"{name} {per.get(name, 0.0) / total:.0%}" for name in SERVED if per.get(name))
        lines.append(
            f"- {phase}, {widest['replicas']} replicas: limit {_limit(used, cores)}; other programs took "
            f"{used.get('others', 0.0):.2f} cores, ours mostly {ours} ({used.get(ours, 0.0):.2f} cores). A request "
            f"costs {total:.2f} ms of serving CPU ({shares}) + {generator:.2f} ms of load generator. One replica "
            f"serves at most ~{replica_cap:,.0f} req/s (one process: one core); this {cores}-core machine, quiet and "
            f"with the load generator on it, ~{ceiling:,.0f} req/s, reached with {needed} replica(s) or more."
        )
        predicted = ", ".join(
            f"{c} cores ~{c * 1000 / total:,.0f} req/s with >= {max(1, round(c * per.get('replicas', 0) / total))} "
            "replicas"
            for c in CORE_COUNTS
        )
        lines.append(f"  Predicted (load generator elsewhere, CPU-bound, PostgreSQL on the same cores): {predicted}.")
    return lines


def _lb_price(cells: list[dict[str, Any]]) -> list[str]:
    """What going through HAProxy costs per request: the 1-replica cell against the direct one."""
    direct = next((c for c in cells if c.get("direct")), None)
    via = next((c for c in _balanced(cells) if c["replicas"] == 1), None)
    if direct is None or via is None:
        return []
    parts = []
    for phase in PHASES:
        d, v = direct[phase]["cpu_ms_per_request"], via[phase]["cpu_ms_per_request"]
        if not d or not v:
            continue
        parts.append(
            f"{phase}: HAProxy itself {v.get('haproxy', 0.0):.2f} ms, the whole {sum(v.values()):.2f} ms vs "
            f"{sum(d.values()):.2f} ms direct"
        )
    return [
        f"HAProxy's price in serving CPU per request (1 replica through it vs direct; it opens a new connection to "
        f"the replica per request, http-server-close): {'; '.join(parts)}."
    ]


def _growth(cells: list[dict[str, Any]]) -> list[str]:
    """Says when a replica's CPU per request grew with the replica count (the prediction takes the widest)."""
    if len(cells) < 2:
        return []
    first, last = cells[0], cells[-1]
    grown = []
    for phase in PHASES:
        a = first[phase]["cpu_ms_per_request"].get("replicas", 0.0)
        b = last[phase]["cpu_ms_per_request"].get("replicas", 0.0)
        if a and b > 1.15 * a:
            grown.append(f"{phase} {a:.2f} -> {b:.2f} ms")
    if not grown:
        return []
    return [
        f"A replica's CPU per request grew from {first['replicas']} to {last['replicas']} replicas ("
        f"{'; '.join(grown)}), probably because each process then has fewer requests at once to share its event "
        "loop's and threads' wake-ups, and more processes contend for the cores; the prediction uses the widest "
        "cluster's cost."
    ]


def _caveats(cells: list[dict[str, Any]], cores: int) -> list[str]:
    spread = "; ".join(
        f"{c['replicas']}: " + " / ".join(str(v) for v in c["requests_per_replica"].values()) for c in _balanced(cells)
    )
    lines = ["", f"Requests HAProxy sent each replica (both phases, by replica count): {spread}."]
    lines += _lb_price(cells)
    idle = [c for c in _balanced(cells) if c.get("idle_cores")]
    if idle:
        fixed = "; ".join(
            f"{c['replicas']}: replicas {c['idle_cores'].get('replicas', 0.0):.3f}, postgres "
            f"{c['idle_cores'].get('postgres', 0.0):.3f}, haproxy {c['idle_cores'].get('haproxy', 0.0):.3f}"
            for c in idle
        )
        lines.append(f"Cores used by the idle cluster (its fixed cost, by replica count): {fixed}.")
    lines += _growth(_balanced(cells))
    others = max(c[phase]["cores_used"].get("others", 0.0) for c in cells for phase in PHASES)
    if others > 0.1 * cores:
        lines.append(
            f"Other programs used up to {others:.2f} of the {cores} cores: the rates and their ratios then mostly "
            "show the scheduler's fair share (more replica processes get more of the contended cores), not the "
            "cluster's capacity; the CPU per request, hence the prediction, holds. Rerun on a quiet machine."
        )
    return lines


def markdown(results: dict[str, Any]) -> str:
    sizes, cells = results["sizes"], results["cells"]
    cores = results["machine"]["cores"]
    lines = [
        f"Replicas behind HAProxy on one PostgreSQL database (scripts/cluster), {cores} cores, {results['date']}: "
        f"{sizes['writers']} writers of {sizes['points_per_batch']}-point logBatch requests, then "
        f"{sizes['queriers']} connections alternating runs_df of {sizes['seeded_runs']} runs and a filtered "
        f"top-100; {sizes['duration_s']:g} s per phase after {sizes['warmup_s']:g} s of warm-up.",
        "",
        *throughput_table(cells),
        "",
        *query_kinds_table(cells),
        "",
        "Cores used per component during the counted window (CPU seconds / seconds; others = other programs on "
        "the machine):",
        "",
        *cores_table(cells),
        "",
        "Serving CPU per request (ms):",
        "",
        *per_request_table(cells),
        "",
        *prediction(cells, cores),
        *_caveats(cells, cores),
    ]
    return "\n".join(lines) + "\n"
