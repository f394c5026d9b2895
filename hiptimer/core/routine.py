"""Routines: exercises in order, each with its dose (hold or reps, sets, tempo, rest) and sides."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

# Re-exported: the parts of a routine.
from .dose import LIMITS as LIMITS
from .dose import Dose as Dose
from .dose import RepRange as RepRange
from .dose import Side as Side
from .dose import Sides as Sides
from .dose import Tempo as Tempo
from .frequency import Frequency as Frequency

if TYPE_CHECKING:
    from .catalog import Exercise


@dataclass(frozen=True)
class Block:
    """One exercise in a routine with its dose.

    ``lead_in_s`` is the get-ready time before the first side, ``switch_s`` the time to change
    to the other side, ``transition_s`` the time to get into position before the block, while
    its name and how-to are spoken. ``first_side`` None follows the routine's affected side.
    ``note`` and ``equipment`` are the physiotherapist's words (equipment replaces the
    catalog's list); ``frequency`` None follows the routine's.
    """

    exercise: Exercise
    dose: Dose
    sides: Sides
    lead_in_s: float = 5.0
    switch_s: float = 10.0
    transition_s: float = 15.0
    first_side: Side | None = None
    note: str = ""
    equipment: str = ""
    frequency: Frequency | None = None
    progress_to: Exercise | None = None
    progress_when: str = ""


@dataclass(frozen=True)
class Activity:
    """Something done on its own and logged rather than timed: a walk, a ride, a swim."""

    exercise: Exercise  # an exercise of the catalog's activity category
    minutes: float
    frequency: Frequency | None = None  # None: the routine's
    note: str = ""
    equipment: str = ""

    def describe(self) -> str:
        """``"Easy walk, 20 min: with poles"``."""
        note = f": {self.note}" if self.note else ""
        return f"{self.exercise.name}, {self.minutes:g} min{note}"


@dataclass(frozen=True)
class Routine:
    """Exercises in order, each with its dose, and activities logged alongside them.

    ``affected_side`` (None: not said) is where each two-sided exercise starts unless its
    block says otherwise.
    """

    id: str
    name: str
    description: str
    frequency: Frequency
    blocks: tuple[Block, ...]
    sources: tuple[str, ...] = ()
    built_in: bool = False
    affected_side: Side | None = None
    activities: tuple[Activity, ...] = ()

    def first_side(self, block: Block) -> Side:
        """The side a two-sided block starts on: its own, else the affected side, else left."""
        return block.first_side or self.affected_side or Side.LEFT

    def frequency_of(self, item: Block | Activity) -> Frequency:
        return item.frequency or self.frequency


def find(routines: Iterable[Routine], routine_id: str) -> Routine | None:
    return next((r for r in routines if r.id == routine_id), None)
