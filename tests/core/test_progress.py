"""Adherence per week, streaks of active days and the pain trend, worked out from the history."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiptimer.core.catalog import Category
from hiptimer.core.progress import (
    PainPoint,
    Week,
    current_streak,
    longest_streak,
    minutes_by_day,
    pain_points,
    weekly_adherence,
    weeks_between,
)
from hiptimer.core.record import Outcome, SessionSummary

STRETCH, STRENGTH = Category.STRETCH, Category.STRENGTH
D = date  # short, for tables of dates


def summary(started_at: datetime, *, minutes: float = 10, sets_done: int = 3,
            before: int | None = None, after: int | None = None) -> SessionSummary:
    return SessionSummary(
        uid=started_at.isoformat(), routine_id="daily-stretches",
        routine_name="Daily hip stretches", started_at=started_at,
        ended_at=started_at + timedelta(minutes=minutes + 1), planned_seconds=600,
        active_seconds=minutes * 60, outcome=Outcome.FINISHED, pain_before=before,
        pain_after=after, note="", sets_planned=3, sets_done=sets_done, sets_skipped=0,
        sets_for_pain=0)


def local(year: int, month: int, day: int, hour: int, minute: int, *,
          offset_hours: int = 1) -> datetime:
    return datetime(year, month, day, hour, minute,
                    tzinfo=timezone(timedelta(hours=offset_hours)))


@pytest.mark.parametrize(("first", "last", "mondays"), [
    (D(2026, 11, 16), D(2026, 11, 16), [D(2026, 11, 16)]),  # a Monday alone
    (D(2026, 11, 22), D(2026, 11, 22), [D(2026, 11, 16)]),  # a Sunday belongs to its Monday
    (D(2026, 11, 22), D(2026, 11, 23), [D(2026, 11, 16), D(2026, 11, 23)]),  # Sun then Mon
    (D(2026, 11, 17), D(2026, 11, 29), [D(2026, 11, 16), D(2026, 11, 23)]),
    # ISO week 53 of 2026 runs from Monday 28 December to Sunday 3 January 2027.
    (D(2026, 12, 31), D(2027, 1, 3), [D(2026, 12, 28)]),
    (D(2026, 12, 27), D(2027, 1, 4), [D(2026, 12, 21), D(2026, 12, 28), D(2027, 1, 4)]),
    (D(2026, 11, 23), D(2026, 11, 22), []),  # last before first
])
def test_weeks_between(first: date, last: date, mondays: list[date]) -> None:
    assert weeks_between(first, last) == mondays


def test_weeks_between_covers_a_year_in_whole_weeks() -> None:
    mondays = weeks_between(D(2026, 1, 1), D(2026, 12, 31))
    assert len(mondays) == 53  # 2026 is a 53-week ISO year
    assert mondays[0] == D(2025, 12, 29)
    assert all(b - a == timedelta(weeks=1) for a, b in pairwise(mondays))


def test_adherence_counts_distinct_days_per_category() -> None:
    done = [
        (D(2026, 11, 16), STRETCH), (D(2026, 11, 16), STRETCH),  # two sets, one day
        (D(2026, 11, 16), STRENGTH), (D(2026, 11, 18), STRETCH),
        (D(2026, 11, 20), STRENGTH), (D(2026, 11, 20), STRENGTH),
        (D(2026, 11, 22), STRETCH),  # Sunday: still this week
        (D(2026, 11, 23), STRETCH),  # Monday: the next week
    ]
    assert weekly_adherence(done, D(2026, 11, 16), D(2026, 11, 29)) == [
        Week(D(2026, 11, 16), stretch_days=3, strength_days=2),
        Week(D(2026, 11, 23), stretch_days=1, strength_days=0),
    ]


def test_adherence_ignores_other_categories_and_days_out_of_range() -> None:
    done = [
        (D(2026, 11, 17), Category.MOBILITY), (D(2026, 11, 17), Category.SELF_CARE),
        (D(2026, 11, 15), STRETCH),  # the day before first
        (D(2026, 11, 19), STRENGTH),  # the day after last
        (D(2026, 11, 18), STRETCH),
    ]
    # first is a Tuesday, last a Wednesday: the week is still reported from its Monday.
    assert weekly_adherence(done, D(2026, 11, 17), D(2026, 11, 18)) == [
        Week(D(2026, 11, 16), stretch_days=1, strength_days=0)]


def test_activity_days_count_logged_activities_and_walks_done_in_a_session() -> None:
    done = [(D(2026, 11, 17), Category.ACTIVITY), (D(2026, 11, 17), STRETCH)]
    logged = [D(2026, 11, 17), D(2026, 11, 18), D(2026, 11, 18), D(2026, 11, 23),
              D(2026, 11, 15)]  # the last before the first day
    assert weekly_adherence(done, D(2026, 11, 16), D(2026, 11, 23), logged) == [
        Week(D(2026, 11, 16), stretch_days=1, strength_days=0, activity_days=2),
        Week(D(2026, 11, 23), stretch_days=0, strength_days=0, activity_days=1)]


def test_adherence_includes_empty_weeks_across_the_year_end() -> None:
    done = [(D(2026, 12, 20), STRENGTH), (D(2027, 1, 2), STRETCH), (D(2027, 1, 3), STRETCH)]
    weeks = weekly_adherence(done, D(2026, 12, 14), D(2027, 1, 10))
    assert weeks == [
        Week(D(2026, 12, 14), 0, 1), Week(D(2026, 12, 21), 0, 0),
        Week(D(2026, 12, 28), 2, 0), Week(D(2027, 1, 4), 0, 0)]


def test_adherence_of_an_empty_range_is_empty() -> None:
    assert weekly_adherence([(D(2026, 11, 18), STRETCH)], D(2026, 11, 20), D(2026, 11, 19)) == []


@given(st.lists(st.tuples(st.dates(D(2026, 1, 1), D(2026, 3, 31)),
                          st.sampled_from(list(Category)))))
def test_adherence_counts_are_the_distinct_days_of_each_week(
        done: list[tuple[date, Category]]) -> None:
    weeks = weekly_adherence(done, D(2026, 1, 1), D(2026, 3, 31))
    assert [w.start for w in weeks] == weeks_between(D(2026, 1, 1), D(2026, 3, 31))
    for week in weeks:
        days = {(d, c) for d, c in done if week.start <= d < week.start + timedelta(weeks=1)}
        assert week.stretch_days == len({d for d, c in days if c is STRETCH}) <= 7
        assert week.strength_days == len({d for d, c in days if c is STRENGTH}) <= 7


def test_minutes_by_day_adds_up_sessions_with_work_done() -> None:
    sessions = [
        summary(local(2026, 11, 21, 8, 0), minutes=10),
        summary(local(2026, 11, 21, 19, 30), minutes=2.5),
        summary(local(2026, 11, 22, 7, 0), minutes=30, sets_done=0),  # nothing done: left out
        summary(local(2026, 11, 23, 23, 50, offset_hours=-5), minutes=6),  # its own local day
    ]
    assert minutes_by_day(sessions) == {D(2026, 11, 21): 12.5, D(2026, 11, 23): 6.0}


def test_minutes_by_day_of_no_sessions_is_empty() -> None:
    assert minutes_by_day([]) == {}


def days_from(start: date, count: int) -> set[date]:
    return {start + timedelta(days=n) for n in range(count)}


@pytest.mark.parametrize(("days", "today", "streak"), [
    (set(), D(2026, 11, 21), 0),
    ({D(2026, 11, 21)}, D(2026, 11, 21), 1),
    (days_from(D(2026, 11, 17), 5), D(2026, 11, 21), 5),  # 17th..21st
    (days_from(D(2026, 11, 17), 4), D(2026, 11, 21), 4),  # today not yet: counts to yesterday
    (days_from(D(2026, 11, 17), 3), D(2026, 11, 21), 0),  # yesterday missed too: broken
    (days_from(D(2026, 11, 10), 5) | days_from(D(2026, 11, 18), 4), D(2026, 11, 21), 4),  # gap
    (days_from(D(2026, 10, 28), 7), D(2026, 11, 3), 7),  # across a month end
    (days_from(D(2026, 12, 29), 6), D(2027, 1, 3), 6),  # across a year end
    (days_from(D(2028, 2, 27), 3), D(2028, 2, 29), 3),  # a leap day
    ({D(2026, 11, 22)}, D(2026, 11, 21), 0),  # tomorrow does not count
])
def test_current_streak(days: set[date], today: date, streak: int) -> None:
    assert current_streak(days, today) == streak


def test_current_streak_accepts_a_list_with_repeats() -> None:
    assert current_streak([D(2026, 11, 20), D(2026, 11, 20), D(2026, 11, 19)],
                          D(2026, 11, 21)) == 2


@pytest.mark.parametrize(("days", "longest"), [
    ([], 0),
    ([D(2026, 11, 21)], 1),
    ([D(2026, 11, 21), D(2026, 11, 21)], 1),  # repeats are one day
    ([D(2026, 11, 23), D(2026, 11, 21), D(2026, 11, 22)], 3),  # any order
    (sorted(days_from(D(2026, 1, 1), 3) | days_from(D(2026, 2, 1), 10)), 10),
    (sorted(days_from(D(2026, 1, 1), 10) | days_from(D(2026, 1, 12), 3)), 10),  # one-day gap
    (sorted(days_from(D(2026, 12, 20), 20)), 20),  # across a year end
])
def test_longest_streak(days: list[date], longest: int) -> None:
    assert longest_streak(days) == longest


@given(st.sets(st.dates(D(2026, 1, 1), D(2026, 2, 28))), st.dates(D(2026, 1, 1), D(2026, 2, 28)))
def test_current_streak_is_never_longer_than_the_longest(days: set[date], today: date) -> None:
    current = current_streak(days, today)
    assert 0 <= current <= longest_streak(days) <= len(days)
    if current:
        end = today if today in days else today - timedelta(days=1)
        assert days_from(end - timedelta(days=current - 1), current) <= days
        assert end - timedelta(days=current) not in days


def test_pain_points_keep_scored_sessions_oldest_first() -> None:
    sessions = [
        summary(local(2026, 11, 21, 18, 0), before=4, after=2),
        summary(local(2026, 11, 20, 8, 0), before=None, after=None),  # no score: left out
        summary(local(2026, 11, 19, 8, 0), before=None, after=5),
        summary(local(2026, 11, 21, 9, 0), before=3, after=None),
    ]
    assert pain_points(sessions) == [
        PainPoint(local(2026, 11, 19, 8, 0), None, 5),
        PainPoint(local(2026, 11, 21, 9, 0), 3, None),
        PainPoint(local(2026, 11, 21, 18, 0), 4, 2),
    ]


def test_pain_points_order_by_instant_across_offsets() -> None:
    later = summary(local(2026, 11, 21, 9, 0, offset_hours=1), before=1)  # 08:00 UTC
    earlier = summary(local(2026, 11, 21, 9, 0, offset_hours=2), before=2)  # 07:00 UTC
    assert [p.before for p in pain_points([later, earlier])] == [2, 1]


def test_pain_points_keep_zero_scores() -> None:
    assert pain_points([summary(local(2026, 11, 21, 9, 0), before=0, after=0)]) == [
        PainPoint(local(2026, 11, 21, 9, 0), 0, 0)]
