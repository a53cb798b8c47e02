"""Notebook views of runs as widgets, rendered from data the Python client reads (no iframe, no web app: they
work behind proxies, in VS Code and on hosted notebooks, wherever ipywidgets work).

from modeldb_jupyter.widgets import RunBrowser, RunDetail, RunCompare, MetricChart
RunBrowser()                              # or `%modeldb browse`
RunCompare([best_id, runner_up_id], only_differences=True)
MetricChart(run, ["loss"])                # follows the run live while it is running
repository_browser(client.repository())   # branches, tags, log; a commit's blobs and diff
model_browser("churn")                    # registered models → versions → a version's stage, lineage, artifacts

Each view's MIME bundle also carries text/html, so front ends without widgets and HTML exports keep the data.
"""

from __future__ import annotations

from .browser import RunBrowser
from .chart import MetricChart
from .compare import RunCompare
from .detail import RunDetail
from .registry import ModelBrowser, ModelView, VersionView, model_browser
from .table import RunTable
from .versioning import CommitView, DiffView, RepositoryBrowser, commit_view, diff_view, repository_browser

__all__ = [
    "CommitView",
    "DiffView",
    "MetricChart",
    "ModelBrowser",
    "ModelView",
    "RepositoryBrowser",
    "RunBrowser",
    "RunCompare",
    "RunDetail",
    "RunTable",
    "VersionView",
    "commit_view",
    "diff_view",
    "model_browser",
    "repository_browser",
]
