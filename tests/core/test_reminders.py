"""The daily reminder's timing and the strengthening note, over tables of days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from hiptimer.core.reminders import parse_time, reminder_due, reminder_words, strength_note

MONDAY = date(2026, 11, 16)


@pytest.mark.parametrize(("text", "value"), [("18:00", time(18)), ("07:05", time(7, 5)),
                                             ("00:00", time(0)), ("23:59", time(23, 59))])
def test_times_are_read(text: str, value: time) -> None:
    assert parse_time(text) == value


@pytest.mark.parametrize("text", ["7:05", "24:00", "18:60", "18-00", "", "ab:cd", "18:0"])
def test_bad_times_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a time"):
        parse_time(text)


@pytest.mark.parametrize(("now", "last", "exercised", "due"), [
    (datetime(2026, 11, 16, 17, 59), None, False, False),  # not yet
    (datetime(2026, 11, 16, 18, 0), None, False, True),
    (datetime(2026, 11, 16, 22, 0), None, False, True),  # later the same evening
    (datetime(2026, 11, 16, 18, 30), date(2026, 11, 16), False, False),  # once a day
    (datetime(2026, 11, 16, 18, 30), date(2026, 11, 15), False, True),
    (datetime(2026, 11, 16, 18, 30), None, True, False),  # already done today
])
def test_reminder_due(now: datetime, last: date | None, exercised: bool, due: bool) -> None:
    assert reminder_due(now, time(18), last, exercised) is due


@pytest.mark.parametrize(("weekday", "done", "says"), [
    (0, 0, None),  # Monday: a whole week ahead
    (3, 1, None),
    (3, 0, None),  # Thursday, none yet: four days left for three sessions
    (4, 0, "3 days left"),  # Friday, none yet: every day from now on
    (4, 1, None),
    (5, 1, "2 days left"),
    (6, 2, "1 day left"),
    (6, 1, "pick it up again next week"),  # Sunday: two short, one day left
    (6, 3, None),  # target met
    (2, 4, None),
])
def test_strength_note(weekday: int, done: int, says: str | None) -> None:
    note = strength_note(done, MONDAY + timedelta(days=weekday))
    if says is None:
        assert note is None
    else:
        assert note is not None and says in note and "3–4" in note


@pytest.mark.parametrize(("weekday", "done"), [(4, 0), (6, 1), (0, 0), (3, 3)])
def test_during_a_flare_the_strength_note_never_nudges(weekday: int, done: int) -> None:
    note = strength_note(done, MONDAY + timedelta(days=weekday), flare=True)
    assert note is not None and "can wait until it settles" in note
    assert "days left" not in note and "keeps you on track" not in note


def test_the_daily_reminder_softens_during_a_flare() -> None:
    title, text = reminder_words(flare=False)
    assert title == "Time for your hip exercises" and "keeps your hip moving" in text
    title, text = reminder_words(flare=True)
    assert title == "Go gently today"
    assert "rest" in text and "physiotherapist" in text and "keeps" not in text
