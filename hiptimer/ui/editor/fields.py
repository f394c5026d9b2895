"""Number fields that refuse an out-of-range value with the reason, instead of clamping it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...core.editing import number_text, read_number

PROBLEM_STYLE = "color: #c0392b;"  # red-ish, readable on light and dark backgrounds
EDITOR_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo,
               QKeySequence.StandardKey.Save)
EXTRA_KEYS = (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z"))


class NumberInput(QLineEdit):
    """A line edit for one ``LIMITS`` field. Anything may be typed; it is checked on Enter or
    on leaving the field, and a refused value is put back at once. Escape puts back the value
    while something else is typed; otherwise it is left to the window (to close it).

    Signals:
        committed(float): an acceptable number was entered (it may equal the current value).
        refused(str): what was entered is not acceptable; the reason in words.
    """

    committed = Signal(float)
    refused = Signal(str)

    def __init__(self, key: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self._value: float | None = None
        self.setAccessibleName(name)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("0000.00") + 12)
        self.editingFinished.connect(self._commit)

    def value(self) -> float | None:
        """The value shown before any typing, as last set by ``set_value``."""
        return self._value

    def set_value(self, value: float | None) -> None:
        self._value = value
        self.setText("" if value is None else number_text(value))

    def is_typed_over(self) -> bool:
        """Something other than the value is typed in the field."""
        return self._value is not None and self.text() != number_text(self._value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.is_typed_over():
            assert self._value is not None
            self.set_value(self._value)
            self.committed.emit(self._value)  # clears a refusal shown for what was typed
            return
        super().keyPressEvent(event)

    def _commit(self) -> None:
        if not self.isModified():  # nothing typed since the value was shown or put back
            return
        reading = read_number(self.key, self.text())
        if reading.value is None:
            self.refused.emit(reading.problem)
        else:
            self.committed.emit(reading.value)


class FieldBox(QWidget):
    """Inputs in a row with the allowed range beside them, and a problem, if any, below."""

    def __init__(self, hint: str, *widgets: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = QLabel(hint)
        self.problem = QLabel()
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            row.addWidget(widget)
            if isinstance(widget, NumberInput):
                widget.setAccessibleDescription(hint)
                widget.setToolTip(f"Allowed: {hint}")
        row.addSpacing(4)
        row.addWidget(self.hint)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.problem)

    def show_problem(self, text: str) -> None:
        """Show why a value was refused; "" hides the message."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))


class EditorKeysFirst(QObject):
    """Lets the editor's Undo, Redo and Save shortcuts win over a text field's own.

    A line edit claims Ctrl+Z for its private undo; in the editor every edit is on the
    editor's undo stack, so the field must not keep the key.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            combo = QKeySequence(event.keyCombination())
            if (any(event.matches(key) for key in EDITOR_KEYS)
                    or any(combo.matches(key) == QKeySequence.SequenceMatch.ExactMatch
                           for key in EXTRA_KEYS)):
                return True  # not accepted: the shortcut fires instead
        return False
