"""One step of a block's dose up or down: inside the sources' range, then up its ladder."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping

from .catalog import Exercise
from .dose import LIMITS, RepRange
from .guidance import When
from .routine import Block

REPS_STEP = 2
HOLD_STEP_S = 5.0


def step_up(block: Block, catalog: Mapping[str, Exercise], in_routine: Collection[str],
            minimal_pain: bool) -> Block | None:
    """The block one step harder, or None where HipTimer should not make it harder.

    Reps climb 2 at a time and a timed hold 5 s at a time, to the top of the exercise's
    source range and never past it. At the top, the first ladder step not yet taken: a longer
    hold at the top of each rep, or the harder exercise (at its own starting dose, unless the
    routine already has it). A step marked "low pain" needs ``minimal_pain``. None when the
    exercise is not one to step up, has no range for this kind of dose, is already beyond
    the range (a physiotherapist's choice), or has no step left.
    """
    exercise, dose = block.exercise, block.dose
    limits = exercise.range
    if limits is None or not exercise.category.progresses or dose.sets > limits.sets[1]:
        return None
    if dose.reps is not None:
        if limits.reps is None or dose.reps.high > limits.reps.high:
            return None
        if dose.reps.high < limits.reps.high:
            rise = min(REPS_STEP, limits.reps.high - dose.reps.high)
            reps = RepRange(dose.reps.low + rise, dose.reps.high + rise)
            return dataclasses.replace(block, dose=dataclasses.replace(dose, reps=reps))
    else:
        assert dose.hold_s is not None
        if limits.hold_s is None or dose.hold_s > limits.hold_s[1]:
            return None
        if dose.hold_s < limits.hold_s[1]:
            hold = min(dose.hold_s + HOLD_STEP_S, limits.hold_s[1])
            return dataclasses.replace(block, dose=dataclasses.replace(dose, hold_s=hold))
    return _ladder(block, catalog, in_routine, minimal_pain)


def _ladder(block: Block, catalog: Mapping[str, Exercise], in_routine: Collection[str],
            minimal_pain: bool) -> Block | None:
    dose = block.dose
    for rung in block.exercise.progressions:
        if rung.hold_s is not None:
            low, top = rung.hold_s
            if dose.reps is None or dose.tempo.hold >= top:
                continue  # a timed hold has no rep to hold; or this step is taken
            if rung.when is When.LOW_PAIN and not minimal_pain:
                return None
            hold = low if dose.tempo.hold < low else min(dose.tempo.hold + HOLD_STEP_S, top)
            tempo = dataclasses.replace(dose.tempo, hold=hold)
            return dataclasses.replace(block, dose=dataclasses.replace(dose, tempo=tempo))
        target = catalog.get(rung.exercise or "")
        if target is None or target.id in in_routine:
            continue
        if rung.when is When.LOW_PAIN and not minimal_pain:
            return None
        return dataclasses.replace(block, exercise=target, dose=target.dose,
                                   sides=target.sides)
    return None


def step_down(block: Block) -> Block | None:
    """The block one step easier: 2 reps off both ends of the range, or 5 s off the hold,
    never below ``LIMITS``. None for an exercise that is not stepped (a walk) or that cannot
    go lower."""
    exercise, dose = block.exercise, block.dose
    if not exercise.category.progresses:
        return None
    if dose.reps is not None:
        floor = int(LIMITS["reps"].lo)
        reps = RepRange(max(floor, dose.reps.low - REPS_STEP),
                        max(floor, dose.reps.high - REPS_STEP))
        if reps == dose.reps:
            return None
        return dataclasses.replace(block, dose=dataclasses.replace(dose, reps=reps))
    assert dose.hold_s is not None
    hold = max(LIMITS["hold_s"].lo, dose.hold_s - HOLD_STEP_S)
    if hold >= dose.hold_s:
        return None
    return dataclasses.replace(block, dose=dataclasses.replace(dose, hold_s=hold))
