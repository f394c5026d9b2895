"""Compile a routine into a plan: a flat, immutable timeline of segments with exact times."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING

from .dose import Side, Sides
from .routine import Block, Routine

if TYPE_CHECKING:
    from .catalog import Exercise


class Kind(str, Enum):
    TRANSITION = "transition"  # get into position while the exercise is announced
    PREPARE = "prepare"  # get ready, counted down
    SWITCH_SIDE = "switch_side"  # change to the other side, counted down
    HOLD = "hold"  # a timed hold: stretch, massage, activity
    REP_UP = "rep_up"
    REP_HOLD = "rep_hold"
    REP_DOWN = "rep_down"
    REP_PAUSE = "rep_pause"  # the short pause between two reps
    REST = "rest"  # between sets
    DONE = "done"  # zero-length marker at the end of the session


REP_KINDS = frozenset({Kind.REP_UP, Kind.REP_HOLD, Kind.REP_DOWN, Kind.REP_PAUSE})
WORK_KINDS = REP_KINDS | {Kind.HOLD}


@dataclass(frozen=True)
class Segment:
    """A stretch of the timeline in seconds from the session start, as if never paused.

    ``set`` and ``rep`` count from 1 and are 0 outside a set or a rep (a get-ready or a
    switch carries the set it leads into, a rest the set before it). ``side`` is None when
    both legs work at once. ``unit`` indexes ``Plan.units``.
    """

    kind: Kind
    start: float
    end: float
    block: int
    unit: int
    side: Side | None = None
    set: int = 0
    rep: int = 0

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Unit:
    """One block on one side (or the whole block when it is not done side by side):
    the steps that skip and back move between."""

    block: int
    side: Side | None
    start: float
    end: float


@dataclass(frozen=True)
class SetSpan:
    """One set of one block on one side, as planned."""

    block: int
    side: Side | None
    set: int
    start: float
    end: float
    planned_reps: int  # 0 for a timed hold
    min_reps: int
    planned_seconds: float  # the hold, or the working time of the reps
    segments: range  # indexes into Plan.segments
    rep_marks: tuple[tuple[float, float], ...]  # per rep: its start, and when it counts as done

    def reps_done(self, run_start: float, run_end: float) -> int:
        """Reps begun and counted within one run of the timeline (a jump starts a new run)."""
        return sum(1 for start, counted in self.rep_marks
                   if run_start <= start and counted <= run_end)


@dataclass(frozen=True)
class Plan:
    routine: Routine
    segments: tuple[Segment, ...]
    units: tuple[Unit, ...]

    @property
    def duration(self) -> float:
        return self.segments[-1].end

    @cached_property
    def _starts(self) -> list[float]:
        return [s.start for s in self.segments]

    @cached_property
    def _unit_starts(self) -> list[float]:
        return [u.start for u in self.units]

    def index_at(self, position: float) -> int:
        """Index of the segment running at ``position`` (the ``done`` marker at the end)."""
        i = bisect.bisect_right(self._starts, position) - 1
        i = max(i, 0)
        while self.segments[i].end <= position and i < len(self.segments) - 1:
            i += 1
        return i

    def unit_at(self, position: float) -> int:
        """Index of the unit running at ``position``; ``len(units)`` once all are over."""
        if position >= self.units[-1].end:
            return len(self.units)
        return max(bisect.bisect_right(self._unit_starts, position) - 1, 0)

    def last_unit_at(self, position: float) -> int:
        """Like ``unit_at``, but the last unit once all are over: the one just done."""
        return min(self.unit_at(position), len(self.units) - 1)

    def side_of(self, segment: Segment) -> Side | None:
        """The side a segment belongs to: its own (a rep of legs taking turns), else its
        unit's (one side at a time, from the announcement before the first side on)."""
        return segment.side or self.units[segment.unit].side

    def exercise_at(self, position: float) -> Exercise:
        """The exercise of the block running at ``position`` (the last one at the end)."""
        return self.routine.blocks[self.units[self.last_unit_at(position)].block].exercise

    @cached_property
    def sets(self) -> tuple[SetSpan, ...]:
        """Every set on every side, in order."""
        return tuple(_set_spans(self))

    @cached_property
    def _set_ends(self) -> list[float]:
        return [s.end for s in self.sets]

    def sets_over_by(self, position: float) -> int:
        """How many sets have ended (done, skipped or cut short) by ``position``."""
        return bisect.bisect_right(self._set_ends, position)


def compile_plan(routine: Routine) -> Plan:
    """Unroll every block's sides, sets and reps into segments with exact start and end times.

    Zero-length phases (no rest, no hold at the top, no lead-in) produce no segment.
    """
    builder = _Builder()
    units: list[Unit] = []
    for b, block in enumerate(routine.blocks):
        builder.add(Kind.TRANSITION, block.transition_s, b)
        first = routine.first_side(block)
        order = unit_order(block, first)
        for n, (side, sets) in enumerate(order):
            unit_start = units[-1].end if units else 0.0
            kind, seconds = (Kind.PREPARE, block.lead_in_s) if n == 0 else (Kind.SWITCH_SIDE,
                                                                            block.switch_s)
            builder.add(kind, seconds, b, side=side, set=sets[0])
            _add_sets(builder, block, b, side, sets, first)
            if n + 1 < len(order) and order[n + 1][1][0] > sets[-1]:  # next: a new round
                builder.add(Kind.REST, block.dose.rest_s, b, side=side, set=sets[-1])
            units.append(Unit(b, side, unit_start, builder.time))
            builder.unit += 1
    builder.unit -= 1  # the done marker belongs to the last unit
    builder.segments.append(Segment(Kind.DONE, builder.time, builder.time, len(routine.blocks) - 1,
                                    builder.unit))
    return Plan(routine, tuple(builder.segments), tuple(units))


