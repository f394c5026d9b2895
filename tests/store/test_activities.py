"""Logged activities in the history file: kept, filtered by day, deleted, and never lost while
the file is busy."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from hiptimer.core.activity import ActivityLog
from hiptimer.store.db import Problem
from hiptimer.store.history import HistoryStore

from .records import activity_log
from .test_bad_storage import fixture_copy, keeper_of


def test_activities_are_kept_newest_first_and_filtered_by_day(tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    for n, day in enumerate((date(2026, 11, 2), date(2026, 11, 4), date(2026, 11, 3))):
        store.save_activity(activity_log(uid=f"a{n}", day=day, minutes=10 + n, pain=None,
                                         routine_id="left-hip-oa"))
    assert [a.uid for a in store.activities()] == ["a1", "a2", "a0"]
    assert [a.uid for a in store.activities(date(2026, 11, 3), date(2026, 11, 3))] == ["a2"]
    [first] = store.activities(last=date(2026, 11, 2))
    assert first == activity_log(uid="a0", minutes=10, pain=None, routine_id="left-hip-oa")
    assert store.delete_activity("a2") and not store.delete_activity("a2")
    assert [a.uid for a in store.activities()] == ["a1", "a0"]
    store.close()


def test_saving_the_same_activity_again_replaces_it(tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    store.save_activity(activity_log(minutes=20))
    store.save_activity(activity_log(minutes=25, note="felt good"))
    assert [(a.minutes, a.note) for a in store.activities()] == [(25, "felt good")]
    store.close()


def test_a_locked_file_keeps_the_activity_until_it_is_free(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path)
    keeper = keeper_of(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE sessions SET note = 'busy' WHERE uid = 'finished'")
    walk = activity_log(uid="walk", day=date(2026, 12, 1))
    assert not keeper.log_activity(walk)
    assert keeper.problem is not None and keeper.problem.problem is Problem.LOCKED
    assert walk in keeper.activities()  # shown while it waits
    other.execute("COMMIT")
    other.close()
    assert keeper.retry() and keeper.problem is None
    reopened = HistoryStore.open(path)
    assert walk in reopened.activities()
    reopened.close()
    assert keeper.delete_activity("walk") and walk not in keeper.activities()


@pytest.mark.parametrize(("field", "value", "problem"), [
    ("minutes", 0, "an activity of 0 minutes"), ("minutes", 601, "601 minutes"),
    ("pain", 11, "pain is rated 0 to 10"), ("note", "x" * 401, "a note of 401 characters")])
def test_an_impossible_activity_cannot_be_made(field: str, value: object,
                                               problem: str) -> None:
    values = {"minutes": 20.0, "pain": None, "note": "", field: value}
    with pytest.raises(ValueError, match=problem):
        ActivityLog("x", date(2026, 11, 2), activity_log().logged_at, "walking",
                    **values)  # type: ignore[arg-type]
