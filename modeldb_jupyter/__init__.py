"""modeldb_jupyter: the notebook side of modeldb-jupyter (client, server extension, magics, widgets)."""

__version__ = "0.1.0"


def _jupyter_server_extension_points() -> list[dict[str, object]]:
    """Discovery hook: jupyter_server loads ModelDBExtension from here (enabled by the shipped config file)."""
    from .server_ext import ModelDBExtension

    return [{"module": "modeldb_jupyter.server_ext", "app": ModelDBExtension}]
