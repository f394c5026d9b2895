"""The activities logged in the days the History tab shows, newest first, with Delete."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.activity import ActivityLog

HEADERS = ("Day", "Activity", "Time", "Pain", "Note")


class ActivityList(QWidget):
    """A table of logged activities.

    Signals:
        delete_requested(str): the uid of the activity the user asked to delete.
    """

    delete_requested = Signal(str)

    def __init__(self, names: Mapping[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names = names
        self._uids: list[str] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setAccessibleName("Activities logged")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel("No activities logged in these days. Log a walk or a ride with "
                            "“Log activity…” on the Routines tab, or at the end of a session.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.delete_button = QPushButton("Delete activity")
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self._delete)
        self.table.itemSelectionChanged.connect(
            lambda: self.delete_button.setEnabled(self.selected_uid() is not None))
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self._delete)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)
        self.show_activities(())

    def show_activities(self, logs: Sequence[ActivityLog]) -> None:
        self._uids = [log.uid for log in logs]
        self.table.setRowCount(len(logs))
        for row, log in enumerate(logs):
            cells = (log.day.strftime("%a %d %b %Y"),
                     self._names.get(log.activity_id, log.activity_id), f"{log.minutes:g} min",
                     "" if log.pain is None else str(log.pain), log.note)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setVisible(bool(logs))
        self.empty.setVisible(not logs)
        self.delete_button.setEnabled(self.selected_uid() is not None)

    def selected_uid(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self._uids[rows[0].row()] if rows and rows[0].row() < len(self._uids) else None

    def _delete(self) -> None:
        uid = self.selected_uid()
        if uid is not None:
            self.delete_requested.emit(uid)
