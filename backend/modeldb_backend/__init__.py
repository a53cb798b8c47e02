"""modeldb_backend: a ModelDB-compatible experiment tracking backend (no Jupyter imports)."""

__version__ = "0.1.0"
