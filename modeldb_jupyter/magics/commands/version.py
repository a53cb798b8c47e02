"""version, diff, checkout: runs that version their ingredients (client/run_versions.py).

With `%modeldb version on`, every run ends by committing its notebook snapshot, hyperparameters, Python
environment and dataset versions to the project's repository, on a branch named after the experiment, and
the commit is linked to the run. That happens where the run ends (`%modeldb end`, the next `%modeldb run`, the
end of a `%%modeldb run` cell, kernel shutdown), like the notebook snapshot: no other cell waits on it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modeldb_jupyter.client import blobs, run_versions

from ..parsing import CmdParser, unquote
from ..session import say
from .query import resolve_run

if TYPE_CHECKING:
    import pandas as pd

    from modeldb_jupyter.client import ExperimentRun

    from ..session import Session

WHAT = "notebook snapshot, hyperparameters, Python environment and dataset versions"


def version_parser() -> CmdParser:
    parser = CmdParser(
        "version",
        f"Versioning of runs: when on, each run commits its {WHAT} to the project's repository (branch: the\n"
        "experiment's name) when it ends, and the commit is linked to the run (`%modeldb diff`, `checkout`).",
    )
    parser.add_argument("state", nargs="?", default="status", choices=("on", "off", "status"))
    return parser


def version(session: Session, args: argparse.Namespace) -> None:
    if args.state != "status":
        session.version = args.state == "on"
    if not session.version:
        say("versioning off (`%modeldb version on` commits each run's ingredients when it ends)")
        return
    project = session.client.proj.name if session.client.proj is not None else "the project's"
    note = "" if session.autolog or session.notebook else " (autolog is off and the notebook file is unknown: the"
    note += " notebook snapshot will be empty)" if note else ""
    say(f"versioning on: each run commits its {WHAT} to repository {project!r} when it ends{note}")


def _notebook_blob(summary: dict[str, Any] | None) -> blobs.Blob | None:
    """The code blob of the snapshot the session just stored as the run's artifact notebook.ipynb."""
    if not summary or not summary.get("stored"):
        return None
    path = summary.get("path")
    name = Path(path).name if isinstance(path, str) and path else run_versions.NOTEBOOK_ARTIFACT
    return blobs.notebook(path=name, sha256=str(summary["sha256"]), size=int(summary["bytes"]))


def commit_at_end(session: Session, run: ExperimentRun, summary: dict[str, Any] | None) -> None:
    """Commit the ending run's ingredients; a failure is one line under the cell, never a broken run end."""
    try:
        commit = run_versions.version_run(run, _notebook_blob(summary))
    except Exception as exc:  # the run must still end; say why it has no commit
        say(f"run {run.name!r} was not versioned: {type(exc).__name__}: {exc}", err=True)
        return
    where = f"branch {commit.branch!r} of " if commit.branch else ""
    say(f"run {run.name!r} versioned: commit {commit.sha[:12]} on {where}repository {commit.repository.name!r}")


def diff_parser() -> CmdParser:
    parser = CmdParser(
        "diff",
        "What changed between two versioned runs: notebook cells (+/- lines), hyperparameters, packages, data.",
    )
    parser.add_argument("old", help="the first run (name or id)")
    parser.add_argument("new", help="the second run (name or id)")
    return parser


def diff(session: Session, args: argparse.Namespace) -> pd.DataFrame:
    old, new = resolve_run(session, args.old), resolve_run(session, args.new)
    session.client.flush_for_reading()
    frame = run_versions.diff_runs(old, new)
    if frame.empty:
        say(f"runs {old.name!r} and {new.name!r} have the same ingredients")
    return frame


def checkout_parser() -> CmdParser:
    parser = CmdParser(
        "checkout",
        "Write a versioned run's notebook and requirements.txt into DIR (default: the working directory).",
    )
    parser.add_argument("run", help="the run (name or id)")
    parser.add_argument("dir", nargs="?", default=".", help="the directory to write to (created when missing)")
    parser.add_argument("--force", action="store_true", help="overwrite files that exist")
    return parser


def checkout(session: Session, args: argparse.Namespace) -> None:
    run = resolve_run(session, args.run)
    written = run_versions.checkout_run(run, unquote(args.dir), force=args.force)
    say(f"run {run.name!r} checked out: " + ", ".join(str(p) for p in written))
