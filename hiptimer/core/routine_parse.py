"""Read a routine table: every problem noted at once, and which values took a default."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .catalog import Category
from .dose import LIMITS, Dose, RepRange, Side, Sides, read_dose
from .fields import Collector, FieldError, Table, closest
from .frequency import Frequency
from .plan import measure
from .routine import Activity, Block, Routine
from .wording import duration

if TYPE_CHECKING:
    from .catalog import Catalog, Exercise

LATEST = 2  # the newest routine file format this HipTimer reads and writes

# The keys of each version; a key of a later version in an earlier file is refused.
ROUTINE_KEYS = {1: {"id", "name", "description", "frequency", "sources", "block"},
                2: {"affected_side"}}
BLOCK_KEYS = {1: {"exercise", "hold_s", "reps", "sets", "rest_s", "tempo", "sides",
                  "lead_in_s", "switch_s", "transition_s"},
              2: {"first_side", "note", "equipment", "frequency", "progress_to",
                  "progress_when"}}
ACTIVITY_KEYS = {"activity", "minutes", "frequency", "note", "equipment"}
# Fields a block may leave out, taking the exercise's value or the usual one.
DEFAULTED = ("sets", "rest_s", "sides", "lead_in_s", "switch_s", "transition_s")
TEMPO = ("up", "hold", "down", "between")

# The session times a block may leave out, and their usual values.
USUAL_TIMES = {f.name: f.default for f in dataclasses.fields(Block)
               if f.name in ("lead_in_s", "switch_s", "transition_s")}
MAX_HOURS = 4
MAX_SEGMENTS = 10_000
MINUTES = (1, 240)  # an activity's minutes
NOTE_MAX, EQUIPMENT_MAX, WHEN_MAX = 200, 80, 120


class Invalid(Exception):
    """A routine table has problems; ``problems`` holds every one found."""

    def __init__(self, problems: list[FieldError]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Parsed:
    """A routine as read, and the fields it left out (``block[3].rest_s``), which took the
    exercise's or the usual value."""

    routine: Routine
    defaulted: frozenset[str]


def parse_routine(table: Table, catalog: Catalog, *, version: int = LATEST,
                  built_in: bool = False) -> Parsed:
    """Read a routine table of format ``version``.

    Raises:
        Invalid: with every problem found, each naming its field.
    """
    reader = _Reader(catalog, version)
    return reader.routine(table, built_in)


def size_problem(routine: Routine) -> str:
    """Why a routine is too big to run, in words; "" when it is not."""
    seconds, segments = measure(routine)
    if seconds > MAX_HOURS * 3600:
        return (f"the routine would take {duration(seconds)}; at most {MAX_HOURS} hours "
                "fit in one session")
    if segments > MAX_SEGMENTS:
        return (f"the routine has {segments:,} steps (every rep, hold and rest); at most "
                f"{MAX_SEGMENTS:,}: give fewer sets or reps")
    return ""


