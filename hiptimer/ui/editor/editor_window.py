"""The routine editor in a window of its own, which never loses unsaved changes silently."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QMessageBox, QVBoxLayout, QWidget

from ...core.catalog import Catalog
from ...core.routine import Routine
from ..widgets.plain import ask
from .routine_editor import RoutineEditor

Answer = QMessageBox.StandardButton


class EditorWindow(QDialog):
    """Edits one routine; ``save`` writes it (False: not saved, the user has been told why),
    ``duplicate`` makes and saves a copy to go on editing."""

    def __init__(self, catalog: Catalog, save: Callable[[Routine], bool],
                 duplicate: Callable[[Routine], Routine | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.editor = RoutineEditor(catalog)
        self._save = save
        self._duplicate = duplicate
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.editor)
        self.editor.save_requested.connect(self.save)
        self.editor.duplicate_requested.connect(self.duplicate)
        self.editor.modified_changed.connect(lambda _modified: self._title())
        self.editor.changed.connect(self._title)  # the title follows the name as it is typed
        self.resize(1200, 680)
        # Asked when closing with unsaved changes; a test answers it without a dialog.
        self.ask: Callable[[], Answer] = self._ask_about_changes

    def open_routine(self, routine: Routine) -> bool:
        """Show ``routine`` for editing; False if the user kept the unsaved one instead."""
        if self.isVisible() and not self.may_leave():
            return False
        self.editor.edit(routine)
        self._title()
        self.show()
        self.raise_()
        self.activateWindow()
        return True

    def _title(self) -> None:
        routine = self.editor.routine()
        mark = "*" if self.editor.is_modified() else ""
        self.setWindowTitle(f"{mark}{routine.name or 'New routine'} — edit routine")

    def save(self) -> bool:
        if self.editor.problems() or not self._save(self.editor.routine()):
            return False
        self.editor.mark_saved()
        self._title()
        return True

    def duplicate(self) -> None:
        if not self.may_leave():
            return
        copy = self._duplicate(self.editor.routine())
        if copy is not None:
            self.editor.edit(copy)
            self._title()

    def may_leave(self) -> bool:
        """True once there is nothing unsaved: saved, discarded, or never changed."""
        if not self.editor.is_modified():
            return True
        answer = self.ask()
        if answer == Answer.Save:
            return self.save()
        return answer == Answer.Discard

    def _ask_about_changes(self) -> Answer:
        problems = self.editor.problems()
        text = f"Save the changes to {self.editor.routine().name or 'this routine'}?"
        buttons = Answer.Discard | Answer.Cancel | (Answer.NoButton if problems else Answer.Save)
        if problems:
            text += "\n\nIt cannot be saved yet: " + " ".join(problems)
        return ask(self, "Unsaved changes", text, buttons, Answer.Cancel)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter acts where it is pressed, never also on a default button: a dialog would
        otherwise press "Add to routine" after Enter in any field, adding an exercise twice."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:  # Esc, or the window's close button
        if self.may_leave():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.may_leave():
            event.accept()
        else:
            event.ignore()
