"""Another program holds the history file for a while: the window says so at start, keeps
the session in memory, tries again every few seconds and at every set, and once the file is
free writes everything, so that a quit, a crash or a kill loses at most the set in progress."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from hiptimer.core.record import Outcome
from hiptimer.store.history import HistoryStore
from hiptimer.ui.window.history_guard import RETRY_MS

from .fakes import Rig, make_window
from .test_session_flow import FLOW, open_start_screen, stored_records


@pytest.fixture
def locked_history(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A history file another program is writing to: it holds the write lock until the
    test commits (the window can still read it)."""
    path = tmp_path / "history.sqlite3"
    HistoryStore.open(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("PRAGMA user_version = 2")  # a write, so the lock is the writer's
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def started(qtbot: QtBot, tmp_path: Path) -> Rig:
    rig = make_window((FLOW,), tmp_path)
    open_start_screen(qtbot, rig.window)
    rig.window.session_page.start_view.start_button.click()
    return rig


def run_for(rig: Rig, seconds: float) -> None:
    rig.clock.advance(seconds)
    rig.window.controller.refresh()


def test_a_lock_at_start_is_told_before_the_first_set(qtbot: QtBot, tmp_path: Path,
                                                      locked_history: sqlite3.Connection) -> None:
    rig = make_window((FLOW,), tmp_path)
    qtbot.addWidget(rig.window)
    box = rig.window.check_history()
    assert isinstance(box, QMessageBox)
    assert "busy: another program is using it" in box.text()
    assert "saved as soon as the file can take them" in box.text()
    box.close()


def test_a_lock_that_clears_mid_session_is_written_at_the_next_try(
        qtbot: QtBot, tmp_path: Path, locked_history: sqlite3.Connection) -> None:
    rig = started(qtbot, tmp_path)
    window, guard = rig.window, rig.window.history_guard
    banner = window.session_page.banner
    assert "busy" in banner.text() and "kept in memory" in banner.text()
    assert guard.retry_timer.isActive() and guard.retry_timer.interval() == RETRY_MS
    run_for(rig, 30)  # the bridge's set is over: its checkpoint waits too
    guard.retry_timer.timeout.emit()  # still locked: nothing changes
    assert rig.history.unsaved and guard.retry_timer.isActive()

    locked_history.execute("ROLLBACK")  # the other program is done
    guard.retry_timer.timeout.emit()  # the next try, a few seconds later
    [record] = stored_records(tmp_path)
    assert record.outcome is Outcome.RUNNING and record.sets[0].completed
    assert rig.history.unsaved == [] and not guard.retry_timer.isActive()
    assert "busy" not in banner.text()
    assert "working again" in window.statusBar().currentMessage()


def test_every_set_tries_again_even_without_the_timer(
        qtbot: QtBot, tmp_path: Path, locked_history: sqlite3.Connection) -> None:
    rig = started(qtbot, tmp_path)
    run_for(rig, 30)
    locked_history.execute("ROLLBACK")
    run_for(rig, 40)  # the left side of the stretch ends: its checkpoint writes it all
    [record] = stored_records(tmp_path)
    assert [s.completed for s in record.sets] == [True, True, False]


def test_quitting_after_a_lock_cleared_keeps_every_set_done(
        qtbot: QtBot, tmp_path: Path, locked_history: sqlite3.Connection,
        monkeypatch: pytest.MonkeyPatch) -> None:
    rig = started(qtbot, tmp_path)
    run_for(rig, 70)  # two sets over, both waiting in memory
    locked_history.execute("ROLLBACK")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_args: QMessageBox.StandardButton.Yes)
    assert rig.window.close()
    [record] = stored_records(tmp_path)
    assert record.outcome is Outcome.STOPPED
    assert [s.completed for s in record.sets] == [True, True, False]
