"""Every schema version's fixture database opens, migrates and keeps its sessions."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from hiptimer.core.dose import Side
from hiptimer.core.record import Outcome, PainEvent
from hiptimer.store.db import MIGRATIONS, SCHEMA_VERSION, Problem, StoreError, connect
from hiptimer.store.history import HistoryStore

from .records import activity_log

FIXTURES = Path(__file__).parent / "fixtures"
ACTIVITIES_VERSION = 3  # the schema that added logged activities
PAIN_EVENTS_VERSION = 4  # the schema that keeps each "this hurts"
# What each fixture holds (tools/make_history_fixture.py wrote them): uid -> (outcome, done).
FIXTURE_SESSIONS = {"finished": (Outcome.FINISHED, 8), "stopped": (Outcome.STOPPED, 2),
                    "running": (Outcome.RUNNING, 1)}


def test_every_schema_version_has_a_fixture() -> None:
    found = sorted(int(p.stem.removeprefix("history-v")) for p in FIXTURES.glob("history-v*"))
    assert found == list(range(1, SCHEMA_VERSION + 1))


def test_a_new_file_gets_the_newest_schema(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    connect(path).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [p.name for p in tmp_path.iterdir() if "backup" in p.name] == []


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_each_fixture_opens_with_its_sessions_intact(tmp_path: Path, version: int) -> None:
    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURES / f"history-v{version}.sqlite3", path)
    store = HistoryStore.open(path)
    summaries = {s.uid: s for s in store.summaries()}
    assert {uid: (s.outcome, s.sets_done) for uid, s in summaries.items()} == FIXTURE_SESSIONS
    assert summaries["finished"].note == "Gentle day — hip stiff, «ok»"
    assert store.record("stopped") is not None
    store.close()
    backups = sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name)
    assert len(backups) == (0 if version == SCHEMA_VERSION else 1)


EXTRA = (*MIGRATIONS, ("ALTER TABLE sessions ADD COLUMN mood TEXT",))


def test_migrating_keeps_a_backup_of_the_old_file_first(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURES / f"history-v{SCHEMA_VERSION}.sqlite3", path)
    connect(path, migrations=EXTRA).close()
    [backup] = [p for p in tmp_path.iterdir() if "backup" in p.name]
    assert backup.name.startswith(f"history-v{SCHEMA_VERSION}-backup-")
    with sqlite3.connect(backup) as old, sqlite3.connect(path) as new:
        assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert new.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        assert old.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 3
        assert new.execute("SELECT COUNT(mood) FROM sessions").fetchone()[0] == 0


def test_a_failing_migration_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURES / f"history-v{SCHEMA_VERSION}.sqlite3", path)
    broken = (*MIGRATIONS, ("ALTER TABLE sessions ADD COLUMN mood TEXT",
                            "ALTER TABLE no_such_table ADD COLUMN x"))
    with pytest.raises(sqlite3.OperationalError):
        connect(path, migrations=broken)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = [row[1] for row in db.execute("PRAGMA table_info(sessions)")]
    assert "mood" not in columns


def test_a_file_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURES / f"history-v{SCHEMA_VERSION}.sqlite3", path)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        connect(path)
    assert caught.value.problem is Problem.TOO_NEW
    assert "newer version of HipTimer" in caught.value.message
    assert path.read_bytes() == before


def test_version_one_gains_the_next_day_score(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURES / "history-v1.sqlite3", path)
    store = HistoryStore.open(path)
    assert all(s.pain_next_day is None for s in store.summaries())
    record = store.record("finished")
    assert record is not None
    store.save(dataclasses.replace(record, pain_next_day=4))
    assert store.record("finished").pain_next_day == 4  # type: ignore[union-attr]
    store.close()
    newest = tmp_path / "newest.sqlite3"
    shutil.copy(FIXTURES / f"history-v{SCHEMA_VERSION}.sqlite3", newest)
    copy = HistoryStore.open(newest)
    assert copy.record("finished").pain_next_day == 2  # type: ignore[union-attr]
    copy.close()


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_each_fixture_has_the_activities_table_after_opening(tmp_path: Path,
                                                             version: int) -> None:
    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURES / f"history-v{version}.sqlite3", path)
    store = HistoryStore.open(path)
    logged = store.activities()
    if version >= ACTIVITIES_VERSION:  # the fixture of that version holds one walk
        assert [(a.activity_id, a.minutes, a.pain, a.note) for a in logged] == [
            ("walking", 20, 2, "Nordic walk — «poles»")]
    else:
        assert logged == []
        store.save_activity(activity_log())  # the migrated file takes them
        assert [a.uid for a in store.activities()] == ["a1"]


@pytest.mark.parametrize("version", range(1, PAIN_EVENTS_VERSION))
def test_older_versions_gain_the_pain_events_and_keep_them(tmp_path: Path, version: int) -> None:
    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURES / f"history-v{version}.sqlite3", path)
    store = HistoryStore.open(path)
    record = store.record("stopped")
    assert record is not None and record.pain_events == ()
    assert store.pain_events(date(2000, 1, 1)) == []
    event = PainEvent("clamshell", Side.RIGHT, 1, record.started_at + timedelta(minutes=2))
    store.save(dataclasses.replace(record, pain_events=(event,)))
    store.close()
    again = HistoryStore.open(path)
    assert again.record("stopped").pain_events == (event,)  # type: ignore[union-attr]
    again.close()


def test_version_four_keeps_which_exercise_side_set_and_moment_hurt(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    shutil.copy(FIXTURES / f"history-v{PAIN_EVENTS_VERSION}.sqlite3", path)
    store = HistoryStore.open(path)
    record = store.record("stopped")
    assert record is not None
    [event] = record.pain_events
    assert (event.exercise_id, event.side, event.set) == ("clamshell", Side.LEFT, 1)
    assert event.at == record.started_at + timedelta(seconds=100)
    assert store.pain_events(record.started_at.date()) == [event]
    assert store.pain_events(record.started_at.date() + timedelta(days=1)) == []
    store.delete("stopped")
    assert store.pain_events(date(2000, 1, 1)) == []  # they go with their session
    store.close()
