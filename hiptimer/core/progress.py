"""Progress over the history: weekly adherence to the dose, streaks of active days, pain trend."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .catalog import Category
from .record import SessionSummary

STRETCH_TARGET_DAYS = 7  # stretch every day
STRENGTH_TARGET_DAYS = (3, 4)  # strengthen 3-4 days a week

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Week:
    """How many days of one ISO week had each kind of work done."""

    start: date  # the Monday
    stretch_days: int  # days of this week with at least one completed stretch set (0-7)
    strength_days: int  # days with at least one completed strength set (0-7)
    activity_days: int = 0  # days with a logged activity (a walk, a ride) (0-7)


@dataclass(frozen=True)
class PainPoint:
    """The pain scores given around one session; either may be missing."""

    at: datetime
    before: int | None
    after: int | None


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_between(first: date, last: date) -> list[date]:
    """The Mondays of every ISO week touching ``first``..``last`` (inclusive), oldest first.

    Returns:
        An empty list when ``last`` comes before ``first``.
    """
    if last < first:
        return []
    start, end = monday_of(first), monday_of(last)
    return [start + timedelta(weeks=n) for n in range((end - start).days // 7 + 1)]


def weekly_adherence(done: Iterable[tuple[date, Category]], first: date,
                     last: date, activity_days: Iterable[date] = ()) -> list[Week]:
    """Count, for each week from ``first`` to ``last``, the days with stretching, with
    strengthening and with a logged activity.

    Args:
        done: one ``(day, category)`` per completed set; duplicates are expected. Categories
            other than stretch, strength and activity, and days outside ``first``..``last``,
            are ignored.
        first: the first day to count.
        last: the last day to count.
        activity_days: the day of each logged activity; duplicates are expected.

    Returns:
        One Week per Monday of ``weeks_between(first, last)``, weeks without work included.
    """
    days: dict[Category, set[date]] = {Category.STRETCH: set(), Category.STRENGTH: set(),
                                       Category.ACTIVITY: set(activity_days)}
    for day, category in done:  # a walk counted down in a session is an activity day too
        if category in days:
            days[category].add(day)
    days = {category: {d for d in active if first <= d <= last}
            for category, active in days.items()}
    per_week: dict[tuple[date, Category], int] = defaultdict(int)
    for category, active in days.items():
        for day in active:
            per_week[monday_of(day), category] += 1
    return [Week(monday, per_week[monday, Category.STRETCH], per_week[monday, Category.STRENGTH],
                 per_week[monday, Category.ACTIVITY]) for monday in weeks_between(first, last)]


def minutes_by_day(sessions: Iterable[SessionSummary]) -> dict[date, float]:
    """Active minutes per local day, counting only sessions where at least one set was done."""
    minutes: dict[date, float] = defaultdict(float)
    for session in sessions:
        if session.sets_done > 0:
            minutes[session.day] += session.active_seconds / 60
    return dict(minutes)


def current_streak(days: Collection[date], today: date) -> int:
    """How many active days in a row end today, or yesterday if today has nothing yet.

    A streak is not broken until a whole day is missed, so an empty morning keeps it alive.

    Returns:
        0 when neither today nor yesterday was active.
    """
    active = set(days)
    day = today if today in active else today - ONE_DAY
    streak = 0
    while day in active:
        streak += 1
        day -= ONE_DAY
    return streak


def longest_streak(days: Collection[date]) -> int:
    """The longest run of consecutive active days; 0 for none."""
    longest = run = 0
    previous: date | None = None
    for day in sorted(set(days)):
        run = run + 1 if previous is not None and day - previous == ONE_DAY else 1
        longest = max(longest, run)
        previous = day
    return longest


def pain_points(sessions: Iterable[SessionSummary]) -> list[PainPoint]:
    """The pain scores of every session that has at least one, oldest first."""
    scored = [s for s in sessions if s.pain_before is not None or s.pain_after is not None]
    scored.sort(key=lambda s: s.started_at)
    return [PainPoint(s.started_at, s.pain_before, s.pain_after) for s in scored]
