"""Editing a routine as a value: pure steps for the editor, and typed numbers checked on LIMITS."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .catalog import Category, Exercise, Position
from .dose import LIMITS, RepRange, Side
from .fields import plain_text
from .frequency import Frequency
from .routine import Block, Routine
from .routine_parse import EQUIPMENT_MAX, NOTE_MAX, WHEN_MAX, size_problem
from .wording import duration

NAME_MAX = 60
DESCRIPTION_MAX = 400
WHOLE = frozenset({"reps", "sets"})  # fields counted in whole numbers
BLOCK_FIELDS = frozenset({"lead_in_s", "switch_s", "transition_s"})
TEMPO_PREFIX = "tempo."
FALLBACK_HOLD_S = 30.0  # a timed hold for an exercise the catalog doses in reps
FALLBACK_REPS = RepRange(10, 15)  # reps for an exercise the catalog doses as a hold
TEXT_MAX = {"note": NOTE_MAX, "equipment": EQUIPMENT_MAX, "progress_when": WHEN_MAX}
Detail = Side | Frequency | Exercise | str | None  # a value of one of DETAILS
DETAILS = frozenset({"first_side", "frequency", "progress_to", *TEXT_MAX})


@dataclass(frozen=True)
class Reading:
    """A typed value: the number when it is acceptable, otherwise why it is refused."""

    value: float | None
    problem: str = ""


def new_block(exercise: Exercise) -> Block:
    """The exercise with its catalog dose and sides, and the usual get-ready times."""
    return Block(exercise, exercise.dose, exercise.sides)


def insert_block(routine: Routine, index: int, block: Block) -> Routine:
    """The routine with ``block`` inserted before ``index`` (at the end if past it)."""
    blocks = list(routine.blocks)
    blocks.insert(index, block)
    return dataclasses.replace(routine, blocks=tuple(blocks))


def remove_block(routine: Routine, index: int) -> Routine:
    """The routine without the block at ``index``.

    Raises:
        IndexError: there is no such block.
    """
    _check_index(routine, index)
    return dataclasses.replace(routine, blocks=routine.blocks[:index] + routine.blocks[index + 1:])


def move_block(routine: Routine, source: int, target: int) -> Routine:
    """The routine with the block at ``source`` moved so that it ends up at ``target``.

    Raises:
        IndexError: either index is outside the routine.
    """
    _check_index(routine, source)
    _check_index(routine, target)
    blocks = list(routine.blocks)
    blocks.insert(target, blocks.pop(source))
    return dataclasses.replace(routine, blocks=tuple(blocks))


def replace_block(routine: Routine, index: int, block: Block) -> Routine:
    """The routine with the block at ``index`` replaced by ``block``."""
    _check_index(routine, index)
    blocks = list(routine.blocks)
    blocks[index] = block
    return dataclasses.replace(routine, blocks=tuple(blocks))


def _check_index(routine: Routine, index: int) -> None:
    if not 0 <= index < len(routine.blocks):
        raise IndexError(f"no block {index} in a routine of {len(routine.blocks)}")


def field_value(block: Block, key: str) -> float | None:
    """The current value of the ``LIMITS`` field ``key``; None where the dose has no such field
    (a hold for reps, reps for a hold). ``reps`` gives the high end of the range."""
    if key in BLOCK_FIELDS:
        return float(getattr(block, key))
    if key.startswith(TEMPO_PREFIX):
        return float(getattr(block.dose.tempo, key.removeprefix(TEMPO_PREFIX)))
    if key == "reps":
        return None if block.dose.reps is None else float(block.dose.reps.high)
    value = getattr(block.dose, key)
    return None if value is None else float(value)


def with_field(block: Block, key: str, value: float) -> Block:
    """The block with one ``LIMITS`` field changed (not ``reps``: see ``with_reps``).

    Raises:
        ValueError: the value is outside the field's limits, or the dose has no such field.
        KeyError: ``key`` names no field.
    """
    problem = check(key, value)
    if problem:
        raise ValueError(problem)
    dose = block.dose
    if key == "lead_in_s":
        return dataclasses.replace(block, lead_in_s=value)
    if key == "switch_s":
        return dataclasses.replace(block, switch_s=value)
    if key == "transition_s":
        return dataclasses.replace(block, transition_s=value)
    if key.startswith(TEMPO_PREFIX):
        tempo = dataclasses.replace(dose.tempo, **{key.removeprefix(TEMPO_PREFIX): value})
        return dataclasses.replace(block, dose=dataclasses.replace(dose, tempo=tempo))
    if key == "hold_s":
        if not dose.is_timed:
            raise ValueError("a dose in reps has no hold time; make it a timed hold first")
        return dataclasses.replace(block, dose=dataclasses.replace(dose, hold_s=value))
    if key == "sets":
        return dataclasses.replace(block, dose=dataclasses.replace(dose, sets=int(value)))
    if key == "rest_s":
        return dataclasses.replace(block, dose=dataclasses.replace(dose, rest_s=value))
    raise KeyError(key)


def with_detail(block: Block, key: str, value: Detail) -> Block:
    """The block with one of the physiotherapist's details changed: ``first_side``,
    ``frequency`` or ``progress_to`` (None: not given), or the text ``note``, ``equipment``
    or ``progress_when`` (cleaned of control characters and trimmed).

    Raises:
        ValueError: a text too long, or a block moving on to its own exercise.
        KeyError: ``key`` names no detail.
    """
    if key not in DETAILS:
        raise KeyError(key)
    kinds = {"first_side": Side, "frequency": Frequency, "progress_to": Exercise}
    if key in kinds and not isinstance(value, (kinds[key], type(None))):
        raise TypeError(f"{key} cannot be {value!r}")
    if key in TEXT_MAX:
        value = plain_text(str(value or "")).strip()
        if len(value) > TEXT_MAX[key]:
            raise ValueError(f"{len(value)} characters; {TEXT_MAX[key]} is the most")
    if key == "progress_to" and value == block.exercise:
        raise ValueError("the next step must be another exercise")
    changes: dict[str, Any] = {key: value}
    return dataclasses.replace(block, **changes)


def with_reps(block: Block, low: int, high: int) -> Block:
    """The block dosed as ``low``–``high`` reps (a timed hold becomes reps).

    Raises:
        ValueError: either end is outside the limits, or the range runs backwards.
    """
    problem = check("reps", low) or check("reps", high) or reps_problem(low, high)
    if problem:
        raise ValueError(problem)
    dose = dataclasses.replace(block.dose, hold_s=None, reps=RepRange(low, high))
    return dataclasses.replace(block, dose=dose)


def as_timed(block: Block) -> Block:
    """The block as a timed hold: the catalog's hold if it has one, else 30 s."""
    if block.dose.is_timed:
        return block
    hold = block.exercise.dose.hold_s or FALLBACK_HOLD_S
    return dataclasses.replace(block, dose=dataclasses.replace(block.dose, hold_s=hold,
                                                               reps=None))


