"""Names shared by the server extension and kernel-side code (importable without jupyter_server)."""

from __future__ import annotations

MOUNT = "modeldb"
# What kernels started by this server inherit so that Client() finds it with no user action.
KERNEL_URL_ENV = "MODELDB_JUPYTER_URL"
KERNEL_TOKEN_ENV = "MODELDB_JUPYTER_TOKEN"
KERNEL_ROOT_ENV = "MODELDB_JUPYTER_ROOT"  # the server root, to report notebook paths relative to it
KERNEL_STORE_ENV = "MODELDB_JUPYTER_STORE"  # the store's identity, so journals outlive the server's port
