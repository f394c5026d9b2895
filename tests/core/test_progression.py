"""Progression advice: CONTENT.md's step-up rule, the sources' ranges and ladders, easing off
and pausing, over tables and over random histories."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiptimer.core.catalog import Exercise
from hiptimer.core.dose import RepRange, Side, Sides
from hiptimer.core.fields import FieldError
from hiptimer.core.flare import Flare, Hurt
from hiptimer.core.progression import (
    Advice,
    Change,
    Person,
    SessionPain,
    Suggestion,
    apply,
    suggest,
)
from hiptimer.core.routine import Block, Routine
from hiptimer.core.routine_load import builtin_routines

from .helpers import CATALOG, block, routine

START = datetime(2025, 3, 3, 8, 0, tzinfo=timezone.utc)
Row = tuple[bool, "int | None", "int | None", "int | None"]  # at_top, before, after, next_day
GOOD: Row = (True, 2, 2, 2)
LATER = START + timedelta(days=30)  # long after any session of ``history``


def history(*rows: Row) -> list[SessionPain]:
    """Sessions a day apart, oldest first."""
    return [SessionPain(START + timedelta(days=i), before, after, next_day, at_top=top)
            for i, (top, before, after, next_day) in enumerate(rows)]


def person(*hurts: Hurt, flare: Flare | None = None, now: datetime = LATER) -> Person:
    return Person(now=now, hurts=hurts, flare=flare)


def advise(r: Routine, rows: list[Row], who: Person | None = None) -> Suggestion:
    return suggest(r, history(*rows), CATALOG, who or person())


CLAM = routine(block("clamshell", reps=(8, 12), sides=Sides.EACH),
               block("hip-flexor-stretch", hold_s=30, sides=Sides.EACH))

CASES: list[tuple[list[Row], Advice, str]] = [
    # Too little to go on.
    ([], Advice.HOLD, "Not enough sessions"),
    ([GOOD], Advice.HOLD, "Not enough sessions"),
    # Every set must reach the top of its range: finishing early at the low end is not enough.
    ([GOOD, (False, 2, 2, 2)], Advice.HOLD, "Not every set reached the top of its range (a set "
     "finished early, skipped or stopped) in the last session."),
    ([(False, 2, 2, 2), GOOD], Advice.HOLD, "in the session before the last."),
    # Pain after: 2 or less, or up to 5 and not above pain before.
    ([GOOD, (True, 2, None, 2)], Advice.HOLD, "No pain score was given at the end of the last"),
    ([GOOD, (True, 1, 5, 1)], Advice.HOLD, "Pain after was more than 2"),  # rose 1 -> 5
    ([(True, 3, 4, 3), GOOD], Advice.HOLD, "Pain after was more than 2"),  # rose 3 -> 4
    ([GOOD, (True, None, 3, 2)], Advice.HOLD, "Pain after was more than 2"),  # before unknown
    ([(True, 7, 5, 5), (True, 7, 5, 5)], Advice.PROGRESS, "A small step up"),  # 5, below 7
    ([(True, 4, 4, 4), (True, 3, 3, 3)], Advice.PROGRESS, "A small step up"),
    # The next morning: known and settled, both times. Unknown is not settled.
    ([GOOD, (True, 2, 2, None)], Advice.HOLD, "does not know how your hip was the next "
     "morning after the last session"),
    ([(True, 2, 2, None), GOOD], Advice.HOLD, "after the session before the last"),
    ([(True, 2, 2, 4), GOOD], Advice.HOLD, "Pain was up the next morning after the session "
     "before the last"),
    ([(True, None, 2, 2), (True, None, 1, 1)], Advice.PROGRESS, "A small step up"),
    # The latest session went badly: ease off, whatever came before.
    ([GOOD, GOOD, (True, 2, 6, None)], Advice.EASE_OFF, "Pain after your last session was 6, "
     "above 5: that is too much."),
    ([(False, 2, 9, None)], Advice.EASE_OFF, "was 9, above 5"),
    ([GOOD, (True, 2, 3, 4)], Advice.EASE_OFF, "The morning after your last session, pain was "
     "4, up from 2: it had not settled."),
    ([(True, None, 3, 5)], Advice.EASE_OFF, "pain was 5, up from 3"),
]


@pytest.mark.parametrize(("rows", "advice", "fragment"), CASES)
def test_advice_follows_the_rule(rows: list[Row], advice: Advice, fragment: str) -> None:
    result = advise(CLAM, rows)
    assert result.advice is advice
    assert fragment in result.reason


def test_the_reported_early_finish_never_steps_up() -> None:
    # Every set ended with "done" at 10 of 10-15 reps and pain 3: not the top of the range.
    early = SessionPain(START, 3, 3, 3, at_top=False)
    result = suggest(CLAM, [early, dataclasses.replace(early, at=START + timedelta(days=1))],
                     CATALOG, person())
    assert result.advice is Advice.HOLD and result.changes == ()


def test_a_hurt_or_a_flare_this_week_holds_a_step_up_anywhere() -> None:
    hurt = Hurt(LATER - timedelta(days=2), "walking", None)  # another routine's exercise
    assert advise(CLAM, [GOOD, GOOD], person(hurt)).advice is Advice.HOLD
    old = Hurt(LATER - timedelta(days=8), "walking", None)
    assert advise(CLAM, [GOOD, GOOD], person(old)).advice is Advice.PROGRESS
    settled = Flare(((LATER - timedelta(days=3), "pain reached 8"),), settled=True)
    result = advise(CLAM, [GOOD, GOOD], person(flare=settled))
    assert result.advice is Advice.HOLD and "signs of a flare" in result.reason


def test_an_active_flare_pauses_every_routine_and_eases_each_block() -> None:
    flare = Flare(((LATER - timedelta(days=1), "pain reached 8 out of 10"),), settled=False)
    result = advise(CLAM, [GOOD, GOOD], person(flare=flare))
    assert result.advice is Advice.PAUSE
    assert "pain reached 8 out of 10" in result.reason
    assert "recheck the warning signs" in result.reason and "physiotherapist" in result.reason
    assert [c.after for c in result.changes] == ["6–10 reps, each side", "25 s hold, each side"]


def test_a_hurt_still_open_swaps_to_the_easier_exercise_or_steps_down() -> None:
    r = routine(block("bridge", reps=(10, 15)), block("clamshell", reps=(10, 15)),
                block("hip-flexor-stretch", hold_s=60, sides=Sides.EACH))
    hurts = (Hurt(LATER - timedelta(days=1), "bridge", None),
             Hurt(LATER - timedelta(days=1), "clamshell", Side.LEFT),
             Hurt(LATER - timedelta(days=1), "hip-flexor-stretch", Side.RIGHT))
    result = advise(r, [GOOD, GOOD], person(*hurts))
    assert result.advice is Advice.EASE_OFF
    assert result.reason.startswith("\u201cThis hurts\u201d was pressed on Bridge, Clamshell, "
                                    "Kneeling hip flexor stretch: make it easier as below")
    assert [c.after for c in result.changes] == [
        "Pelvic tilt, 10–15 reps, 5 s hold", "8–13 reps",
        "Standing hip flexor stretch, 30 s hold, each side"]
    assert any("Clamshell (left leg) hurt" in words and "halfway" in words
               for words in result.hurts)


def test_a_hurt_closes_once_the_exercise_is_done_on_a_later_day() -> None:
    hurt = Hurt(LATER - timedelta(days=3), "clamshell", Side.LEFT)
    done = frozenset({((LATER - timedelta(days=1)).date(), "clamshell")})
    result = suggest(CLAM, history(GOOD, GOOD), CATALOG,
                     Person(LATER, (hurt,), done))
    assert result.advice is Advice.HOLD and result.hurts == ()  # held: a hurt this week


# --- the range and the ladder ----------------------------------------------------------------

def climb(start: Block, times: int, minimal: bool = True) -> list[str]:
    """The block after each of ``times`` step-ups, from two perfect sessions each time."""
    rows: list[Row] = [(True, 1, 1, 1)] * 2 if minimal else [(True, 4, 4, 4)] * 2
    r, seen = routine(start), []
    for _ in range(times):
        result = advise(r, rows)
        if result.advice is not Advice.PROGRESS:
            seen.append(result.advice.value)
            break
        r = apply(r, result, new_id="mine", new_name="Mine")
        seen.append(f"{r.blocks[0].exercise.id}: {r.blocks[0].dose.describe()}")
    return seen


def test_the_bridge_climbs_its_range_then_its_ladder() -> None:
    assert climb(block("bridge", reps=(8, 12)), 8) == [
        "bridge: 10–14 reps", "bridge: 11–15 reps", "bridge: 11–15 reps, 5 s hold",
        "bridge: 11–15 reps, 10 s hold", "single-leg-bridge: 8–12 reps", "hold"]


def test_the_cuff_weight_waits_until_pain_is_minimal() -> None:
    at_top = block("straight-leg-raise", reps=(10, 15), sides=Sides.EACH)
    assert climb(at_top, 2, minimal=False) == ["hold"]
    below = block("straight-leg-raise", reps=(8, 12), sides=Sides.EACH)
    result = advise(routine(below, at_top), [(True, 4, 4, 4)] * 2)
    assert [c.block for c in result.changes] == [0]
    assert "Straight leg raise: the next step waits until pain is minimal" in result.reason
    assert climb(at_top, 2) == ["weighted-straight-leg-raise: 10–12 reps",
                                "weighted-straight-leg-raise: 12–14 reps"]


def test_a_stretch_holds_longer_up_to_its_range_never_more_sets() -> None:
    seen = climb(block("hip-flexor-stretch", hold_s=30, sets=3, sides=Sides.EACH), 10)
    assert seen == [f"hip-flexor-stretch: 3 × {s} s hold" for s in (35, 40, 45, 50, 55, 60)] + [
        "hold"]


def test_a_dose_beyond_the_sources_range_is_left_to_the_physiotherapist() -> None:
    r = routine(block("clamshell", reps=(20, 25)), block("bridge", reps=(10, 15), sets=3))
    result = advise(r, [GOOD, GOOD])
    assert result.advice is Advice.HOLD and "ask your physiotherapist" in result.reason


def test_a_ladder_step_to_an_exercise_already_in_the_routine_is_skipped() -> None:
    r = routine(block("clamshell", reps=(10, 15)), block("side-lying-hip-abduction",
                                                         reps=(10, 13)))
    result = advise(r, [GOOD, GOOD])
    assert [(c.block, c.after) for c in result.changes] == [(1, "12–15 reps")]


def test_walks_and_massage_never_change() -> None:
    r = routine(block("walking", hold_s=1800), block("tennis-ball-massage", hold_s=60))
    assert advise(r, [GOOD, GOOD]).changes == ()
    assert advise(r, [(True, 2, 9, None)]).changes == ()


BUILTIN = builtin_routines(CATALOG)


@pytest.mark.parametrize("original", BUILTIN, ids=[r.id for r in BUILTIN])
def test_forty_step_ups_never_leave_the_sources_range(original: Routine) -> None:
    # The report: after 20 step-ups clamshell and bridge reached 46-50 reps.
    r = original
    for _ in range(40):
        result = advise(r, [(True, 1, 1, 1)] * 2)
        if result.advice is not Advice.PROGRESS:
            break
        r = apply(r, result, new_id="mine", new_name="Mine")
    for b in r.blocks:
        assert_within_range(b)


def assert_within_range(b: Block) -> None:
    limits = b.exercise.range
    if limits is None:
        return
    if b.dose.reps is not None and limits.reps is not None:
        assert b.dose.reps.high <= max(limits.reps.high, b.exercise.dose.reps.high)  # type: ignore[union-attr]
    if b.dose.hold_s is not None and limits.hold_s is not None:
        assert b.dose.hold_s <= limits.hold_s[1]


# --- applying --------------------------------------------------------------------------------

def test_apply_makes_a_renamed_user_copy_and_leaves_the_original_alone() -> None:
    original = dataclasses.replace(CLAM, built_in=True, description="d")
    snapshot = dataclasses.replace(original)
    result = apply(original, advise(original, [GOOD, GOOD]), new_id="harder", new_name="Harder")
    assert original == snapshot
    assert (result.id, result.name, result.built_in, result.description) == (
        "harder", "Harder", False, "d")
    assert result.blocks[0].dose.reps == RepRange(10, 14)
    assert result.blocks[1].dose.hold_s == 35


def test_a_suggestion_for_another_dose_is_refused() -> None:
    suggestion = advise(CLAM, [GOOD, GOOD])
    changed = routine(block("clamshell", reps=(9, 12), sides=Sides.EACH),
                      block("hip-flexor-stretch", hold_s=30, sides=Sides.EACH))
    with pytest.raises(ValueError, match="the change was made for Clamshell, 8–12 reps"):
        apply(changed, suggestion, new_id="x", new_name="X")
    with pytest.raises(ValueError, match="has no block 1"):
        apply(routine(CLAM.blocks[0]), suggestion, new_id="x", new_name="X")


def test_a_hand_made_change_outside_the_limits_is_refused() -> None:
    old = CLAM.blocks[0]
    bad = dataclasses.replace(old, dose=dataclasses.replace(old.dose, reps=RepRange(10, 51)))
    with pytest.raises(ValueError, match="outside 1–50 reps"):
        apply(CLAM, Suggestion(Advice.PROGRESS, "r", (Change(0, old, bad),)), new_id="x",
              new_name="X")


@pytest.mark.parametrize(("new_id", "new_name"), [("Has Spaces", "Fine"), ("", "Fine"),
                                                  ("fine", ""), ("fine", "x" * 61)])
def test_apply_refuses_an_id_or_name_a_routine_file_would_refuse(new_id: str,
                                                                 new_name: str) -> None:
    with pytest.raises(FieldError):
        apply(CLAM, advise(CLAM, []), new_id=new_id, new_name=new_name)


# --- properties over random histories ----------------------------------------------------------

pain = st.none() | st.integers(0, 10)
good = st.integers(0, 5).flatmap(lambda before: st.tuples(
    st.just(True), st.just(before), st.integers(0, before), st.integers(0, before)))
# Any session, or one that went well (so that step-ups are drawn often enough to be tested).
rows = st.lists(st.tuples(st.booleans(), pain, pain, pain) | good, max_size=5)
exercises = st.sampled_from(sorted(CATALOG))


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    """Any routine of catalog exercises, doses around and beyond their sources' ranges."""
    items = []
    for exercise_id in draw(st.lists(exercises, min_size=1, max_size=4)):
        exercise: Exercise = CATALOG[exercise_id]
        sets = draw(st.sampled_from([1, 1, 1, 2, 3, 4]))
        if exercise.dose.is_timed:
            items.append(block(exercise_id, hold_s=float(draw(st.integers(5, 130))), sets=sets))
        else:
            low = draw(st.integers(1, 20))
            items.append(block(exercise_id, reps=(low, low + draw(st.integers(0, 8))),
                               sets=sets))
    return routine(*items)


