"""What today asks of the history: the morning still to ask about, this week's strength days
and today's routine. Each takes ``today`` from the caller, so no rule reads the clock."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from .catalog import Catalog, Category
from .frequency import Frequency
from .record import Outcome, SessionSummary
from .routine import Routine, find

ASK_DAYS = 7  # the next morning is asked about the last session of the past week
RECENT_DAYS = 30  # today's routine is the one last done within this many days


def ask_window(today: date) -> tuple[date, date]:
    """The days whose sessions the next-morning question looks at: the past week, not today."""
    return today - timedelta(days=ASK_DAYS), today - timedelta(days=1)


def session_to_ask_about(sessions: Sequence[SessionSummary], today: date) -> SessionSummary | None:
    """The last session (newest first in ``sessions``) of the past week, before today, with
    work done, if the morning after it is still unknown."""
    first, last = ask_window(today)
    done = [s for s in sessions
            if first <= s.day <= last and s.sets_done and s.outcome is not Outcome.RUNNING]
    return done[0] if done and done[0].pain_next_day is None else None


def week_start(today: date) -> date:
    """The Monday of ``today``'s week."""
    return today - timedelta(days=today.weekday())


def strength_days(work_done: Iterable[tuple[date, str]], catalog: Catalog, today: date) -> int:
    """How many days of ``today``'s week (Monday on) had a strengthening set done, from
    (day, exercise id) pairs."""
    monday = week_start(today)
    return len({day for day, exercise in work_done
                if monday <= day <= today and exercise in catalog
                and catalog[exercise].category is Category.STRENGTH})


def choose_todays_routine(routines: Sequence[Routine], sessions: Iterable[SessionSummary],
                   today: date) -> str | None:
    """The id of the routine last done (``sessions`` newest first) in the past month, else of
    the first daily one, else of the first one; None when there are no routines."""
    first = today - timedelta(days=RECENT_DAYS)
    done = [s.routine_id for s in sessions if first <= s.day and find(routines, s.routine_id)]
    daily = [r.id for r in routines if r.frequency == Frequency.DAILY]
    choice = done or daily or [r.id for r in routines]
    return choice[0] if choice else None


def exercised_on(sessions: Iterable[SessionSummary], day: date) -> bool:
    """Whether any set was done on ``day``."""
    return any(s.sets_done for s in sessions if s.day == day)