class _Reader:
    def __init__(self, catalog: Catalog, version: int) -> None:
        self.catalog = catalog
        self.version = version
        self.c = Collector()
        self.defaulted: set[str] = set()

    def keys(self, table: Table, by_version: dict[int, set[str]]) -> None:
        """Note unknown keys, and keys of a later version than the file's."""
        allowed = set().union(*by_version.values())
        block_keys = set().union(*BLOCK_KEYS.values(), ACTIVITY_KEYS) - allowed
        for problem in table.unknown(allowed):
            if not table.path and problem.field in block_keys:
                problem = FieldError(problem.field, "belongs to a block: is a [[block]] line "
                                     "missing above it?")
            self.c.fail(problem)
        for version, keys in by_version.items():
            for key in sorted(keys):
                if version > self.version and table.has(key):
                    self.c.fail(FieldError(table.name(key), f"is new in format version "
                                           f"{version}: write version = {version} at the top"))

    def routine(self, table: Table, built_in: bool) -> Parsed:
        c = self.c
        self.keys(table, ROUTINE_KEYS)
        routine_id = c.take(lambda: table.identifier("id"), "")
        name = c.take(lambda: table.text("name", max_len=60), "")
        description = c.take(lambda: table.text("description", max_len=400, default="",
                                                lines=True), "")
        frequency = c.take(lambda: _frequency(table, "frequency"), None)
        sources: tuple[str, ...] = c.take(lambda: table.texts("sources", max_len=8,
                                                               default=()), ())
        affected = c.take(lambda: _side(table, "affected_side"), None)
        items: list[Table] = c.take(lambda: table.tables("block", min_items=1), [])
        blocks: list[Block] = []
        activities: list[Activity] = []
        for item in items:
            if item.has("activity"):
                activity = self.activity(item)
                if activity is not None:
                    activities.append(activity)
                continue
            block = self.block(item)
            if block is not None:
                blocks.append(block)
        if items and not any(not i.has("activity") for i in items):
            c.fail(FieldError("block", "has only activities; a routine needs at least one "
                              "exercise to time"))
        if c.problems:
            raise Invalid(c.problems)
        routine = Routine(routine_id, name, description, frequency or Frequency.AS_NEEDED,
                          tuple(blocks),
                          sources=sources, built_in=built_in, affected_side=affected,
                          activities=tuple(activities))
        too_big = size_problem(routine)
        if too_big:
            raise Invalid([FieldError("block", too_big)])
        return Parsed(routine, frozenset(self.defaulted))

    def block(self, table: Table) -> Block | None:
        c, before = self.c, len(self.c.problems)
        self.keys(table, BLOCK_KEYS)
        exercise = c.take(lambda: self.exercise(table, "exercise"), None)
        # With no exercise to take a default dose from, the fields are still checked, so
        # that every problem of the block is told.
        base = exercise.dose if exercise else _stand_in(table)
        dose = read_dose(table, base, c)
        sides = c.take(lambda: table.choice(
            "sides", Sides, default=exercise.sides if exercise else Sides.BOTH), Sides.BOTH)

        def time(key: str) -> float:
            return c.take(lambda: table.number(key, lo=LIMITS[key].lo, hi=LIMITS[key].hi,
                                               unit="s", default=USUAL_TIMES[key]), 0.0)

        times: dict[str, Any] = {key: time(key) for key in USUAL_TIMES}
        details: dict[str, Any] = dict(
            first_side=c.take(lambda: _side(table, "first_side"), None),
            note=c.take(lambda: table.text("note", max_len=NOTE_MAX, default=""), ""),
            equipment=c.take(lambda: table.text("equipment", max_len=EQUIPMENT_MAX,
                                                default=""), ""),
            frequency=c.take(lambda: _frequency(table, "frequency"), None),
            progress_to=c.take(lambda: self.progression(table, exercise), None),
            progress_when=c.take(lambda: table.text("progress_when", max_len=WHEN_MAX,
                                                    default=""), ""),
        )
        if exercise is None or dose is None or len(c.problems) > before:
            return None
        block = Block(exercise, dose, sides, **times, **details)
        self.note_defaults(table, block)
        return block

    def note_defaults(self, table: Table, block: Block) -> None:
        keys = [k for k in DEFAULTED if not table.has(k)]
        if not (table.has("hold_s") or table.has("reps")):
            keys.append("hold_s" if block.dose.is_timed else "reps")
        if not block.dose.is_timed:
            tempo = table.raw("tempo") if table.has("tempo") else {}
            keys += [f"tempo.{k}" for k in TEMPO if not (isinstance(tempo, dict) and k in tempo)]
        self.defaulted.update(table.name(k) for k in keys)

    def activity(self, table: Table) -> Activity | None:
        c, before = self.c, len(self.c.problems)
        if self.version < 2:
            c.fail(FieldError(table.name("activity"), "is new in format version 2: write "
                              "version = 2 at the top"))
            return None
        for problem in table.unknown(ACTIVITY_KEYS):
            c.fail(problem)
        exercise = c.take(lambda: self.exercise(table, "activity", Category.ACTIVITY), None)
        minutes = c.take(lambda: table.number("minutes", lo=MINUTES[0], hi=MINUTES[1],
                                              unit="min"), 0.0)
        frequency = c.take(lambda: _frequency(table, "frequency"), None)
        note = c.take(lambda: table.text("note", max_len=NOTE_MAX, default=""), "")
        equipment = c.take(lambda: table.text("equipment", max_len=EQUIPMENT_MAX, default=""),
                           "")
        if exercise is None or len(c.problems) > before:
            return None
        return Activity(exercise, minutes, frequency, note, equipment)

    def exercise(self, table: Table, key: str, category: Category | None = None) -> Exercise:
        """The catalog exercise named by ``key`` (of ``category`` if given)."""
        exercise_id = table.text(key, max_len=64)
        exercise = self.catalog.get(exercise_id)
        if exercise is None:
            by_name = {e.name.casefold(): i for i, e in self.catalog.items()}
            guess = by_name.get(exercise_id.casefold()) or closest(
                exercise_id, [i for i, e in self.catalog.items()
                              if category in (None, e.category)])
            hint = f'; did you mean "{guess}"?' if guess else ""
            raise FieldError(table.name(key), f"no exercise with id {exercise_id!r} in the "
                             f"catalog{hint}")
        if category is not None and exercise.category is not category:
            kinds = ", ".join(i for i, e in self.catalog.items() if e.category is category)
            raise FieldError(table.name(key), f"{exercise_id!r} is not an activity; write "
                             f'exercise = "{exercise_id}" to time it in the session, or use '
                             f"one of: {kinds}")
        return exercise

    def progression(self, table: Table, exercise: Exercise | None) -> Exercise | None:
        if not table.has("progress_to"):
            return None
        target = self.exercise(table, "progress_to")
        if target is exercise:
            raise FieldError(table.name("progress_to"), "is this block's own exercise; name "
                             "the harder one to move on to")
        return target


def _stand_in(table: Table) -> Dose:
    """A dose to check a block's fields against when its exercise is unknown: in reps if it
    gives reps or a tempo, else timed."""
    if table.has("reps") or table.has("tempo"):
        return Dose(reps=RepRange(1, 1))
    return Dose(hold_s=LIMITS["hold_s"].lo)


def _side(table: Table, key: str) -> Side | None:
    return table.choice(key, Side) if table.has(key) else None


def _frequency(table: Table, key: str) -> Frequency | None:
    if not table.has(key):
        return None
    value = table.raw(key)
    if not isinstance(value, str):
        value = table.text(key)  # names the wrong type
    try:
        return Frequency.parse(value.strip())
    except ValueError as exc:
        raise FieldError(table.name(key), str(exc)) from exc
