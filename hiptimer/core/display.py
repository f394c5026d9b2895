"""What the session view shows at a given moment, worked out from a plan and a snapshot."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .catalog import Exercise
from .dose import Sides
from .plan import REP_KINDS, Kind, Plan
from .session import Snapshot, Status
from .wording import countdown, side_name


@dataclass(frozen=True)
class Display:
    """Every piece of text and every fraction the session view draws."""

    exercise: Exercise
    side: str  # "Right leg: lie on your left side", "Alternating legs", or ""
    set_and_rep: str  # "Set 2 of 2 · Rep 7 of 12"
    phase: str  # "Get ready", "Hold", "Up", "Rest", ...
    big: str  # the large number: seconds left, or the rep being done
    big_caption: str  # what the large number means
    ring: float  # 0..1, how far through the current phase
    next_up: str  # "Next: Bridge", "Next: right side", "Next: finish"
    progress: float  # 0..1 through the whole session
    time_left: str  # "12:30 left"
    paused: bool
    can_finish_set: bool  # the low end of the rep range is done
    note: str = ""  # the physiotherapist's note for this exercise


PHASE_WORDS = {
    Kind.TRANSITION: "Get into position",
    Kind.PREPARE: "Get ready",
    Kind.SWITCH_SIDE: "Switch sides",
    Kind.REP_PAUSE: "Relax",
    Kind.REST: "Rest",
    Kind.DONE: "Done",
}


def display(plan: Plan, snap: Snapshot) -> Display:
    seg = snap.segment
    block = plan.routine.blocks[seg.block]
    exercise = block.exercise
    reps = block.dose.reps
    in_reps = seg.kind in REP_KINDS and reps is not None
    if in_reps:
        assert reps is not None
        big, caption = str(seg.rep), f"rep {seg.rep} of {reps.high}"
    elif seg.kind is Kind.DONE:
        big, caption = "✓", "session complete"
    else:
        big, caption = str(math.ceil(snap.remaining - 1e-9)), "seconds left"
    ring = 1.0 if seg.duration == 0 else min(1.0, (snap.position - seg.start) / seg.duration)
    if snap.status is Status.STOPPED:
        phase = "Stopped"
    else:
        phase = PHASE_WORDS.get(seg.kind) or _phase_word(exercise, seg.kind)
    return Display(
        exercise=exercise, side=_side(plan, snap), set_and_rep=_set_and_rep(plan, snap),
        phase=phase, big=big, big_caption=caption, ring=ring, next_up=_next_up(plan, snap),
        progress=snap.position / plan.duration if plan.duration else 1.0,
        time_left=f"{countdown(snap.left)} left",
        paused=snap.status is Status.PAUSED,
        can_finish_set=snap.can_finish_set,
        note=block.note,
    )


RING_STEPS = 60  # the ring may move in steps of a sixtieth of the phase (6 degrees)...
RING_STEP_S = 0.2  # ... but no more often than this: a short phase moves smoothly enough
LOOK_AGAIN_S = 1.0  # the longest the view goes without looking at the clock
SOONEST_S = 0.02  # and the shortest: a moment already due is drawn, not chased


def next_change_in(snap: Snapshot, cues_in: Iterable[float] = ()) -> float:
    """Seconds until the session view shows something new if nothing is pressed: the count
    or the time left goes down a second, the ring moves a step, the segment ends, or one of
    the cues ``cues_in`` seconds from now is said. While paused, stopped or over nothing
    moves: the view looks again after ``LOOK_AGAIN_S``, and a control redraws it at once."""
    if snap.status is not Status.RUNNING:
        return LOOK_AGAIN_S
    seg = snap.segment
    waits = [_to_next_second(snap.remaining), _to_next_second(snap.left), *cues_in]
    if seg.duration > 0:
        step = max(seg.duration / RING_STEPS, RING_STEP_S)
        waits.append(step - (snap.position - seg.start) % step)
    return min(LOOK_AGAIN_S, max(SOONEST_S, min(w for w in waits if w > 0)))


def _to_next_second(seconds_left: float) -> float:
    """How long until a count of ``seconds_left``, shown rounded up, shows one less."""
    return seconds_left - (math.ceil(seconds_left - 1e-9) - 1)


def _phase_word(exercise: Exercise, kind: Kind) -> str:
    """The exercise's own word for a working phase, as spoken; the lowering phase keeps the
    lifting word where it has none of its own (a monster walk's steps)."""
    words = exercise.phases
    if kind is Kind.REP_UP:
        return words.up
    if kind is Kind.REP_DOWN:
        return words.down or words.up
    return words.hold


def _side(plan: Plan, snap: Snapshot) -> str:
    seg = snap.segment
    block = plan.routine.blocks[seg.block]
    if seg.kind is Kind.DONE:
        return ""
    unit_side = plan.units[seg.unit].side
    if unit_side is not None:
        return side_name(block.exercise, unit_side)
    if block.sides is Sides.ALTERNATING:
        if seg.side is not None and seg.kind in REP_KINDS:
            return f"Alternating legs · {seg.side.value} now"
        return "Alternating legs"
    return ""


def _set_and_rep(plan: Plan, snap: Snapshot) -> str:
    seg = snap.segment
    dose = plan.routine.blocks[seg.block].dose
    number = seg.set or (1 if seg.kind in (Kind.PREPARE, Kind.SWITCH_SIDE) else 0)
    if number == 0 or seg.kind is Kind.DONE:
        return ""
    text = f"Set {seg.set + 1 if seg.kind is Kind.REST else number} of {dose.sets}"
    if seg.kind in REP_KINDS and dose.reps is not None:
        text += f" · Rep {seg.rep} of {dose.reps.high}"
        if dose.reps.low < dose.reps.high:
            text += f" (at least {dose.reps.low})"
    return text


def _next_up(plan: Plan, snap: Snapshot) -> str:
    unit_index = plan.unit_at(snap.position)
    coming = [u for u in range(unit_index + 1, len(plan.units)) if u not in snap.left_out]
    if not coming:
        return "Next: finish" if unit_index < len(plan.units) else ""
    unit, following = plan.units[unit_index], plan.units[coming[0]]
    if following.block == unit.block and following.side is not None:
        exercise = plan.routine.blocks[unit.block].exercise
        return f"Next: {side_name(exercise, following.side)}"
    return f"Next: {plan.routine.blocks[following.block].exercise.name}"

