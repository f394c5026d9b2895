"""Compiling routines into plans: exact segment times, sides, sets and reps unrolled."""

from __future__ import annotations

import dataclasses
import itertools
import math

import pytest
from hypothesis import given

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.dose import Side, Sides, Tempo
from hiptimer.core.plan import REP_KINDS, Kind, Plan, compile_plan, measure
from hiptimer.core.routine import Block, Routine
from hiptimer.core.routine_load import builtin_routines

from .helpers import block, routine, routines

BUILTIN = builtin_routines(builtin_catalog())


def expected_block_seconds(b: Block) -> float:
    """A block's length worked out from its dose, independently of the compiler."""
    dose = b.dose
    alternating_reps = b.sides is Sides.ALTERNATING and not dose.is_timed
    sides = 2 if b.sides is not Sides.BOTH and not alternating_reps else 1
    if dose.hold_s is not None:
        work = dose.hold_s
    else:
        assert dose.reps is not None
        moves = dose.reps.high * (2 if alternating_reps else 1)
        t = dose.tempo
        work = moves * (t.up + t.hold + t.down) + (moves - 1) * t.between
    per_side = dose.sets * work + (dose.sets - 1) * dose.rest_s
    return b.transition_s + b.lead_in_s + (sides - 1) * b.switch_s + sides * per_side


def assert_well_formed(plan: Plan) -> None:
    segments = plan.segments
    assert segments[0].start == 0
    assert segments[-1].kind is Kind.DONE and segments[-1].start == segments[-1].end
    for before, after in itertools.pairwise(segments):
        assert after.start == before.end, "segments must be contiguous"
    for segment in segments[:-1]:
        assert segment.end > segment.start, f"zero-length {segment.kind} segment"
    assert plan.units[0].start == 0 and plan.units[-1].end == plan.duration
    for before, after in zip(plan.units, plan.units[1:], strict=False):
        assert after.start == before.end


@pytest.mark.parametrize("r", BUILTIN, ids=[r.id for r in BUILTIN])
def test_builtin_plans_add_up(r) -> None:  # type: ignore[no-untyped-def]
    plan = compile_plan(r)
    assert_well_formed(plan)
    assert math.isclose(plan.duration, math.fsum(s.duration for s in plan.segments))
    assert math.isclose(plan.duration, math.fsum(expected_block_seconds(b) for b in r.blocks))


@pytest.mark.parametrize("r", BUILTIN, ids=[r.id for r in BUILTIN])
def test_builtin_plans_unroll_sides_sets_and_reps(r) -> None:  # type: ignore[no-untyped-def]
    plan = compile_plan(r)
    for index, b in enumerate(r.blocks):
        segments = [s for s in plan.segments if s.block == index]
        sides = {s.side for s in segments if s.kind in REP_KINDS | {Kind.HOLD}}
        if b.sides is Sides.BOTH:
            assert sides == {None}
        else:
            assert sides == {Side.LEFT, Side.RIGHT}
        sides_count = 1 if b.sides is Sides.BOTH else 2
        if b.dose.hold_s is not None:
            holds = [s for s in segments if s.kind is Kind.HOLD]
            assert len(holds) == b.dose.sets * sides_count
            assert all(s.duration == b.dose.hold_s for s in holds)
        else:
            assert b.dose.reps is not None
            ups = [s for s in segments if s.kind is Kind.REP_UP]
            assert len(ups) == b.dose.sets * sides_count * b.dose.reps.high
        assert len(segments) and segments[0].kind is Kind.TRANSITION


def test_daily_stretches_hold_sixty_seconds_each_side() -> None:
    daily = next(r for r in BUILTIN if r.id == "daily-stretches")
    plan = compile_plan(daily)
    holds = [s for s in plan.segments if s.kind is Kind.HOLD]
    assert len(holds) == 8 and {s.duration for s in holds} == {60}
    assert [s.side for s in holds[:2]] == [Side.LEFT, Side.RIGHT]


