"""JSON helpers shared by storage and transports."""

from __future__ import annotations

from typing import Any


def integral_floats_as_ints(data: Any) -> Any:
    """Render 3.0 as 3, as Go's encoder does, so integer values come back looking like what was sent."""
    if isinstance(data, float) and data.is_integer() and abs(data) < 2**53:
        return int(data)
    if isinstance(data, dict):
        return {k: integral_floats_as_ints(v) for k, v in data.items()}
    if isinstance(data, list):
        return [integral_floats_as_ints(v) for v in data]
    return data
