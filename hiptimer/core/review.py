"""What an import preview shows: each block as it will run, the values the file left out,
and a caution for every value beyond what the catalog's sources suggest."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass

from .catalog import Category
from .dose import Sides
from .plan import Plan, by_side, compile_plan
from .routine import Activity, Block, Routine
from .wording import duration, hold_length, side_short

# Beyond these the sources (shared CONTENT.md) give no support; a physiotherapist may still
# ask for more, so these warn and never refuse.
STRETCH_HOLD_S = 120  # the sources hold a stretch 6 to 60 s
OTHER_HOLD_S = 120  # a massage or a held position: about a minute
REPS = 30  # the sources give 6 to 15 reps
TOP_HOLD_S = 10  # a hold at the top of a rep: 5 to 10 s at most (bridge)
ACTIVITY_MINUTES = 60  # walking and the like: about 30 minutes, built up slowly
COUNTDOWN_ACTIVITY_S = 600  # an activity this long belongs in the log, not the countdown
SESSION_MINUTES = 90

FIELD_LABELS = {"hold_s": "hold", "reps": "reps", "sets": "sets", "rest_s": "rest",
                "tempo.up": "lift", "tempo.hold": "hold at the top", "tempo.down": "lower",
                "tempo.between": "pause between reps", "sides": "sides",
                "lead_in_s": "get ready", "switch_s": "switch sides",
                "transition_s": "get into position"}


@dataclass(frozen=True)
class Value:
    """One value of a block as shown: ``defaulted`` when the file left it out."""

    label: str
    text: str
    defaulted: bool = False


@dataclass(frozen=True)
class BlockRow:
    number: int
    name: str
    values: tuple[Value, ...]  # the dose: hold or reps, sets, rest, tempo
    order: Value  # the sides: "left side first, then right", "both legs at once", ...
    timing: tuple[Value, ...]  # the session's times around it: getting ready, switching
    seconds: float  # the block's time in the session, getting into position included
    cautions: tuple[str, ...]
    extras: tuple[tuple[str, str], ...]  # (label, text): note, equipment, how often, next step


@dataclass(frozen=True)
class ActivityRow:
    name: str
    minutes: float
    frequency: str
    note: str
    equipment: str
    cautions: tuple[str, ...]


@dataclass(frozen=True)
class Preview:
    routine: Routine
    rows: tuple[BlockRow, ...]
    activities: tuple[ActivityRow, ...]
    seconds: float
    cautions: tuple[str, ...]  # for the routine as a whole

    @property
    def caution_count(self) -> int:
        return (len(self.cautions) + sum(len(r.cautions) for r in self.rows)
                + sum(len(a.cautions) for a in self.activities))

    @property
    def defaulted_count(self) -> int:
        return sum(1 for r in self.rows for v in (*r.values, r.order, *r.timing)
                   if v.defaulted)


def preview(routine: Routine, defaulted: Collection[str] = ()) -> Preview:
    """Everything an import preview shows of ``routine``.

    Args:
        defaulted: the fields the file left out, as ``block[N].key`` (N from 1).
    """
    plan = compile_plan(routine)
    rows = tuple(_row(routine, plan, i, block, defaulted)
                 for i, block in enumerate(routine.blocks))
    cautions = []
    if plan.duration > SESSION_MINUTES * 60:
        cautions.append(f"The session takes {duration(plan.duration)}: longer than an hour "
                        "and a half.")
    activities = tuple(_activity_row(routine, a) for a in routine.activities)
    return Preview(routine, rows, activities, plan.duration, tuple(cautions))


def side_order(routine: Routine, block: Block) -> str:
    """The order of the sides in words, named by what the body does ("left leg first")."""
    side = routine.first_side(block)
    first = side.value
    if block.sides is Sides.EACH_BY_SET:
        return f"a set on each side in turn, {side_short(block.exercise, side)} first"
    if by_side(block):
        return (f"{side_short(block.exercise, side)} first, then "
                f"{side_short(block.exercise, side.other)}")
    if block.sides is Sides.ALTERNATING:
        return f"legs taking turns rep by rep, {first} first"
    return "both legs at once"


def cautions(block: Block) -> list[str]:
    """A caution for each value beyond what the catalog's sources suggest: past the general
    limit above and past the exercise's own usual dose."""
    dose, exercise = block.dose, block.exercise
    usual = exercise.dose

    def beyond(value: float, limit: float, own: float | None) -> bool:
        return value > max(limit, own or 0.0)

    found = []
    if dose.hold_s is not None:
        if exercise.category is Category.ACTIVITY:
            if dose.hold_s >= COUNTDOWN_ACTIVITY_S:
                found.append(f"{duration(dose.hold_s)} of {exercise.name.lower()} is counted "
                             "down in the middle of the session; as an activity it would be "
                             "logged instead, whenever it is done.")
        elif beyond(dose.hold_s, STRETCH_HOLD_S if exercise.category is Category.STRETCH
                    else OTHER_HOLD_S, usual.hold_s):
            found.append(f"Held {hold_length(dose.hold_s)}: the sources hold it for about a "
                         "minute at most.")
    if dose.reps is not None and beyond(dose.reps.high, REPS,
                                             usual.reps.high if usual.reps else None):
        found.append(f"{dose.reps.high} reps a set: the sources suggest 6 to 15.")
    if dose.reps is not None and beyond(dose.tempo.hold, TOP_HOLD_S, usual.tempo.hold):
        found.append(f"A {dose.tempo.hold:g} s hold at the top of every rep: the sources "
                     f"suggest up to {max(TOP_HOLD_S, usual.tempo.hold):g} s.")
    return found


