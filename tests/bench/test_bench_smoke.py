"""bench/vs_mlflow.py's workers of our side, at tiny sizes: they run, log real data, and print well-formed JSON
(no timing asserted; MLflow's side needs .bench-venv and is not run here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parents[2] / "bench"


def worker(script: str, *args: str, home: Path) -> dict[str, Any]:
    env = {"MODELDB_HOME": str(home), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args], cwd=BENCH, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, f"a worker prints exactly one line on stdout, got {done.stdout!r}"
    result: dict[str, Any] = json.loads(lines[0])
    return result


def test_w1_both_styles(tmp_path: Path) -> None:
    for style in ("percall", "batched"):
        out = worker("modeldb_side.py", "w1", "--style", style, "--runs", "3", "--steps", "4", home=tmp_path / style)
        assert out["side"] == "modeldb" and out["target"] == "embedded" and out["style"] == style
        assert out["points"] == 3 * 10 * 4 and out["elapsed_s"] > 0
        if style == "percall":
            assert out["latency"]["calls"] == out["points"] and out["latency"]["median_us"] > 0
        else:
            assert out["latency"] is None


def test_w2_answers_match_the_formulas(tmp_path: Path) -> None:
    out = worker("modeldb_side.py", "w2", "--runs", "40", "--repeats", "1", home=tmp_path)
    assert out["rows"] == 40
    assert out["top_matches_expected"] is True and 0 < len(out["top_names"]) <= 40


def test_floor_sqlite(tmp_path: Path) -> None:
    out = worker("floor.py", "--sqlite", str(tmp_path / "f.sqlite"), "--runs", "2", "--steps", "3", home=tmp_path)
    assert out["side"] == "floor" and out["points"] == 2 * 10 * 3 and out["elapsed_s"] > 0
