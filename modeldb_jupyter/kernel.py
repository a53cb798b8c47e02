"""What a kernel knows about the Jupyter server that started it: where its ModelDB lives, and which notebook runs.

The server extension (server_ext/app.py) puts MODELDB_JUPYTER_URL and MODELDB_JUPYTER_TOKEN into the environment
that kernels inherit; jupyter_server adds JPY_SESSION_NAME (the notebook path) for kernels started by a session.
Everything here reads the environment or already-imported modules only: no I/O, no network.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from .server_ext.names import KERNEL_ROOT_ENV, KERNEL_STORE_ENV, KERNEL_TOKEN_ENV, KERNEL_URL_ENV


def jupyter_server_target() -> Any:
    """Client resolution step 3: the Jupyter server that owns this kernel, or None outside one."""
    url = os.environ.get(KERNEL_URL_ENV)
    if not url:
        return None
    from .client.resolve import Target, normalize_url

    return Target(
        kind="http",
        url=normalize_url(url),
        token=os.environ.get(KERNEL_TOKEN_ENV),
        source="Jupyter server",
        # The server's port changes between sessions; its database does not: spooled data follows the data.
        journal_key=os.environ.get(KERNEL_STORE_ENV) or None,
    )


def kernel_id() -> str | None:
    """The id of the kernel this code runs in (from its connection file name), or None outside a kernel."""
    if "ipykernel" not in sys.modules:
        return None
    try:
        from ipykernel.connect import get_connection_file

        match = re.search(r"kernel-([0-9a-fA-F-]+)\.json$", get_connection_file())
    except Exception:  # not an IPython kernel after all (e.g. a terminal IPython with ipykernel imported)
        return None
    return match.group(1) if match else None


def notebook_path() -> str | None:
    """The notebook's path relative to the server root, when the kernel was started for a notebook session."""
    path = os.environ.get("JPY_SESSION_NAME")
    root = os.environ.get(KERNEL_ROOT_ENV)
    if path and root and os.path.isabs(path):
        relative = os.path.relpath(path, root)
        if not relative.startswith(".."):
            return relative.replace(os.sep, "/")
    return path or None


def notebook_attributes() -> dict[str, str]:
    """Attributes that tie a run to the notebook and kernel it came from (the lab panel looks for them)."""
    out: dict[str, str] = {}
    if (kid := kernel_id()) is not None:
        out["jupyter.kernel_id"] = kid
    if (path := notebook_path()) is not None:
        out["jupyter.notebook_path"] = path
    return out
