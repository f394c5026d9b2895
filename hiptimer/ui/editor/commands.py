"""Undo steps of the routine editor: each keeps the routine before and after one edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from ...core.routine import Routine


class State(NamedTuple):
    """What an undo step puts back: the routine and the selected block."""

    routine: Routine
    row: int


class Change(QUndoCommand):
    """One edit. Edits with the same ``merge_id`` in a row (typing a name) are one step."""

    def __init__(self, restore: Callable[[State], None], text: str, before: State,
                 after: State, merge_id: int = -1) -> None:
        super().__init__(text)
        self._restore, self.before, self.after, self._merge_id = restore, before, after, merge_id

    def id(self) -> int:
        return self._merge_id

    def redo(self) -> None:
        self._restore(self.after)

    def undo(self) -> None:
        self._restore(self.before)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, Change) or other.id() != self.id():
            return False
        self.after = other.after
        self.setObsolete(self.after.routine == self.before.routine)  # typed back as it was
        return True


class StackRelay(QObject):
    """Passes on an undo stack's clean state. Made before the stack (as a child of the same
    parent) it is deleted before it, so the signal that the stack sends from its destructor
    reaches nothing half-destroyed.

    Signals:
        clean_changed(bool): the stack's cleanChanged.
    """

    clean_changed = Signal(bool)
