"""Logging an activity (a walk, a ride, a swim): which, on what day, how long, and the hip's
pain, from the Routines tab or from the end of a session."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...core.activity import MINUTES, NOTE_MAX, ActivityLog, clean_note
from ...core.catalog import Catalog, Category
from ...core.routine import Routine
from ...store.keeper import HistoryKeeper
from ...system.clock import local_now
from ..widgets.pain_scale import PainScale
from ..widgets.plain import warn

DAYS_BACK = 30  # how far back an activity may be caught up on


class LogActivityDialog(QDialog):
    """Asks what was done; ``log()`` gives it as an ActivityLog once accepted."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None, *,
                 activity_id: str | None = None, minutes: float | None = None,
                 note: str = "", routine_id: str | None = None,
                 now: Callable[[], datetime] = local_now) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log an activity")
        self._routine_id = routine_id
        self._now = now
        self.activity = QComboBox()
        self.activity.setAccessibleName("Activity")
        for exercise_id, exercise in catalog.items():
            if exercise.category is Category.ACTIVITY:
                self.activity.addItem(exercise.name, exercise_id)
        self.activity.setCurrentIndex(max(0, self.activity.findData(activity_id)))
        day = now().date()
        today = QDate(day.year, day.month, day.day)
        self.day = QDateEdit(today)
        self.day.setAccessibleName("Day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setDateRange(today.addDays(-DAYS_BACK), today)
        self.minutes = QSpinBox()
        self.minutes.setAccessibleName("Minutes")
        self.minutes.setRange(*MINUTES)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(round(minutes or 20))
        self.pain = PainScale("How much does your hip hurt now? (0–10)")
        for button in self.pain.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter logs the activity, it does not rate pain
        self.note = QLineEdit(note)
        self.note.setAccessibleName("Note")
        self.note.setMaxLength(NOTE_MAX)
        self.note.setPlaceholderText("Optional, e.g. “with poles, flat route”")
        form = QFormLayout()
        form.addRow("&Activity", self.activity)
        form.addRow("&Day", self.day)
        form.addRow("&Time", self.minutes)
        form.addRow("&Note", self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.log_button = buttons.addButton("Log it", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.pain)
        layout.addWidget(buttons)
        self.log_button.setDefault(True)  # once in the dialog: Enter logs, never cancels
        self.minutes.setFocus()  # what is most often changed
        self.minutes.selectAll()

    def log(self) -> ActivityLog:
        """What the dialog says was done, as a new log entry written down now."""
        day = self.day.date().toPython()
        assert isinstance(day, date)
        return ActivityLog(uuid.uuid4().hex, day, self._now(),
                           str(self.activity.currentData()), float(self.minutes.value()),
                           self.pain.value(), clean_note(self.note.text()), self._routine_id)


Show = Callable[[LogActivityDialog], bool]


class ActivityLogger(QObject):
    """Opens the dialog and keeps what it says in the history.

    Signals:
        logged(object): the ActivityLog kept (in the file, or waiting to be written).
    """

    logged = Signal(object)

    def __init__(self, catalog: Catalog, keeper: HistoryKeeper, now: Callable[[], datetime],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._keeper = keeper
        self._now = now  # the local time
        self._window = parent
        self.show_dialog: Show = lambda dialog: dialog.exec() == QDialog.DialogCode.Accepted

    def ask(self, routines: Sequence[Routine] = (), activity_id: str | None = None,
            minutes: float | None = None, note: str = "") -> ActivityLog | None:
        """Ask what was done (an activity of one of ``routines`` by default) and log it."""
        asked = next((a for r in routines for a in r.activities
                      if activity_id in (None, a.exercise.id)), None)
        routine = next((r for r in routines if asked in r.activities), None)
        dialog = LogActivityDialog(
            self._catalog, self._window,
            activity_id=activity_id or (asked.exercise.id if asked else None),
            minutes=minutes or (asked.minutes if asked else None),
            note=note or (asked.note if asked else ""),
            routine_id=routine.id if routine else None, now=self._now)
        if not self.show_dialog(dialog):
            return None
        log = dialog.log()
        if not self._keeper.log_activity(log):
            problem = self._keeper.problem
            warn(self._window, "Activity not saved yet", (
                "Your activity is kept, but it could not be written to your history yet. "
                "HipTimer tries again with your next session." + (
                    f"\n\n{problem.message}" if problem is not None else "")))
        self.logged.emit(log)
        return log
