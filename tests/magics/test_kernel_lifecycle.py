"""Run lifecycle on real kernels: a SIGINT interrupt kills the run, a crashed kernel's run is killed by the
server's heartbeat watchdog."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import KernelManager, start_new_kernel

from modeldb_backend.services.ext.run_states import mark_stale
from modeldb_jupyter.client import Client
from modeldb_jupyter.client.embedded import embedded_backend
from modeldb_jupyter.client.entities import HEARTBEAT_TIMEOUT_MS

TIMEOUT = 60


@pytest.fixture
def kernel(kernel_home: Path, tmp_path: Path) -> Iterator[tuple[KernelManager, Any]]:
    km, kc = start_new_kernel(kernel_name="python3", startup_timeout=TIMEOUT, cwd=str(tmp_path))
    try:
        yield km, kc
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)


def run(kc: Any, code: str) -> dict[str, Any]:
    reply = kc.execute_interactive(code, timeout=TIMEOUT, output_hook=lambda msg: None)
    return reply["content"]  # type: ignore[no-any-return]


SLEEPING = "print('sleeping', flush=True)\nimport time\ntime.sleep(30)"


def interrupted(km: KernelManager, kc: Any, code: str) -> dict[str, Any]:
    """Execute `code` (which ends in SLEEPING), send SIGINT once it sleeps, return the execute reply.

    Waiting for the cell's own output, not a fixed delay: on a loaded machine the magic's set-up (creating
    the run) can take longer than any delay, and an interrupt there tests something else."""
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id or msg["msg_type"] != "stream":
            continue
        if "sleeping" in msg["content"]["text"]:
            break
    time.sleep(0.05)  # from print() into time.sleep()
    km.interrupt_kernel()
    while True:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    # ipykernel aborts requests that reach it before it has finished with the failed one: wait for its idle.
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id and msg["content"].get("execution_state") == "idle":
            return reply["content"]  # type: ignore[no-any-return]


def status_of(client: Client, name: str) -> str | None:
    client.set_project("lifecycle")
    client.set_experiment("default")
    return client.get_experiment_run(name).status


def test_interrupts_kill_runs(kernel: tuple[KernelManager, Any]) -> None:
    km, kc = kernel
    assert run(kc, "%load_ext modeldb_jupyter\n%modeldb project lifecycle")["status"] == "ok"
    reply = interrupted(km, kc, "%%modeldb run cell-run\n" + SLEEPING)
    assert reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt"
    assert run(kc, "%modeldb run line-run")["status"] == "ok"
    reply = interrupted(km, kc, SLEEPING)
    assert reply["ename"] == "KeyboardInterrupt"
    km.shutdown_kernel(now=False)  # graceful: the extension ends the active run as the kernel exits
    with Client() as client:
        assert status_of(client, "cell-run") == "killed"  # at once, when its cell was interrupted
        assert status_of(client, "line-run") == "killed"  # at shutdown: the last cell was interrupted


def test_crashed_kernel_run_is_killed_by_the_heartbeat_watchdog(kernel: tuple[KernelManager, Any]) -> None:
    km, kc = kernel
    assert run(kc, "%load_ext modeldb_jupyter\n%modeldb project lifecycle\n%modeldb run doomed")["status"] == "ok"
    assert run(kc, "%modeldb log metric acc=0.5\nfrom modeldb_jupyter.magics import current_client")["status"] == "ok"
    assert run(kc, "current_client().flush(30)")["status"] == "ok"
    kc.execute("import os\nos._exit(1)")  # no atexit, no flush: a crash
    deadline = time.monotonic() + TIMEOUT
    while km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not km.is_alive()
    with Client() as client:
        assert status_of(client, "doomed") == "running"  # its heartbeats stopped just now
        run_id = client.get_experiment_run("doomed").id
        # The server's watchdog pass, as it runs once the heartbeat timeout has passed.
        later = int(time.time() * 1000) + HEARTBEAT_TIMEOUT_MS + 1000
        backend = embedded_backend(client.target)
        assert backend.db.run(lambda session: mark_stale(session, later, [run_id]), write=True) == 1
        assert status_of(client, "doomed") == "killed"
        assert client.get_experiment_run("doomed").get_metric("acc") == 0.5
