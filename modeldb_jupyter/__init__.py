"""modeldb_jupyter: the notebook side of modeldb-jupyter (client, server extension, magics, widgets).

`from modeldb_jupyter import Client` loads the client on first use, so importing the package stays instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .client import Client

__all__ = ["Client", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "Client":
        from .client import Client

        return Client
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_ipython_extension(ip: Any) -> None:
    """`%load_ext modeldb_jupyter`: the `%modeldb` magics and cell auto-logging (see modeldb_jupyter.magics)."""
    from .magics import load_ipython_extension as load

    load(ip)


def unload_ipython_extension(ip: Any) -> None:
    """`%unload_ext modeldb_jupyter`: end the active run, remove the magics and hooks."""
    from .magics import unload_ipython_extension as unload

    unload(ip)


def _jupyter_server_extension_points() -> list[dict[str, object]]:
    """Discovery hook: jupyter_server loads ModelDBExtension from here (enabled by the shipped config file)."""
    from .server_ext import ModelDBExtension

    return [{"module": "modeldb_jupyter.server_ext", "app": ModelDBExtension}]


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Discovery hook: the prebuilt JupyterLab extension shipped in modeldb_jupyter/labextension."""
    return [{"src": "labextension", "dest": "modeldb-jupyter"}]
