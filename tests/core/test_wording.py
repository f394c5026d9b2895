"""The one place lengths of time and sides are put into words."""

import pytest

from hiptimer.core.catalog import SideMeans, builtin_catalog
from hiptimer.core.dose import Side
from hiptimer.core.wording import (
    clock,
    countdown,
    duration,
    hold_length,
    in_minutes,
    recorded_side,
    side_name,
    side_short,
    spoken_duration,
)


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "0 s"), (44.6, "45 s"), (59.4, "59 s"), (60, "1 min"), (90, "1 min 30 s"),
    (1356, "22 min 36 s"), (3599, "59 min 59 s"), (3600, "1 h"), (3660, "1 h 1 min"),
    (3900, "1 h 5 min"), (14_700, "4 h 5 min"), (2_110_020, "586 h 7 min"),
])
def test_a_duration_reads_as_people_say_it(seconds: float, text: str) -> None:
    assert duration(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), [
    (7.5, "7.5 s"), (30, "30 s"), (119, "119 s"), (120, "2 min"), (150, "2 min 30 s"),
    (1200, "20 min"),
])
def test_a_hold_is_exact_and_a_walk_is_in_minutes(seconds: float, text: str) -> None:
    assert hold_length(seconds) == text


@pytest.mark.parametrize(("seconds", "text"), [
    (30, "30 seconds"), (7.5, "7.5 seconds"), (90, "90 seconds"), (120, "2 minutes"),
    (150, "150 seconds"), (600, "10 minutes"),
])
def test_the_voice_says_seconds_or_whole_minutes(seconds: float, text: str) -> None:
    assert spoken_duration(seconds) == text


def test_clocks_and_countdowns() -> None:
    assert [clock(s) for s in (0, 5, 65, 62.5, 600)] == ["0:00", "0:05", "1:05", "1:02.5",
                                                          "10:00"]
    # A countdown shows 0:01 until the last moment and never goes below zero.
    assert [countdown(s) for s in (0, 0.2, 1, 59.01, 60, -3)] == ["0:00", "0:01", "0:01",
                                                                  "1:00", "1:00", "0:00"]
    assert in_minutes(95) == 1.6


def test_every_way_a_side_can_mean_has_its_words() -> None:
    catalog = builtin_catalog()
    by_meaning = {e.side_means: e for e in catalog.values()}
    assert set(by_meaning) == set(SideMeans)  # the catalog uses them all, so all are tried
    for meaning, exercise in by_meaning.items():
        name = side_name(exercise, Side.RIGHT)
        assert name.startswith(("Right leg", "Right hip")), meaning
        assert side_short(exercise, Side.LEFT) in ("left leg", "left hip")
    top = by_meaning[SideMeans.TOP_LEG]
    assert side_name(top, Side.RIGHT) == "Right leg: lie on your left side"


def test_a_recorded_side_is_named_by_the_body_where_the_exercise_is_known() -> None:
    catalog = builtin_catalog()
    assert recorded_side(catalog, "clamshell", Side.RIGHT) == "right leg"
    assert recorded_side(catalog, "hip-flexor-stretch", Side.LEFT) == "left hip"
    assert recorded_side(catalog, "gone-from-the-catalog", Side.LEFT) == "left"
    assert recorded_side(catalog, "bridge", None) == ""
    assert recorded_side(catalog, "bridge", None, both="both") == "both"
