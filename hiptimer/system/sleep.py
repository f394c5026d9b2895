"""Notice that the machine slept: the monotonic clock stops during suspend, others do not."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable


def clock_gap() -> float:
    """A clock that keeps counting through suspend, minus the monotonic clock that does not."""
    if sys.platform.startswith("linux"):
        return time.clock_gettime(time.CLOCK_BOOTTIME) - time.monotonic()
    return time.time() - time.monotonic()  # wall time also moves when the clock is set


class SleepWatch:
    """``slept()`` is True once after the gap between the two clocks grows by ``threshold_s``."""

    def __init__(self, gap: Callable[[], float] = clock_gap, threshold_s: float = 3.0) -> None:
        self._gap = gap
        self._threshold = threshold_s
        self._last = gap()

    def slept(self) -> bool:
        now = self._gap()
        jumped = abs(now - self._last) >= self._threshold
        self._last = now
        return jumped
