"""Routines: exercises in order, each with its dose (hold or reps, sets, tempo, rest) and sides."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from .fields import REQUIRED, DataFile, DataFileError, FieldError, Table, read_toml

if TYPE_CHECKING:
    from .catalog import Catalog, Exercise


class Sides(str, Enum):
    """How an exercise uses the two legs."""

    EACH = "each"  # all sets on the left, then all on the right
    BOTH = "both"  # both legs at once, or no side at all
    ALTERNATING = "alternating"  # left and right take turns, rep by rep


class Side(str, Enum):
    LEFT = "left"
    RIGHT = "right"


class Frequency(str, Enum):
    """How often a routine is meant to be done."""

    DAILY = "daily"
    STRENGTH = "3-4-per-week"
    AS_NEEDED = "as-needed"

    @property
    def label(self) -> str:
        return {"daily": "daily", "3-4-per-week": "3–4 days a week",
                "as-needed": "whenever you like"}[self.value]


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
    its name and how-to are spoken.
    """

    exercise: Exercise
    dose: Dose
    sides: Sides
    lead_in_s: float = 5.0
    switch_s: float = 10.0
    transition_s: float = 15.0


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    description: str
    frequency: Frequency
    blocks: tuple[Block, ...]
    sources: tuple[str, ...] = ()
    built_in: bool = False


def _seconds(value: float) -> str:
    return f"{value:g} s"


def parse_dose(table: Table, base: Dose | None = None) -> Dose:
    """Read a dose table; with ``base``, the table may give only the fields it changes.

    Raises:
        FieldError: a field is missing, mistyped or outside ``LIMITS``.
    """
    if table.has("hold_s") and table.has("reps"):
        raise FieldError(table.name("reps"), "give either hold_s or reps, not both")
    if base is None and not (table.has("hold_s") or table.has("reps")):
        raise FieldError(table.name("hold_s"), "missing (give hold_s or reps)")
    timed = table.has("hold_s") or (not table.has("reps") and base is not None and base.is_timed)
    if timed and table.has("tempo"):
        raise FieldError(table.name("tempo"), "a timed hold has no tempo; give reps instead")

    fallback = base or Dose(hold_s=LIMITS["hold_s"].lo)
    hold_s = reps = None
    if timed:
        hold_s = table.number("hold_s", **_bounds("hold_s"),
                              default=fallback.hold_s if fallback.is_timed else REQUIRED)
    else:
        reps = _parse_reps(table) if table.has("reps") else fallback.reps
    return Dose(
        hold_s=hold_s,
        reps=reps,
        sets=table.integer("sets", lo=1, hi=10, default=fallback.sets),
        rest_s=table.number("rest_s", **_bounds("rest_s"), default=fallback.rest_s),
        tempo=_parse_tempo(table, fallback.tempo),
    )


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
        raise FieldError(name, "expected a whole number or a range like [10, 15]")
    return RepRange(low, high)


def _parse_tempo(table: Table, base: Tempo) -> Tempo:
    if not table.has("tempo"):
        return base
    tempo = table.table("tempo")
    tempo.only(f.name for f in dataclasses.fields(Tempo))
    return Tempo(**{
        f.name: tempo.number(f.name, **_bounds(f"tempo.{f.name}"), default=getattr(base, f.name))
        for f in dataclasses.fields(Tempo)
    })


BLOCK_KEYS = {"exercise", "hold_s", "reps", "sets", "rest_s", "tempo", "sides",
              "lead_in_s", "switch_s", "transition_s"}


def parse_block(table: Table, catalog: Catalog) -> Block:
    """Read one ``[[block]]``: an exercise id plus any dose fields that differ from its default.

    Raises:
        FieldError: unknown exercise id, or a bad field.
    """
    table.only(BLOCK_KEYS)
    exercise_id = table.text("exercise", max_len=64)
    exercise = catalog.get(exercise_id)
    if exercise is None:
        raise FieldError(table.name("exercise"), f"no exercise with id {exercise_id!r} "
                         "in the catalog")
    defaults = Block(exercise, exercise.dose, exercise.sides)
    return Block(
        exercise=exercise,
        dose=parse_dose(table, base=exercise.dose),
        sides=table.choice("sides", Sides, default=exercise.sides),
        lead_in_s=table.number("lead_in_s", **_bounds("lead_in_s"), default=defaults.lead_in_s),
        switch_s=table.number("switch_s", **_bounds("switch_s"), default=defaults.switch_s),
        transition_s=table.number("transition_s", **_bounds("transition_s"),
                                  default=defaults.transition_s),
    )


ROUTINE_KEYS = {"id", "name", "description", "frequency", "sources", "block"}


def parse_routine(table: Table, catalog: Catalog, *, built_in: bool = False) -> Routine:
    """Read a routine table (``id``, ``name``, ``description``, ``frequency``, ``[[block]]``)."""
    table.only(ROUTINE_KEYS)
    return Routine(
        id=table.identifier("id"),
        name=table.text("name", max_len=60),
        description=table.text("description", max_len=400, default=""),
        frequency=table.choice("frequency", Frequency, default=Frequency.AS_NEEDED),
        sources=table.texts("sources", max_len=8, default=()),
        blocks=tuple(parse_block(b, catalog) for b in table.tables("block", min_items=1)),
        built_in=built_in,
    )


class RoutineFileError(DataFileError):
    """A routine file cannot be used. The message names the file and the field."""


def load_routine_file(file: DataFile, catalog: Catalog, *, built_in: bool = False) -> Routine:
    """Read one routine file.

    Raises:
        RoutineFileError: the file is unreadable or a field is wrong; nothing is returned.
    """
    try:
        return parse_routine(read_toml(file), catalog, built_in=built_in)
    except DataFileError as exc:
        raise RoutineFileError(exc.file, "", FieldError(exc.field, exc.problem)) from exc
    except FieldError as exc:
        raise RoutineFileError(file.name, "", exc) from exc


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
    """The routine's length in seconds, as the compiled plan will run it."""
    from .plan import compile_plan

    return compile_plan(routine).duration


def find(routines: Iterable[Routine], routine_id: str) -> Routine | None:
    return next((r for r in routines if r.id == routine_id), None)
