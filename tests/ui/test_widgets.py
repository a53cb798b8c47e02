"""The widgets in a real JupyterLab, driven by headless Chromium: examples/widgets.ipynb is opened and run
(its kernel logs to the Lab server's ModelDB), then the page must show the runs table (sorted by the backend),
a selection that opens a comparison, the run detail, and the live chart's SVG lines. Screenshots of each view
go to test-output/ui/widgets-*.png."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Locator, Page, expect

from tests.ui.conftest import SCREENSHOTS
from tests.ui.lab import REPO, LabServer

NOTEBOOK = "widgets.ipynb"


def view_shot(page: Page, locator: Locator, name: str, height: int = 760) -> None:
    """The top of one view (at most `height` px), scrolled to the top of the notebook's viewport."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.evaluate("e => e.scrollIntoView({block: 'start'})")
    box = locator.bounding_box()
    assert box is not None, f"{name} is not displayed"
    clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], height)}
    page.screenshot(path=str(SCREENSHOTS / f"widgets-{name}.png"), clip=clip)


def run_all(page: Page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()


def test_example_notebook_views_in_the_page(page: Page, lab: LabServer) -> None:
    content = json.loads((REPO / "examples" / NOTEBOOK).read_text())
    lab.jupyter("PUT", f"contents/{NOTEBOOK}", {"type": "notebook", "format": "json", "content": content})
    page.goto(lab.page_url("widgets", NOTEBOOK))
    page.wait_for_selector("#jupyterlab-splash", state="detached", timeout=90_000)
    expect(page.locator(".jp-Notebook .jp-Cell").first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Python 3 (ipykernel) | Idle")).to_be_visible(timeout=60_000)  # the kernel is up
    page.set_viewport_size({"width": 1440, "height": 1000})
    run_all(page)

    # The browser: 25 rows of 36, best accuracy first (the backend sorted and paged).
    browser = page.locator(".mdbw-browser")
    rows = browser.locator("tr.mdbw-row")
    expect(rows).to_have_count(25, timeout=90_000)
    expect(browser.locator(".mdbw-pageinfo")).to_contain_text("runs 1\u201325 of 36")
    accs = [float(v) for v in browser.locator("tr.mdbw-row td:nth-child(7)").all_text_contents()]
    assert accs == sorted(accs, reverse=True)

    # Sorting by a click on a header: Python fetches the page again.
    browser.locator('th[data-column="name"]').click()
    expect(rows.first).to_have_attribute("data-name", "sweep-35")
    browser.locator('th[data-column="metrics.acc"]').click()
    expect(browser.locator('th[data-column="metrics.acc"]')).to_contain_text("▼")

    # Select the two best rows and compare them below the table.
    best, second = rows.nth(0), rows.nth(1)
    best.locator("input.mdbw-select").check()
    expect(best).to_have_class(re.compile("mdbw-selected"))
    second.locator("input.mdbw-select").check()
    expect(browser.locator(".mdbw-pageinfo")).to_contain_text("2 selected")
    browser.get_by_role("button", name="Compare").click()
    compare = browser.locator(".mdbw-compare")
    expect(compare.locator("tr.mdbw-diff").first).to_be_visible()
    view_shot(page, browser, "browser")

    # The other outputs of the notebook: detail, comparison, and the live chart with every step drawn.
    detail = page.locator(".jp-OutputArea-output .mdbw-detail").first
    expect(detail.locator("h4", has_text="Hyperparameters")).to_be_visible()
    view_shot(page, detail, "detail")
    view_shot(page, page.locator(".mdbw-compare").last, "compare")  # the notebook's own comparison cell
    chart = page.locator(".mdbw-metric-chart")
    loss = chart.locator('svg[data-key="loss"] polyline')
    expect(loss).to_have_count(1, timeout=60_000)
    expect(loss).to_have_attribute("points", re.compile(r"^(\S+\s){59}\S+$"), timeout=60_000)
    expect(chart.locator("svg polyline")).to_have_count(2)
    view_shot(page, chart, "chart")
