"""What today asks of the history, with today handed in: the morning to ask about, this
week's strength days, today's routine."""

import dataclasses
from datetime import date

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.record import Outcome, SessionSummary
from hiptimer.core.routine_load import builtin_routines
from hiptimer.core.today import (
    ask_window,
    choose_todays_routine,
    exercised_on,
    session_to_ask_about,
    strength_days,
)

from ..store.records import session_record

CATALOG = builtin_catalog()
ROUTINES = builtin_routines(CATALOG)
TODAY = date(2026, 11, 12)  # a Thursday


def summary(day: date, *, uid: str = "s", routine: str = "daily-stretches",
            next_day: int | None = None, sets_done: bool = True,
            outcome: Outcome = Outcome.FINISHED) -> SessionSummary:
    made = SessionSummary.of(session_record(routine, uid=uid, day=day))
    return dataclasses.replace(made, pain_next_day=next_day, outcome=outcome,
                               sets_done=made.sets_done if sets_done else 0)


def test_the_morning_asked_about_is_the_last_session_before_today_within_a_week() -> None:
    assert ask_window(TODAY) == (date(2026, 11, 5), date(2026, 11, 11))
    older, last = summary(date(2026, 11, 9), uid="a"), summary(date(2026, 11, 11), uid="b")
    assert session_to_ask_about([last, older], TODAY) == last
    # Known already: nothing to ask, even though an older morning is unknown.
    answered = dataclasses.replace(last, pain_next_day=2)
    assert session_to_ask_about([answered, older], TODAY) is None


def test_today_a_session_still_running_or_with_nothing_done_is_not_asked_about() -> None:
    today, week_ago = summary(TODAY, uid="t"), summary(date(2026, 11, 4), uid="w")
    assert session_to_ask_about([today], TODAY) is None  # its morning is tomorrow
    assert session_to_ask_about([week_ago], TODAY) is None  # more than a week ago
    running = summary(date(2026, 11, 11), outcome=Outcome.RUNNING)
    empty = summary(date(2026, 11, 11), sets_done=False)
    assert session_to_ask_about([running, empty], TODAY) is None


def test_strength_days_count_days_of_this_week_with_strengthening() -> None:
    strength = next(i for i, e in CATALOG.items() if e.category.value == "strength")
    stretch = next(i for i, e in CATALOG.items() if e.category.value != "strength")
    done = [(date(2026, 11, 9), strength), (date(2026, 11, 9), strength),  # Monday, twice
            (date(2026, 11, 10), stretch),  # not strengthening
            (date(2026, 11, 12), strength), (date(2026, 11, 8), strength),  # last Sunday
            (date(2026, 11, 11), "not-in-the-catalog")]
    assert strength_days(done, CATALOG, TODAY) == 2
    assert strength_days(done, CATALOG, date(2026, 11, 8)) == 1  # Sunday's own week


def test_todays_routine_is_the_last_one_done_in_the_past_month() -> None:
    last = ROUTINES[-1]
    recent = [summary(date(2026, 11, 1), routine=last.id)]
    assert choose_todays_routine(ROUTINES, recent, TODAY) == last.id
    assert choose_todays_routine(ROUTINES, recent, date(2026, 12, 5)) != last.id  # long ago
    daily = [r for r in ROUTINES if r.frequency.value == "daily"]
    assert choose_todays_routine(ROUTINES, [], TODAY) == (daily or ROUTINES)[0].id
    assert choose_todays_routine((), recent, TODAY) is None


def test_exercised_on_a_day_needs_a_set_done_that_day() -> None:
    sessions = [summary(TODAY), summary(date(2026, 11, 11), uid="y")]
    assert exercised_on(sessions, TODAY)
    assert not exercised_on([summary(TODAY, sets_done=False)], TODAY)
    assert not exercised_on(sessions, date(2026, 11, 10))
