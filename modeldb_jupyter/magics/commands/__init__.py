"""The `%modeldb` commands. ROUTER is the only list of them: dispatch, `%modeldb help` and the magic's
docstring (`%modeldb?`) all read it. Each entry names a parser factory and a handler in one module.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError

from modeldb_jupyter.client import ModelDBError

from ..parsing import CmdParser, HelpShown, split_line
from . import browse, log, query, registry, runs, setup, version

if TYPE_CHECKING:
    from ..session import Session


@dataclass(frozen=True)
class Command:
    summary: str
    parser: Callable[[], CmdParser]
    handler: Callable[[Session, argparse.Namespace], Any]


ROUTER: dict[str, Command] = {
    "help": Command("list the commands, or show one command's options", setup.help_parser, setup.help_),
    "connect": Command("connect to a backend: a URL, or the usual resolution", setup.connect_parser, setup.connect),
    "status": Command("where runs are logged, the active run, auto-logging", setup.status_parser, setup.status),
    "project": Command("set (get or create) the current project", setup.project_parser, setup.project),
    "experiment": Command("set (get or create) the current experiment", setup.experiment_parser, setup.experiment),
    "run": Command("start or resume a run that spans cells", runs.run_parser, runs.run),
    "end": Command("end the active run (finished, failed or killed)", runs.end_parser, runs.end),
    "log hyperparameters": Command("log hyperparameters k=v ...", log.hyperparameters_parser, log.hyperparameters),
    "log metric": Command("log metric values k=v ... [--step N]", log.metric_parser, log.metric),
    "log tag": Command("add tags to the active run", log.tag_parser, log.tag),
    "log attribute": Command("log attributes k=v ...", log.attribute_parser, log.attribute),
    "log artifact": Command("upload a file or directory as an artifact", log.artifact_parser, log.artifact),
    "autolog": Command("cell auto-logging: on, off or status", setup.autolog_parser, setup.autolog),
    "runs": Command("the runs as a DataFrame (filter, order, limit)", query.runs_parser, query.runs),
    "show": Command("one run: status, hyperparameters, metrics, ...", query.show_parser, query.show),
    "compare": Command("runs side by side", query.compare_parser, query.compare),
    "history": Command("a run's cell log as a DataFrame", query.history_parser, query.history),
    "browse": Command("browse runs in a widget: filter, sort, compare, chart", browse.browse_parser, browse.browse),
    "version": Command("version runs' ingredients: on, off or status", version.version_parser, version.version),
    "diff": Command("what changed between two versioned runs", version.diff_parser, version.diff),
    "checkout": Command(
        "write a versioned run's notebook and requirements.txt", version.checkout_parser, version.checkout
    ),
    "register": Command("register a run as a new version of a model", registry.register_parser, registry.register),
    "models": Command("registered models, or one model's versions", registry.models_parser, registry.models),
    "promote": Command("move a model version to another stage", registry.promote_parser, registry.promote),
}

CELL_USAGE = "%%modeldb run [NAME] [--new] [--params a,b] [--tag T]"


def command_table() -> str:
    width = max(len(name) for name in ROUTER)
    lines = [f"  %modeldb {name:<{width}}  {command.summary}" for name, command in ROUTER.items()]
    lines.append(f"  {CELL_USAGE}\n      run the cell as one run (see `%modeldb help run`)")
    return "\n".join(lines)


def find(tokens: list[str]) -> tuple[str, list[str]]:
    """(command name, its argument tokens); unknown commands get a suggestion."""
    if len(tokens) >= 2 and f"{tokens[0]} {tokens[1]}" in ROUTER:
        return f"{tokens[0]} {tokens[1]}", tokens[2:]
    if len(tokens) >= 2 and tokens[0] == "log":
        kind = tokens[1]
        for variant in (kind + "s", kind.rstrip("s")):
            if f"log {variant}" in ROUTER:
                return f"log {variant}", tokens[2:]
    if tokens[0] in ROUTER:
        return tokens[0], tokens[1:]
    if tokens[0] == "log":
        kinds = ", ".join(name.split()[1] for name in ROUTER if name.startswith("log "))
        got = f" {tokens[1]!r}" if len(tokens) > 1 else ""
        raise UsageError(f"%modeldb log{got}: log what? One of {kinds}, e.g. `%modeldb log metric acc=0.9`")
    close = difflib.get_close_matches(tokens[0], list(ROUTER), n=1)
    hint = f"; did you mean `%modeldb {close[0]}`?" if close else ""
    raise UsageError(f"unknown command {tokens[0]!r}{hint} (`%modeldb help` lists the commands)")


def dispatch(session: Session, line: str) -> Any:
    """Run one `%modeldb` line; anything the user can fix becomes a one-line UsageError."""
    tokens = split_line(line)
    if not tokens:
        tokens = ["help"]
    name, rest = find(tokens)
    command = ROUTER[name]
    try:
        args = command.parser().parse(rest)
    except HelpShown:
        return None
    with user_errors(f"%modeldb {name}"):
        return command.handler(session, args)


@contextlib.contextmanager
def user_errors(prefix: str) -> Iterator[None]:
    """What the user can fix (backend refusals, bad values, missing files) as a one-line UsageError."""
    try:
        yield
    except UsageError:
        raise
    except ModelDBError as exc:
        raise UsageError(f"{prefix}: {exc.message}") from None
    except (ValueError, TypeError, LookupError, OSError) as exc:
        raise UsageError(f"{prefix}: {exc}") from None
