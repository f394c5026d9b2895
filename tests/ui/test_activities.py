"""Activities through the window: logged at the end of a session ("Also today") or from the
Routines tab, shown in History's list and its third series, deleted, exported."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from hiptimer.core.frequency import Frequency
from hiptimer.core.routine import Activity, Sides
from hiptimer.store.history import HistoryStore
from hiptimer.ui.routines.log_activity import LogActivityDialog
from hiptimer.ui.window.main_window import MainWindow
from tests.core.helpers import CATALOG, block, routine

from .fakes import make_window
from .test_session_flow import stop_session

BIKE = Activity(CATALOG["stationary-bike"], 15, Frequency(3, 3), "seat high")
WALK = Activity(CATALOG["walking"], 20, None, "with poles")
SHORT = dataclasses.replace(routine(block("bridge", reps=(1, 1), transition_s=1, lead_in_s=0),
                                    routine_id="short"),
                            frequency=Frequency(5, 5), activities=(BIKE, WALK))


def window_with(qtbot: QtBot, folder: Path) -> MainWindow:
    window = make_window((SHORT,), folder).window
    qtbot.addWidget(window, before_close_func=stop_session)
    window.show()
    return window


def answer(window: MainWindow, minutes: int, pain: int | None = None,
           day: date | None = None) -> list[LogActivityDialog]:
    asked: list[LogActivityDialog] = []

    def fill(dialog: LogActivityDialog) -> bool:
        asked.append(dialog)
        dialog.minutes.setValue(minutes)
        dialog.pain.set_value(pain)
        if day is not None:
            dialog.day.setDate(day)
        return True
    window.activity_logger.show_dialog = fill
    return asked


def stored(folder: Path) -> list[tuple[str, float, int | None, str, str | None]]:
    store = HistoryStore.open(folder / "history.sqlite3", read_only=True)
    try:
        return [(a.activity_id, a.minutes, a.pain, a.note, a.routine_id)
                for a in store.activities()]
    finally:
        store.close()


def test_the_end_of_a_session_lists_the_activities_to_log(qtbot: QtBot,
                                                          tmp_path: Path) -> None:
    rig = make_window((SHORT,), tmp_path)
    window = rig.window
    qtbot.addWidget(window, before_close_func=stop_session)
    window.show()
    assert window.start_routine("short")
    start = window.session_page.start_view
    qtbot.waitUntil(start.start_button.isEnabled, timeout=5000)
    start.start_button.click()
    rig.clock.advance(60)
    window.controller.refresh()
    end = window.session_page.end_view
    assert window.session_page.currentWidget() is end and end.also.isVisible()
    texts = [end.also_rows.itemAtPosition(r, 0).widget().text() for r in range(2)]
    assert texts == ["Stationary bike, 15 min: seat high (3 days a week)",
                     "Easy walk, 20 min: with poles (5 days a week)"]
    asked = answer(window, minutes=25, pain=2)
    end.log_buttons["walking"].click()
    assert asked[0].activity.currentData() == "walking"
    assert asked[0].note.text() == "with poles"
    assert end.log_buttons["walking"].text() == "Logged ✓"
    assert not end.log_buttons["walking"].isEnabled()
    assert end.log_buttons["stationary-bike"].isEnabled()
    assert stored(tmp_path) == [("walking", 25, 2, "with poles", "short")]


def test_log_activity_from_the_routines_tab_shows_in_history(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    window = window_with(qtbot, tmp_path)
    asked = answer(window, minutes=30, day=date.today())
    window.routines_page.buttons["log"].click()
    assert asked[0].activity.currentData() == "stationary-bike"  # the routine's first
    assert asked[0].minutes.value() == 30
    assert stored(tmp_path) == [("stationary-bike", 30, None, "seat high", "short")]
    window.tabs.setCurrentWidget(window.history_tab)
    page = window.history_page
    assert page.lists.tabText(1) == "Ac&tivities (1)"
    assert page.activities.table.item(0, 1).text() == "Stationary bike"
    weeks = page.adherence_chart._weeks
    assert weeks[-1].activity_days == 1
    assert [t for t, _ in page.adherence_chart.legend_items()][-1] == \
        "activity days (target 5)"  # the walk: 5 days a week, as the routine
    page.activities.table.selectRow(0)
    page.activities.delete_button.click()
    assert stored(tmp_path) == [] and page.lists.tabText(1) == "Ac&tivities (0)"


def test_the_dialog_logs_what_it_shows(qtbot: QtBot) -> None:
    dialog = LogActivityDialog(CATALOG, activity_id="pool-exercise", minutes=40,
                               note="\x1b[1mlaps\x07", routine_id="r")
    qtbot.addWidget(dialog)
    dialog.pain.set_value(4)
    log = dialog.log()
    assert (log.activity_id, log.minutes, log.pain, log.note, log.routine_id, log.day) == (
        "pool-exercise", 40, 4, "[1mlaps", "r", date.today())
    QApplication.processEvents()


def test_a_block_s_note_shows_while_it_runs(qtbot: QtBot, tmp_path: Path) -> None:
    noted = dataclasses.replace(SHORT, blocks=(
        dataclasses.replace(SHORT.blocks[0], note="Squeeze your buttocks first"),
        block("clamshell", reps=(1, 1), transition_s=1, lead_in_s=0, sides=Sides.EACH)))
    rig = make_window((noted,), tmp_path)
    window = rig.window
    qtbot.addWidget(window, before_close_func=stop_session)
    window.show()
    window.start_routine("short")
    start = window.session_page.start_view
    qtbot.waitUntil(start.start_button.isEnabled, timeout=5000)
    start.start_button.click()
    run = window.session_page.run_view
    assert run.note.isVisible() and run.note.text() == "Note: Squeeze your buttocks first"
    window.controller.skip()
    assert run.exercise.text() == "Clamshell" and not run.note.isVisible()
    assert run.where.text().startswith("Left leg: lie on your right side")


def test_the_history_tab_writes_the_report_of_the_days_shown(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    window = window_with(qtbot, tmp_path)
    answer(window, minutes=30)
    window.routines_page.buttons["log"].click()
    window.tabs.setCurrentWidget(window.history_tab)
    target = tmp_path / "for-my-physio.pdf"
    window.history.ask_path = lambda kind: target if kind == "report" else None
    window.history_page.report_button.click()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(target).pages)
    assert text.startswith("Progress report")
    assert "Stationary bike (activity) 3 days a week" in text
    assert "Test routine (routine) 5 days a week" in text


def test_enter_in_the_dialog_logs_rather_than_rates_pain(qtbot: QtBot) -> None:
    dialog = LogActivityDialog(CATALOG, activity_id="walking", minutes=20)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    accepted: list[int] = []
    dialog.finished.connect(accepted.append)
    qtbot.keyClick(dialog.minutes, Qt.Key.Key_Return)
    assert accepted == [QDialog.DialogCode.Accepted.value] and dialog.pain.value() is None