@st.composite
def people(draw: st.DrawFn) -> Person:
    days = st.integers(0, 12)
    hurts = tuple(Hurt(LATER - timedelta(days=d), draw(exercises), None)
                  for d in (draw(st.lists(days, max_size=3)) if draw(st.integers(0, 3)) == 0
                            else ()))
    flare = None
    if draw(st.integers(0, 3)) == 0:
        flare = Flare(((LATER - timedelta(days=draw(st.integers(0, 6))), "a sign"),),
                      settled=draw(st.booleans()))
    return Person(LATER, hurts, frozenset(), flare)


def rising(s: SessionPain) -> bool:
    return s.after is not None and s.after > 2 and (s.before is None or s.after > s.before)


@settings(max_examples=400)
@given(routines(), rows, people())
def test_no_step_up_with_pain_rising_high_or_unknown_next_morning(
        r: Routine, past: list[Row], who: Person) -> None:
    sessions = history(*past)
    result = suggest(r, sessions, CATALOG, who)
    if result.advice is Advice.PROGRESS:
        last_two = sessions[-2:]
        assert len(last_two) == 2
        for s in last_two:
            assert s.at_top and s.after is not None and s.after <= 5
            assert not rising(s)
            assert s.next_day is not None and not s.worse_next_day
        assert who.flare is None and not who.hurt_this_week()


