"""run and end: the line run's lifecycle."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from modeldb_backend.limits import FINISHED_WORD

from ..parsing import CmdParser, unquote
from ..session import STATUSES, say

if TYPE_CHECKING:
    from ..session import Session


def run_parser() -> CmdParser:
    parser = CmdParser(
        "run",
        "Start a run that spans the next cells, or resume one: a NAME that exists in the current experiment\n"
        "resumes it; without NAME, re-running the cell that started a run resumes that run, else a new run\n"
        "gets a generated name. Another active run ends (finished) first.\n\n"
        "As a cell magic, `%%modeldb run [NAME] [--new] [--params a,b] [--tag T]` runs the cell as one run:\n"
        "its source is the run's attribute `code`, the variables named by --params are logged as\n"
        "hyperparameters after the cell, an exception marks the run failed (and propagates).",
    )
    parser.add_argument("name", nargs="?", help="the run's name")
    parser.add_argument("--new", action="store_true", help="always start a new run")
    parser.add_argument("--tag", action="append", default=[], metavar="T", help="add a tag (repeatable)")
    return parser


def run(session: Session, args: argparse.Namespace) -> None:
    message = session.start_line_run(unquote(args.name) if args.name else None, args.new)
    if args.tag:
        session.require_run().log_tags([unquote(t) for t in args.tag])
    say(message)


def end_parser() -> CmdParser:
    parser = CmdParser("end", "End the active run (with nothing active, nothing happens).")
    parser.add_argument(
        "--status", default=FINISHED_WORD, choices=STATUSES, help=f"the end status (default {FINISHED_WORD})"
    )
    return parser


def end(session: Session, args: argparse.Namespace) -> None:
    say(session.end(args.status))
