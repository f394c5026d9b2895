"""Routines: exercises in order, each with its dose (hold or reps, sets, tempo, rest) and sides."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from .fields import REQUIRED, Collector, DataFile, DataFileError, FieldError, Table, read_toml
from .frequency import Frequency as Frequency  # re-exported: part of a routine

if TYPE_CHECKING:
    from .catalog import Catalog, Exercise


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
        if self.hold_s is not None and self.hold_s >= 120:  # a walk or a ride, not a hold
            minutes, seconds = divmod(round(self.hold_s), 60)
            return f"{sets}{minutes} min" + (f" {seconds} s" if seconds else "")
        if self.hold_s is not None:
            return f"{sets}{_seconds(self.hold_s)} hold"
        assert self.reps is not None
        hold = f", {_seconds(self.tempo.hold)} hold" if self.tempo.hold else ""
        return f"{sets}{self.reps} reps{hold}"


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


def _seconds(value: float) -> str:
    return f"{value:g} s"


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


@dataclass(frozen=True)
class Located:
    """One problem of a routine file, with the line it is on when known."""

    field: str
    problem: str
    line: int | None = None

    def text(self, file: str) -> str:
        where = f"{file}: line {self.line}" if self.line else file
        return f"{where}: {self.field}: {self.problem}"


class RoutineFileError(DataFileError):
    """A routine file cannot be used. The message names the file, and for every problem
    found its line (when known), the field and what is wrong, one problem a line.

    ``field`` and ``problem`` are the first problem's; ``problems`` holds them all.
    """

    def __init__(self, file: str, entry: str, error: FieldError,
                 problems: tuple[Located, ...] = ()) -> None:
        super().__init__(file, entry, error)
        self.problems = problems or (Located(error.field, error.problem),)
        self.args = ("\n".join(p.text(file) for p in self.problems),)

    @classmethod
    def of(cls, file: str, problems: Iterable[FieldError],
           lines: Callable[[str], int | None] = lambda _field: None) -> RoutineFileError:
        """Every problem of a file, each placed on its line by ``lines``."""
        located = tuple(Located(p.field, p.problem, lines(p.field)) for p in problems)
        return cls(file, "", FieldError(located[0].field, located[0].problem), located)


def load_routine_file(file: DataFile, catalog: Catalog, *, built_in: bool = False) -> Routine:
    """Read one routine file without a header (as the built-in routines are written).

    Raises:
        RoutineFileError: the file is unreadable or a field is wrong; nothing is returned.
    """
    from .routine_parse import Invalid, parse_routine

    try:
        return parse_routine(read_toml(file), catalog, built_in=built_in).routine
    except DataFileError as exc:
        raise RoutineFileError(exc.file, "", FieldError(exc.field, exc.problem)) from exc
    except Invalid as exc:
        raise RoutineFileError.of(file.name, exc.problems) from exc


def load_routines(folder: DataFile, catalog: Catalog, *, built_in: bool = False
                  ) -> tuple[Routine, ...]:
    """Every ``*.toml`` routine in ``folder``, sorted by file name; ids must be unique."""
    routines: list[Routine] = []
    for file in sorted(folder.iterdir(), key=lambda f: f.name):
        if not file.name.endswith(".toml"):
            continue
        routine = load_routine_file(file, catalog, built_in=built_in)
        if find(routines, routine.id) is not None:
            raise RoutineFileError(file.name, "", FieldError("id", f"{routine.id!r} is used by "
                                                             "another routine"))
        routines.append(routine)
    return tuple(routines)


def builtin_routines(catalog: Catalog) -> tuple[Routine, ...]:
    """The routines shipped with HipTimer."""
    from importlib import resources

    return load_routines(resources.files("hiptimer.assets") / "routines", catalog,
                         built_in=True)


def total_duration(routine: Routine) -> float:
    """The routine's length in seconds, as the compiled plan will run it (worked out without
    compiling it, so a huge routine in the editor costs nothing)."""
    from .plan import measure

    return measure(routine)[0]


def find(routines: Iterable[Routine], routine_id: str) -> Routine | None:
    return next((r for r in routines if r.id == routine_id), None)
