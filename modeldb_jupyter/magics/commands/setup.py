"""help, connect, status, project, experiment, autolog."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..parsing import CmdParser, unquote
from ..session import say

if TYPE_CHECKING:
    from ..session import Session

CAPTURED = "cell source, timing, outcome, assigned names and output sizes of every cell go to the active run"


def help_parser() -> CmdParser:
    parser = CmdParser("help", "List the commands, or show the options of one.")
    parser.add_argument("command", nargs="*", help="a command, e.g. `log metric` or `runs`")
    return parser


def help_(session: Session, args: argparse.Namespace) -> None:
    from . import ROUTER, command_table, find

    if not args.command:
        print("%modeldb commands (add --help to any of them for its options):\n" + command_table())
        return
    name, _ = find(list(args.command))
    print(ROUTER[name].parser().format_help().rstrip())


def connect_parser() -> CmdParser:
    parser = CmdParser(
        "connect",
        "Connect to a ModelDB backend. Without a URL: $MODELDB_URL, then the Jupyter server of this kernel,\n"
        "then the embedded store in $MODELDB_HOME. An active run ends (finished) on the previous backend.",
    )
    parser.add_argument("url", nargs="?", help="the server's URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--token", help="access token (default: $MODELDB_TOKEN)")
    return parser


def connect(session: Session, args: argparse.Namespace) -> None:
    url = unquote(args.url) if args.url else None
    say(session.connect(url, unquote(args.token) if args.token else None))
    problem = probe(session)
    if problem:
        say(f"warning: {problem}; logged data is kept on disk and sent when it answers", err=True)


def probe(session: Session) -> str | None:
    """For a server URL: does it answer? (A quick request; the embedded store needs no check.)"""
    target = session.client.target
    if target.kind != "http":
        return None
    import requests

    headers = {"Authorization": f"Bearer {target.token}"} if target.token else {}
    try:
        response = requests.get(f"{target.url}/api/v1/modeldb/project/verifyConnection", headers=headers, timeout=3)
    except requests.RequestException as exc:
        return f"{target.url} does not answer ({type(exc).__name__})"
    if response.status_code in (401, 403):
        return f"{target.url} refused the token (HTTP {response.status_code}): pass --token or set MODELDB_TOKEN"
    if not response.ok:
        return f"{target.url} answered HTTP {response.status_code}: is it a ModelDB server?"
    return None


def status_parser() -> CmdParser:
    return CmdParser("status", "Where runs are logged, the current project and experiment, the active run.")


def status(session: Session, args: argparse.Namespace) -> None:
    client = session.client
    run = session.run
    lines = [f"logging to {session.where()}", f"  {session.context()}"]
    if run is not None:
        log = session.logs.get(run.id)
        cells = f", {log.seq} cells recorded in this kernel" if log is not None else ""
        lines.append(f"  active run: {run.name!r} (id {run.id}{cells})")
    else:
        lines.append("  no active run (`%modeldb run NAME` starts one)")
    if session.autolog:
        lines.append(f"  auto-logging on: {CAPTURED}")
    else:
        why = f" after {session.failures} failures" if session.failures else ""
        lines.append(f"  auto-logging off{why} (`%modeldb autolog on`)")
    if session.notebook is not None:
        lines.append(f"  notebook: {session.notebook}")
    if client.pending or client.errors:
        lines.append(f"  {client.pending} logged item(s) not yet stored, {len(client.errors)} refused")
    say("\n".join(lines))


def project_parser() -> CmdParser:
    parser = CmdParser("project", "Set the current project (created when there is none by that name).")
    parser.add_argument("name", nargs="?", help="the project's name (without it: show the current one)")
    return parser


def project(session: Session, args: argparse.Namespace) -> None:
    if args.name is None:
        say(session.context())
        return
    session.client.set_project(unquote(args.name))
    say(session.context() + _note(session))


def experiment_parser() -> CmdParser:
    parser = CmdParser("experiment", "Set the current experiment of the current project (created when needed).")
    parser.add_argument("name", nargs="?", help="the experiment's name (without it: show the current one)")
    return parser


def experiment(session: Session, args: argparse.Namespace) -> None:
    if args.name is None:
        say(session.context())
        return
    session.ensure_project()
    session.client.set_experiment(unquote(args.name))
    say(session.context() + _note(session))


def _note(session: Session) -> str:
    run = session.line_run
    if run is None:
        return ""
    return f"; run {run.name!r} stays active until `%modeldb end` (new runs go here)"


def autolog_parser() -> CmdParser:
    parser = CmdParser("autolog", f"Cell auto-logging: when on, the {CAPTURED}.")
    parser.add_argument("state", nargs="?", default="status", choices=("on", "off", "status"))
    return parser


def autolog(session: Session, args: argparse.Namespace) -> None:
    if args.state == "on":
        session.autolog, session.failures = True, 0
    elif args.state == "off":
        session.autolog = False
    why = f" after {session.failures} failures (`%modeldb autolog on` retries)" if session.failures else ""
    say(f"auto-logging on: {CAPTURED}" if session.autolog else f"auto-logging off{why}")
