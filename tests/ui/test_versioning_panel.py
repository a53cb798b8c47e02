"""Versioning in the ModelDB panel, in a real JupyterLab driven by headless Chromium: the Repositories section →
a repository's branches and tags → the log of a branch → a commit's blobs → its diff against the first parent
and against a chosen commit; a run's detail shows the commit it used (linking to the commit view) and its
lineage (inputs → run → outputs); the repository_browser widget in a notebook follows its pickers. The data is
seeded through the REST API as ModelDB's client sends it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.ui.conftest import open_code_notebook, shot
from tests.ui.lab import LabServer
from tests.ui.test_panel import open_panel, runs_view
from tests.ui.test_widgets import run_all

REPO_NAME = "mnist-data"
PROJECT = "versioned-demo"


@dataclass
class SeededRepo:
    repo_id: str
    root: str
    first: str
    second: str
    run_ids: dict[str, str]


def _config(**values: Any) -> dict[str, Any]:
    typed = [
        {"name": k, "value": {"int_value": str(v)} if isinstance(v, int) else {"float_value": v}}
        for k, v in values.items()
    ]
    return {"config": {"hyperparameters": typed}}


def _path(*files: tuple[str, int]) -> dict[str, Any]:
    return {"dataset": {"path": {"components": [{"path": p, "size": str(n), "sha256": f"{p}-sha"} for p, n in files]}}}


def _commit(lab: LabServer, repo_id: str, parent: str, message: str, when: int, blobs: dict[str, Any]) -> str:
    body = {
        "commit": {"parent_shas": [parent], "message": message, "date_created": str(when)},
        "blobs": [{"location": loc.split("/"), "blob": blob} for loc, blob in blobs.items()],
    }
    return str(lab.api(f"versioning/repositories/{repo_id}/commits", body)["commit"]["commit_sha"])


def _put_ref(lab: LabServer, repo_id: str, kind: str, name: str, sha: str) -> None:
    # SetBranch / SetTag take the bare sha as the JSON body (`body: "commit_sha"`), as ModelDB's client sends it.
    url = f"{lab.url}modeldb/api/v1/modeldb/versioning/repositories/{repo_id}/{kind}/{name}"
    response = lab.session.put(url, data=json.dumps(sha), timeout=30)
    assert response.status_code == 200, response.text


def seed_versioning(lab: LabServer) -> SeededRepo:
    repo = lab.api("versioning/workspaces/personal/repositories", {"name": REPO_NAME})["repository"]
    repo_id = str(repo["id"])
    root_commit = lab.api(f"versioning/repositories/{repo_id}/branches/master", method="GET")["commit"]
    root, t0 = root_commit["commit_sha"], int(root_commit["date_created"])
    # Commit times strictly increase after the initial commit's: the log is ordered by date_created.
    first = _commit(
        lab,
        repo_id,
        root,
        "first data",
        t0 + 1000,
        {"config/train": _config(lr=0.01), "data/train": _path(("a.csv", 1024), ("b.csv", 1024))},
    )
    second = _commit(
        lab,
        repo_id,
        first,
        "tune lr",
        t0 + 2000,
        {
            "config/train": _config(lr=0.001, epochs=5),
            "env/python": {"environment": {"python": {"version": {"major": 3, "minor": 11}}}},
        },
    )
    _put_ref(lab, repo_id, "branches", "master", second)
    _put_ref(lab, repo_id, "branches", "dev", first)
    _put_ref(lab, repo_id, "tags", "v1", first)

    project = lab.api("project/createProject", {"name": PROJECT})["project"]
    experiment = lab.api("experiment/createExperiment", {"project_id": project["id"], "name": "e"})["experiment"]
    run_ids = {
        name: lab.api(
            "experiment-run/createExperimentRun",
            {"project_id": project["id"], "experiment_id": experiment["id"], "name": name},
        )["experiment_run"]["id"]
        for name in ("prepare", "train", "evaluate")
    }
    entry = {
        "repository_id": repo_id,
        "commit": second,
        "key_location_map": {"config": {"location": ["config", "train"]}},
    }
    lab.api("experiment-run/logVersionedInput", {"id": run_ids["train"], "versioned_inputs": entry})
    run = {name: {"type": "EXPERIMENT_RUN", "external_id": rid} for name, rid in run_ids.items()}
    dataset = lab.api("dataset/createDataset", {"name": "digits", "dataset_type": "PATH"})["dataset"]
    content = _path(("digits.npz", 4096))["dataset"]
    version = lab.api(
        "dataset-version/createDatasetVersion",
        {"dataset_id": dataset["id"], "dataset_type": "PATH", "dataset_blob": content},
    )
    digits = {"type": "DATASET_VERSION", "external_id": version["dataset_version"]["id"]}
    lab.api("lineage/addLineage", {"input": [run["prepare"], digits], "output": [run["train"]]})
    lab.api("lineage/addLineage", {"input": [run["train"]], "output": [run["evaluate"]]})
    return SeededRepo(repo_id, root, first, second, run_ids)


@pytest.fixture(scope="module")
def versioned(lab: LabServer) -> SeededRepo:
    return seed_versioning(lab)


def diff_element(view: Locator, location: str, element: str) -> Locator:
    return view.locator(f'.mdb-Diff-element[data-location="{location}"][data-element="{element}"]')


def test_repositories_branches_log_commit_and_diff(page: Page, versioned: SeededRepo) -> None:
    panel = open_panel(page)
    repo_item = panel.locator(f'.mdb-Repo[data-name="{REPO_NAME}"]')
    expect(repo_item).to_be_visible()
    expect(panel.locator(".mdb-Repos-count")).to_have_text("1")
    repo_item.click()

    view = page.locator(f'.mdb-RepositoryView[data-repo-id="{versioned.repo_id}"]')
    expect(view.locator(".mdb-Repo-title")).to_have_text(REPO_NAME)
    expect(view.locator(".mdb-Ref[data-branch]")).to_have_count(2)
    expect(view.locator('.mdb-Ref[data-tag="v1"]')).to_be_visible()
    # master is selected: its log is the head and all ancestors, newest first.
    expect(view.locator('.mdb-Ref[data-branch="master"]')).to_have_class(re.compile("mdb-mod-selected"))
    commits = view.locator(".mdb-Commit")
    expect(commits).to_have_count(3)
    shas = commits.evaluate_all("rows => rows.map(r => r.dataset.sha)")
    assert shas == [versioned.second, versioned.first, versioned.root]
    expect(commits.nth(0).locator(".mdb-Commit-message")).to_have_text("tune lr")
    expect(commits.nth(1).locator(".mdb-Commit-ref")).to_have_text(["dev", "v1"])

    # The head is selected: its blobs, and its diff against the first parent.
    expect(view.locator(".mdb-Commit-title")).to_have_text(versioned.second[:8])
    blobs = view.locator(".mdb-Blob")
    expect(blobs).to_have_count(2)
    expect(view.locator('.mdb-Blob[data-location="config/train"] .mdb-Blob-summary')).to_have_text("lr=0.001, epochs=5")
    expect(view.locator('.mdb-Blob[data-location="env/python"] .mdb-Blob-type')).to_have_text("environment.python")
    expect(view.locator('.mdb-Diff-row[data-location="config/train"]')).to_have_attribute("data-status", "MODIFIED")
    expect(view.locator('.mdb-Diff-row[data-location="data/train"]')).to_have_attribute("data-status", "DELETED")
    expect(view.locator('.mdb-Diff-row[data-location="env/python"]')).to_have_attribute("data-status", "ADDED")
    lr = diff_element(view, "config/train", "hyperparameters lr")
    expect(lr.locator(".mdb-Diff-old")).to_have_text("0.01")
    expect(lr.locator(".mdb-Diff-new")).to_have_text("0.001")
    expect(diff_element(view, "config/train", "hyperparameters epochs")).to_have_attribute("data-status", "ADDED")
    shot(page, "12-repository-commit-diff")

    # Another commit of the log, then the diff against a commit chosen instead of the first parent.
    commits.nth(1).click()
    expect(view.locator(".mdb-Commit-title")).to_have_text(versioned.first[:8])
    expect(view.locator('.mdb-Blob[data-location="data/train"] .mdb-Blob-summary')).to_have_text("2 files, 2.0 KiB")
    expect(view.locator('.mdb-Diff-row[data-location="config/train"]')).to_have_attribute("data-status", "ADDED")
    view.locator(".mdb-Diff-against").select_option(versioned.second)
    expect(view.locator('.mdb-Diff-row[data-location="data/train"]')).to_have_attribute("data-status", "ADDED")
    expect(view.locator('.mdb-Diff-row[data-location="env/python"]')).to_have_attribute("data-status", "DELETED")
    lr = diff_element(view, "config/train", "hyperparameters lr")
    expect(lr.locator(".mdb-Diff-old")).to_have_text("0.001")
    expect(lr.locator(".mdb-Diff-new")).to_have_text("0.01")

    # Another branch: its own log.
    view.locator('.mdb-Ref[data-branch="dev"]').click()
    expect(commits).to_have_count(2)
    expect(commits.first).to_have_attribute("data-sha", versioned.first)
    # A tag: the log from the commit it names.
    view.locator('.mdb-Ref[data-tag="v1"]').click()
    expect(view.locator(".mdb-Repo-log").locator("xpath=..").locator("h3")).to_have_text("Log of v1")
    expect(commits).to_have_count(2)
    expect(view.locator(".mdb-Commit.mdb-mod-selected")).to_have_attribute("data-sha", versioned.first)
    # The root commit has nothing to compare with.
    commits.nth(1).click()
    expect(view.locator(".mdb-Commit-title")).to_have_text(versioned.root[:8])
    expect(view.locator(".mdb-Repo-commit")).to_contain_text("This commit holds no blobs.")
    expect(view.locator(".mdb-Repo-commit")).to_contain_text("nothing to compare with")


def test_run_detail_shows_its_commit_and_lineage(page: Page, versioned: SeededRepo) -> None:
    panel = open_panel(page)
    project = panel.locator(f'.mdb-Tree-project[data-name="{PROJECT}"]')
    project.locator(".mdb-Tree-projectRow").click()
    project.locator('.mdb-Tree-experiment[data-name="e"] .mdb-Tree-row').click()
    runs = runs_view(page, f"{PROJECT} / e")
    runs.locator('.mdb-Runs-row[data-name="train"] .mdb-Runs-open').click()

    run = page.locator(f'.mdb-RunView[data-run-id="{versioned.run_ids["train"]}"]')
    expect(run.locator(".mdb-Run-repository")).to_have_text(REPO_NAME)
    expect(run.locator(".mdb-Run-commit")).to_have_text(versioned.second[:8])
    expect(run.locator('.mdb-Run-location[data-key="config"]')).to_contain_text("config/train")
    lineage = run.locator(".mdb-Lineage")
    inputs = lineage.locator(".mdb-Lineage-inputs .mdb-Lineage-entry")
    expect(inputs).to_have_count(2)
    expect(inputs.filter(has_text="dataset version")).to_have_text("dataset version digits v1")
    expect(inputs.filter(has_text="run ")).to_have_text("run prepare")
    expect(lineage.locator(".mdb-Lineage-run")).to_contain_text("train")
    expect(lineage.locator(".mdb-Lineage-outputs .mdb-Lineage-entry")).to_have_text(["run evaluate"])
    run.locator(".mdb-Lineage").scroll_into_view_if_needed()
    shot(page, "13-run-versioning-lineage")

    # The commit link opens the repository at that commit: its ancestry as the log, the commit selected.
    run.locator(".mdb-Run-commit").click()
    view = page.locator(f'.mdb-RepositoryView[data-repo-id="{versioned.repo_id}"]')
    expect(view.locator(".mdb-Commit.mdb-mod-selected")).to_have_attribute("data-sha", versioned.second)
    expect(view.locator(".mdb-Commit")).to_have_count(3)
    expect(view.locator('.mdb-Blob[data-location="config/train"]')).to_be_visible()

    # A lineage input is a run: its link opens that run.
    run_tab = page.locator(".lm-TabBar-tab", has_text="Run: train")
    run_tab.click()
    run.locator('.mdb-Lineage-inputs .mdb-Lineage-entry[data-type="EXPERIMENT_RUN"] .mdb-Link').click()
    expect(page.locator(f'.mdb-RunView[data-run-id="{versioned.run_ids["prepare"]}"] .mdb-RunView-title')).to_have_text(
        "prepare"
    )


WIDGET_NOTEBOOK = "repository.ipynb"
WIDGET_CELL = f"""from modeldb_jupyter.client import Client
from modeldb_jupyter.widgets import repository_browser

repository_browser(Client().repository({REPO_NAME!r}))"""


def test_repository_browser_widget_in_a_notebook(page: Page, lab: LabServer, versioned: SeededRepo) -> None:
    open_code_notebook(page, lab, WIDGET_NOTEBOOK, WIDGET_CELL, "repository-widget")
    run_all(page)

    # The kernel's client reads the Lab server's ModelDB: master's log, and its head's blobs and diff below.
    widget = page.locator(".mdbw-repository")
    log_rows = widget.locator(".widget-html-content table").first.locator("tbody tr")
    expect(log_rows).to_have_count(3, timeout=90_000)
    expect(log_rows.first).to_contain_text(versioned.second[:8])
    commit = widget.locator(".mdbw-commit")
    expect(commit).to_contain_text("lr=0.001, epochs=5")
    expect(commit).to_contain_text("deleted")

    # Picking another branch in the page: Python reads its log and shows its head.
    widget.locator("select").first.select_option(label="branch dev")
    expect(log_rows).to_have_count(2)
    expect(log_rows.first).to_contain_text(versioned.first[:8])
    expect(commit).to_contain_text(f"Commit {versioned.first[:8]}")
    expect(commit).to_contain_text("data/train")
    shot(page, "widgets-repository")
