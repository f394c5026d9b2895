"""How long each routine takes, the user's own worked out off the GUI thread: the largest
routine a file may describe takes seconds to compile, and the window must not wait for it at
every start."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..core.plan import compile_plan
from ..core.routine import Routine
from .tasks import run_in_background


class RoutineLengths(QObject):
    """The lengths of routines, remembered per routine (an edited routine is a new one).

    Signals:
        known(): the lengths asked for earlier are known now: ask again.
    """

    known = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lengths: dict[str, tuple[Routine, float]] = {}  # by routine id
        self._working: dict[str, Routine] = {}  # by routine id: being worked out

    def of(self, routines: tuple[Routine, ...]) -> dict[str, float]:
        """The lengths in seconds known now, by routine id; the others are worked out in the
        background, and ``known`` is emitted once they are."""
        found: dict[str, float] = {}
        missing: list[Routine] = []
        for routine in routines:
            routine_of, length = self._lengths.get(routine.id, (None, 0.0))
            if routine_of is routine:
                found[routine.id] = length
            elif routine.built_in:  # small, and the same for everyone: no wait to show
                found[routine.id] = _length(routine)
                self._lengths[routine.id] = (routine, found[routine.id])
            elif self._working.get(routine.id) is not routine:
                missing.append(routine)
        if missing:
            self._working.update((r.id, r) for r in missing)
            run_in_background(lambda _progress: [(r, _length(r)) for r in missing],
                              self._worked_out, self._failed, parent=self)
        return found

    def _worked_out(self, lengths: list[tuple[Routine, float]]) -> None:
        for routine, length in lengths:
            if self._working.get(routine.id) is routine:
                del self._working[routine.id]
            self._lengths[routine.id] = (routine, length)
        self.known.emit()

    def _failed(self, exc: Exception) -> None:
        raise exc  # a routine that loaded but does not compile is a bug: let it be seen


def _length(routine: Routine) -> float:
    return compile_plan(routine).duration if routine.blocks else 0.0
