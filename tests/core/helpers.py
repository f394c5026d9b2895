"""Shared test helpers for the core: a fake clock and routine builders."""

from __future__ import annotations

from hiptimer.core.catalog import Catalog, builtin_catalog
from hiptimer.core.routine import Block, Dose, Frequency, RepRange, Routine, Sides, Tempo


class FakeClock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        assert seconds >= 0
        self.now += seconds


CATALOG: Catalog = builtin_catalog()


def block(exercise_id: str, *, hold_s: float | None = None, reps: tuple[int, int] | None = None,
          sets: int = 1, rest_s: float = 0, tempo: Tempo | None = None,
          sides: Sides = Sides.BOTH, lead_in_s: float = 5, switch_s: float = 10,
          transition_s: float = 10) -> Block:
    dose = Dose(hold_s=hold_s, reps=RepRange(*reps) if reps else None, sets=sets,
                rest_s=rest_s, tempo=tempo or Tempo())
    return Block(CATALOG[exercise_id], dose, sides, lead_in_s, switch_s, transition_s)


def routine(*blocks: Block, routine_id: str = "test") -> Routine:
    return Routine(routine_id, "Test routine", "", Frequency.AS_NEEDED, tuple(blocks))
