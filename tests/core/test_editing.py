"""Editing steps on routine values, and typed values checked against LIMITS with reasons."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiptimer.core.catalog import Category, Position
from hiptimer.core.dose import LIMITS, RepRange, Side, Tempo
from hiptimer.core.editing import (
    Reading,
    as_reps,
    as_timed,
    check,
    field_value,
    insert_block,
    matching,
    move_block,
    new_block,
    range_hint,
    read_number,
    remove_block,
    replace_block,
    reps_problem,
    routine_problems,
    with_detail,
    with_field,
    with_reps,
)
from hiptimer.core.routine import Block, Frequency, Routine

from .helpers import CATALOG, block, blocks, routine

BRIDGE = block("bridge", reps=(10, 15), sets=2)
STRETCH = block("piriformis-stretch", hold_s=60)
CLAM = block("clamshell", reps=(8, 12))


def ids(r: Routine) -> list[str]:
    return [b.exercise.id for b in r.blocks]


def test_blocks_are_inserted_removed_replaced_and_moved() -> None:
    start = routine(BRIDGE, STRETCH, CLAM)
    assert ids(move_block(start, 0, 2)) == ["piriformis-stretch", "clamshell", "bridge"]
    assert ids(move_block(start, 2, 0)) == ["clamshell", "bridge", "piriformis-stretch"]
    assert move_block(start, 1, 1) == start
    assert ids(remove_block(start, 1)) == ["bridge", "clamshell"]
    added = insert_block(start, 1, new_block(CATALOG["walking"]))
    assert ids(added) == ["bridge", "walking", "piriformis-stretch", "clamshell"]
    assert ids(insert_block(start, 3, CLAM))[-1] == "clamshell"
    assert replace_block(start, 0, CLAM).blocks == (CLAM, STRETCH, CLAM)
    assert start.blocks == (BRIDGE, STRETCH, CLAM)  # values: nothing changed in place
    with pytest.raises(IndexError):
        move_block(start, 0, 3)
    with pytest.raises(IndexError):
        remove_block(start, -1)


@given(st.lists(blocks(), min_size=1, max_size=6), st.data())
def test_a_move_keeps_every_block_and_puts_the_moved_one_at_its_target(
        items: list[Block], data: st.DataObject) -> None:
    start = routine(*items)
    source = data.draw(st.integers(0, len(items) - 1))
    target = data.draw(st.integers(0, len(items) - 1))
    moved = move_block(start, source, target)
    assert moved.blocks[target] == start.blocks[source]
    assert sorted(map(id, moved.blocks)) == sorted(map(id, start.blocks))
    assert move_block(moved, target, source) == start


def test_a_new_block_takes_the_catalogs_dose_and_sides() -> None:
    exercise = CATALOG["single-leg-bridge"]
    new = new_block(exercise)
    assert (new.dose, new.sides) == (exercise.dose, exercise.sides)
    assert (new.lead_in_s, new.switch_s, new.transition_s) == (5, 10, 15)


def test_fields_are_replaced_within_their_limits() -> None:
    assert with_field(STRETCH, "hold_s", 90).dose.hold_s == 90
    assert with_field(BRIDGE, "sets", 3).dose.sets == 3
    assert with_field(BRIDGE, "rest_s", 0).dose.rest_s == 0
    assert with_field(BRIDGE, "tempo.hold", 4).dose.tempo == Tempo(2, 4, 2, 1)
    assert with_field(BRIDGE, "switch_s", 20).switch_s == 20
    assert with_field(BRIDGE, "lead_in_s", 0).lead_in_s == 0
    assert with_field(BRIDGE, "transition_s", 120).transition_s == 120
    with pytest.raises(ValueError, match="1 h is the most: 3600 s"):
        with_field(STRETCH, "hold_s", 4000)
    with pytest.raises(ValueError, match="make it a timed hold first"):
        with_field(BRIDGE, "hold_s", 30)
    for key in LIMITS:
        value = field_value(STRETCH if key == "hold_s" else BRIDGE, key)
        assert value is not None and LIMITS[key].lo <= value <= LIMITS[key].hi
    assert field_value(BRIDGE, "hold_s") is None
    assert field_value(STRETCH, "reps") is None


def test_reps_and_the_switch_between_a_hold_and_reps() -> None:
    assert with_reps(BRIDGE, 12, 20).dose.reps == RepRange(12, 20)
    with pytest.raises(ValueError, match="can't be more than the most"):
        with_reps(BRIDGE, 16, 15)
    with pytest.raises(ValueError, match="50 reps is the most"):
        with_reps(BRIDGE, 10, 51)
    timed = as_timed(BRIDGE)
    assert timed.dose.hold_s == 30 and timed.dose.reps is None  # the bridge has no catalog hold
    assert timed.dose.sets == 2
    assert as_reps(timed).dose.reps == CATALOG["bridge"].dose.reps
    assert as_reps(STRETCH).dose.reps == RepRange(10, 15)  # no catalog reps for a stretch
    assert as_timed(as_reps(STRETCH)).dose.hold_s == CATALOG["piriformis-stretch"].dose.hold_s
    assert as_timed(STRETCH) is STRETCH


@pytest.mark.parametrize(("key", "text", "expected"), [
    ("hold_s", "60", Reading(60)),
    ("hold_s", " 90 s ", Reading(90)),
    ("tempo.up", "1,5", Reading(1.5)),
    ("sets", "3", Reading(3)),
    ("sets", "3.0", Reading(3)),
    ("hold_s", "4000", Reading(None, "1 h is the most: 3600 s")),
    ("transition_s", "121", Reading(None, "2 min is the most: 120 s")),
    ("tempo.up", "11", Reading(None, "10 s is the most")),
    ("hold_s", "4", Reading(None, "5 s is the least")),
    ("rest_s", "-1", Reading(None, "0 s is the least")),
    ("tempo.down", "0.25", Reading(None, "0.5 s is the least")),
    ("sets", "0", Reading(None, "1 set is the least")),
    ("sets", "11", Reading(None, "10 sets is the most")),
    ("reps", "2.5", Reading(None, "Whole reps only")),
    ("hold_s", "", Reading(None, "Type a number of seconds")),
    ("hold_s", "abc", Reading(None, "“abc” is not a number")),
    ("hold_s", "nan", Reading(None, "Type a number")),
    ("hold_s", "inf", Reading(None, "Type a number")),
])
def test_typed_values_are_read_or_refused_with_a_reason(key: str, text: str,
                                                        expected: Reading) -> None:
    assert read_number(key, text) == expected


@given(st.sampled_from(sorted(LIMITS)), st.floats(-1e6, 1e6))
def test_a_value_is_accepted_exactly_when_it_is_within_the_limits(key: str,
                                                                 value: float) -> None:
    limit = LIMITS[key]
    whole = key in ("reps", "sets")
    acceptable = limit.lo <= value <= limit.hi and (not whole or value == int(value))
    assert (check(key, value) == "") == acceptable
    reading = read_number(key, repr(value))
    assert (reading.value is not None) == acceptable
    assert bool(reading.problem) != acceptable


def test_every_field_has_a_range_hint() -> None:
    assert range_hint("hold_s") == "5 to 3600 s"
    assert range_hint("tempo.up") == "0.5 to 10 s"
    assert range_hint("sets") == "1 to 10 sets"
    assert reps_problem(10, 15) == reps_problem(12, 12) == ""


def test_what_stops_a_routine_from_being_saved() -> None:
    good = routine(BRIDGE)
    assert routine_problems(good) == []
    nameless = dataclasses.replace(good, name="  ", blocks=())
    assert routine_problems(nameless) == ["Give the routine a name.",
                                          "Add at least one exercise."]
    long = dataclasses.replace(good, name="x" * 61, description="y" * 401)
    assert routine_problems(long) == ["The name is 61 characters long; 60 is the most.",
                                      "The description is 401 characters long; 400 is the most."]


def test_the_catalog_is_searched_by_name_category_and_position() -> None:
    exercises = list(CATALOG.values())
    assert [e.id for e in matching(exercises, "BRIDGE")] == ["bridge", "single-leg-bridge"]
    assert [e.id for e in matching(exercises, "leg lift side")] == [
        "side-lying-hip-abduction", "standing-hip-abduction", "weighted-side-lying-hip-abduction"]
    stretches = matching(exercises, category=Category.STRETCH)
    assert stretches and all(e.category is Category.STRETCH for e in stretches)
    assert [e.id for e in matching(exercises, "stretch", Category.STRETCH,
                                   Position.FLOOR_SITTING)] == ["butterfly-stretch"]
    assert matching(exercises) == exercises
    assert matching(exercises, "no such thing") == []


def test_details_are_cleaned_checked_and_set() -> None:
    b = block("bridge", reps=(10, 10))
    assert with_detail(b, "note", " Slowly\x1b[0m,\tplease ").note == "Slowly[0m, please"
    assert with_detail(b, "first_side", Side.RIGHT).first_side is Side.RIGHT
    assert with_detail(b, "frequency", Frequency(5, 5)).frequency == Frequency(5, 5)
    assert with_detail(b, "progress_to", CATALOG["single-leg-bridge"]).progress_to is \
        CATALOG["single-leg-bridge"]
    with pytest.raises(ValueError, match="another exercise"):
        with_detail(b, "progress_to", CATALOG["bridge"])
    with pytest.raises(ValueError, match="201 characters; 200 is the most"):
        with_detail(b, "note", "x" * 201)
    with pytest.raises(TypeError):
        with_detail(b, "first_side", "left")
    with pytest.raises(KeyError):
        with_detail(b, "colour", "red")
