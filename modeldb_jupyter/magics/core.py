"""The `%modeldb` line magic and the `%%modeldb run` cell magic."""

from __future__ import annotations

import atexit
from typing import TYPE_CHECKING, Any

from IPython.core.magic import Magics, line_cell_magic, magics_class
from traitlets import Bool, Unicode, observe

from .cellrun import run_cell
from .commands import command_table, dispatch
from .hooks import CellHooks
from .session import Session

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell


def _doc() -> str:
    return (
        "Track experiments with ModelDB from the notebook.\n\n"
        "Values are Python literals where they parse (lr=0.01, name='a b', layers=[64,32]); `{expr}` is\n"
        "expanded first (`%modeldb log metric acc={acc}`). Add --help to any command for its options.\n\n"
        + command_table()
    )


@magics_class
class ModelDBMagics(Magics):
    """`%modeldb <command>` and `%%modeldb run`: the client is created when the extension loads."""

    autolog = Bool(True, help="Record every executed cell to the active run (`%modeldb autolog on|off`).").tag(
        config=True
    )
    url = Unicode("", help="Backend URL; empty: $MODELDB_URL, the Jupyter server, else the embedded store.").tag(
        config=True
    )
    default_project = Unicode("", help="Project of runs started with none set; empty: the notebook's name.").tag(
        config=True
    )
    default_experiment = Unicode("default", help="Experiment of runs started with none set.").tag(config=True)

    def __init__(self, shell: InteractiveShell, **kwargs: Any) -> None:
        super().__init__(shell=shell, **kwargs)
        self.session = Session(
            shell,
            url=self.url or None,
            default_project=self.default_project,
            default_experiment=self.default_experiment,
        )
        self.session.autolog = self.autolog
        self.hooks = CellHooks(self.session)

    def attach(self) -> None:
        """Start recording: cell hooks, and the end of the active run at interpreter exit."""
        self.hooks.register()
        atexit.register(self.session.shutdown)

    def detach(self) -> None:
        """Stop recording, end the active run, close the client."""
        atexit.unregister(self.session.shutdown)
        self.hooks.unregister()
        self.session.close()

    @observe("autolog")
    def _autolog_changed(self, change: dict[str, Any]) -> None:
        self.session.autolog = bool(change["new"])
        if change["new"]:
            self.session.failures = 0

    @line_cell_magic
    def modeldb(self, line: str, cell: str | None = None) -> Any:
        __tracebackhide__ = True
        if cell is None:
            return dispatch(self.session, line)
        return run_cell(self.session, line, cell)

    modeldb.__doc__ = _doc()
