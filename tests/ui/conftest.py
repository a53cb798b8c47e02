"""Browser-test fixtures: one JupyterLab with the extension on a seeded SQLite database, headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from tests.ui.lab import REPO, LabServer
from tests.ui.seed import Seeded, seed

CHROMIUM = os.environ.get("MODELDB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO / "test-output" / "ui"

expect.set_options(timeout=20_000)


# pytest-jupyter's autouse fixtures take the current event loop, which here is Playwright's (running), and close
# it after each test. The browser tests run their Jupyter server in a subprocess and need neither.
@pytest.fixture(autouse=True)
def jp_asyncio_loop() -> Iterator[None]:
    yield None


@pytest.fixture(autouse=True)
def jp_server_cleanup() -> Iterator[None]:
    yield None


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    with LabServer(tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="module")
def seeded(lab: LabServer) -> Seeded:
    return seed(lab)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: `apt-get install chromium` (or set MODELDB_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, lab: LabServer, request: pytest.FixtureRequest) -> Iterator[Page]:
    """JupyterLab loaded and ready; fails the test on uncaught page errors from our extension."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "ModelDB" in message.text:
            problems.append(f"console: {message.text}")

    page.on("console", on_console)
    page.goto(lab.page_url(request.node.name))
    page.wait_for_selector("#jupyterlab-splash", state="detached", timeout=90_000)
    yield page
    context.close()
    assert not problems, "\n".join(problems)


def shot(page: Page, name: str) -> Path:
    """Save a screenshot under test-output/ui/ (gitignored) and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def open_code_notebook(page: Page, lab: LabServer, name: str, source: str, workspace: str) -> None:
    """A notebook of one code cell `source`, saved on the Lab server as `name` and opened in the page (in a
    workspace of its own) once its Python kernel is idle. Nothing runs yet."""
    kernelspec = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    cell: dict[str, Any] = {
        "cell_type": "code",
        "metadata": {},
        "source": source,
        "outputs": [],
        "execution_count": None,
    }
    notebook = {"cells": [cell], "metadata": {"kernelspec": kernelspec}, "nbformat": 4, "nbformat_minor": 5}
    lab.jupyter("PUT", f"contents/{name}", {"type": "notebook", "format": "json", "content": notebook})
    page.goto(lab.page_url(workspace, name))
    page.wait_for_selector("#jupyterlab-splash", state="detached", timeout=90_000)
    expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible(timeout=60_000)
