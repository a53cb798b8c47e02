"""`gc_paused()`: no cyclic garbage collection while a block builds a million small objects."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Each collection walks every live object, and a million allocations trigger hundreds of collections:
    building a million-point series took 4 s with them and 0.4 s without. Tuples and lists of numbers make no
    reference cycles, so the pause leaves nothing behind. Restores the previous state (a pause inside a
    pause, or under a caller's own gc.disable(), leaves the collector off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
