"""The import preview: blocks as they will run, what the file left out, and cautions."""

from __future__ import annotations

import dataclasses

import pytest

from hiptimer.core.catalog import Category, builtin_catalog
from hiptimer.core.dose import Side, Sides, Tempo
from hiptimer.core.plan import compile_plan
from hiptimer.core.review import cautions, preview
from hiptimer.core.routine import Block
from hiptimer.core.routine_file import read_routine_text
from hiptimer.core.routine_load import builtin_routines

from .helpers import block, routine
from .test_routine_v2 import EXAMPLE

CATALOG = builtin_catalog()


def test_the_example_preview_shows_order_time_defaults_and_extras() -> None:
    imported = read_routine_text(EXAMPLE.encode(), CATALOG, source="x.toml")
    shown = preview(imported.routine, imported.defaulted)
    assert shown.seconds == compile_plan(imported.routine).duration
    assert sum(r.seconds for r in shown.rows) == shown.seconds
    bridge, abduction, knees, hamstring = shown.rows
    assert abduction.order.text == "a set on each side in turn, left leg first"
    assert not abduction.order.defaulted  # the file says each-by-set
    assert (hamstring.order.text, hamstring.order.defaulted) == (
        "left leg first, then right leg", True)
    assert [v.label for v in hamstring.timing] == ["get into position", "get ready",
                                                   "switch sides"]
    rest = {v.label: v for v in knees.values}["rest"]
    assert (rest.text, rest.defaulted) == ("30 s", True)  # "no rest written"
    assert not {v.label: v for v in bridge.values}["rest"].defaulted
    assert ("Next step", "Single-leg bridge — when 3 × 12 feels easy") in bridge.extras
    assert ("You need", "kitchen counter to hold") in abduction.extras
    [bike] = shown.activities
    assert (bike.name, bike.minutes, bike.frequency, bike.note) == (
        "Stationary bike", 15, "3 days a week", "seat high")
    assert shown.caution_count == 0


def test_a_stretch_held_fifteen_minutes_is_cautioned() -> None:
    b = block("hip-flexor-stretch", hold_s=900, sides=Sides.EACH)
    assert cautions(b) == ["Held 15 min: the sources hold it for about a minute at most."]


@pytest.mark.parametrize(("b", "expected"), [
    (block("clamshell", reps=(10, 40)), "40 reps a set: the sources suggest 6 to 15."),
    (block("bridge", reps=(10, 10), tempo=Tempo(2, 15, 2, 1)),
     "A 15 s hold at the top of every rep: the sources suggest up to 10 s."),
    (block("walking", hold_s=1200),
     "20 min of easy walk is counted down in the middle of the session; as an activity it "
     "would be logged instead, whenever it is done."),
])
def test_values_beyond_the_sources_are_cautioned(b, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert cautions(b) == [expected]


def test_an_exercise_s_own_usual_dose_is_never_cautioned() -> None:
    for exercise in CATALOG.values():
        if exercise.category is not Category.ACTIVITY:  # the countdown caution is for those
            usual = Block(exercise, exercise.dose, exercise.sides)
            assert cautions(usual) == [], exercise.id


def test_no_built_in_routine_needs_a_caution() -> None:
    for r in builtin_routines(CATALOG):
        assert preview(r).caution_count == 0, r.id


def test_a_long_session_is_cautioned_as_a_whole() -> None:
    r = routine(*[block("hamstring-stretch", hold_s=300, sets=3, rest_s=60,
                        sides=Sides.EACH)] * 3)
    assert preview(r).cautions == ("The session takes 1 h 43 min: longer than an hour and "
                                   "a half.",)


def test_the_side_order_follows_the_affected_side() -> None:
    r = dataclasses.replace(routine(block("clamshell", reps=(5, 5), sides=Sides.EACH)),
                            affected_side=Side.RIGHT)
    assert preview(r).rows[0].order.text == "right leg first, then left leg"
