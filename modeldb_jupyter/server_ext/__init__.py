"""jupyter_server extension mounting the ModelDB backend under {base_url}modeldb/."""

from __future__ import annotations

from .app import ModelDBExtension

__all__ = ["ModelDBExtension"]
