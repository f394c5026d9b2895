"""How the catalog guides an exercise: its source range and ladder, the words said for each
phase, its safety phrase, its easier option, and the hip-replacement precautions it touches.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .dose import LIMITS, Dose, RepRange
from .fields import FieldError, Table


class When(str, Enum):
    """What a ladder step asks of the last sessions beyond the usual step-up rule."""

    ALWAYS = "always"
    LOW_PAIN = "low-pain"  # "only when pain is minimal": 0-2 before and after, both times


class Precaution(str, Enum):
    """Movements a surgeon may rule out for a while after a hip replacement."""

    DEEP_FLEXION = "deep-flexion"
    CROSSING = "crossing"
    TURNING_IN = "turning-in"

    @property
    def label(self) -> str:
        """What the exercise does, to finish "It …"."""
        return {"deep-flexion": "bends the hip past a right angle",
                "crossing": "brings the leg across the middle of your body",
                "turning-in": "turns the leg inward"}[self.value]


@dataclass(frozen=True)
class PhaseWords:
    """The words for each phase: said as the phase starts and shown while it runs.

    ``down`` may be empty where the lowering phase is no movement of its own (a monster walk's
    steps): nothing is said, and the screen keeps the ``up`` word.
    """

    up: str
    hold: str
    down: str


@dataclass(frozen=True)
class SourceRange:
    """The dose the sources support: progression climbs inside it and never past its top."""

    reps: RepRange | None  # for an exercise done in reps
    hold_s: tuple[float, float] | None  # for a timed hold
    sets: tuple[int, int]


@dataclass(frozen=True)
class Rung:
    """One step of an exercise's ladder, taken once the top of its range is reached.

    Either ``hold_s``: hold at the top of each rep, raised to its low end and then step by
    step to its top (a bridge held 5, then 10 s); or ``exercise``: move on to that harder
    exercise (single-leg bridge).
    """

    hold_s: tuple[float, float] | None = None
    exercise: str | None = None
    when: When = When.ALWAYS


def parse_phases(table: Table, dose: Dose) -> PhaseWords:
    """``phases = { up, hold, down }``; ``up`` and ``down`` only where the dose is in reps."""
    table.only({"up", "hold", "down"})
    hold = table.text("hold", max_len=20)
    if dose.is_timed:
        return PhaseWords(up=table.text("up", max_len=20, default=hold), hold=hold,
                          down=table.text("down", max_len=20, default=""))
    return PhaseWords(up=table.text("up", max_len=20), hold=hold,
                      down=table.text("down", max_len=20, default=""))


def parse_range(table: Table, dose: Dose) -> SourceRange:
    """``[exercise.range]``: ``reps`` or ``hold_s`` as ``[low, top]`` (matching the dose),
    ``sets`` likewise (default ``[1, 1]``), ``from_source`` and a maintainers' ``note``."""
    table.only({"reps", "hold_s", "sets", "from_source", "note"})
    table.flag("from_source")
    table.text("note", max_len=200)
    key = "hold_s" if dose.is_timed else "reps"
    other = "reps" if dose.is_timed else "hold_s"
    if table.has(other):
        raise FieldError(table.name(other), f"the dose is {'timed' if dose.is_timed else 'in reps'}"
                         f"; give {key}")
    low, top = _pair(table, key, int(LIMITS[key].lo), int(LIMITS[key].hi))
    sets = _pair(table, "sets", 1, int(LIMITS["sets"].hi), default=[1, 1])
    if dose.is_timed:
        return SourceRange(None, (float(low), float(top)), sets)
    return SourceRange(RepRange(low, top), None, sets)


def parse_rung(table: Table) -> Rung:
    """One ``[[exercise.progressions]]``: ``hold_s = [low, top]`` or ``exercise = "id"``,
    and ``when``. The id is checked against the catalog by the caller."""
    table.only({"hold_s", "exercise", "when"})
    when = table.choice("when", When, default=When.ALWAYS)
    if table.has("hold_s") == table.has("exercise"):
        raise FieldError(table.name("hold_s"), "give either hold_s or exercise")
    if table.has("exercise"):
        return Rung(exercise=table.identifier("exercise"), when=when)
    low, top = _pair(table, "hold_s", 1, int(LIMITS["tempo.hold"].hi))
    return Rung(hold_s=(float(low), float(top)), when=when)


def _pair(table: Table, key: str, lo: int, hi: int,
          default: list[int] | None = None) -> tuple[int, int]:
    raw = table.raw(key) if table.has(key) or default is None else default
    if not isinstance(raw, list) or len(raw) != 2:
        raise FieldError(table.name(key), "expected a range like [10, 15]")
    pair = Table({"low": raw[0], "top": raw[1]}, table.name(key))
    low, top = pair.integer("low", lo=lo, hi=hi), pair.integer("top", lo=lo, hi=hi)
    if low > top:
        raise FieldError(table.name(key), f"the range {low}–{top} runs backwards")
    return low, top
