"""Interpreter exit: open runs end (finished, or failed after an uncaught exception) and logged data is
flushed, or kept in the journal when the backend does not answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from modeldb_jupyter.client import Client
from tests.servers import free_port

SCRIPT = """
import sys
from modeldb_jupyter import Client
client = Client({url!r})
client.set_project("exit-{uniq}")
client.set_experiment("e")
run = client.set_experiment_run("{name}")
for step in range(1000):
    run.log_metric("x", float(step))
if {crash}:
    raise RuntimeError("the script crashed")
"""


def _script(tmp_path: Path, home: Path, url: str | None, uniq: str, name: str, crash: bool) -> int:
    path = tmp_path / f"{name}.py"
    path.write_text(SCRIPT.format(url=url, uniq=uniq, name=name, crash=crash))
    env = {k: v for k, v in os.environ.items() if k.startswith(("MODELDB_", "PATH"))}
    env["MODELDB_HOME"] = str(home)
    done = subprocess.run([sys.executable, str(path)], env=env, capture_output=True, text=True, timeout=120)
    return done.returncode


@pytest.mark.parametrize("crash", [False, True])
def test_exit_ends_open_runs_and_flushes(
    target: str | None, home: Path, tmp_path: Path, uniq: str, crash: bool
) -> None:
    code = _script(tmp_path, home, target, uniq, "r", crash)
    assert code == (1 if crash else 0)
    client = Client(target)
    try:
        client.set_project(f"exit-{uniq}")
        client.set_experiment("e")
        run = client.get_experiment_run("r")
        assert run.status == ("failed" if crash else "finished")
        assert [p.step for p in run.get_metric_history("x")] == list(range(1000))
    finally:
        client.close()


def test_exit_with_the_backend_down_keeps_the_journal(home: Path, tmp_path: Path, uniq: str) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    path = tmp_path / "down.py"
    path.write_text(
        "from modeldb_jupyter import Client\n"
        "from modeldb_jupyter.client.entities import ExperimentRun\n"
        f"client = Client({url!r})\n"
        "# nothing answers at the URL, so the run cannot be fetched: address one by id directly\n"
        "run = ExperimentRun(client, type('M', (), {'id': 'r1', 'name': 'r1'})())\n"
        "run.log_metric('x', 1.0)\n"
    )
    env = {**os.environ, "MODELDB_HOME": str(home), "MODELDB_EXIT_TIMEOUT": "5"}
    done = subprocess.run([sys.executable, str(path)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "kept in" in done.stderr  # the exit says where the data waits
    assert list((home / "journal").rglob("*.req"))
