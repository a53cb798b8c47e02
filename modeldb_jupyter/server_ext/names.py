"""Names shared by the server extension and kernel-side code (importable without jupyter_server)."""

from __future__ import annotations

import functools
import getpass
import os

MOUNT = "modeldb"
# What kernels started by this server inherit so that Client() finds it with no user action.
KERNEL_URL_ENV = "MODELDB_JUPYTER_URL"
KERNEL_TOKEN_ENV = "MODELDB_JUPYTER_TOKEN"
KERNEL_ROOT_ENV = "MODELDB_JUPYTER_ROOT"  # the server root, to report notebook paths relative to it
KERNEL_STORE_ENV = "MODELDB_JUPYTER_STORE"  # the store's identity, so journals outlive the server's port


def person() -> str:
    """Who this process works for, when no request says: the JupyterHub user it was spawned for, else the OS
    account. The owner and audit actor of the kernels' requests and of the embedded client's calls."""
    return os.environ.get("JUPYTERHUB_USER") or _os_account()


@functools.cache
def _os_account() -> str:
    # Once per process: getpass may read the passwd database, and every embedded call asks.
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container's uid without a passwd entry
        return "jupyter"
