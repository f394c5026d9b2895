"""The end of a session: what was done, pain now, a note, and the activities to log."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog import Exercise
from ...core.cues import side_short
from ...core.end_summary import pain_move, set_counts
from ...core.flare import what_hurt
from ...core.record import SessionRecord, set_result
from ...core.routine import Frequency, Routine, Side
from ...core.wording import recorded_side
from ..text import minutes
from ..widgets.pain_scale import PainScale
from ..widgets.plain import plain_label


class EndView(QWidget):
    """What was done, pain now, a note, and the routine's activities to log.

    Signals:
        log_requested(object): log this Activity of the routine.
    """

    log_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading()
        self.headline = heading(1.25, bold=False)  # what was done, the streak
        self.pain_line = heading(1.25, bold=False)  # how pain moved, once there is a score
        self._pain_before: int | None = None
        self.also = QGroupBox("Also on your programme: log it when you have done it")
        self.also_rows = QGridLayout(self.also)
        self.also.hide()
        self.log_buttons: dict[str, QPushButton] = {}
        self.summary = QTextBrowser()
        self.summary.setAccessibleName("Set by set")
        self.pain = PainScale("How much does your hip hurt now? (0–10)")
        self.pain.changed.connect(self._show_pain)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)  # Tab moves on, as everywhere else
        self.note.setPlaceholderText("A note for yourself or your physiotherapist (optional)")
        self.note.setMaximumHeight(90)
        self.finish_button = QPushButton("Finish")
        self.finish_button.setObjectName("primary")
        self.finish_button.setMinimumHeight(44)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.headline)
        layout.addWidget(self.pain_line)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.also)
        layout.addWidget(self.pain)
        layout.addWidget(self.note)
        layout.addLayout(buttons)

    def show_record(self, record: SessionRecord, catalog: Mapping[str, Exercise],
                    streak: str = "") -> None:
        """The session just ended; ``streak``: the days in a row and this week."""
        self.title.setText("Well done" if record.completed else "Session stopped")
        self.headline.setText(headline(record) + (f"\nYour streak: {streak}." if streak else ""))
        self.summary.setHtml(summary_html(record, catalog))
        self._pain_before = record.pain_before
        self.pain.set_value(None)
        self._show_pain(None)
        self.note.clear()
        self.pain.setFocus(Qt.FocusReason.OtherFocusReason)  # the question comes first

    def _show_pain(self, after: int | None) -> None:
        moved = pain_move(self._pain_before, after)
        self.pain_line.setText(moved)
        self.pain_line.setVisible(bool(moved))

    def show_also(self, routine: Routine) -> None:
        """The routine's activities, each with a button to log it ("Also today")."""
        while self.also_rows.count():
            item = self.also_rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.log_buttons = {}
        for row, activity in enumerate(routine.activities):
            how_often = routine.frequency_of(activity)
            when = "" if how_often == Frequency.DAILY else f" ({how_often.label})"
            text = plain_label(f"{activity.describe()}{when}")  # it quotes the file's note
            text.setWordWrap(True)
            button = QPushButton(f"Log {activity.exercise.name.lower()}…")
            button.clicked.connect(lambda _=False, a=activity: self.log_requested.emit(a))
            self.log_buttons[activity.exercise.id] = button
            self.also_rows.addWidget(text, row, 0)
            self.also_rows.addWidget(button, row, 1)
        self.also_rows.setColumnStretch(0, 1)
        self.also.setVisible(bool(routine.activities))

    def mark_logged(self, activity_id: str) -> None:
        """Show that an activity of the list has been logged."""
        button = self.log_buttons.get(activity_id)
        if button is not None:
            button.setText("Logged ✓")
            button.setEnabled(False)


def headline(record: SessionRecord) -> str:
    """What was done, in a line: "Morning stretches: 12 min, 5 of 8 sets done, 1 part-done"."""
    return (f"{record.routine_name}: {minutes(record.active_seconds)}, "
            f"{set_counts(record.sets).words()}.")


def summary_html(record: SessionRecord, catalog: Mapping[str, Exercise]) -> str:
    """Set by set, in the words used everywhere ("stopped at 28 of 60 s"), and what to try
    where something hurt."""
    names = {exercise_id: e.name for exercise_id, e in catalog.items()}
    rows = []
    for s in record.sets:
        side = f" ({recorded_side(catalog, s.exercise_id, s.side)})" if s.side else ""
        rows.append(f"<tr><td>{escape(names.get(s.exercise_id, s.exercise_id))}{side}, "
                    f"set {s.set}</td><td>{escape(set_result(s))}</td></tr>")
    easier = "".join(f"<li>{escape(_hurt_line(p.exercise_id, p.side, catalog))}</li>"
                     for p in record.pain_events)
    return ((f"<ul>{easier}</ul>" if easier else "")
            + f"<table cellpadding='3'>{''.join(rows)}</table>")


def _hurt_line(exercise_id: str, side: Side | None, catalog: Mapping[str, Exercise]) -> str:
    exercise = catalog.get(exercise_id)
    if exercise is None:  # from a catalog of another version
        return what_hurt(exercise_id, f"{side.value} side" if side else "",
                         "ask your physiotherapist before you do it again.")
    return what_hurt(exercise.name, side_short(exercise, side) if side else "",
                     exercise.easier)


def heading(scale: float = 1.8, bold: bool = True) -> QLabel:
    label = plain_label()  # it quotes the routine's name
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    return label
