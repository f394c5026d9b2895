"""The History tab's list of sessions, newest first, and how a session reads: its row, its time
and pain, and every set."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ...core.catalog import Exercise
from ...core.record import OUTCOME_WORDS, Outcome, SessionRecord, SessionSummary, set_result
from ...core.wording import recorded_side
from ..text import minutes

NO_PARENT = QModelIndex()


def when(summary: SessionSummary, this_year: int) -> str:
    """``"Thu 3 Dec, 17:15"``; the year too when it is not ``this_year``."""
    at = summary.started_at
    year = "" if at.year == this_year else f" {at.year}"
    return f"{at:%a} {at.day} {at:%b}{year}, {at:%H:%M}"


def pain_change(summary: SessionSummary) -> str:
    def score(value: int | None) -> str:
        return "–" if value is None else str(value)

    if summary.pain_before is None and summary.pain_after is None:
        return ""
    return f"{score(summary.pain_before)} → {score(summary.pain_after)}"


class SessionsModel(QAbstractTableModel):
    """The sessions list, newest first; the routine's name last, as it may be long (its
    column stretches, and elides), so pain and what was done always show."""

    HEADERS = ("When", "Pain", "Done", "Time", "Routine")

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self._today = today
        self.sessions: list[SessionSummary] = []

    def reset(self, sessions: list[SessionSummary]) -> None:
        self.beginResetModel()
        self.sessions = sessions
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.sessions)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        s = self.sessions[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(s, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and not s.saved:
            return "Not saved to the history file yet: it is kept until it can be."
        if role == Qt.ItemDataRole.FontRole and not s.saved:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _text(self, s: SessionSummary, column: int) -> str:
        if column == 0:
            return when(s, self._today().year) + ("" if s.saved else " (not saved yet)")
        if column == 1:
            return pain_change(s)
        if column == 2:
            done = f"{s.sets_done} of {s.sets_planned} sets"
            return done if s.outcome is Outcome.FINISHED else f"{done}, {OUTCOME_WORDS[s.outcome]}"
        if column == 3:
            return f"{minutes(s.active_seconds)} of {minutes(s.planned_seconds)}"
        return s.routine_name


def detail_html(record: SessionRecord, exercises: Mapping[str, Exercise], this_year: int) -> str:
    """One session: when, outcome, pain, note, and every set planned against done."""
    rows = []
    for s in record.sets:
        name = exercises[s.exercise_id].name if s.exercise_id in exercises else s.exercise_id
        side = recorded_side(exercises, s.exercise_id, s.side)
        planned = (f"{s.planned_reps} reps" if s.planned_reps
                   else f"{s.planned_seconds:.0f} s")
        done = f"{s.done_reps} reps" if s.planned_reps else f"{s.done_seconds:.0f} s"
        rows.append(f"<tr><td>{escape(name)}</td><td>{side}</td><td>{s.set}</td><td>{planned}</td><td>{done}</td>"
                    f"<td>{set_result(s)}</td></tr>")
    summary = SessionSummary.of(record)
    pain = pain_change(summary)
    note = (f"<p><i>Note:</i> {escape(record.note)}</p>" if record.note else "")
    head = ("<tr><th align='left'>Exercise</th><th align='left'>Side</th>"
            "<th align='left'>Set</th><th align='left'>Planned</th><th align='left'>Done</th>"
            "<th align='left'>Result</th></tr>")
    return (f"<h3>{escape(record.routine_name)}</h3><p>{when(summary, this_year)} · "
            f"{minutes(record.active_seconds)} of {minutes(record.planned_seconds)} · "
            f"{record.sets_done} of {len(record.sets)} sets done · "
            f"{OUTCOME_WORDS[record.outcome]}"
            + (f" · pain {pain}" if pain else "")
            + (f", next morning {record.pain_next_day}" if record.pain_next_day is not None
               else "") + f"</p>{note}"
            f"<table cellpadding='3' cellspacing='0'>{head}{''.join(rows)}</table>")