def test_every_builtin_routine_is_true_to_its_source_dose() -> None:
    by_id = {r.id: r for r in BUILTIN}
    assert {"daily-stretches", "strength-and-stretch", "standing-chair-series",
            "hip-strengthening", "movement-snack"} <= set(by_id)
    six = by_id["strength-and-stretch"]
    assert [b.exercise.id for b in six.blocks] == [
        "clamshell", "reverse-clamshell", "hip-flexor-stretch", "side-lying-hip-abduction",
        "prone-hip-extension", "bridge"]
    flexor = six.blocks[2].dose
    assert (flexor.hold_s, flexor.sets) == (30, 3)  # TH: up to 30 s, 2-3 times
    for b in by_id["standing-chair-series"].blocks:  # BD: ~6 s holds, 6-12 times
        assert b.dose.reps is not None and (b.dose.reps.low, b.dose.reps.high) == (6, 12)
    assert compile_plan(by_id["movement-snack"]).duration <= 8 * 60


def test_zero_length_phases_produce_no_segment() -> None:
    plan = compile_plan(routine(block("bridge", reps=(3, 3), sets=3, rest_s=0,
                                      tempo=Tempo(up=1, hold=0, down=1, between=0),
                                      lead_in_s=0, transition_s=0)))
    kinds = {s.kind for s in plan.segments}
    assert Kind.REST not in kinds and Kind.REP_HOLD not in kinds
    assert Kind.REP_PAUSE not in kinds and Kind.PREPARE not in kinds
    assert Kind.TRANSITION not in kinds
    assert plan.duration == 3 * 3 * 2
    assert_well_formed(plan)


def test_rest_comes_between_sets_only() -> None:
    plan = compile_plan(routine(block("hip-flexor-stretch", hold_s=30, sets=3, rest_s=10,
                                      sides=Sides.EACH)))
    kinds = [s.kind for s in plan.segments]
    assert kinds == [Kind.TRANSITION, Kind.PREPARE, Kind.HOLD, Kind.REST, Kind.HOLD, Kind.REST,
                     Kind.HOLD, Kind.SWITCH_SIDE, Kind.HOLD, Kind.REST, Kind.HOLD, Kind.REST,
                     Kind.HOLD, Kind.DONE]
    assert [s.set for s in plan.segments if s.kind is Kind.HOLD] == [1, 2, 3, 1, 2, 3]
    assert len(plan.units) == 2 and plan.units[1].start == plan.segments[7].start


def test_rep_phases_follow_the_tempo() -> None:
    plan = compile_plan(routine(block("clamshell", reps=(2, 3),
                                      tempo=Tempo(up=2, hold=5, down=2, between=1),
                                      lead_in_s=0, transition_s=0)))
    work = [(s.kind, s.rep, s.duration) for s in plan.segments if s.kind in REP_KINDS]
    assert work[:5] == [(Kind.REP_UP, 1, 2), (Kind.REP_HOLD, 1, 5), (Kind.REP_DOWN, 1, 2),
                        (Kind.REP_PAUSE, 2, 1), (Kind.REP_UP, 2, 2)]
    assert work[-1] == (Kind.REP_DOWN, 3, 2)  # aims at the top of the range, no pause after
    assert plan.sets[0].rep_marks[0] == (0.0, 7.0)  # rep 1 counts once lowering begins


def test_alternating_reps_take_turns_left_and_right() -> None:
    plan = compile_plan(routine(block("seated-marches", reps=(2, 2), sides=Sides.ALTERNATING,
                                      tempo=Tempo(up=1, hold=0, down=1, between=0))))
    ups = [(s.rep, s.side) for s in plan.segments if s.kind is Kind.REP_UP]
    assert ups == [(1, Side.LEFT), (1, Side.RIGHT), (2, Side.LEFT), (2, Side.RIGHT)]
    assert len(plan.units) == 1 and plan.units[0].side is None
    assert plan.sets[0].planned_reps == 2


def test_an_alternating_timed_hold_is_done_side_by_side() -> None:
    plan = compile_plan(routine(block("tennis-ball-massage", hold_s=30,
                                      sides=Sides.ALTERNATING)))
    assert [u.side for u in plan.units] == [Side.LEFT, Side.RIGHT]


