"""The history store on real SQLite files: round trips, checkpoints, filters, privacy."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import stat
from datetime import date, time
from pathlib import Path

import pytest

from hiptimer.core.record import Outcome, SessionSummary
from hiptimer.store.db import SCHEMA_VERSION
from hiptimer.store.history import HistoryStore

from .records import session_record


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    opened = HistoryStore.open(tmp_path / "history.sqlite3")
    yield opened
    opened.close()


def test_a_whole_session_comes_back_as_it_went_in(store: HistoryStore) -> None:
    record = session_record("strength-and-stretch", pain=(4, 2), note="Hip, felt fine\n=odd")
    store.save(record)
    assert store.record(record.uid) == record
    [summary] = store.summaries()
    assert summary == SessionSummary.of(record, saved=True)
    assert (summary.sets_planned, summary.sets_done) == (15, 15)


def test_a_stopped_session_keeps_what_was_and_was_not_done(store: HistoryStore) -> None:
    record = session_record(run_for=100, pain=(None, None), skips=1)
    store.save(record)
    back = store.record(record.uid)
    assert back == record and back.outcome is Outcome.STOPPED
    assert [s.skipped for s in back.sets[:2]] == [True, False]  # skip passes one side
    assert back.pain_before is None


def test_checkpoints_write_only_what_changed_and_end_up_whole(store: HistoryStore) -> None:
    early = session_record(run_for=100)
    early = dataclasses.replace(early, outcome=Outcome.RUNNING)
    later = dataclasses.replace(session_record(run_for=200), outcome=Outcome.RUNNING)
    store.save(early)
    store.save(later, previous=early)
    assert store.record("s1") == later
    final = session_record()
    store.save(final, previous=later)
    assert store.record("s1") == final
    assert store.uids(Outcome.RUNNING) == []
    assert store.uids() == ["s1"]


def test_summaries_are_newest_first_and_filter_by_routine_and_day(store: HistoryStore) -> None:
    store.save(session_record(uid="a", day=date(2026, 11, 1)))
    store.save(session_record("movement-snack", uid="b", day=date(2026, 11, 2)))
    store.save(session_record(uid="c", day=date(2026, 11, 2), at=time(19, 0)))
    store.save(session_record(uid="d", day=date(2026, 11, 3), at=time(23, 59)))
    assert [s.uid for s in store.summaries()] == ["d", "c", "b", "a"]
    assert [s.uid for s in store.summaries("daily-stretches")] == ["d", "c", "a"]
    assert [s.uid for s in store.summaries(first=date(2026, 11, 2), last=date(2026, 11, 2))] \
        == ["c", "b"]
    assert [s.uid for s in store.summaries(last=date(2026, 11, 1))] == ["a"]
    assert [s.uid for s in store.summaries(first=date(2026, 11, 3))] == ["d"]
    assert store.routines() == [("daily-stretches", "Daily hip stretches"),
                                ("movement-snack", "Desk movement snack")]


def test_work_done_names_each_exercise_once_a_day(store: HistoryStore) -> None:
    store.save(session_record(uid="a", day=date(2026, 11, 1)))
    store.save(session_record(uid="b", day=date(2026, 11, 1), at=time(18, 0)))
    store.save(session_record(uid="c", day=date(2026, 11, 2), run_for=100))  # one hold done
    done = store.work_done()
    first_day = {e for d, e in done if d == date(2026, 11, 1)}
    assert len(first_day) == len(done) - 1 == 4
    assert [e for d, e in done if d == date(2026, 11, 2)] == ["it-band-stretch"]
    assert store.work_done(first=date(2026, 11, 2)) == [(date(2026, 11, 2), "it-band-stretch")]


def test_deleting_a_session_removes_its_entries(store: HistoryStore, tmp_path: Path) -> None:
    store.save(session_record(uid="a"))
    store.save(session_record(uid="b"))
    assert store.delete("a") and not store.delete("a")
    assert store.uids() == ["b"] and store.record("a") is None
    with sqlite3.connect(tmp_path / "history.sqlite3") as db:
        left = db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    assert left == len(session_record().sets)


def test_the_file_is_private_and_uses_a_write_ahead_log(store: HistoryStore,
                                                        tmp_path: Path) -> None:
    store.save(session_record())
    path = tmp_path / "history.sqlite3"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        wal = path.with_name(path.name + "-wal")
        assert wal.exists() and stat.S_IMODE(wal.stat().st_mode) == 0o600
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_read_only_store_reads_but_refuses_to_write(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    writer = HistoryStore.open(path)
    writer.save(session_record())
    writer.close()
    reader = HistoryStore.open(path, read_only=True)
    assert [s.uid for s in reader.summaries()] == ["s1"]
    from hiptimer.store.db import Problem, StoreError

    with pytest.raises(StoreError) as caught:
        reader.save(session_record(uid="s2"))
    assert caught.value.problem is Problem.READ_ONLY
    reader.close()
