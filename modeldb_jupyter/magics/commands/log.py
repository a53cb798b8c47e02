"""log hyperparameters / metric / tag / attribute / artifact: to the active run.

Values are Python literals where they parse (`lr=0.01`, `name='a b'`, `layers=[64, 32]`), else strings;
`{expr}` is expanded by IPython first (`%modeldb log metric acc={acc}`). Logging is silent on success (it
runs in loops) and never waits on the network, except artifacts, whose bytes are uploaded at once.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from IPython.core.error import UsageError

from modeldb_jupyter.client import AlreadyExistsError

from ..parsing import CmdParser, parse_pairs, unquote
from ..session import say

if TYPE_CHECKING:
    from ..session import Session


def _pairs_parser(kind: str, what: str, example: str) -> CmdParser:
    parser = CmdParser(f"log {kind}", f"Log {what} to the active run, e.g. `%modeldb log {kind} {example}`.")
    parser.add_argument("pairs", nargs="*", metavar="KEY=VALUE")
    return parser


def hyperparameters_parser() -> CmdParser:
    return _pairs_parser("hyperparameters", "hyperparameters", "lr=0.01 optimizer=adam layers=[64,32]")


def hyperparameters(session: Session, args: argparse.Namespace) -> None:
    run = session.require_run()
    run.log_hyperparameters(parse_pairs(args.pairs, "%modeldb log hyperparameters", "lr=0.01"))


def metric_parser() -> CmdParser:
    parser = _pairs_parser("metric", "metric values (numbers)", "acc=0.93 loss=0.2 --step 3")
    parser.add_argument("--step", type=int, help="the step (default: one more than the run's highest step of the key)")
    return parser


def metric(session: Session, args: argparse.Namespace) -> None:
    run = session.require_run()
    pairs = parse_pairs(args.pairs, "%modeldb log metric", "acc=0.93")
    for key, value in pairs.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise UsageError(f"%modeldb log metric: {key}={value!r} is not a number (metrics are numbers)")
    for key, value in pairs.items():
        run.log_metric(key, float(value), step=args.step)


def tag_parser() -> CmdParser:
    parser = CmdParser("log tag", "Add tags to the active run, e.g. `%modeldb log tag baseline 'small data'`.")
    parser.add_argument("tags", nargs="+", metavar="TAG")
    return parser


def tag(session: Session, args: argparse.Namespace) -> None:
    session.require_run().log_tags([unquote(t) for t in args.tags])


def attribute_parser() -> CmdParser:
    return _pairs_parser("attribute", "attributes (any JSON value)", "dataset=mnist rows=60000")


def attribute(session: Session, args: argparse.Namespace) -> None:
    run = session.require_run()
    run.log_attributes(parse_pairs(args.pairs, "%modeldb log attribute", "dataset=mnist"))


def artifact_parser() -> CmdParser:
    parser = CmdParser("log artifact", "Upload a file, or a directory (as a zip), as an artifact of the active run.")
    parser.add_argument("key", help="the artifact's key, e.g. model")
    parser.add_argument("path", help="a file or directory")
    parser.add_argument("--overwrite", action="store_true", help="replace an artifact with the same key")
    return parser


def artifact(session: Session, args: argparse.Namespace) -> None:
    run = session.require_run()
    key, path = unquote(args.key), Path(unquote(args.path)).expanduser()
    if not path.exists():
        raise UsageError(f"%modeldb log artifact: {str(path)!r} does not exist (give a file or directory path)")
    try:
        run.log_artifact(key, str(path), overwrite=args.overwrite)
    except AlreadyExistsError:
        raise UsageError(
            f"%modeldb log artifact: run {run.name!r} already has an artifact {key!r}; add --overwrite to replace it"
        ) from None
    say(f"artifact {key!r} ({_size(path)}) stored on run {run.name!r}")


def _size(path: Path) -> str:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    size = float(sum(p.stat().st_size for p in files))
    if size < 1024:
        return f"{int(size)} bytes"
    for unit in ("KiB", "MiB", "GiB"):
        size /= 1024
        if size < 1024 or unit == "GiB":
            break
    return f"{size:.1f} {unit}"
