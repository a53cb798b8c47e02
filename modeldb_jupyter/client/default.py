"""The client that code without one of its own reads through: the widgets, and Python code beside the magics.

The `%modeldb` magics register their client here (`set_current`), so the widgets and `current()` find it
without importing the magics; without the magics, `default_client()` makes one shared `Client()`.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .client import Client

_lock = threading.Lock()
_current: Client | None = None  # set by the magics
_shared: Client | None = None  # made on first use when there is no current client


def set_current(client: Client | None) -> None:
    """Make `client` the one `current()` answers (None: there is none, e.g. the magics were unloaded)."""
    global _current
    _current = client


def current() -> Client | None:
    """The client the `%modeldb` magics log through, or None when they are not loaded."""
    return _current


def default_client() -> Client:
    """`current()`, else one shared `Client()` (url → $MODELDB_URL → this Jupyter server → embedded store)."""
    global _shared
    found = _current
    if found is not None:
        return found
    with _lock:  # two widgets created at once still share one client
        if _shared is None:
            from .client import Client

            _shared = Client()
        return _shared
