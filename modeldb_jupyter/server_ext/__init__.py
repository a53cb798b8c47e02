"""jupyter_server extension mounting the ModelDB backend under {base_url}modeldb/.

The extension class loads lazily so that kernel-side code can import `server_ext.names` without jupyter_server.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ModelDBExtension"]


def __getattr__(name: str) -> Any:
    if name == "ModelDBExtension":
        from .app import ModelDBExtension

        return ModelDBExtension
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
