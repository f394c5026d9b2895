"""The History tab over a real history file: list, detail, charts, filters, delete and undo,
export, recovery of an unfinished session, and a history file that cannot be written."""

from __future__ import annotations

import csv
import dataclasses
import sqlite3
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from hiptimer.core.record import Outcome, SessionSummary
from hiptimer.core.routine_load import builtin_routines
from hiptimer.store.db import SCHEMA_VERSION
from hiptimer.store.history import HistoryStore
from hiptimer.ui.history.history_page import HistoryPage
from hiptimer.ui.history.sessions_model import when
from hiptimer.ui.window.main_window import MainWindow
from tests.core.helpers import CATALOG
from tests.store.records import session_record

from .fakes import Rig, make_window, shown_messages

ROUTINES = builtin_routines(CATALOG)
TODAY = date.today()


def fill(folder: Path) -> None:
    """Four sessions over the last week: stretches daily-ish, one strength session."""
    store = HistoryStore.open(folder / "history.sqlite3")
    store.save(session_record(uid="a", day=TODAY - timedelta(days=6), pain=(6, 5)))
    store.save(session_record("strength-and-stretch", uid="b", day=TODAY - timedelta(days=4),
                              pain=(5, 4), note="Knee clicked on the bridge"))
    store.save(session_record(uid="c", day=TODAY - timedelta(days=1), pain=(4, 2)))
    store.save(session_record(uid="d", day=TODAY, at=time(7, 30), run_for=100,
                              pain=(3, None)))
    store.close()


def history_window(qtbot: QtBot, folder: Path) -> Rig:
    rig = make_window(ROUTINES, folder)
    qtbot.addWidget(rig.window)
    rig.window.show()
    rig.window.tabs.setCurrentWidget(rig.window.history_tab)
    return rig


def rows(window: MainWindow) -> list[str]:
    return [s.uid for s in window.history_page.model.sessions]


def test_the_history_tab_shows_a_real_history(qtbot: QtBot, tmp_path: Path) -> None:
    fill(tmp_path)
    window = history_window(qtbot, tmp_path).window
    page = window.history_page
    assert rows(window) == ["d", "c", "b", "a"]
    model = page.model
    cells = [model.index(0, c).data() for c in range(model.columnCount())]
    assert cells[4] == "Daily hip stretches"
    assert cells[2] == "1 of 8 sets, stopped early" and cells[1] == "3 → –"
    assert model.index(2, 1).data() == "5 → 4"

    page.table.selectRow(2)
    detail = page.detail.toPlainText()
    assert "Six-exercise strength and stretch series" in detail
    assert "Knee clicked on the bridge" in detail and "Clamshell" in detail
    assert "left leg" in detail  # a side by what the body does, as the session said it
    assert page.delete_button.isEnabled()

    before, after = page.pain_chart.point_positions()
    assert len(before) == 4 and len(after) == 3
    assert page.calendar.level(TODAY) > 0 and page.calendar.level(TODAY - timedelta(days=2)) == 0
    bars = page.adherence_chart.bar_rects()
    assert bars[-1][0].height() > 0  # stretched today
    assert sum(strength.height() > 0 for _, strength in bars) == 1  # one strength day
    assert "Current streak: 2 days" in page.calendar.caption()


def test_filters_narrow_the_list(qtbot: QtBot, tmp_path: Path) -> None:
    fill(tmp_path)
    window = history_window(qtbot, tmp_path).window
    page = window.history_page
    names = [page.routine.itemText(i) for i in range(page.routine.count())]
    assert names == ["All routines", "Daily hip stretches",
                     "Six-exercise strength and stretch series"]
    page.routine.setCurrentIndex(2)
    assert rows(window) == ["b"]
    page.routine.setCurrentIndex(0)
    page.range.setCurrentIndex(4)  # custom dates
    assert page.first.isEnabled()
    page.first.setDate(page.last.date().addDays(-1))
    assert rows(window) == ["d", "c"]
    page.routine.setCurrentIndex(2)
    assert rows(window) == [] and page.empty.isVisible()
    assert page.empty.text() == "No sessions match these filters."


def test_a_new_user_sees_an_empty_history_explained(qtbot: QtBot, tmp_path: Path) -> None:
    window = history_window(qtbot, tmp_path).window
    page = window.history_page
    assert rows(window) == [] and page.empty.isVisible() and not page.table.isVisible()
    assert "When you finish a session" in page.empty.text()
    assert not page.banner.isVisible()


