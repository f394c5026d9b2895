"""A 0-10 pain rating: eleven buttons and a way to leave it unanswered."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..plain import plain_label


class PainScale(QWidget):
    """Asks for pain on the 0-10 numeric rating scale; answering is optional. A digit key
    picks 0 to 9 (10 is a click or Space away).

    Signals:
        changed(object): the new value, an int 0-10 or None.
    """

    changed = Signal(object)

    def __init__(self, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = plain_label(question)  # it may name a routine
        self.question.setWordWrap(True)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # so a second click can clear the answer
        row = QHBoxLayout()
        for value in range(11):
            button = QPushButton(str(value))
            button.setCheckable(True)
            button.setMinimumWidth(36)
            button.setAccessibleName(f"Pain {value} of 10")
            self.group.addButton(button, value)
            row.addWidget(button)
        self.group.idClicked.connect(self._clicked)
        legend = QLabel("0 = no pain · 1–3 mild · 4–6 moderate · 7–10 severe. "
                        "You can leave it blank.")
        legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.question)
        layout.addLayout(row)
        layout.addWidget(legend)
        self._value: int | None = None

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None) -> None:
        self._value = value
        for button in self.group.buttons():
            button.setChecked(self.group.id(button) == value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_0.value <= key <= Qt.Key.Key_9.value:
            value = key - Qt.Key.Key_0.value
            self.set_value(value)
            button = self.group.button(value)
            if button is not None:
                button.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.changed.emit(value)
            return
        super().keyPressEvent(event)

    def _clicked(self, value: int) -> None:
        self.set_value(None if self._value == value else value)
        self.changed.emit(self._value)