@settings(max_examples=400)
@given(routines(), rows, st.lists(good, min_size=2, max_size=2), people())
def test_a_step_up_never_leaves_the_range_except_by_the_ladder(
        r: Routine, past: list[Row], well: list[Row], who: Person) -> None:
    # Ending on two good sessions, so that most examples step up (or are held by the person).
    result = suggest(r, history(*past, *well), CATALOG, who)
    for change in result.changes:
        old, new = change.old, change.new
        if result.advice is not Advice.PROGRESS:
            assert new.exercise.id in (old.exercise.id, *old.exercise.regressions)
            assert _size(new) <= _size(old) or new.exercise.id != old.exercise.id
            continue
        if new.exercise.id != old.exercise.id:  # a rung of the ladder, at the top of the range
            assert new.exercise.id in [g.exercise for g in old.exercise.progressions]
            assert new.dose == new.exercise.dose
            continue
        limits = old.exercise.range
        assert limits is not None and new.dose.sets == old.dose.sets
        if new.dose.reps is not None:
            assert limits.reps is not None and new.dose.reps.high <= limits.reps.high
            assert old.dose.reps is not None and old.dose.reps.high <= limits.reps.high
            if new.dose.tempo.hold != old.dose.tempo.hold:  # the hold-at-the-top rung
                rungs = [g.hold_s for g in old.exercise.progressions if g.hold_s]
                assert rungs and new.dose.tempo.hold <= max(top for _, top in rungs)
                assert old.dose.reps.high == limits.reps.high
        else:
            assert limits.hold_s is not None and new.dose.hold_s is not None
            assert new.dose.hold_s <= limits.hold_s[1]


@settings(max_examples=300)
@given(routines(), rows, people())
def test_a_flare_always_eases_off(r: Routine, past: list[Row], who: Person) -> None:
    result = suggest(r, history(*past), CATALOG, who)
    if who.flare is not None and who.flare.active:
        assert result.advice is Advice.PAUSE
        assert all(_size(c.new) < _size(c.old) for c in result.changes)
    latest = history(*past)[-1:] if past else []
    if latest and (latest[0].too_much or latest[0].worse_next_day):
        assert result.advice in (Advice.PAUSE, Advice.EASE_OFF)


def _size(b: Block) -> tuple[float, ...]:
    dose = b.dose
    return (dose.reps.high, dose.reps.low) if dose.reps is not None else (dose.hold_s or 0.0,)
