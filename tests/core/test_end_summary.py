"""The end of a session in words: one wording for a set ended part-way, counts that do not
call 51 s of holding "nothing", the streak, and how pain moved."""

from __future__ import annotations

from datetime import date, timedelta

from hiptimer.core.end_summary import pain_move, set_counts, streak_words
from hiptimer.core.record import SetRecord, set_result


def hold(done: float, *, skipped: bool = False, pain: bool = False) -> SetRecord:
    return SetRecord(block=0, exercise_id="piriformis-stretch", side=None, set=1,
                     planned_reps=0, min_reps=0, done_reps=0, planned_seconds=60,
                     done_seconds=done, skipped=skipped, stopped_for_pain=pain,
                     finished_early=False)


def test_a_set_ended_part_way_reads_the_same_however_it_ended() -> None:
    assert set_result(hold(28, skipped=True)) == "stopped at 28 of 60 s"
    assert set_result(hold(28)) == "stopped at 28 of 60 s"  # the session was stopped
    assert set_result(hold(0, skipped=True)) == "skipped"
    assert set_result(hold(0)) == "not reached"
    assert set_result(hold(60)) == "done"
    assert set_result(hold(12, pain=True)) == "stopped because it hurt, at 12 of 60 s"


def test_sets_held_part_way_are_counted_as_begun() -> None:
    sets = [hold(25, skipped=True), hold(26, skipped=True)] + [hold(0)] * 6
    counts = set_counts(sets)
    assert counts.words() == "0 of 8 sets done, 2 part-done"
    assert set_counts([hold(60), hold(0)]).words() == "1 of 2 sets done"


def test_the_streak_counts_today_and_this_week() -> None:
    thursday = date(2026, 12, 3)
    days = {thursday - timedelta(days=n) for n in (1, 2, 5)}  # Wed, Tue and last Saturday
    assert streak_words(days, thursday) == "3 days in a row · 3 days this week"
    assert streak_words(set(), thursday) == "a new streak starts today · 1 day this week"


def test_pain_moves_in_plain_words() -> None:
    assert pain_move(3, 2) == "Pain 3 → 2 (down 1)"
    assert pain_move(2, 4) == "Pain 2 → 4 (up 2)"
    assert pain_move(3, 3) == "Pain 3 → 3 (the same)"
    assert pain_move(3, None) == "Pain before: 3 of 10"
    assert pain_move(None, 5) == "Pain now: 5 of 10"
    assert pain_move(None, None) == ""
