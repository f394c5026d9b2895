"""The History tab's list of sessions, newest first, and how a session's time and pain read."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ..core.record import OUTCOME_WORDS, Outcome, SessionSummary
from .text import minutes

NO_PARENT = QModelIndex()


def when(summary: SessionSummary) -> str:
    return summary.started_at.strftime("%a %d %b %Y, %H:%M")


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

    def __init__(self) -> None:
        super().__init__()
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

    @staticmethod
    def _text(s: SessionSummary, column: int) -> str:
        if column == 0:
            return when(s) + ("" if s.saved else " (not saved yet)")
        if column == 1:
            return pain_change(s)
        if column == 2:
            done = f"{s.sets_done} of {s.sets_planned} sets"
            return done if s.outcome is Outcome.FINISHED else f"{done}, {OUTCOME_WORDS[s.outcome]}"
        if column == 3:
            return f"{minutes(s.active_seconds)} of {minutes(s.planned_seconds)}"
        return s.routine_name
