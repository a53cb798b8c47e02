"""Run status, start and end times, context managers and heartbeats, on every backend."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from modeldb_jupyter.client import Client, Experiment
from modeldb_jupyter.client import logger as logger_module


def test_set_marks_running_and_end_finishes(client: Client, expt: Experiment) -> None:
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    run = client.set_experiment_run("r")
    state = run.state()
    assert state["status"] == "running" and state["end_time"] is None
    assert state["start_time"] >= before
    assert run.end() is True
    state = run.state()
    assert state["status"] == "finished"
    assert state["end_time"] >= state["start_time"]
    assert run.status == "finished" and run.end_time == state["end_time"]


def test_get_does_not_start_a_run(client: Client, expt: Experiment) -> None:
    run = client.create_experiment_run("r")
    run.end("finished")
    assert client.get_experiment_run("r").status == "finished"
    resumed = client.set_experiment_run("r")  # set = work on it: it runs again, keeping its start time
    state = resumed.state()
    assert state["status"] == "running" and state["end_time"] is None


def test_with_block_finishes(client: Client, expt: Experiment) -> None:
    with client.set_experiment_run("r") as run:
        run.log_metric("m", 1.0)
    assert run.status == "finished"
    assert run.get_metric("m") == 1.0


def test_with_block_fails_on_exception_and_it_propagates(client: Client, expt: Experiment) -> None:
    with pytest.raises(ZeroDivisionError), client.set_experiment_run("r") as run:
        run.log_metric("m", 1.0)
        _ = 1 / 0
    assert run.status == "failed"
    assert run.get_metric("m") == 1.0  # what was logged before the failure is kept


def test_with_block_killed_on_keyboard_interrupt(client: Client, expt: Experiment) -> None:
    with pytest.raises(KeyboardInterrupt), client.set_experiment_run("r") as run:
        raise KeyboardInterrupt
    assert run.status == "killed"


def test_with_on_a_read_run_starts_it(client: Client, expt: Experiment) -> None:
    client.create_experiment_run("r").end()
    run = client.get_experiment_run("r")
    with run:
        assert run.status == "running"
    assert run.status == "finished"


def test_bad_status(client: Client, expt: Experiment) -> None:
    run = client.set_experiment_run("r")
    with pytest.raises(ValueError, match="finished, failed, killed"):
        run.end("done")


def test_close_finishes_open_runs(target: str | None, uniq: str) -> None:
    client = Client(target)
    client.set_project(f"p-{uniq}")
    run = client.set_experiment_run("r")
    run.log_metric("m", 2.0)
    assert client.close() is True
    other = Client(target)
    try:
        found = other.get_experiment_run(id=run.id)
        assert found.status == "finished" and found.get_metric("m") == 2.0
    finally:
        other.close()
    with pytest.raises(RuntimeError, match="closed"):
        run.log_metric("m", 3.0)


def test_idle_sender_sleeps_when_a_heartbeat_is_due_but_no_run_is_running(client: Client, expt: Experiment) -> None:
    run = client.set_experiment_run("idle")
    run.end()
    client._sender._next_heartbeat = 0.0  # due now, with nothing running: the sender must still go to sleep
    client._sender.poke()
    time.sleep(0.2)
    cpu = time.process_time()
    time.sleep(2.0)
    assert time.process_time() - cpu < 0.2, "the sender thread kept running while idle"


def test_heartbeats_are_sent_while_running(client: Client, expt: Experiment, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logger_module, "HEARTBEAT_EVERY", 0.2)
    run = client.set_experiment_run("r")
    run.flush(30)
    client._sender._next_heartbeat = 0.0
    first = run.state()["heartbeat"]
    deadline = time.monotonic() + 20
    while run.state()["heartbeat"] == first and time.monotonic() < deadline:
        run.log_metric("tick", 1.0)  # wakes the sender, which sends a heartbeat when one is due
        time.sleep(0.3)
    assert run.state()["heartbeat"] > first
    run.end()
    assert run.id not in client._sender._running
