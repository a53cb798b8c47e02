"""`make run` (scripts/run-lab) as a newcomer meets it: the URL it prints opens the quickstart notebook."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.ui.lab import REPO, free_port

URL_LINE = re.compile(r"(http://127\.0\.0\.1:\d+/\S+)")


@pytest.fixture
def run_lab(tmp_path: Path) -> Iterator[str]:
    """scripts/run-lab on a free port with its own home, runtime dir and ModelDB home; yields the printed URL."""
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "MODELDB_HOME": str(tmp_path / "modeldb"),
        "DISPLAY": "",
        "BROWSER": "",
    }
    log = tmp_path / "lab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(REPO / "scripts" / "run-lab"), f"--port={free_port()}"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            match = URL_LINE.search(log.read_text(errors="replace"))
            if match:
                yield match.group(1)
                return
            assert process.poll() is None, f"run-lab exited early:\n{log.read_text(errors='replace')}"
            time.sleep(0.3)
        pytest.fail(f"run-lab printed no URL within 90 s:\n{log.read_text(errors='replace')}")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def test_printed_url_opens_the_quickstart_notebook(run_lab: str, browser: Browser) -> None:
    assert "/lab/tree/examples/quickstart.ipynb?token=" in run_lab, run_lab
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(run_lab)
        # The notebook's own tab is open and active, with its first cell rendered.
        expect(page.locator(".jp-mod-current[role='tab']", has_text="quickstart.ipynb")).to_be_visible(timeout=60_000)
        expect(page.locator(".jp-NotebookPanel:visible .jp-Cell").first).to_be_visible(timeout=30_000)
    finally:
        context.close()