def by_side(block: Block) -> bool:
    """Whether the block is done one side after the other, as separate units."""
    # A timed hold cannot alternate rep by rep, so it is done side by side.
    return block.sides in (Sides.EACH, Sides.EACH_BY_SET) or (
        block.sides is Sides.ALTERNATING and block.dose.is_timed)


def unit_order(block: Block, first: Side) -> list[tuple[Side | None, range]]:
    """The block's units in order, each a side (None: both at once) and its sets: all the
    sets on the first side then on the other, or a set on each in turn (``each-by-set``)."""
    sets = range(1, block.dose.sets + 1)
    if not by_side(block):
        return [(None, sets)]
    if block.sides is Sides.EACH_BY_SET:
        return [(side, range(n, n + 1)) for n in sets for side in (first, first.other)]
    return [(first, sets), (first.other, sets)]


def measure(routine: Routine) -> tuple[float, int]:
    """The routine's length in seconds and its number of segments, as ``compile_plan`` would
    make them, worked out without making them (a huge routine costs nothing to measure)."""
    seconds, count = 0.0, 1  # the done marker
    for block in routine.blocks:
        dose, units = block.dose, (2 if by_side(block) else 1)
        moves = 2 if block.sides is Sides.ALTERNATING and not by_side(block) else 1
        switches = len(unit_order(block, Side.LEFT)) - 1
        rests = (dose.sets - 1) * (units if block.sides is not Sides.EACH_BY_SET else 1)
        phases = [block.transition_s, block.lead_in_s, *[block.switch_s] * switches,
                  *[dose.rest_s] * rests]
        per_set: list[float] = []
        if dose.hold_s is not None:
            per_set = [dose.hold_s]
        else:
            assert dose.reps is not None
            reps = dose.reps.high * moves
            tempo = dose.tempo
            per_set = [tempo.up] * reps + [tempo.hold] * reps + [tempo.down] * reps
            per_set += [tempo.between] * (reps - 1)
        sets = dose.sets * units
        seconds += sum(phases) + sets * sum(per_set)
        count += sum(1 for p in phases if p > 0) + sets * sum(1 for p in per_set if p > 0)
    return seconds, count


def total_duration(routine: Routine) -> float:
    """The routine's length in seconds, as the compiled plan will run it (worked out without
    compiling it, so a huge routine in the editor costs nothing)."""
    return measure(routine)[0]


class _Builder:
    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.time = 0.0
        self.unit = 0

    def add(self, kind: Kind, seconds: float, block: int, *, side: Side | None = None,
            set: int = 0, rep: int = 0) -> None:
        if seconds <= 0:
            return
        end = self.time + seconds
        self.segments.append(Segment(kind, self.time, end, block, self.unit, side, set, rep))
        self.time = end


def _add_sets(builder: _Builder, block: Block, b: int, side: Side | None, sets: range,
              first: Side) -> None:
    dose = block.dose
    for number in sets:
        if number > sets[0]:
            builder.add(Kind.REST, dose.rest_s, b, side=side, set=number - 1)
        if dose.hold_s is not None:
            builder.add(Kind.HOLD, dose.hold_s, b, side=side, set=number)
        else:
            _add_reps(builder, block, b, side, number, first)


def _add_reps(builder: _Builder, block: Block, b: int, side: Side | None, set: int,
              first: Side) -> None:
    assert block.dose.reps is not None
    tempo = block.dose.tempo
    turns = (first, first.other) if block.sides is Sides.ALTERNATING else (side,)
    moves: Iterator[tuple[int, Side | None]] = (
        (rep, rep_side) for rep in range(1, block.dose.reps.high + 1) for rep_side in turns)
    first_move = True
    for rep, rep_side in moves:
        if not first_move:
            builder.add(Kind.REP_PAUSE, tempo.between, b, side=rep_side, set=set, rep=rep)
        first_move = False
        builder.add(Kind.REP_UP, tempo.up, b, side=rep_side, set=set, rep=rep)
        builder.add(Kind.REP_HOLD, tempo.hold, b, side=rep_side, set=set, rep=rep)
        builder.add(Kind.REP_DOWN, tempo.down, b, side=rep_side, set=set, rep=rep)


def _set_spans(plan: Plan) -> Iterator[SetSpan]:
    first = None
    for i, segment in enumerate(plan.segments):
        in_set = segment.kind in WORK_KINDS
        if first is not None:
            head = plan.segments[first]
            if not in_set or (segment.set, segment.unit) != (head.set, head.unit):
                yield _span(plan, range(first, i))
                first = None
        if in_set and first is None:
            first = i


def _span(plan: Plan, indexes: range) -> SetSpan:
    segments = [plan.segments[i] for i in indexes]
    first, last = segments[0], segments[-1]
    dose = plan.routine.blocks[first.block].dose
    # A rep counts as done once its last lowering phase has begun.
    rep_start: dict[int, float] = {}
    rep_done: dict[int, float] = {}
    for s in segments:
        rep_start.setdefault(s.rep, s.start)
        if s.kind is Kind.REP_DOWN:
            rep_done[s.rep] = s.start
    return SetSpan(
        block=first.block, side=plan.units[first.unit].side, set=first.set,
        start=first.start, end=last.end,
        planned_reps=dose.reps.high if dose.reps else 0,
        min_reps=dose.reps.low if dose.reps else 0,
        planned_seconds=sum(s.duration for s in segments if s.kind is not Kind.REP_PAUSE),
        segments=indexes,
        rep_marks=tuple((rep_start[r], rep_done[r]) for r in sorted(rep_done)),
    )
