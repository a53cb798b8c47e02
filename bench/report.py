"""Ratios, targets and the markdown table of bench/vs_mlflow.py (not run by itself).

.venv/bin/python bench/report.py bench/results/latest.json   # re-render a saved result as markdown
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

BACKENDS = {"sqlite": "SQLite, embedded", "postgresql": "PostgreSQL, via server"}
Row = dict[str, Any]
X = "\N{MULTIPLICATION SIGN}"


def _rate(x: float) -> str:
    return f"{x:,.0f} pts/s"


def _secs(x: float) -> str:
    return f"{x * 1000:,.1f} ms" if x < 1 else f"{x:,.2f} s"


def _row(what: str, ours: str, other: str, ratio: float | None, target: str, ok: bool | None, note: str = "") -> Row:
    return {"what": what, "ours": ours, "other": other, "ratio": ratio, "target": target, "ok": ok, "note": note}


def w1_rows(results: dict[str, Any], backend: str) -> list[Row]:
    where, rows = BACKENDS[backend], []
    per, bat = results.get(f"w1.percall.{backend}"), results.get(f"w1.batched.{backend}")
    if per:
        ours, theirs = per["modeldb"], per["mlflow"]
        ratio = ours["points_per_s"] / theirs["points_per_s"]
        note = f"MLflow on {theirs['sizes']['runs']} runs (per-call is slow), ours on {ours['sizes']['runs']}"
        rows.append(
            _row(
                f"W1 per-call, {where}",
                _rate(ours["points_per_s"]),
                _rate(theirs["points_per_s"]),
                ratio,
                f"≥ 50{X}",
                ratio >= 50,
                note,
            )
        )
        lat, their_lat = ours["latency"], theirs["latency"]
        rows.append(
            _row(
                f"log_metric caller cost, {where}",
                f"{lat['median_us']:.2f} µs (p95 {lat['p95_us']:.2f})",
                f"{their_lat['median_us']:,.0f} µs (p95 {their_lat['p95_us']:,.0f})",
                None,
                "median < 20 µs",
                lat["median_us"] < 20,
                f"{lat['calls']:,} calls",
            )
        )
    if bat:
        ours, theirs = bat["modeldb"], bat["mlflow"]
        ratio = ours["points_per_s"] / theirs["points_per_s"]
        rows.append(
            _row(
                f"W1 batched, {where}",
                _rate(ours["points_per_s"]),
                _rate(theirs["points_per_s"]),
                ratio,
                f"≥ 5{X}",
                ratio >= 5,
                "MLflow: one log_batch per run",
            )
        )
        floor = results.get(f"floor.{backend}")
        if floor:
            slower = ours["elapsed_s"] / floor["elapsed_s"]
            how = "executemany, one transaction" if backend == "sqlite" else "COPY, one transaction"
            rows.append(
                _row(
                    f"W1 batched vs physical floor, {where}",
                    _secs(ours["elapsed_s"]),
                    _secs(floor["elapsed_s"]),
                    slower,
                    f"≤ 3{X} floor",
                    slower <= 3,
                    f"floor: {how}; ratio = our time / floor time",
                )
            )
    return rows


def w2_rows(results: dict[str, Any], backend: str) -> list[Row]:
    data = results.get(f"w2.{backend}")
    if not data:
        return []
    where, ours, theirs = BACKENDS[backend], data["modeldb"], data["mlflow"]
    runs = ours["sizes"]["runs"]
    same_rows = ours["rows"] == theirs["rows"] == runs
    same_top = ours["top_names"] == theirs["top_names"] and ours["top_matches_expected"]
    full, top = theirs["full_s"] / ours["full_s"], theirs["top_s"] / ours["top_s"]
    mlflow_how = "MLflow's server on PostgreSQL" if backend == "postgresql" else "MLflow on a sqlite:/// URI"
    return [
        _row(
            f"W2 full table of {runs:,} runs, {where}",
            _secs(ours["full_s"]),
            _secs(theirs["full_s"]),
            full,
            f"≥ 10{X}",
            full >= 10 and same_rows,
            f"rows {ours['rows']:,} vs {theirs['rows']:,}" + ("" if same_rows else " MISMATCH"),
        ),
        _row(
            f"W2 filtered sorted top-100, {where}",
            _secs(ours["top_s"]),
            _secs(theirs["top_s"]),
            top,
            f"≥ 10{X}",
            top >= 10 and same_top,
            ("same" if same_top else "DIFFERENT") + f" top-100 by name; {mlflow_how}",
        ),
        *_all_rows(ours, theirs, where, runs),
        _row(
            f"W2 seeding (not timed in ratios), {where}",
            _secs(ours["seed_s"]),
            _secs(theirs["seed_s"]),
            None,
            "—",
            None,
            f"ours: {_SEEDS[ours.get('seed', 'api')]}; MLflow: its SqlAlchemyStore in-process, its ORM rows in bulk "
            "(run 0 by its API)",
        ),
    ]


_SEEDS = {
    "api": "the client's bulk import (createRuns, 1,000 runs with their values a call)",
    "direct": "run 0 by the client, the rest as rows straight into the tables",
}


def _all_rows(ours: Row, theirs: Row, where: str, runs: int) -> list[Row]:
    """ "Filter, all matches" and the workers' peak memory (results from before they were measured have none)."""
    if "all_s" not in ours or "all_s" not in theirs:
        return []
    ratio = theirs["all_s"] / ours["all_s"]
    same = ours["matches"] == theirs["matches"] and ours["matches_expected"]
    rows = [
        _row(
            f"W2 filter, all matches, {where}",
            _secs(ours["all_s"]),
            _secs(theirs["all_s"]),
            ratio,
            f"≥ 10{X}",
            ratio >= 10 and same,
            f"{ours['matches']:,} vs {theirs['matches']:,} runs" + ("" if same else " MISMATCH"),
        ),
    ]
    if runs >= 100_000:  # the team-scale targets (issue 17): absolute times
        rows.append(
            _row(
                f"W2 at {runs:,} runs: full table ≤ 10 s, top-100 ≤ 100 ms, {where}",
                f"{_secs(ours['full_s'])}, {_secs(ours['top_s'])}",
                "",
                None,
                "≤ 10 s; ≤ 100 ms",
                ours["full_s"] <= 10 and ours["top_s"] <= 0.1,
                "",
            )
        )
    if "peak_rss_mib" in ours and "peak_rss_mib" in theirs:
        rows.append(
            _row(
                f"W2 client peak memory, {where}",
                f"{ours['peak_rss_mib']:,.0f} MiB",
                f"{theirs['peak_rss_mib']:,.0f} MiB",
                None,
                "—",
                None,
                "peak RSS of each side's worker process while querying (after seeding)",
            )
        )
    return rows


