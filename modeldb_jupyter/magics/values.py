"""What a notebook variable becomes when it is logged as a hyperparameter: its value when it is small and plain
(numbers, strings, booleans, None, short lists and dicts of those), else a summary string such as
"<ndarray shape=(3, 4)>". Nothing is pickled and no large object is converted or repr()'d.
"""

from __future__ import annotations

import math
from typing import Any

MAX_STRING = 1000
MAX_ITEMS = 32
_SCALARS = (bool, int, float, str, type(None))


def _scalar(value: Any) -> tuple[bool, Any]:
    """(True, plain value) for a storable scalar; NumPy scalars become Python numbers."""
    if isinstance(value, float):
        return (True, value) if math.isfinite(value) else (False, None)
    if isinstance(value, str):
        return (True, value) if len(value) <= MAX_STRING else (False, None)
    if isinstance(value, _SCALARS):
        return True, value
    item = getattr(value, "item", None)
    if item is not None and getattr(value, "shape", None) == ():
        try:
            plain = item()
        except Exception:
            return False, None
        if isinstance(plain, _SCALARS) and not isinstance(plain, str):
            return _scalar(plain)
    return False, None


def summary(value: Any) -> str:
    """`<type shape=(…)>`, `<type len=n>` or `<type>`: what the object is, not what it holds."""
    name = type(value).__name__
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and all(isinstance(n, int) for n in shape):
        return f"<{name} shape={shape}>"
    if isinstance(value, float):
        return f"<float {value}>"
    if isinstance(value, str):
        return f"<str len={len(value)}>"
    try:
        length = len(value) if hasattr(value, "__len__") else None
    except Exception:
        length = None
    return f"<{name} len={length}>" if isinstance(length, int) else f"<{name}>"


def hyperparameter_value(value: Any) -> Any:
    """The value to log for a variable: itself when small and plain, else `summary(value)`."""
    ok, plain = _scalar(value)
    if ok:
        return plain
    if isinstance(value, list | tuple) and len(value) <= MAX_ITEMS:
        items = [_scalar(v) for v in value]
        if all(ok for ok, _ in items):
            return [v for _, v in items]
    if isinstance(value, dict) and len(value) <= MAX_ITEMS and all(isinstance(k, str) for k in value):
        items = [_scalar(v) for v in value.values()]
        if all(ok for ok, _ in items):
            return {k: v for k, (_, v) in zip(value, items, strict=True)}
    return summary(value)
