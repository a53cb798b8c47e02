"""register, models, promote: the model registry (client/registry.py) from `%modeldb`.

A run becomes a version of a registered model (`%modeldb register RUN MODEL`), versions move between stages
(`%modeldb promote MODEL VERSION STAGE`), and `%modeldb models` lists models or one model's versions as
DataFrames. Model names and versions may be quoted ('churn model').
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from IPython.core.error import UsageError

from modeldb_jupyter.client import NotFoundError
from modeldb_jupyter.client.registry import TARGET_STAGES, stage_number

from ..parsing import CmdParser, unquote
from ..session import say
from .query import resolve_run

if TYPE_CHECKING:
    import pandas as pd

    from modeldb_jupyter.client.registry import ModelVersion, RegisteredModel

    from ..session import Session

STAGE_HELP = f"one of {', '.join(TARGET_STAGES)}"
LIST_MODELS = "`%modeldb models` lists the registered models"


def _joined(words: list[str] | None) -> str | None:
    """Option words (`--comment beats the baseline`) as one text; a single quoted token is unquoted."""
    if not words:
        return None
    return unquote(words[0]) if len(words) == 1 else " ".join(words)


def _stage(text: str, command: str) -> str:
    """The stage word, checked before anything is written (a bad one is a one-line UsageError)."""
    word = unquote(text)
    try:
        stage_number(word)
    except ValueError as exc:
        raise UsageError(f"%modeldb {command}: {exc}") from None
    return word.strip().lower()


# --- register ---------------------------------------------------------------------------------------------------


def register_parser() -> CmdParser:
    parser = CmdParser(
        "register",
        "Register a run as a new version of a model (the model is created when it does not exist). The version\n"
        "keeps a link to the run and the run's model, artifacts, datasets, code and environment. Without\n"
        "--version it is named v1, v2, ...; --stage moves it to that stage at once. E.g.\n"
        "  %modeldb register tuned churn --stage staging --label gbm",
    )
    parser.add_argument("run", help="the run (name in the current experiment, else project, or id)")
    parser.add_argument("model", help="the registered model's name")
    parser.add_argument("--version", metavar="V", help="the version's name (default: the next of v1, v2, ...)")
    parser.add_argument("--stage", metavar="S", help=f"move the new version to this stage: {STAGE_HELP}")
    parser.add_argument("--label", action="append", default=[], metavar="L", help="add a label (repeatable)")
    parser.add_argument("--description", nargs="+", metavar="TEXT", help="the version's description")
    return parser


def register(session: Session, args: argparse.Namespace) -> None:
    stage = _stage(args.stage, "register") if args.stage is not None else None
    run = resolve_run(session, args.run)
    model_name = unquote(args.model)
    version = session.client.register(
        run,
        model_name,
        version=unquote(args.version) if args.version is not None else None,
        stage=stage,
        labels=[unquote(label) for label in args.label],
        description=_joined(args.description),
    )
    say(f"run {run.name!r} registered as model {model_name!r} version {version.name!r} (stage {version.stage})")


# --- models -------------------------------------------------------------------------------------------------------


def models_parser() -> CmdParser:
    parser = CmdParser(
        "models",
        "The registered models as a DataFrame (name, versions, latest, production, staging, labels, ...), or,\n"
        "with MODEL, that model's versions (version, stage, run, created, labels, lock, ...).",
    )
    parser.add_argument("model", nargs="?", help="a registered model's name: list its versions")
    parser.add_argument("--history", metavar="VERSION", help="with MODEL: that version's history instead")
    return parser


def _model(session: Session, name: str) -> RegisteredModel:
    try:
        return session.client.model(unquote(name))
    except NotFoundError as exc:
        raise UsageError(f"{exc.message}; {LIST_MODELS}") from None


def _version(model: RegisteredModel, ref: str) -> ModelVersion:
    """A version by name, else (digits) by id."""
    ref = unquote(ref)
    try:
        return model.version(ref)
    except NotFoundError as exc:
        if ref.isdigit():
            try:
                return model.version(int(ref))
            except NotFoundError:
                pass
        raise UsageError(f"{exc.message}; `%modeldb models {model.name}` lists them") from None


def models(session: Session, args: argparse.Namespace) -> pd.DataFrame:
    if args.model is None:
        if args.history is not None:
            raise UsageError("%modeldb models: --history needs a model, e.g. `%modeldb models churn --history v1`")
        frame = session.client.models_df()
        if frame.empty:
            say("no registered models yet: `%modeldb register RUN MODEL` registers a run as a model's version")
        return frame
    model = _model(session, args.model)
    if args.history is not None:
        return _version(model, args.history).history()
    return model.versions()


# --- promote ------------------------------------------------------------------------------------------------------


def promote_parser() -> CmdParser:
    parser = CmdParser(
        "promote",
        f"Move a model's version to another stage ({STAGE_HELP}); the change is recorded with who made it,\n"
        "when and from which stage (`%modeldb models MODEL --history VERSION`). E.g.\n"
        "  %modeldb promote churn v2 production --comment beats v1 on the holdout set",
    )
    parser.add_argument("model", help="the registered model's name")
    parser.add_argument("version", help="the version's name (or id)")
    parser.add_argument("stage", help=STAGE_HELP)
    parser.add_argument("--comment", nargs="+", metavar="TEXT", help="why (kept in the version's history)")
    return parser


def promote(session: Session, args: argparse.Namespace) -> None:
    stage = _stage(args.stage, "promote")
    version = _version(_model(session, args.model), args.version)
    before = version.stage
    version.promote(stage, comment=_joined(args.comment))
    say(f"model {version.model.name!r} version {version.name!r}: {before} → {version.stage}")
