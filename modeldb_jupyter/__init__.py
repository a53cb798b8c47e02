"""modeldb_jupyter: the notebook side of modeldb-jupyter (client, server extension, magics, widgets)."""

__version__ = "0.1.0"