def as_reps(block: Block) -> Block:
    """The block in reps: the catalog's range if it has one, else 10–15."""
    if not block.dose.is_timed:
        return block
    reps = block.exercise.dose.reps or FALLBACK_REPS
    return with_reps(block, reps.low, reps.high)


def range_hint(key: str) -> str:
    """The allowed range of a field, as shown next to it: ``"5 to 3600 s"``."""
    limit = LIMITS[key]
    return f"{number_text(limit.lo)} to {number_text(limit.hi)} {limit.unit}"


def number_text(value: float) -> str:
    """A number as typed: ``"60"``, ``"2.5"``."""
    return f"{value:g}"


def check(key: str, value: float) -> str:
    """Why ``value`` is not acceptable for the ``LIMITS`` field ``key``; "" when it is."""
    limit = LIMITS[key]
    if not math.isfinite(value):
        return "Type a number"
    if key in WHOLE and value != int(value):
        return f"Whole {limit.unit} only"
    if value > limit.hi:
        if limit.unit == "s" and limit.hi >= 60:
            return f"{duration(limit.hi)} is the most: {number_text(limit.hi)} s"
        return f"{_amount(limit.hi, limit.unit)} is the most"
    if value < limit.lo:
        return f"{_amount(limit.lo, limit.unit)} is the least"
    return ""


def read_number(key: str, text: str) -> Reading:
    """Read a typed value for the ``LIMITS`` field ``key``: ``"60"``, ``"2,5"``, ``"60 s"``.

    Returns:
        The number, or None with the reason in words when it is not a number or out of range.
    """
    unit = LIMITS[key].unit
    cleaned = text.strip().replace(",", ".")
    if cleaned.endswith(unit):
        cleaned = cleaned.removesuffix(unit).strip()
    if not cleaned:
        return Reading(None, f"Type a number of {_unit_name(unit)}")
    try:
        value = float(cleaned)
    except ValueError:
        return Reading(None, f"“{text.strip()}” is not a number")
    problem = check(key, value)
    if problem:
        return Reading(None, problem)
    return Reading(int(value) if key in WHOLE else value)


def reps_problem(low: float, high: float) -> str:
    """Why a rep range is not acceptable as ordered; "" when low ≤ high."""
    if low > high:
        return (f"The fewest reps ({number_text(low)}) can't be more than the most "
                f"({number_text(high)})")
    return ""


def routine_problems(routine: Routine) -> list[str]:
    """What stops the routine from being saved, in words; empty when it can be."""
    problems = []
    if not routine.name.strip():
        problems.append("Give the routine a name.")
    elif len(routine.name) > NAME_MAX:
        problems.append(f"The name is {len(routine.name)} characters long; "
                        f"{NAME_MAX} is the most.")
    if len(routine.description) > DESCRIPTION_MAX:
        problems.append(f"The description is {len(routine.description)} characters long; "
                        f"{DESCRIPTION_MAX} is the most.")
    if not routine.blocks:
        problems.append("Add at least one exercise.")
    elif size_problem(routine):
        problems.append(size_problem(routine).capitalize() + ".")
    return problems


def matching(exercises: Iterable[Exercise], text: str = "", category: Category | None = None,
             position: Position | None = None) -> list[Exercise]:
    """The exercises whose name holds every word of ``text`` (any case), in the category
    and starting position given (None: any), in their order."""
    words = text.casefold().split()
    return [e for e in exercises
            if all(word in e.name.casefold() for word in words)
            and category in (None, e.category) and position in (None, e.position)]


def _amount(value: float, unit: str) -> str:
    if unit != "s" and value == 1:
        unit = unit.removesuffix("s")
    return f"{number_text(value)} {unit}"


def _unit_name(unit: str) -> str:
    return "seconds" if unit == "s" else unit
