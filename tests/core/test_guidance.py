"""Every catalog exercise says how to do it safely: its phase words, its safety phrase, an
easier option, the sources' range with a ladder beyond it, and the hip-replacement precautions
its figure shows."""

from __future__ import annotations

import re

import pytest

from hiptimer.core.catalog import Category, Position, builtin_catalog
from hiptimer.core.figure.spec import builtin_figures
from hiptimer.core.guidance import Precaution
from hiptimer.core.routine_load import builtin_routines

CATALOG = builtin_catalog()
FIGURES = builtin_figures()
IDS = sorted(CATALOG)
GENERIC = {"Up", "Down", "Begin"}  # words that say nothing about the movement


@pytest.mark.parametrize("exercise_id", IDS)
def test_each_exercise_has_its_own_phase_words_safety_phrase_and_easier_option(
        exercise_id: str) -> None:
    exercise = CATALOG[exercise_id]
    words = exercise.phases
    assert words.hold and words.hold not in GENERIC
    if not exercise.dose.is_timed:
        assert words.up and words.up not in GENERIC
        assert words.down not in GENERIC
    assert exercise.say.endswith(".") and len(exercise.say.split()) <= 9
    assert exercise.easier.endswith(".")
    for linked in exercise.regressions:
        assert CATALOG[linked].category is exercise.category or linked == "posterior-pelvic-tilt"


def test_the_words_match_the_movement_where_the_sources_describe_it() -> None:
    butterfly = CATALOG["butterfly-stretch"].phases
    assert (butterfly.up, butterfly.down) == ("Press", "Release")  # the knees press down
    walk = CATALOG["monster-walk"].phases
    assert (walk.up, walk.down) == ("Step", "")  # no "down" inviting a squat
    tilt = CATALOG["posterior-pelvic-tilt"].phases
    assert (tilt.up, tilt.down) == ("Tilt", "Relax")
    assert CATALOG["piriformis-stretch"].say == "Ease off if your leg tingles."
    assert "bouncing" in CATALOG["hip-flexor-stretch"].say


@pytest.mark.parametrize("exercise_id", [i for i in IDS if CATALOG[i].category is
                                         Category.STRETCH])
def test_every_stretch_can_be_made_gentler(exercise_id: str) -> None:
    exercise = CATALOG[exercise_id]
    gentler = re.search(r"\b(less|lighter|more lightly|smaller|shorter|one knee)\b",
                        exercise.easier)
    assert gentler or exercise.regressions, exercise.easier


def test_the_painful_stretches_have_a_gentler_variant() -> None:
    assert CATALOG["hip-flexor-stretch"].regressions == ("standing-hip-flexor-stretch",)
    assert CATALOG["piriformis-stretch"].regressions == ("seated-figure-4-stretch",)
    assert CATALOG["butterfly-stretch"].regressions == ("seated-butterfly-stretch",)


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_default_dose_sits_inside_the_sources_range(exercise_id: str) -> None:
    exercise = CATALOG[exercise_id]
    if not exercise.category.progresses:
        assert exercise.range is None and exercise.progressions == ()
        return
    limits = exercise.range
    assert limits is not None
    dose = exercise.dose
    assert limits.sets[0] <= dose.sets <= limits.sets[1]
    if dose.reps is not None:
        assert limits.reps is not None and dose.reps.high <= limits.reps.high
    else:
        assert limits.hold_s is not None and dose.hold_s is not None
        assert limits.hold_s[0] <= dose.hold_s <= limits.hold_s[1]


def test_the_ladders_are_the_sources_ladders() -> None:
    bridge = CATALOG["bridge"].progressions
    assert [(r.hold_s, r.exercise) for r in bridge] == [((5.0, 10.0), None),
                                                        (None, "single-leg-bridge")]
    cuffed = CATALOG["straight-leg-raise"].progressions
    assert [(r.exercise, r.when.value) for r in cuffed] == [("weighted-straight-leg-raise",
                                                             "low-pain")]
    assert [r.exercise for r in CATALOG["clamshell"].progressions] == [
        "side-lying-hip-abduction"]
    assert "1 to 1.5 kg" in CATALOG["weighted-straight-leg-raise"].steps[0]


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_step_up_the_ladder_can_be_stepped_back_down(exercise_id: str) -> None:
    for rung in CATALOG[exercise_id].progressions:
        if rung.exercise is not None:
            assert exercise_id in CATALOG[rung.exercise].regressions


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_precautions_match_what_the_figure_shows(exercise_id: str) -> None:
    exercise, spec = CATALOG[exercise_id], FIGURES[exercise_id]
    hips = ("right_hip", "left_hip")
    deepest = max(pose.angle(h, "flex") for pose in spec.poses for h in hips)
    most_in = min(pose.angle(h, "rot") for pose in spec.poses for h in hips)
    if deepest > 90:
        assert Precaution.DEEP_FLEXION in exercise.precautions
    if most_in < -10:
        assert Precaution.TURNING_IN in exercise.precautions


@pytest.mark.parametrize("exercise_id", [i for i in IDS if Precaution.DEEP_FLEXION in
                                         CATALOG[i].precautions])
def test_deep_hip_flexion_carries_a_groin_pinch_caution(exercise_id: str) -> None:
    cautions = " ".join(CATALOG[exercise_id].cautions)
    assert "pinch" in cautions, cautions


@pytest.mark.parametrize("exercise_id", IDS)
def test_user_text_says_physiotherapist(exercise_id: str) -> None:
    exercise = CATALOG[exercise_id]
    text = " ".join((exercise.feel, exercise.how_to, *exercise.steps, *exercise.cautions,
                     exercise.say, exercise.easier))
    assert "physical therapist" not in text.lower() and not re.search(r"\bPT\b", text)


ROUTINES = {r.id: r for r in builtin_routines(CATALOG)}
FLOOR = {Position.BACK, Position.SIDE, Position.FRONT, Position.KNEELING, Position.FLOOR_SITTING}


def test_start_here_is_gentle_and_safe_after_a_hip_replacement() -> None:
    start = ROUTINES["start-here"]
    assert next(iter(ROUTINES)) == "start-here"  # listed first
    for b in start.blocks:
        assert b.exercise.precautions == (), b.exercise.id
        limits = b.exercise.range
        assert limits is not None
        if b.dose.reps is not None:
            assert limits.reps is not None and b.dose.reps.high < limits.reps.high
        else:
            assert limits.hold_s is not None and b.dose.hold_s == limits.hold_s[0]


def test_the_desk_snack_never_sends_you_to_the_floor() -> None:
    snack = ROUTINES["movement-snack"]
    assert [b.exercise.id for b in snack.blocks] == [
        "seated-marches", "seated-butterfly-stretch", "tennis-ball-massage"]
    assert not any(b.exercise.position in FLOOR for b in snack.blocks)