def _row(routine: Routine, plan: Plan, index: int, block: Block,
         defaulted: Collection[str]) -> BlockRow:
    def value(key: str, text: str) -> Value:
        return Value(FIELD_LABELS[key], text, f"block[{index + 1}].{key}" in defaulted)

    dose = block.dose
    values = [value("hold_s", hold_length(dose.hold_s)) if dose.hold_s is not None
              else value("reps", str(dose.reps)),
              value("sets", str(dose.sets))]
    if dose.sets > 1:
        values.append(value("rest_s", hold_length(dose.rest_s)))
    if dose.reps is not None:
        values += [value(f"tempo.{key}", hold_length(getattr(dose.tempo, key)))
                   for key in ("up", "hold", "down", "between")]
    timing = [value(key, hold_length(getattr(block, key)))
              for key in ("transition_s", "lead_in_s", "switch_s")
              if key != "switch_s" or by_side(block)]
    seconds = sum(s.duration for s in plan.segments if s.block == index)
    order = dataclasses.replace(value("sides", ""), text=side_order(routine, block))
    return BlockRow(index + 1, block.exercise.name, tuple(values), order, tuple(timing),
                    seconds, tuple(cautions(block)), tuple(block_extras(block)))


def block_extras(block: Block) -> list[tuple[str, str]]:
    """What the physiotherapist added to a block, as (label, text), where given."""
    extras = [("Note", block.note), ("You need", block.equipment),
              ("How often", block.frequency.label if block.frequency else ""),
              ("Next step", next_step(block))]
    return [(label, text) for label, text in extras if text]


def next_step(block: Block) -> str:
    """The harder exercise to move on to, and when, as the physiotherapist wrote it."""
    if block.progress_to is None:
        return block.progress_when
    when = f" — {block.progress_when}" if block.progress_when else ""
    return f"{block.progress_to.name}{when}"


def _activity_row(routine: Routine, activity: Activity) -> ActivityRow:
    found = []
    if activity.minutes > ACTIVITY_MINUTES:
        found.append(f"{activity.minutes:g} minutes: the sources suggest about 30, built up "
                     "slowly.")
    return ActivityRow(activity.exercise.name, activity.minutes,
                       routine.frequency_of(activity).label, activity.note, activity.equipment,
                       tuple(found))


def describe_dose(block: Block) -> str:
    """A block's dose in words with its sides: "10–15 reps, 3 sets, each side"."""
    sides = {"each": "each side", "each-by-set": "each side, set by set",
             "both": "", "alternating": "alternating legs"}
    extra = sides[block.sides.value]
    return block.dose.describe() + (f", {extra}" if extra else "")
