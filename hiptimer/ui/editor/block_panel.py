"""The routine's exercises in order, reordered by drag and drop, keys or buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.review import describe_dose
from ...core.routine import Block


def block_text(number: int, block: Block) -> str:
    """A block as listed: ``"1. Bridge — 2 × 10–15 reps"``."""
    return f"{number}. {block.exercise.name} — {describe_dose(block)}"


class BlockPanel(QWidget):
    """Lists blocks and asks for moves and removals; it changes no routine itself.

    Drag and drop, Ctrl+Up and Ctrl+Down, and the Move buttons ask for a move; Delete and
    the Remove button for a removal.

    Signals:
        move_requested(int, int): move the block at the first row so it ends at the second.
        remove_requested(int): remove the block at this row.
        current_changed(int): the selected row (-1 for none).
    """

    move_requested = Signal(int, int)
    remove_requested = Signal(int)
    current_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._count = 0
        self._syncing = False
        self._read_only = False
        self.list = QListWidget()
        self.list.setAccessibleName("Exercises in this routine")
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setToolTip("Drag to reorder, or Ctrl+Up and Ctrl+Down; Delete removes")
        # Tool buttons: push buttons are at least 80 pixels wide, too wide for a narrow list.
        self.up_button = _tool_button("Move up", "Move the exercise up (Ctrl+Up)")
        self.down_button = _tool_button("Move down", "Move the exercise down (Ctrl+Down)")
        self.remove_button = _tool_button("Remove", "Remove the exercise (Delete)")
        self.up_action = self._action("Ctrl+Up", lambda: self._move_by(-1))
        self.down_action = self._action("Ctrl+Down", lambda: self._move_by(1))
        self.remove_action = self._action("Delete", self._remove)

        buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 1)
        column.addLayout(buttons)

        self.up_button.clicked.connect(lambda: self._move_by(-1))
        self.down_button.clicked.connect(lambda: self._move_by(1))
        self.remove_button.clicked.connect(self._remove)
        self.list.currentRowChanged.connect(self._current_changed)
        self.list.model().rowsMoved.connect(self._dropped)
        self.set_read_only(False)

    def _action(self, keys: str, slot: Callable[[], None]) -> QAction:
        action = QAction(self.list)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.list.addAction(action)
        return action

    def current_row(self) -> int:
        return self.list.currentRow()

    def show_blocks(self, blocks: Sequence[Block], row: int) -> None:
        """List the blocks and select ``row``. Items are reused in place, since a drop may
        have moved the list's rows already."""
        self._syncing = True
        try:
            self._count = len(blocks)
            while self.list.count() > len(blocks):
                self.list.takeItem(self.list.count() - 1)
            while self.list.count() < len(blocks):
                self.list.addItem(QListWidgetItem())
            for number, block in enumerate(blocks, 1):
                item = self.list.item(number - 1)
                item.setText(block_text(number, block))
                item.setToolTip(block.exercise.how_to)
            self.list.setCurrentRow(row)
            if self.list.currentItem() is not None:
                self.list.scrollToItem(self.list.currentItem())
        finally:
            self._syncing = False
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        """Read-only: blocks can still be selected, to see their dose, but not changed."""
        self._read_only = read_only
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop if read_only
                                  else QAbstractItemView.DragDropMode.InternalMove)
        for action in (self.up_action, self.down_action, self.remove_action):
            action.setEnabled(not read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row, editable = self.current_row(), not self._read_only
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < self._count - 1)
        self.remove_button.setEnabled(editable and 0 <= row < self._count)

    def _current_changed(self, row: int) -> None:
        if not self._syncing:
            self._update_buttons()
            self.current_changed.emit(row)

    def _move_by(self, step: int) -> None:
        row = self.current_row()
        if 0 <= row < self._count and 0 <= row + step < self._count and not self._read_only:
            self.move_requested.emit(row, row + step)

    def _remove(self) -> None:
        if 0 <= self.current_row() < self._count and not self._read_only:
            self.remove_requested.emit(self.current_row())

    def _dropped(self, _parent: QModelIndex, start: int, _end: int, _dest: QModelIndex,
                 dest_row: int) -> None:
        """A drop moved a row of the list (the model's row goes before ``dest_row``)."""
        if not self._syncing:
            self.move_requested.emit(start, dest_row - 1 if dest_row > start else dest_row)


def _tool_button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    return button
