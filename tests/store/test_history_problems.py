"""Each thing that can be wrong with the history file is found when the app opens it, named
accurately, and tried again until it clears, without ever freezing the window on a lock."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest

from hiptimer.core.record import Outcome
from hiptimer.store.db import Problem, StoreError
from hiptimer.store.history import HistoryStore
from hiptimer.store.keeper import HistoryKeeper

from .records import session_record
from .test_bad_storage import fixture_copy
from .test_migrations import FIXTURE_SESSIONS, FIXTURES

HOLD_S = 8.0  # how long another program holds the lock in the test that waits it out


def keeper_of(path: Path, timeout: float = 0.1) -> HistoryKeeper:
    keeper = HistoryKeeper(path, partial(HistoryStore.open, timeout=timeout))
    keeper.open()
    return keeper


@pytest.fixture
def writer_holding(tmp_path: Path) -> Iterator[Callable[[Path], sqlite3.Connection]]:
    """Another program in the middle of a write to the history: it holds the write lock
    (a write-ahead log lets the app still read) until the test commits."""
    held: list[sqlite3.Connection] = []

    def hold(path: Path) -> sqlite3.Connection:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE sessions SET note = 'busy' WHERE uid = 'finished'")
        held.append(other)
        return other

    yield hold
    for other in held:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


HOLDER = """
import sqlite3, sys, time
other = sqlite3.connect(sys.argv[1], isolation_level=None)
other.execute("BEGIN IMMEDIATE")
other.execute("UPDATE sessions SET note = 'busy' WHERE uid = 'finished'")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
other.execute("COMMIT")
"""


@pytest.fixture
def lock_for_a_while() -> Iterator[Callable[[Path], None]]:
    """Another program that holds the history's write lock for a while, then lets go: a
    write that waited for the lock would succeed; one that did not wait fails."""
    holders: list[subprocess.Popen[str]] = []

    def hold(path: Path) -> None:
        holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), str(HOLD_S)],
                                  stdout=subprocess.PIPE, text=True)
        holders.append(holder)
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"

    yield hold
    for holder in holders:
        holder.kill()
        holder.communicate()


def test_an_impatient_write_fails_at_once_on_a_lock_a_patient_one_waits_out(
        tmp_path: Path, lock_for_a_while: Callable[[Path], None]) -> None:
    path = fixture_copy(tmp_path)
    store = HistoryStore.open(path, timeout=HOLD_S * 3)
    lock_for_a_while(path)
    with store.impatient(), pytest.raises(StoreError) as raised:
        store.save(session_record(uid="new"))
    assert raised.value.problem is Problem.LOCKED
    store.save(session_record(uid="new"))  # waits until the other program lets go
    assert "new" in store.uids()


def test_while_locked_every_set_tries_again_and_writes_once_free(
        tmp_path: Path, writer_holding: Callable[[Path], sqlite3.Connection]) -> None:
    path = fixture_copy(tmp_path)
    other = writer_holding(path)
    keeper = keeper_of(path)
    assert keeper.problem is not None and keeper.problem.problem is Problem.LOCKED
    first = dataclasses.replace(session_record(uid="new", run_for=100),
                                outcome=Outcome.RUNNING)
    assert not keeper.save(first)
    assert not keeper.retry()
    other.execute("COMMIT")
    second = dataclasses.replace(session_record(uid="new", run_for=300),
                                 outcome=Outcome.RUNNING)
    assert keeper.save(second)  # the next set writes it all
    assert keeper.problem is None and keeper.unsaved == []
    assert HistoryStore.open(path).record("new") == second


def test_a_lock_taken_before_the_file_opens_is_tried_again(tmp_path: Path) -> None:
    """A file in the old rollback-journal mode, locked: not even readable until free."""
    path = tmp_path / "history.sqlite3"
    HistoryStore.open(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode = DELETE")
    other.execute("BEGIN EXCLUSIVE")
    keeper = keeper_of(path)
    assert keeper.store is None and keeper.problem is not None
    assert keeper.problem.problem is Problem.LOCKED
    assert not keeper.save(session_record(uid="new"))
    other.execute("COMMIT")
    other.close()
    assert keeper.retry()
    assert HistoryStore.open(path).uids() == ["new"]


def test_a_read_only_file_is_known_at_start(
        tmp_path: Path, make_read_only: Callable[[Path], None]) -> None:
    """SQLite opens a write-protected file for reading without a word; the app must not
    learn it only at the end of the first set."""
    path = fixture_copy(tmp_path)
    HistoryStore.open(path).close()  # its write-ahead log files exist, as after any use
    make_read_only(path)
    keeper = keeper_of(path)
    assert keeper.problem is not None and keeper.problem.problem is Problem.READ_ONLY
    assert keeper.store is not None and not keeper.store.writable
    assert {s.uid for s in keeper.summaries()} == set(FIXTURE_SESSIONS)


def test_no_file_in_a_read_only_folder_says_the_folder_is_the_trouble(
        tmp_path: Path, make_read_only: Callable[[Path], None]) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    make_read_only(folder)
    keeper = keeper_of(folder / "history.sqlite3")
    assert keeper.problem is not None
    assert keeper.problem.problem is Problem.FOLDER_READ_ONLY
    assert f"its folder {folder} cannot be written to" in keeper.problem.message


def test_an_empty_file_is_an_empty_history(tmp_path: Path) -> None:
    """What a first start that failed leaves: read as no sessions, written as a new one."""
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"")
    reader = HistoryStore.open(path, read_only=True)
    assert reader.summaries() == [] and reader.first_day() is None
    reader.close()
    assert path.read_bytes() == b""
    keeper = keeper_of(path)
    assert keeper.problem is None and keeper.save(session_record(uid="new"))


def test_a_fresh_database_with_no_tables_reads_as_an_empty_history(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    sqlite3.connect(path).execute("PRAGMA journal_mode = WAL").fetchall()
    reader = HistoryStore.open(path, read_only=True)
    assert reader.summaries() == []


def test_an_old_format_read_only_still_says_it_needs_updating(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes((FIXTURES / "history-v1.sqlite3").read_bytes())
    with pytest.raises(StoreError) as raised:
        HistoryStore.open(path, read_only=True)
    assert raised.value.problem is Problem.READ_ONLY
    assert "needs updating" in raised.value.detail


OPEN_AS_USER = """
import json, sys
from pathlib import Path
from hiptimer.store.keeper import HistoryKeeper
from hiptimer.store.history import HistoryStore
from hiptimer.store.db import StoreError
path = Path({path!r})
keeper = HistoryKeeper(path)
keeper.open()
try:
    HistoryStore.open(path, read_only=True)
    reading = None
except StoreError as exc:
    reading = exc.problem.name
print(json.dumps({{"problem": keeper.problem.problem.name, "message": keeper.problem.message,
                  "reading": reading}}))
"""


def test_a_file_this_user_may_not_open_is_not_called_read_only(
        shared_folder: Path, as_a_user: Callable[[str], str]) -> None:
    path = fixture_copy(shared_folder)
    before = path.read_bytes()
    path.chmod(0o000)
    found = json.loads(as_a_user(OPEN_AS_USER.format(path=str(path))))
    assert found["problem"] == found["reading"] == "NO_PERMISSION"
    assert "permission denied" in found["message"] and "read-only" not in found["message"]
    path.chmod(0o600)
    assert path.read_bytes() == before