def test_delete_and_undo(qtbot: QtBot, tmp_path: Path) -> None:
    fill(tmp_path)
    rig = history_window(qtbot, tmp_path)
    page = rig.window.history_page
    whole = rig.history.record("b")
    page.table.selectRow(2)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert rows(rig.window) == ["d", "c", "a"]
    assert page.undo_button.isVisible() and "Deleted Six-exercise" in page.undo_label.text()
    with sqlite3.connect(tmp_path / "history.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM sessions WHERE uid = 'b'").fetchone()[0] == 0
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert rows(rig.window) == ["d", "c", "b", "a"] and not page.undo_button.isVisible()
    assert rig.history.record("b") == whole


def test_export_writes_the_sessions_shown(qtbot: QtBot, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    fill(tmp_path)
    window = history_window(qtbot, tmp_path).window
    target = tmp_path / "out" / "sessions.csv"
    target.parent.mkdir()
    window.history.ask_path = lambda kind: target.with_name(f"{kind}.csv")
    window.history_page.routine.setCurrentIndex(1)  # daily stretches only
    page = window.history_page
    assert window.history.export("sessions")
    shown = page.shown()
    dates = f"{shown.first.day} {shown.first:%b %Y} to {shown.last.day} {shown.last:%b %Y}"
    assert page.notice.isVisibleTo(page)
    assert page.notice.text() == (f"Exported 3 sessions (Daily hip stretches, {dates}) "
                                  f"to {target}.")
    assert window.history.export("entries")
    assert page.notice.text().startswith("Exported 24 sets (Daily hip stretches, ")
    with target.open(encoding="utf-8-sig", newline="") as f:
        sessions = list(csv.DictReader(f))
    assert len(sessions) == 3
    with target.with_name("entries.csv").open(encoding="utf-8-sig", newline="") as f:
        entries = list(csv.reader(f))
    assert len(entries) == 1 + 3 * 8

    warnings = shown_messages(monkeypatch)
    window.history.ask_path = lambda kind: tmp_path / "no-such-folder" / "x.csv"
    assert not window.history.export("sessions")
    assert warnings and "no-such-folder" in warnings[0]
    assert "no-such-folder" not in page.notice.text()  # only what was written is told


def test_an_unfinished_session_is_offered_at_start(qtbot: QtBot, tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    running = dataclasses.replace(session_record(uid="left-running", run_for=200),
                                  outcome=Outcome.RUNNING)
    store.save(running)
    store.save(dataclasses.replace(session_record(uid="also-running", day=TODAY),
                                   outcome=Outcome.RUNNING))
    store.close()
    rig = history_window(qtbot, tmp_path)
    box = rig.window.check_history()
    assert box is not None and "closed during your Daily hip stretches" in box.text()
    assert f"{running.sets_done} of 8 sets" in box.text()
    keep = next(b for b in box.buttons() if b.text() == "Keep it")
    keep.click()
    assert rig.history.record("left-running").outcome is Outcome.INTERRUPTED  # type: ignore[union-attr]
    second = rig.window.findChildren(QMessageBox)[-1]
    assert second.isVisible() and second is not box
    discard = next(b for b in second.buttons() if b.text() == "Discard it")
    discard.click()
    assert rig.history.record("also-running") is None
    assert rows(rig.window) == ["left-running"]
    assert rig.window.history_guard.offer_recovery() is None


def test_a_history_it_cannot_write_keeps_sessions_and_says_so(qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    fill(tmp_path)
    with sqlite3.connect(tmp_path / "history.sqlite3") as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    rig = history_window(qtbot, tmp_path)
    window, page = rig.window, rig.window.history_page
    box = window.check_history()
    assert box is not None and "newer version of HipTimer" in box.text()
    assert str(tmp_path / "history.sqlite3") in box.text()
    box.close()

    record = session_record(uid="today", day=TODAY)
    assert not window.keep(record)
    assert rows(window) == ["today"]
    assert window.history_page.model.index(0, 0).data().endswith("(not saved yet)")
    assert page.banner.isVisible() and "1 session not saved yet" in page.banner.text()
    assert page.retry_button.isVisible()
    assert "kept in memory" in window.session_page.banner.text()

    with sqlite3.connect(tmp_path / "history.sqlite3") as db:  # say the user updated
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
    assert rows(window) == ["today", "d", "c", "b", "a"]
    assert not page.banner.isVisible() and rig.history.unsaved == []


def test_quitting_mid_session_keeps_what_was_done(qtbot: QtBot, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    rig = history_window(qtbot, tmp_path)
    window = rig.window
    assert window.start_routine("daily-stretches")
    start = window.session_page.start_view.start_button
    qtbot.waitUntil(start.isEnabled, timeout=5000)
    start.click()
    rig.clock.advance(100)  # the first hold is done
    window.controller.refresh()
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text: (
        asked.append(text) or QMessageBox.StandardButton.Yes))
    window.close()
    assert asked and "kept in your history" in asked[0]
    store = HistoryStore.open(tmp_path / "history.sqlite3", read_only=True)
    [summary] = store.summaries()
    store.close()
    assert summary.outcome is Outcome.STOPPED and summary.sets_done == 1


def test_a_second_start_brings_this_window_forward(qtbot: QtBot, tmp_path: Path) -> None:
    window = history_window(qtbot, tmp_path).window
    window.bring_forward(["--start", "movement-snack"])
    assert window.statusBar().currentMessage() == "HipTimer is already open: here it is."
    assert window.tabs.currentWidget() is window.session_page
    assert window.session_page.start_view.title.text() == "Desk movement snack"


def test_a_session_under_way_cannot_be_deleted(qtbot: QtBot, tmp_path: Path) -> None:
    rig = history_window(qtbot, tmp_path)
    running = dataclasses.replace(session_record(uid="now", day=TODAY, run_for=100),
                                  outcome=Outcome.RUNNING)
    assert rig.window.keep(running)
    page = rig.window.history_page
    page.table.selectRow(0)
    assert not page.delete_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert rows(rig.window) == ["now"] and rig.history.record("now") is not None


def test_quitting_with_unsaved_sessions_offers_to_export_them(qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    fill(tmp_path)
    with sqlite3.connect(tmp_path / "history.sqlite3") as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    rig = history_window(qtbot, tmp_path)
    window = rig.window
    assert not window.keep(session_record(uid="today", day=TODAY, note="=cmd|' /C calc'!A0"))
    assert not window.close() and window.isVisible()  # not before the user has answered
    box = window.findChildren(QMessageBox)[-1]
    assert "1 session could not be saved" in box.text() and "newer version" in box.text()
    target = tmp_path / "rescued.csv"
    window.history.ask_path = lambda kind: target
    next(b for b in box.buttons() if b.text() == "Export…").click()
    assert not window.isVisible()
    with target.open(encoding="utf-8-sig", newline="") as f:
        [row] = list(csv.DictReader(f))
    assert row["note"] == "'=cmd|' /C calc'!A0" and row["saved"] == "not yet"
    with target.with_name("rescued-sets.csv").open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.reader(f))) == 1 + 8


def test_the_next_session_asks_how_the_morning_after_the_last_one_was(
        qtbot: QtBot, tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    store.save(session_record(uid="yesterday", day=TODAY - timedelta(days=1), pain=(4, 3)))
    store.close()
    rig = history_window(qtbot, tmp_path)
    window = rig.window
    assert window.start_routine("movement-snack")
    start = window.session_page.start_view
    assert start.next_day.isVisible() and "Daily hip stretches" in start.next_day.question.text()
    qtbot.waitUntil(start.start_button.isEnabled, timeout=5000)
    qtbot.mouseClick(start.next_day.group.button(5), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(start.start_button, Qt.MouseButton.LeftButton)
    assert rig.history.record("yesterday").pain_next_day == 5  # type: ignore[union-attr]
    assert not start.next_day.isVisible()
    window.controller.session.stop()  # type: ignore[union-attr]
    window.controller.refresh()
    assert window.start_routine("movement-snack")  # answered: not asked again
    assert not start.next_day.isVisible()


def test_history_is_usable_from_the_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    fill(tmp_path)
    window = history_window(qtbot, tmp_path).window
    page = window.history_page
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.routine.setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    order = [page.routine, page.range, page.report_button, page.export_button,
             page.lists.tabBar(), page.table, page.detail]
    assert [w for w in seen if w in order][:len(order)] == order  # in reading order
    table = page.table
    page.routine.setFocus()
    table.setFocus(Qt.FocusReason.TabFocusReason)  # coming to the list chooses the newest
    assert page.selected_uid() == "d" and "Daily hip stretches" in page.detail.toPlainText()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert page.selected_uid() == "c"
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert rows(window) == ["d", "b", "a"]
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(window) == ["d", "c", "b", "a"]
    window.resize(1024, 600)  # a small laptop
    qtbot.waitUntil(lambda: window.width() == 1024)
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()  # no sideways scrolling
    done = 2
    assert [model_header(page, c) for c in (1, done)] == ["Pain", "Done"]
    # At the window's first size, pain and what was done show without scrolling sideways.
    assert header.sectionPosition(done) + header.sectionSize(done) <= table.viewport().width()


def model_header(page: HistoryPage, column: int) -> object:
    return page.model.headerData(column, Qt.Orientation.Horizontal)


def test_a_session_s_day_reads_short_this_year_and_with_its_year_before() -> None:
    this_year = session_record(day=date(TODAY.year, 3, 5), at=time(17, 15))
    older = session_record(day=date(TODAY.year - 1, 12, 30), at=time(7, 5))
    assert when(SessionSummary.of(this_year), TODAY.year).endswith(" 5 Mar, 17:15")
    assert when(SessionSummary.of(older), TODAY.year).endswith(f" 30 Dec {TODAY.year - 1}, 07:05")

