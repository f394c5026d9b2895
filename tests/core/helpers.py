"""Shared test helpers for the core: a fake clock and routine builders."""

from __future__ import annotations

import dataclasses
import sys

from hypothesis import strategies as st

from hiptimer.core.catalog import Catalog, Category, builtin_catalog
from hiptimer.core.dose import Dose, RepRange, Side, Sides, Tempo
from hiptimer.core.fields import Table
from hiptimer.core.figure.spec import FigureSpec, parse_figure
from hiptimer.core.routine import Activity, Block, Frequency, Routine


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


def quarter_seconds(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Times in whole quarter seconds, so that sums stay exact in binary floating point."""
    return st.integers(int(lo * 4), int(hi * 4)).map(lambda q: q / 4)


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    exercise = draw(st.sampled_from(sorted(CATALOG)))
    timed = draw(st.booleans())
    low = draw(st.integers(1, 4))
    tempo = Tempo(up=draw(quarter_seconds(0.5, 3)), hold=draw(quarter_seconds(0, 3)),
                  down=draw(quarter_seconds(0.5, 3)), between=draw(quarter_seconds(0, 2)))
    dose = Dose(
        hold_s=draw(quarter_seconds(5, 40)) if timed else None,
        reps=None if timed else RepRange(low, draw(st.integers(low, low + 3))),
        sets=draw(st.integers(1, 3)), rest_s=draw(quarter_seconds(0, 15)), tempo=tempo,
    )
    return Block(CATALOG[exercise], dose, draw(st.sampled_from(list(Sides))),
                 lead_in_s=draw(quarter_seconds(0, 6)), switch_s=draw(quarter_seconds(0, 8)),
                 transition_s=draw(quarter_seconds(0, 12)),
                 first_side=draw(st.sampled_from([None, *Side])),
                 note=draw(st.sampled_from(["", "Keep your back flat.", "Stop if it tingles"])),
                 equipment=draw(st.sampled_from(["", "green band above the knees"])),
                 frequency=draw(st.sampled_from([None, *Frequency.choices()])),
                 progress_to=draw(st.sampled_from([None, *(e for i, e in CATALOG.items()
                                                          if i != exercise)])),
                 progress_when=draw(st.sampled_from(["", "when 3 × 12 is easy"])))


ACTIVITIES = sorted(i for i, e in CATALOG.items() if e.category is Category.ACTIVITY)


@st.composite
def activities(draw: st.DrawFn) -> Activity:
    return Activity(CATALOG[draw(st.sampled_from(ACTIVITIES))], draw(st.integers(1, 240)),
                    draw(st.sampled_from([None, *Frequency.choices()])),
                    draw(st.sampled_from(["", "with poles"])),
                    draw(st.sampled_from(["", "walking poles"])))


@st.composite
def routines(draw: st.DrawFn, max_blocks: int = 3) -> Routine:
    r = routine(*draw(st.lists(blocks(), min_size=1, max_size=max_blocks)))
    return dataclasses.replace(r, affected_side=draw(st.sampled_from([None, *Side])),
                               activities=tuple(draw(st.lists(activities(), max_size=2))))


def figure_of(text: str) -> FigureSpec:
    """A figure spec from the text of a figure file."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return parse_figure(Table(tomllib.loads(text)))
