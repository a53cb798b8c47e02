"""Generated names made predictable in tests: a frozen clock and a scripted random source."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

import pytest

FROZEN_STAMP = "20300101-000000"


def freeze_generated_names(monkeypatch: pytest.MonkeyPatch, suffixes: list[str]) -> list[str]:
    """Make `secrets.token_hex` hand out `suffixes` (then fresh ones) and `time.strftime` of the current time
    return FROZEN_STAMP, so that the name a generator makes next is known in advance. Returns the list of
    the suffixes handed out so far (it grows as names are generated)."""
    handed: list[str] = []
    real_token_hex: Callable[[int], str] = secrets.token_hex
    real_strftime = time.strftime

    def token_hex(nbytes: int) -> str:
        handed.append(suffixes.pop(0) if suffixes else real_token_hex(nbytes))
        return handed[-1]

    monkeypatch.setattr(secrets, "token_hex", token_hex)
    monkeypatch.setattr(time, "strftime", lambda fmt, *t: FROZEN_STAMP if not t else real_strftime(fmt, *t))
    return handed
