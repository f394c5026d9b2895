"""A dose: how much of an exercise (a hold or a range of reps at a tempo, sets, rest), which
legs it works, the safe range of every field, and reading it from a table."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum

from .fields import REQUIRED, Collector, FieldError, Table
from .wording import LONG_S, hold_length


class Sides(str, Enum):
    """How an exercise uses the two legs."""

    EACH = "each"  # all sets on the first side, then all on the other
    EACH_BY_SET = "each-by-set"  # a set on the first side, a set on the other, and so on
    BOTH = "both"  # both legs at once, or no side at all
    ALTERNATING = "alternating"  # the two sides take turns, rep by rep


class Side(str, Enum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


@dataclass(frozen=True)
class Limit:
    """The safe range of one dose field, shown next to it wherever it is edited."""

    lo: float
    hi: float
    unit: str


# Every dose field's bounds, in one place: parsing, validation and editors all read these.
LIMITS: dict[str, Limit] = {
    "hold_s": Limit(5, 3600, "s"),
    "reps": Limit(1, 50, "reps"),
    "sets": Limit(1, 10, "sets"),
    "rest_s": Limit(0, 300, "s"),
    "tempo.up": Limit(0.5, 10, "s"),
    "tempo.hold": Limit(0, 60, "s"),
    "tempo.down": Limit(0.5, 10, "s"),
    "tempo.between": Limit(0, 10, "s"),
    "lead_in_s": Limit(0, 60, "s"),
    "switch_s": Limit(0, 60, "s"),
    "transition_s": Limit(0, 120, "s"),
}


@dataclass(frozen=True)
class Tempo:
    """Seconds for each phase of one rep: lift, hold at the top, lower, pause before the next."""

    up: float = 2.0
    hold: float = 0.0
    down: float = 2.0
    between: float = 1.0


@dataclass(frozen=True)
class RepRange:
    """Aim for ``high`` reps; the user may finish a set early once ``low`` are done."""

    low: int
    high: int

    def __str__(self) -> str:
        return str(self.high) if self.low == self.high else f"{self.low}–{self.high}"


@dataclass(frozen=True)
class Dose:
    """How much of an exercise: a timed hold (``hold_s``) or a range of reps at a tempo."""

    hold_s: float | None = None
    reps: RepRange | None = None
    sets: int = 1
    rest_s: float = 30.0
    tempo: Tempo = field(default_factory=Tempo)

    def __post_init__(self) -> None:
        if (self.hold_s is None) == (self.reps is None):
            raise ValueError("a dose has either hold_s or reps, not both and not neither")

    @property
    def is_timed(self) -> bool:
        return self.hold_s is not None

    def describe(self) -> str:
        """A short human summary, e.g. ``"2 × 10–15 reps"`` or ``"60 s hold"``."""
        sets = f"{self.sets} × " if self.sets > 1 else ""
        if self.hold_s is not None:  # from two minutes on a walk or a ride, not a hold
            return f"{sets}{hold_length(self.hold_s)}" + (" hold" if self.hold_s < LONG_S else "")
        assert self.reps is not None
        hold = f", {hold_length(self.tempo.hold)} hold" if self.tempo.hold else ""
        return f"{sets}{self.reps} reps{hold}"


def parse_dose(table: Table, base: Dose | None = None) -> Dose:
    """Read a dose table; with ``base``, the table may give only the fields it changes.

    Raises:
        FieldError: a field is missing, mistyped or outside ``LIMITS``.
    """
    dose = read_dose(table, base, Collector(strict=True))
    assert dose is not None  # a strict collector raises instead
    return dose


def read_dose(table: Table, base: Dose | None, collector: Collector) -> Dose | None:
    """Like ``parse_dose``, noting every problem in ``collector``; None if there were any."""
    c, before = collector, len(collector.problems)
    if table.has("hold_s") and table.has("reps"):
        c.fail(FieldError(table.name("reps"), "give either hold_s or reps, not both"))
        return None
    if base is None and not (table.has("hold_s") or table.has("reps")):
        c.fail(FieldError(table.name("hold_s"), "missing (give hold_s or reps)"))
        return None
    timed = table.has("hold_s") or (not table.has("reps") and base is not None and base.is_timed)
    if timed and table.has("tempo"):
        c.fail(FieldError(table.name("tempo"), "a timed hold has no tempo; give reps instead"))

    fallback = base or Dose(hold_s=LIMITS["hold_s"].lo)
    hold_s = reps = None
    if timed:
        hold_s = c.take(lambda: table.number(
            "hold_s", **_bounds("hold_s"), unit="s",
            default=fallback.hold_s if fallback.is_timed else REQUIRED), None)
    else:
        reps = c.take(lambda: _parse_reps(table), None) if table.has("reps") else fallback.reps
    sets = c.take(lambda: table.integer("sets", lo=1, hi=10, default=fallback.sets), 1)
    rest_s = c.take(lambda: table.number("rest_s", **_bounds("rest_s"), unit="s",
                                         default=fallback.rest_s), 0.0)
    tempo = _read_tempo(table, fallback.tempo, c) if not timed else fallback.tempo
    if len(c.problems) > before:
        return None
    return Dose(hold_s=hold_s, reps=reps, sets=sets, rest_s=rest_s, tempo=tempo)


def _bounds(key: str) -> dict[str, float]:
    limit = LIMITS[key]
    return {"lo": limit.lo, "hi": limit.hi}


def _parse_reps(table: Table) -> RepRange:
    name = table.name("reps")
    raw = table.raw("reps")
    limit = LIMITS["reps"]
    lo, hi = int(limit.lo), int(limit.hi)
    if isinstance(raw, int) and not isinstance(raw, bool):
        low = high = table.integer("reps", lo=lo, hi=hi)
    elif isinstance(raw, list) and len(raw) == 2:
        pair = Table({"low": raw[0], "high": raw[1]}, name)
        low = pair.integer("low", lo=lo, hi=hi)
        high = pair.integer("high", lo=lo, hi=hi)
        if low > high:
            raise FieldError(name, f"the range {low}–{high} runs backwards; put the lower first")
    else:
        if isinstance(raw, str):
            table.integer("reps", lo=lo, hi=hi)  # says how to write a number written as text
        raise FieldError(name, "expected a whole number or a range like [10, 15]")
    return RepRange(low, high)


def _read_tempo(table: Table, base: Tempo, c: Collector) -> Tempo:
    if not table.has("tempo"):
        return base
    tempo = c.take(lambda: table.table("tempo"), None)
    if tempo is None:
        return base
    for problem in tempo.unknown(f.name for f in dataclasses.fields(Tempo)):
        c.fail(problem)
    def phase(name: str) -> float:
        fallback: float = getattr(base, name)
        return c.take(lambda: tempo.number(name, **_bounds(f"tempo.{name}"), unit="s",
                                           default=fallback), fallback)

    return Tempo(**{f.name: phase(f.name) for f in dataclasses.fields(Tempo)})
