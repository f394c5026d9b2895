"""A history file that is damaged, too new, read-only, locked or on a full disk: the app is
told in plain words, nothing is deleted or overwritten, and no session is lost."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from hiptimer.core.record import Outcome
from hiptimer.store.db import SCHEMA_VERSION, Problem
from hiptimer.store.history import HistoryStore
from hiptimer.store.keeper import HistoryKeeper

from .records import session_record
from .test_migrations import FIXTURE_SESSIONS, FIXTURES

FIXTURE = FIXTURES / f"history-v{SCHEMA_VERSION}.sqlite3"


def fixture_copy(folder: Path) -> Path:
    path = folder / "history.sqlite3"
    shutil.copy(FIXTURE, path)
    return path


def keeper_of(path: Path, timeout: float = 0.1) -> HistoryKeeper:
    keeper = HistoryKeeper(path, partial(HistoryStore.open, timeout=timeout))
    keeper.open()
    return keeper


def assert_waits_in_memory(keeper: HistoryKeeper, problem: Problem) -> None:
    record = session_record(uid="new")
    assert not keeper.save(record)
    assert keeper.problem is not None and keeper.problem.problem is problem
    assert str(keeper.path) in keeper.problem.message
    assert keeper.unsaved == [record]
    [shown] = [s for s in keeper.summaries() if s.uid == "new"]
    assert not shown.saved
    assert keeper.record("new") == record  # so it can be exported


@pytest.mark.parametrize("damage", [
    pytest.param(lambda data: b"This is not a database at all. " * 200, id="garbage"),
    pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
    pytest.param(lambda data: data[:100] + b"\x00" * 3000 + data[3100:], id="zeroed-pages"),
])
def test_a_damaged_file_is_kept_aside_untouched_and_a_new_one_started(
        tmp_path: Path, damage: Callable[[bytes], bytes]) -> None:
    path = fixture_copy(tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    before = path.read_bytes()
    keeper = keeper_of(path)
    [notice] = keeper.notices
    [kept] = [p for p in tmp_path.iterdir() if "damaged" in p.name]
    assert kept.read_bytes() == before
    assert str(kept) in notice and "damaged" in notice
    assert keeper.problem is None
    assert keeper.save(session_record(uid="new"))
    assert [s.uid for s in keeper.summaries()] == ["new"]


def test_a_file_from_a_newer_version_is_left_alone(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    keeper = keeper_of(path)
    assert keeper.store is None and keeper.notices == []
    assert_waits_in_memory(keeper, Problem.TOO_NEW)
    assert "newer version" in keeper.problem.message  # type: ignore[union-attr]
    assert not keeper.retry()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.sqlite3"]


def test_a_read_only_file_still_shows_its_history(
        tmp_path: Path, make_read_only: Callable[[Path], None]) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = fixture_copy(folder)
    before = path.read_bytes()
    make_read_only(folder)
    keeper = keeper_of(path)
    assert keeper.store is not None and not keeper.store.writable
    assert {s.uid for s in keeper.summaries()} == set(FIXTURE_SESSIONS)
    assert_waits_in_memory(keeper, Problem.READ_ONLY)
    assert {s.uid for s in keeper.summaries()} == {*FIXTURE_SESSIONS, "new"}
    assert path.read_bytes() == before


def test_a_locked_file_keeps_the_session_until_it_is_free(tmp_path: Path) -> None:
    path = fixture_copy(tmp_path)
    keeper = keeper_of(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE sessions SET note = 'busy' WHERE uid = 'finished'")
    assert_waits_in_memory(keeper, Problem.LOCKED)
    other.execute("COMMIT")
    other.close()
    assert keeper.retry() and keeper.problem is None and keeper.unsaved == []
    reopened = HistoryStore.open(path)
    assert {*FIXTURE_SESSIONS, "new"} == set(reopened.uids())
    reopened.close()


def test_a_full_disk_keeps_the_session_until_there_is_room(
        small_disk: tuple[Path, Callable[[int], None]]) -> None:
    folder, grow = small_disk
    keeper = keeper_of(folder / "history.sqlite3")
    saved = []
    for n in range(200):  # fill the disk with real sessions
        record = session_record("strength-and-stretch", uid=f"s{n}", note="x" * 2000)
        if not keeper.save(record):
            break
        saved.append(record.uid)
    else:
        pytest.fail("the disk never filled")
    assert saved, "not even one session fitted"
    assert keeper.problem is not None and keeper.problem.problem is Problem.DISK_FULL
    assert "full" in keeper.problem.message
    assert [r.uid for r in keeper.unsaved] == [f"s{len(saved)}"]
    grow(8 * 1024 * 1024)
    assert keeper.retry() and keeper.unsaved == []
    assert set(keeper.store.uids()) == {*saved, f"s{len(saved)}"}  # type: ignore[union-attr]
    keeper.close()


def test_checkpoints_that_failed_are_written_whole_later(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    keeper = keeper_of(path)
    running = dataclasses.replace(session_record(run_for=100), outcome=Outcome.RUNNING)
    assert keeper.save(running)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    later = dataclasses.replace(session_record(run_for=300), outcome=Outcome.RUNNING)
    assert not keeper.save(later)
    other.execute("ROLLBACK")
    other.close()
    final = session_record()
    assert keeper.save(final)  # every set tries again: the lock is gone
    assert HistoryStore.open(path).record("s1") == final


def test_a_this_hurts_waiting_in_memory_is_remembered_once(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    keeper = keeper_of(path)
    checkpoint = session_record("strength-and-stretch", uid="hurt", run_for=150, hurts=(100,))
    assert keeper.save(checkpoint)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    later = session_record("strength-and-stretch", uid="hurt", run_for=400, hurts=(100, 300))
    assert not keeper.save(later)  # waits in memory, the file holds the first checkpoint
    day = later.started_at.date()
    assert keeper.pain_events(day) == list(later.pain_events)
    other.execute("ROLLBACK")
    other.close()
    assert keeper.retry()
    assert keeper.pain_events(day) == list(later.pain_events)
    assert [e.exercise_id for e in later.pain_events] == ["clamshell", "reverse-clamshell"]
    keeper.close()
