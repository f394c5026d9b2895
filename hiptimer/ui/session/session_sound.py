"""What the session waits for so that its cues are heard on their beat.

A cue can be heard on time only if the player has it a little ahead (its lead time) and its
output already plays. So the session's clock stands still for the lead time when a cue is due
at once (Start, resume, a jump), and Start waits until the output plays.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

SOUND_WAIT_MS = 8000  # Start waits this long at most for the sound output to play


class HeldClock:
    """The session's clock, which can be told to stand still for a while and then runs on.

    ``to_monotonic`` turns its readings into ``time.monotonic()`` time (it may run faster).
    """

    def __init__(self, clock: Callable[[], float], to_monotonic: Callable[[float], float]
                 ) -> None:
        self._clock = clock
        self._per_second = to_monotonic(1.0) - to_monotonic(0.0)  # monotonic s per tick
        self._until = float("-inf")

    def __call__(self) -> float:
        return max(self._clock(), self._until)

    def hold(self, seconds: float) -> None:
        """Stand still for ``seconds`` of monotonic time from now."""
        self._until = self._clock() + seconds / self._per_second

    def timer_ms(self, seconds: float) -> int:
        """A timer's interval for ``seconds`` of this clock, rounded up."""
        return math.ceil(seconds * self._per_second * 1000)


class SoundGate(QObject):
    """Opens once the output plays, or has said why it cannot, or after ``SOUND_WAIT_MS``.

    Signals:
        opened(): Start may go.
    """

    opened = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._waiting = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SOUND_WAIT_MS)
        self._timer.timeout.connect(self.settle)

    def wait(self) -> None:
        self._waiting = True
        self._timer.start()

    def cancel(self) -> None:
        self._waiting = False
        self._timer.stop()

    def settle(self, *_: object) -> None:
        """The output plays, or cannot (connected to the player's ready and failed)."""
        if self._waiting:
            self.cancel()
            self.opened.emit()