def test_index_and_unit_lookups() -> None:
    plan = compile_plan(routine(block("bridge", hold_s=20, sides=Sides.EACH),
                                block("walking", hold_s=30)))
    for i, segment in enumerate(plan.segments[:-1]):
        assert plan.index_at(segment.start) == i
        assert plan.index_at((segment.start + segment.end) / 2) == i
    assert plan.segments[plan.index_at(plan.duration)].kind is Kind.DONE
    assert plan.unit_at(0) == 0
    assert plan.unit_at(plan.units[1].start) == 1
    assert plan.unit_at(plan.duration) == len(plan.units)


def test_sets_over_by_counts_the_sets_whose_time_is_up() -> None:
    plan = compile_plan(routine(block("piriformis-stretch", hold_s=30, sets=2, rest_s=10,
                                      sides=Sides.EACH, lead_in_s=5, transition_s=0)))
    ends = [s.end for s in plan.sets]
    assert len(ends) == 4 and ends == sorted(ends)
    assert plan.sets_over_by(0) == 0
    assert plan.sets_over_by(ends[0] - 0.01) == 0
    assert plan.sets_over_by(ends[0]) == 1
    assert plan.sets_over_by(ends[2] + 1) == 3
    assert plan.sets_over_by(plan.duration) == 4


@given(routines(max_blocks=4))
def test_measure_gives_the_compiled_length_and_size_without_compiling(r: Routine) -> None:
    plan = compile_plan(r)
    seconds, segments = measure(r)
    assert seconds == pytest.approx(plan.duration) and segments == len(plan.segments)


@pytest.mark.parametrize(("sides", "affected", "first", "order"), [
    (Sides.EACH, None, None, ["L1", "L2", "R1", "R2"]),
    (Sides.EACH, Side.RIGHT, None, ["R1", "R2", "L1", "L2"]),
    (Sides.EACH, Side.RIGHT, Side.LEFT, ["L1", "L2", "R1", "R2"]),
    (Sides.EACH_BY_SET, Side.RIGHT, None, ["R1", "L1", "R2", "L2"]),
    (Sides.EACH_BY_SET, None, None, ["L1", "R1", "L2", "R2"]),
])
def test_sides_follow_the_block_then_the_affected_side(
        sides: Sides, affected: Side | None, first: Side | None, order: list[str]) -> None:
    b = dataclasses.replace(block("clamshell", reps=(2, 2), sets=2, rest_s=7, sides=sides),
                            first_side=first)
    plan = compile_plan(dataclasses.replace(routine(b), affected_side=affected))
    assert [f"{s.side.value[0].upper()}{s.set}" for s in plan.sets] == order  # type: ignore[union-attr]


def test_sets_taking_turns_switch_between_sides_and_rest_after_each_pair() -> None:
    b = block("clamshell", reps=(1, 1), sets=2, rest_s=7, switch_s=3, lead_in_s=2,
              transition_s=0, tempo=Tempo(1, 0, 1, 0), sides=Sides.EACH_BY_SET)
    plan = compile_plan(routine(b))
    steps = [(s.kind.value, s.side.value if s.side else "", s.set, s.duration)
             for s in plan.segments if s.kind is not Kind.REP_DOWN]
    assert steps == [("prepare", "left", 1, 2), ("rep_up", "left", 1, 1),
                     ("switch_side", "right", 1, 3), ("rep_up", "right", 1, 1),
                     ("rest", "right", 1, 7), ("switch_side", "left", 2, 3),
                     ("rep_up", "left", 2, 1), ("switch_side", "right", 2, 3),
                     ("rep_up", "right", 2, 1), ("done", "", 0, 0)]


def test_alternating_reps_start_on_the_first_side() -> None:
    b = dataclasses.replace(block("seated-marches", reps=(2, 2), sides=Sides.ALTERNATING,
                                  tempo=Tempo(1, 0, 1, 0)), first_side=Side.RIGHT)
    plan = compile_plan(routine(b))
    ups = [s.side for s in plan.segments if s.kind is Kind.REP_UP]
    assert ups == [Side.RIGHT, Side.LEFT, Side.RIGHT, Side.LEFT]
