"""IPython magics: `%load_ext modeldb_jupyter`, then `%modeldb <command>` and `%%modeldb run`.

Loading registers the magics and the cell hooks (auto-logging of executed cells to the active run), creates
the client (explicit `%modeldb connect URL`, else $MODELDB_URL, the Jupyter server, the embedded store) and
arranges for the active run to end when the kernel shuts down. `current_run()` gives Python code the run
that `%modeldb log ...` would write to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell

    from modeldb_jupyter.client import Client, ExperimentRun

    from .core import ModelDBMagics

__all__ = ["current_client", "current_run", "load_ipython_extension", "unload_ipython_extension"]


def load_ipython_extension(ip: InteractiveShell) -> None:
    """Register `%modeldb`, the cell hooks and the shutdown handler; say where runs go and what is captured."""
    from .commands.setup import CAPTURED
    from .core import ModelDBMagics
    from .session import say

    if _magics(ip) is not None:
        say("already loaded (`%reload_ext modeldb_jupyter` starts over)")
        return
    magics = ModelDBMagics(ip)
    ip.register_magics(magics)
    magics.attach()
    on = f"auto-logging on: {CAPTURED} (`%modeldb autolog off` stops it)"
    autolog = on if magics.session.autolog else "auto-logging off"
    say(f"logging to {magics.session.where()}; {autolog}; `%modeldb help` lists the commands")


def unload_ipython_extension(ip: InteractiveShell) -> None:
    """End the active run, remove the hooks and the magics, close the client."""
    magics = _magics(ip)
    if magics is None:
        return
    magics.detach()
    manager = ip.magics_manager
    manager.registry.pop(type(magics).__name__, None)
    for kind in ("line", "cell"):
        manager.magics[kind].pop("modeldb", None)
    configurables: list[Any] = ip.configurables  # Magics.__init__ appended it
    if magics in configurables:
        configurables.remove(magics)


def _magics(ip: Any) -> ModelDBMagics | None:
    if ip is None:
        return None
    from .core import ModelDBMagics  # here, not at the top: importing the package must not import IPython

    found = ip.magics_manager.registry.get("ModelDBMagics")
    return found if isinstance(found, ModelDBMagics) else None


def _shell() -> Any:
    from IPython import get_ipython

    return get_ipython()


def current_run() -> ExperimentRun | None:
    """The run `%modeldb log` writes to now (a %%modeldb run cell's run, else the active one), or None."""
    magics = _magics(_shell())
    return magics.session.run if magics is not None else None


def current_client() -> Client | None:
    """The client of the magics (to use the Python API on the same backend), or None when not loaded."""
    magics = _magics(_shell())
    return magics.session.client if magics is not None else None
