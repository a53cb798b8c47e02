"""tqdm progress bars (tqdm.auto: a widget in notebooks, text in terminals), only for work worth watching."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

BYTES_THRESHOLD = 4 * 1024 * 1024  # transfers smaller than this finish before a bar would be useful
PAGES_THRESHOLD = 3


def _worth_it(total: int | None, unit: str, show: bool | None) -> bool:
    threshold = BYTES_THRESHOLD if unit == "B" else PAGES_THRESHOLD
    return bool(show) if show is not None else total is not None and total >= threshold


class Meter:
    """A bar opened once the total is known (`start(total)` returns `update(n)`), and only if worth it."""

    def __init__(self, desc: str, unit: str = "B", show: bool | None = None) -> None:
        self.desc, self.unit, self.show = desc, unit, show
        self._bar: Any = None

    def start(self, total: int | None) -> Callable[[int], object]:
        if not _worth_it(total, self.unit, self.show):
            return _nothing
        from tqdm.auto import tqdm

        self._bar = tqdm(
            total=total, desc=self.desc, unit=self.unit, unit_scale=self.unit == "B", unit_divisor=1024, leave=False
        )
        update: Callable[[int], object] = self._bar.update
        return update

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Meter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextlib.contextmanager
def progress(total: int | None, desc: str, unit: str, show: bool | None) -> Iterator[Callable[[int], object]]:
    """Yields `update(n)` for work whose total is known up front."""
    with Meter(desc, unit, show) as meter:
        yield meter.start(total)


def _nothing(_n: int) -> None:
    return None
