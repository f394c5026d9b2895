"""Progression advice: the pain-monitoring rules, the caps at LIMITS, and applying a suggestion."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.fields import FieldError
from hiptimer.core.progression import (
    Advice,
    Change,
    SessionPain,
    Suggestion,
    apply,
    suggest,
)
from hiptimer.core.record import Outcome, SessionSummary
from hiptimer.core.routine import LIMITS, Dose, RepRange, Routine, builtin_routines

from .helpers import CATALOG, block, routine

START = datetime(2025, 3, 3, 8, 0, tzinfo=timezone.utc)
Row = tuple[bool, "int | None", "int | None", "int | None"]  # all_done, before, after, next_day


def history(*rows: Row) -> list[SessionPain]:
    """Sessions a day apart, oldest first."""
    return [SessionPain(START + timedelta(days=i), done, before, after, next_day)
            for i, (done, before, after, next_day) in enumerate(rows)]


GOOD: Row = (True, 2, 3, 2)
STANDARD = routine(block("clamshell", reps=(10, 15)), block("hip-flexor-stretch", hold_s=30))

CASES: list[tuple[list[Row], Advice, str]] = [
    # Too little to go on.
    ([], Advice.HOLD, "No sessions of this routine yet"),
    ([GOOD], Advice.HOLD, "Only one session of this routine so far"),
    ([(True, 2, 5, 2)], Advice.HOLD, "Only one session"),
    ([(True, None, None, None)] * 2, Advice.HOLD,
     "No pain score was given at the end of the session before the last or the last session. "
     "HipTimer only suggests a change when it knows how your hip responded."),
    ([(True, 2, None, None)] * 3, Advice.HOLD, "No pain score was given"),
    ([GOOD, (True, 2, None, None)], Advice.HOLD, "at the end of the last session. HipTimer"),
    ([(True, 2, None, 2), GOOD], Advice.HOLD, "at the end of the session before the last. "),
    ([(True, 3, None, 3), (True, 3, None, None)], Advice.HOLD, "No pain score"),  # before only
    # Not done in full.
    ([GOOD, (False, 2, 3, None)], Advice.HOLD, "The last session was not done in full"),
    ([(False, 2, 3, 2), GOOD], Advice.HOLD, "The session before the last was not done in full"),
    ([(False, 0, 0, 0)] * 2, Advice.HOLD, "The last session was not done in full"),
    ([GOOD, GOOD, (False, 1, 1, None)], Advice.HOLD, "The last session was not done in full"),
    # The session before the last went badly, the last one did not.
    ([(True, 2, 7, 2), GOOD], Advice.HOLD, "Pain after the session before the last was 7, "
     "above 5."),
    ([(True, 2, 3, 4), GOOD], Advice.HOLD, "The morning after the session before the last, "
     "pain was 4, up from 2 before it."),
    ([(True, None, 3, 4), GOOD], Advice.HOLD, "pain was 4, up from 3 right after it."),
    # Too much: ease off, whatever came before and whether or not it was finished.
    ([(True, 2, 6, None)], Advice.EASE_OFF, "Pain after your last session was 6, above 5: "
     "that is too much."),
    ([(False, 2, 10, None)], Advice.EASE_OFF, "Pain after your last session was 10"),
    ([GOOD, GOOD, (True, 2, 8, None)], Advice.EASE_OFF, "was 8, above 5"),
    ([(True, 2, 3, 4)], Advice.EASE_OFF, "The morning after your last session, pain was 4, up "
     "from 2 before it: it had not settled."),
    ([GOOD, (True, 0, 0, 1)], Advice.EASE_OFF, "pain was 1, up from 0 before it"),
    ([(False, None, 3, 5)], Advice.EASE_OFF, "pain was 5, up from 3 right after it"),
    ([(True, 2, 6, 4)], Advice.EASE_OFF, "too much. The morning after your last session"),
    ([(True, 2, 3, 3)] * 2, Advice.EASE_OFF, "pain was 3, up from 2"),
    # All well twice in a row: progress.
    ([GOOD, (True, 2, 3, None)], Advice.PROGRESS, "Your last two sessions were done in full "
     "with pain after exercise at 3 or less. Add 2 reps to each exercise done in reps and 5 s "
     "to each hold."),
    ([(True, 0, 0, 0), (True, 0, 0, None)], Advice.PROGRESS, "with no pain after exercise."),
    ([(True, None, 5, None), (True, None, 2, None)], Advice.PROGRESS, "at 5 or less"),
    ([(True, 4, 5, 4), (True, 4, 5, 4)], Advice.PROGRESS, "at 5 or less"),
    ([(True, 6, 4, 3), (True, 3, 1, None)], Advice.PROGRESS, "at 4 or less"),
    ([(True, 2, 7, 2), GOOD, GOOD], Advice.PROGRESS, "at 3 or less"),
    ([(False, 2, 3, 2), GOOD, (True, 2, 1, None)], Advice.PROGRESS, "at 3 or less"),
    ([(True, None, 3, 9), GOOD], Advice.HOLD, "pain was 9, up from 3 right after it"),
]


@pytest.mark.parametrize(("rows", "advice", "fragment"), CASES)
def test_advice_follows_the_pain_history(rows: list[Row], advice: Advice, fragment: str) -> None:
    result = suggest(STANDARD, history(*rows))

    assert result.advice is advice
    assert fragment in result.reason


@pytest.mark.parametrize(("advice", "rows", "after"), [
    (Advice.PROGRESS, [GOOD, GOOD], ("12–17 reps", "35 s hold")),
    (Advice.EASE_OFF, [(True, 2, 6, None)], ("8–13 reps", "25 s hold")),
    (Advice.HOLD, [GOOD], ()),
])
def test_changes_name_each_block_and_its_dose_before_and_after(
        advice: Advice, rows: list[Row], after: tuple[str, ...]) -> None:
    result = suggest(STANDARD, history(*rows))

    assert result.advice is advice
    assert [c.after for c in result.changes] == list(after)
    if after:
        assert [(c.block, c.exercise_name, c.field, c.before) for c in result.changes] == [
            (0, "Clamshell", "reps", "10–15 reps"),
            (1, "Kneeling hip flexor stretch", "hold_s", "30 s hold")]


def test_sessions_are_judged_in_time_order_whatever_order_they_come_in() -> None:
    bad, good = history((True, 2, 8, None), GOOD)
    late_bad = dataclasses.replace(bad, at=START + timedelta(days=5))

    assert suggest(STANDARD, [good, late_bad]).advice is Advice.EASE_OFF
    assert suggest(STANDARD, [late_bad, good]).advice is Advice.EASE_OFF


def test_only_reps_or_a_timed_hold_change_and_only_for_exercises() -> None:
    r = routine(block("walking", hold_s=1800), block("tennis-ball-massage", hold_s=60),
                block("seated-marches", reps=(10, 20)), block("quad-stretch", hold_s=30, sets=2),
                block("clamshell", reps=(10, 15), sets=3, rest_s=20))

    result = suggest(r, history(GOOD, GOOD))

    assert [(c.block, c.before, c.after) for c in result.changes] == [
        (2, "10–20 reps", "12–22 reps"), (3, "30 s hold", "35 s hold"),
        (4, "10–15 reps", "12–17 reps")]
    applied = apply(r, result, new_id="mine", new_name="Mine")
    assert [b.dose for b in applied.blocks] == [
        r.blocks[0].dose, r.blocks[1].dose,
        dataclasses.replace(r.blocks[2].dose, reps=RepRange(12, 22)),
        dataclasses.replace(r.blocks[3].dose, hold_s=35),
        dataclasses.replace(r.blocks[4].dose, reps=RepRange(12, 17))]


@pytest.mark.parametrize("advice_rows", [[GOOD, GOOD], [(True, 2, 6, None)]])
def test_a_routine_of_walks_and_massage_is_never_changed(advice_rows: list[Row]) -> None:
    r = routine(block("walking", hold_s=1800), block("tennis-ball-massage", hold_s=60))

    result = suggest(r, history(*advice_rows))

    assert result.changes == ()
    assert "only adjusts strength, stretching and mobility exercises" in result.reason
    assert result.advice is (Advice.HOLD if len(advice_rows) == 2 else Advice.EASE_OFF)


# Caps at LIMITS.
REPS_MAX, HOLD_MAX = int(LIMITS["reps"].hi), LIMITS["hold_s"].hi
REPS_MIN, HOLD_MIN = int(LIMITS["reps"].lo), LIMITS["hold_s"].lo


@pytest.mark.parametrize(("dose", "after"), [
    ({"reps": (47, 49)}, "49–50 reps"),
    ({"reps": (48, 48)}, "50 reps"),
    ({"reps": (40, 49)}, "42–50 reps"),
    ({"hold_s": HOLD_MAX - 3}, f"{HOLD_MAX:g} s hold"),
    ({"hold_s": 7.5}, "12.5 s hold"),
])
def test_progress_stops_at_the_upper_limit(dose: dict[str, object], after: str) -> None:
    result = suggest(routine(block("bridge", **dose)), history(GOOD, GOOD))

    assert result.advice is Advice.PROGRESS
    assert [c.after for c in result.changes] == [after]


@pytest.mark.parametrize("dose", [{"reps": (45, REPS_MAX)}, {"reps": (REPS_MAX, REPS_MAX)},
                                  {"hold_s": HOLD_MAX}])
def test_a_block_at_the_upper_limit_is_left_and_named(dose: dict[str, object]) -> None:
    r = routine(block("bridge", **dose), block("clamshell", reps=(10, 15)))

    result = suggest(r, history(GOOD, GOOD))

    assert result.advice is Advice.PROGRESS
    assert [c.exercise_name for c in result.changes] == ["Clamshell"]
    assert "Already at the most HipTimer allows, so left as they are: Bridge." in result.reason


def test_when_every_block_is_at_the_upper_limit_the_advice_is_to_hold() -> None:
    r = routine(block("bridge", reps=(30, REPS_MAX)), block("quad-stretch", hold_s=HOLD_MAX))

    result = suggest(r, history(GOOD, GOOD))

    assert result == Suggestion(Advice.HOLD, "Your last two sessions were done in full with "
                                "pain after exercise at 3 or less. Every exercise is already at "
                                "the most HipTimer allows; ask your physiotherapist about a "
                                "harder variant.")


@pytest.mark.parametrize(("dose", "after"), [
    ({"reps": (2, 3)}, "1 rep"),
    ({"reps": (1, 4)}, "1–2 reps"),
    ({"reps": (3, 3)}, "1 rep"),
    ({"hold_s": 7}, f"{HOLD_MIN:g} s hold"),
    ({"hold_s": 12.5}, "7.5 s hold"),
])
def test_ease_off_stops_at_the_lower_limit(dose: dict[str, object], after: str) -> None:
    result = suggest(routine(block("bridge", **dose)), history((True, 2, 6, None)))

    assert result.advice is Advice.EASE_OFF
    assert [c.after for c in result.changes] == [after]


def test_ease_off_at_the_lower_limit_says_to_ask_the_physiotherapist() -> None:
    r = routine(block("bridge", reps=(REPS_MIN, REPS_MIN)), block("quad-stretch", hold_s=HOLD_MIN))

    result = suggest(r, history((True, 2, 6, None)))

    assert result == Suggestion(Advice.EASE_OFF, "Pain after your last session was 6, above 5: "
                                "that is too much. Every exercise is already at the least "
                                "HipTimer allows, so ask your physiotherapist what to do "
                                "instead.")


def test_ease_off_names_the_blocks_it_cannot_lower() -> None:
    r = routine(block("bridge", reps=(1, 1)), block("quad-stretch", hold_s=20))

    result = suggest(r, history((True, 1, 2, 4)))

    assert result.advice is Advice.EASE_OFF
    assert result.reason == (
        "The morning after your last session, pain was 4, up from 1 before it: it had not "
        "settled. Take 5 s off each hold. Already at the least HipTimer allows, so left as they "
        "are: Bridge; ask your physiotherapist about them. If the pain stays up, ask your "
        "physiotherapist.")


# Applying a suggestion.
def test_apply_makes_a_renamed_user_copy_and_leaves_the_original_alone() -> None:
    original = dataclasses.replace(STANDARD, built_in=True, description="d", sources=("nhs",))
    snapshot = dataclasses.replace(original)
    suggestion = suggest(original, history(GOOD, GOOD))

    result = apply(original, suggestion, new_id="test-harder", new_name="Test, harder")

    assert original == snapshot
    assert (result.id, result.name, result.built_in) == ("test-harder", "Test, harder", False)
    assert (result.description, result.frequency, result.sources) == (
        "d", original.frequency, ("nhs",))
    assert result.blocks[0] == dataclasses.replace(
        original.blocks[0], dose=dataclasses.replace(original.blocks[0].dose,
                                                     reps=RepRange(12, 17)))
    assert result.blocks[1] == dataclasses.replace(
        original.blocks[1], dose=dataclasses.replace(original.blocks[1].dose, hold_s=35))


def test_applying_a_hold_copies_the_routine_unchanged() -> None:
    result = apply(STANDARD, suggest(STANDARD, []), new_id="copy", new_name="Copy")

    assert result == dataclasses.replace(STANDARD, id="copy", name="Copy")


def test_a_suggestion_for_another_dose_is_refused() -> None:
    suggestion = suggest(STANDARD, history(GOOD, GOOD))
    changed = routine(block("clamshell", reps=(8, 12)), block("hip-flexor-stretch", hold_s=30))
    shorter = routine(block("clamshell", reps=(10, 15)))

    with pytest.raises(ValueError, match="the change was made for Clamshell, 10–15 reps"):
        apply(changed, suggestion, new_id="x", new_name="X")
    with pytest.raises(ValueError, match="has no block 1"):
        apply(shorter, suggestion, new_id="x", new_name="X")


def test_a_hand_made_change_outside_the_limits_is_refused() -> None:
    r = routine(block("bridge", reps=(10, 15)))
    bad = Suggestion(Advice.PROGRESS, "r", (Change(0, "Bridge", "reps", RepRange(10, 15),
                                                   RepRange(10, REPS_MAX + 1)),))

    with pytest.raises(ValueError, match="outside 1–50 reps"):
        apply(r, bad, new_id="x", new_name="X")
    with pytest.raises(ValueError, match="rep ranges on both sides"):
        Change(0, "Bridge", "reps", RepRange(10, 15), 30.0)
    with pytest.raises(ValueError, match="seconds on both sides"):
        Change(0, "Bridge", "hold_s", 30.0, RepRange(10, 15))


@pytest.mark.parametrize(("new_id", "new_name"), [
    ("Has Spaces", "Fine"), ("", "Fine"), ("double--dash", "Fine"), ("fine", ""),
    ("fine", "x" * 61)])
def test_apply_refuses_an_id_or_name_a_routine_file_would_refuse(new_id: str,
                                                                 new_name: str) -> None:
    with pytest.raises(FieldError):
        apply(STANDARD, suggest(STANDARD, []), new_id=new_id, new_name=new_name)


BUILTIN = builtin_routines(builtin_catalog())


def within_limits(dose: Dose) -> bool:
    if dose.reps is not None:
        limit = LIMITS["reps"]
        return limit.lo <= dose.reps.low <= dose.reps.high <= limit.hi
    assert dose.hold_s is not None
    return LIMITS["hold_s"].lo <= dose.hold_s <= LIMITS["hold_s"].hi


@pytest.mark.parametrize("rows", [[GOOD, GOOD], [(True, 2, 8, None)]])
@pytest.mark.parametrize("original", BUILTIN, ids=[r.id for r in BUILTIN])
def test_every_builtin_routine_changes_within_limits(original: Routine, rows: list[Row]) -> None:
    result = suggest(original, history(*rows))
    changed = apply(original, result, new_id="changed", new_name="Changed")

    assert result.changes  # every built-in routine has something to adjust
    assert all(within_limits(b.dose) for b in changed.blocks)
    step = 1 if result.advice is Advice.PROGRESS else -1
    for change in result.changes:
        dose = changed.blocks[change.block].dose
        if dose.reps is not None:
            assert isinstance(change.old, RepRange)
            assert (dose.reps.low, dose.reps.high) == (change.old.low + 2 * step,
                                                       change.old.high + 2 * step)
        else:
            assert dose.hold_s == change.old + 5 * step


# From the history.
def summary(outcome: Outcome = Outcome.FINISHED, *, planned: int = 6, done: int = 6,
            skipped: int = 0, for_pain: int = 0, next_day: int | None = None) -> SessionSummary:
    return SessionSummary(
        uid="u", routine_id="test", routine_name="Test", started_at=START,
        ended_at=START + timedelta(minutes=20), planned_seconds=1200, active_seconds=1200,
        outcome=outcome, pain_before=2, pain_after=4, note="", sets_planned=planned,
        sets_done=done, sets_skipped=skipped, sets_for_pain=for_pain, pain_next_day=next_day)


@pytest.mark.parametrize(("line", "all_done"), [
    (summary(), True),
    (summary(Outcome.STOPPED, done=3), False),
    (summary(Outcome.STOPPED), False),
    (summary(Outcome.INTERRUPTED, done=2), False),
    (summary(Outcome.RUNNING, done=2), False),
    (summary(done=5, skipped=1), False),
    (summary(done=5, for_pain=1), False),
    (summary(done=5), False),
])
def test_a_session_counts_as_done_only_when_every_set_was_completed(
        line: SessionSummary, all_done: bool) -> None:
    assert SessionPain.from_summary(line) == SessionPain(START, all_done, 2, 4, None)


def test_the_next_day_score_comes_from_the_summary_unless_given() -> None:
    assert SessionPain.from_summary(summary(next_day=3)).next_day == 3
    assert SessionPain.from_summary(summary(next_day=3), 5).next_day == 5
    assert SessionPain.from_summary(summary(), 0).next_day == 0


@pytest.mark.parametrize("scores", [(-1, None, None), (None, 11, None), (None, None, 12)])
def test_a_score_off_the_scale_is_refused(scores: tuple[int | None, ...]) -> None:
    with pytest.raises(ValueError, match="pain is rated 0 to 10"):
        SessionPain(START, True, *scores)


# Properties over any history and any routine.
pain = st.none() | st.integers(0, 10)
sessions = st.lists(st.tuples(st.booleans(), pain, pain, pain), max_size=5).map(
    lambda rows: history(*rows))
exercises = st.sampled_from(sorted(CATALOG))


@st.composite
def doses(draw: st.DrawFn) -> dict[str, object]:
    """Any dose within LIMITS, with the edges drawn often."""
    if draw(st.booleans()):
        ends = st.integers(REPS_MIN, REPS_MAX) | st.sampled_from(
            [REPS_MIN, REPS_MIN + 1, REPS_MAX - 1, REPS_MAX])
        low, high = sorted((draw(ends), draw(ends)))
        return {"reps": (low, high)}
    hold = (st.integers(int(HOLD_MIN), int(HOLD_MAX)).map(float)
            | st.sampled_from([HOLD_MIN, HOLD_MIN + 2.5, HOLD_MAX - 1, HOLD_MAX]))
    return {"hold_s": draw(hold)}


any_routine = st.lists(st.tuples(exercises, doses()), min_size=1, max_size=4).map(
    lambda items: routine(*(block(e, **d) for e, d in items)))


def size(dose: Dose) -> tuple[float, ...]:
    return (dose.reps.low, dose.reps.high) if dose.reps is not None else (dose.hold_s or 0,)


@given(any_routine, sessions)
def test_any_history_gets_one_advice_that_keeps_every_dose_within_limits(
        original: Routine, past: list[SessionPain]) -> None:
    result = suggest(original, past)
    changed = apply(original, result, new_id="changed", new_name="Changed")

    assert isinstance(result.advice, Advice)
    assert result.reason.strip()
    assert all(within_limits(b.dose) for b in changed.blocks)
    moves = [new - old for a, b in zip(original.blocks, changed.blocks, strict=True)
             for old, new in zip(size(a.dose), size(b.dose), strict=True)]
    if result.advice is Advice.EASE_OFF:
        assert all(move <= 0 for move in moves)
    elif result.advice is Advice.PROGRESS:
        assert all(move >= 0 for move in moves)
        assert any(move > 0 for move in moves)
    else:
        assert result.changes == ()
        assert changed.blocks == original.blocks


@given(any_routine, sessions)
def test_advice_rests_on_the_scores_never_on_their_absence(original: Routine,
                                                          past: list[SessionPain]) -> None:
    advice = suggest(original, past).advice
    latest = past[-1] if past else None

    flared = latest is not None and (latest.too_much or latest.not_settled)
    assert (advice is Advice.EASE_OFF) == flared
    if advice is Advice.PROGRESS:
        last_two = past[-2:]
        assert len(last_two) == 2
        assert all(s.all_done and s.after is not None and s.after <= 5 for s in last_two)
        assert not last_two[0].not_settled
