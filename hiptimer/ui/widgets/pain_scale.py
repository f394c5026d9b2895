"""A 0-10 pain rating: eleven buttons, one Tab stop, and a way to leave it unanswered."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from .plain import plain_label

# The chosen value filled in the highlight colour (strong in light and dark), and a focus
# frame in the text colour, so both show on a chosen button too.
STYLE = """
QPushButton { min-width: 30px; min-height: 34px; padding: 2px 6px; border-radius: 4px;
              border: 1px solid palette(mid); background: palette(button);
              color: palette(button-text); }
QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);
                      border: 1px solid palette(highlight); font-weight: bold; }
QPushButton:focus { border: 3px solid palette(window-text); }
"""
STEPS = {Qt.Key.Key_Up: 1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: -1, Qt.Key.Key_Left: -1}
CLEAR = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class PainScale(QWidget):
    """Asks for pain on the 0-10 numeric rating scale; answering is optional.

    The scale is one Tab stop (the chosen button, or 0 when none is): a digit picks 0 to 9,
    ↑/↓ (and →/←) step, Delete clears; Space never changes it, so pausing cannot record a
    score by accident. A click picks a value, a second click on it clears it.

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
            button.setAccessibleName(f"Pain {value} of 10")
            button.setAccessibleDescription(question)
            button.installEventFilter(self)
            self.group.addButton(button, value)
            row.addWidget(button)
        self.group.idClicked.connect(self._clicked)
        self.setStyleSheet(STYLE)
        legend = QLabel("0 = no pain · 1–3 mild · 4–6 moderate · 7–10 severe. "
                        "Type a digit or use ↑/↓; you can leave it blank.")
        legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.question)
        layout.addLayout(row)
        layout.addWidget(legend)
        self._value: int | None = None
        self._rove()

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None) -> None:
        self._value = value
        for button in self.group.buttons():
            button.setChecked(self.group.id(button) == value)
        self._rove()

    def focus_button(self) -> QPushButton:
        """The one button Tab stops at: the chosen one, or 0."""
        button = self.group.button(self._value if self._value is not None else 0)
        assert isinstance(button, QPushButton)
        return button

    def _rove(self) -> None:
        had_focus = any(b.hasFocus() for b in self.group.buttons())
        stop = self.focus_button()
        for button in self.group.buttons():
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if button is stop
                                  else Qt.FocusPolicy.NoFocus)
        self.setFocusProxy(stop)
        if had_focus:
            stop.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and isinstance(
                event, QKeyEvent):
            return self._key(event, event.type() == QEvent.Type.KeyPress)
        return False

    def _key(self, event: QKeyEvent, press: bool) -> bool:
        """Handle a key on the scale; False lets it go on (Enter to the screen, Tab)."""
        key = event.key()
        if key == Qt.Key.Key_Space:
            return True  # never toggles a button: Space means pause elsewhere
        value: int | None
        if Qt.Key.Key_0.value <= key <= Qt.Key.Key_9.value:
            value = key - Qt.Key.Key_0.value
        elif key in STEPS:
            step = STEPS[Qt.Key(key)]
            value = 0 if self._value is None else min(10, max(0, self._value + step))
        elif key in CLEAR:
            value = None
        else:
            return False
        if press and value != self._value:
            self.set_value(value)
            self.changed.emit(value)
        return True

    def _clicked(self, value: int) -> None:
        self.set_value(None if self._value == value else value)
        self.changed.emit(self._value)
