"""`%%modeldb run [NAME] [--new] [--params a,b] [--tag T]`: the cell body runs as one run.

The body executes in the user namespace like an ordinary cell (magics inside it work, its last expression
is the cell's result). The run: its source is the attribute "code"; the variables named by --params are
logged after the body as hyperparameters (see values.py); `%modeldb log ...` inside the body writes to it;
it ends finished, failed (an exception, which propagates as usual) or killed (KeyboardInterrupt).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError

from modeldb_backend.limits import FAILED_WORD, FINISHED_WORD, KILLED_WORD

from .cells import clean_text, fit_json
from .commands import CELL_USAGE, user_errors
from .parsing import CmdParser, split_line, unquote
from .runlog import CellEntry
from .session import say
from .values import hyperparameter_value

if TYPE_CHECKING:
    from modeldb_jupyter.client import ExperimentRun

    from .session import Session

MAX_CODE = 60_000  # characters of the body, and bytes of their JSON, in the "code" attribute (limit: 64 KiB)


def cell_parser() -> CmdParser:
    parser = CmdParser("run", "Run this cell as one run (see `%modeldb help run`).")
    parser.prog = "%%modeldb run"
    parser.add_argument("name", nargs="?", help="the run's name (re-running the cell resumes its run)")
    parser.add_argument("--new", action="store_true", help="always start a new run")
    parser.add_argument(
        "--params", action="append", default=[], metavar="a,b", help="variables to log as hyperparameters"
    )
    parser.add_argument("--tag", action="append", default=[], metavar="T", help="add a tag (repeatable)")
    return parser


def execute(shell: Any, body: str) -> Any:
    """Run `body` in the user namespace; returns the value of a final expression (None otherwise).

    As IPython's %%time does: transformed (magics inside work), AST transformers applied, compiled by the
    shell's compiler (so tracebacks show the cell's lines), the final expression evaluated separately.
    `shell` is the InteractiveShell (typed Any: IPython's methods used here are unannotated).
    """
    __tracebackhide__ = True
    code = shell.transform_cell(body)
    tree = shell.compile.ast_parse(code)
    tree = shell.transform_ast(tree)
    last: ast.Expression | None = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    filename = shell.compile.cache(code, shell.execution_count)
    ns = shell.user_ns
    exec(shell.compile(tree, filename, "exec"), ns)
    if last is not None:
        return eval(shell.compile(last, filename, "eval"), ns)
    return None


def _param_names(values: list[str]) -> list[str]:
    names = [unquote(part).strip() for value in values for part in value.split(",")]
    bad = [n for n in names if n and not n.isidentifier()]
    if bad:
        raise UsageError(f"%%modeldb run --params: {bad[0]!r} is not a variable name (e.g. --params lr,epochs)")
    return [n for n in dict.fromkeys(names) if n]


def log_params(session: Session, run: ExperimentRun, names: list[str]) -> None:
    ns = session.shell.user_ns
    missing = [n for n in names if n not in ns]
    values = {n: hyperparameter_value(ns[n]) for n in names if n in ns}
    if values:
        run.log_hyperparameters(values)
    if missing:
        say(f"--params: {', '.join(missing)} not defined after the cell, so not logged", err=True)


def _status(exc: BaseException | None) -> str:
    if exc is None:
        return FINISHED_WORD
    if isinstance(exc, KeyboardInterrupt):
        return KILLED_WORD
    if isinstance(exc, SystemExit) and exc.code in (None, 0):
        return FINISHED_WORD
    return FAILED_WORD


def run_cell(session: Session, line: str, body: str) -> Any:
    __tracebackhide__ = True
    tokens = split_line(line)
    if not tokens or tokens[0] != "run":
        raise UsageError(f"%%modeldb supports one cell command: `{CELL_USAGE}`; the others are line magics")
    args = cell_parser().parse(tokens[1:])
    params = _param_names(args.params)
    if session.cell_run is not None:
        raise UsageError("%%modeldb run cells do not nest")
    with user_errors("%%modeldb run"):
        run, how = session.open_run(unquote(args.name) if args.name else None, args.new, single_cell=True)
        if args.tag:
            run.log_tags([unquote(t) for t in args.tag])
        run.log_attribute("code", fit_json(clean_text(body), MAX_CODE, MAX_CODE))
    session.cell_run = run
    cell = session.cell
    if cell is not None:
        cell.cell_run = run
    failure: BaseException | None = None
    try:
        return execute(session.shell, body)
    except BaseException as exc:
        failure = exc
        raise
    finally:
        _close(session, run, how, params, failure)


def _close(session: Session, run: ExperimentRun, how: str, params: list[str], failure: BaseException | None) -> None:
    """After the body: log the parameters, end the run (unless `%modeldb end` did), one line of feedback."""
    still_active = session.cell_run is run
    session.cell_run = None
    status = _status(failure)
    try:
        log_params(session, run, params)
        if still_active:
            cell = session.cell
            count = session.shell.execution_count
            extra = CellEntry(count, cell.raw if cell is not None else "", status, [])
            session.finish(run, status, extra=extra)
    except Exception as exc:  # the body's own outcome matters more than our bookkeeping
        say(f"could not end run {run.name!r} cleanly: {type(exc).__name__}: {exc}", err=True)
        return
    why = f": {type(failure).__name__}" if failure is not None and status != FINISHED_WORD else ""
    say(f"run {run.name!r} {status}{why} ({how}, {session.context()})", err=failure is not None)
