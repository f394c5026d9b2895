"""Reminders, the weekly strengthening note, the look and the data folder in the settings."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hiptimer.core.routine_load import builtin_routines
from hiptimer.store.history import HistoryStore
from hiptimer.store.settings import Theme
from hiptimer.ui.window.reminders import Reminders
from tests.core.helpers import CATALOG
from tests.store.records import session_record

from .fakes import make_window

ROUTINES = builtin_routines(CATALOG)


def test_the_reminder_comes_once_a_day_at_its_time_unless_done(qtbot: QtBot) -> None:
    now = datetime(2026, 11, 16, 17, 59)
    done_today: list[bool] = [False]
    said: list[tuple[str, str]] = []
    reminders = Reminders(QIcon(), lambda: done_today[0], now=lambda: now,
                          notify=lambda title, text: said.append((title, text)))
    reminders.configure(True, "18:00")
    assert reminders.timer.isActive()
    assert not reminders.check()
    now = datetime(2026, 11, 16, 18, 0, 30)
    assert reminders.check() and said[0][0] == "Time for your hip exercises"
    now = datetime(2026, 11, 16, 20, 0)
    assert not reminders.check() and len(said) == 1  # once a day
    now = datetime(2026, 11, 17, 18, 1)
    done_today[0] = True
    assert not reminders.check()  # already exercised today
    reminders.configure(False, "18:00")
    done_today[0] = False
    assert not reminders.check() and not reminders.timer.isActive()


def test_start_todays_routine_opens_the_routine_last_done(qtbot: QtBot, tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    store.save(session_record("movement-snack", day=date.today() - timedelta(days=2)))
    store.close()
    rig = make_window(ROUTINES, tmp_path)
    qtbot.addWidget(rig.window)
    rig.window.reminders.start_requested.emit()
    assert rig.window.tabs.currentWidget() is rig.window.session_page
    assert rig.window.session_page.start_view.title.text() == "Desk movement snack"


def test_a_new_user_gets_the_first_daily_routine(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window(ROUTINES, tmp_path)
    qtbot.addWidget(rig.window)
    rig.window.start_todays_routine()
    assert rig.window.session_page.start_view.title.text() == "Gentle first steps (start here)"


def test_the_strength_note_shows_when_the_week_falls_behind(qtbot: QtBot,
                                                            tmp_path: Path) -> None:
    rig = make_window(ROUTINES, tmp_path)
    qtbot.addWidget(rig.window)
    rig.window.show()
    note = rig.window.routines_page.note
    today = date.today()
    days_left = 7 - today.weekday()  # counting today
    # No strength yet: behind once fewer days are left than the three it asks for.
    assert note.isVisible() is (days_left <= 3)
    if note.isVisible():
        assert note.text().startswith("Strengthening this week: 0 days")
    rig.window.keep(session_record("strength-and-stretch", day=today))
    assert note.isVisible() is (days_left <= 2)
    if note.isVisible():
        assert note.text().startswith("Strengthening this week: 1 day ")


def test_settings_change_the_look_and_the_reminder_and_show_the_data(
        qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window(ROUTINES, tmp_path)
    rig.window.services.data_folder = tmp_path
    qtbot.addWidget(rig.window)
    dialog = rig.window.open_settings()
    assert dialog.data_folder.text() == str(tmp_path) and dialog.open_folder.isEnabled()
    if not Reminders.available():  # no tray here: the reminder cannot be chosen, and says why
        assert not dialog.remind.isEnabled() and "no system tray" in dialog.remind_status.text()
        dialog.remind.setEnabled(True)
    dialog.theme.setCurrentIndex(dialog.theme.findData(Theme.DARK))
    dialog.remind.setChecked(True)
    dialog.remind_at.setTime(dialog.remind_at.time().fromString("07:30", "HH:mm"))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        dialog.accept()
        saved = rig.saved[-1]
        assert saved.theme is Theme.DARK and (saved.remind, saved.remind_at) == (True, "07:30")
        window_colour = app.palette().color(QPalette.ColorRole.Window)
        assert window_colour.lightness() < 80  # dark now, without a restart
        assert rig.window.reminders.enabled and rig.window.reminders.timer.isActive()
    finally:
        rig.window.themes.apply(Theme.SYSTEM)
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 150


def test_the_app_icon_comes_in_every_size(qtbot: QtBot) -> None:
    from hiptimer.ui.window.theme import app_icon

    icon = app_icon()
    sizes = {s.width() for s in icon.availableSizes()}
    assert {16, 32, 256} <= sizes
    assert not icon.pixmap(16, 16).toImage().isNull()