def rows(data: dict[str, Any]) -> list[Row]:
    out: list[Row] = []
    for backend in BACKENDS:
        out += w1_rows(data["results"], backend)
    for backend in BACKENDS:
        out += w2_rows(data["results"], backend)
    return out


def _mark(ok: bool | None) -> str:
    return "" if ok is None else ("✔" if ok else "✘")


def render(data: dict[str, Any]) -> str:
    table = rows(data)
    machine, args = data["machine"], data["args"]
    version = next((s["mlflow"].get("mlflow_version") for s in data["results"].values() if "mlflow" in s), "?")
    lines = [
        f"# ModelDB-Jupyter vs MLflow {version} — {data['started']} ({data['duration_s']:.0f} s)",
        "",
        f"Machine: {machine['cpus']} CPUs, Python {machine['python']}, load average {machine['load_start']} at "
        f"start, {machine['load_end']} at end (the machine is shared; compare ratios within one run).",
        f"W1: {args['runs']} runs {X} ({args['hparams']} hyperparameters, {args['tags']} tags, {args['metrics']} "
        f"metrics {X} {args['steps']} steps); W2: {args['w2_runs']:,} runs {X} ({args['hparams']} hyperparameters, "
        f"{args['tags']} tags, {args['metrics']} metrics), median of {args['repeats']} after a warm-up.",
        "",
        "| measurement | ModelDB (ours) | MLflow / floor | ratio | target | met | notes |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in table:
        ratio = "" if r["ratio"] is None else f"{r['ratio']:,.1f}{X}"
        lines.append(
            f"| {r['what']} | {r['ours']} | {r['other']} | {ratio} | {r['target']} | {_mark(r['ok'])} | {r['note']} |"
        )
    lines += ["", *NOTES, ""]
    return "\n".join(lines)


NOTES = [
    "Ratios: throughput ours / MLflow for W1; MLflow's time / ours for W2; our time / the floor's for the floor.",
    "W1 time runs from the first run's creation until everything is durably stored: for us until `client.flush()`",
    "returns (log calls only queue; runs are ended without waiting), for MLflow until its last synchronous call",
    "returns. Each side logs the same data to a fresh store; MLflow's server runs with its default workers.",
    "On PostgreSQL, W2 seeds MLflow directly through its SqlAlchemyStore and queries through its server (HTTP);",
    "both databases are VACUUM ANALYZEd after seeding (autovacuum is off on the test server; it would do the same).",
]


if __name__ == "__main__":
    print(render(json.loads(Path(sys.argv[1]).read_text())))
