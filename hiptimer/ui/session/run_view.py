"""The running session's view: the countdown, the phase, what to do, and the controls. Layout
only; readable from a mat 2 m away."""

from __future__ import annotations

import functools
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QFont,
    QFontMetrics,
    QKeySequence,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog import Exercise
from ...core.display import Display
from ..widgets.figure import FigureView
from ..widgets.fit_label import FitLabel
from ..widgets.ring import CountdownRing
from ..widgets.safety import precaution_lines

# (label, shortcut, what it does) for the buttons, their tooltips and the help overlay.
CONTROLS = {
    "back": ("Back", "Left", "Restart this exercise or side; press twice to go to the one before"),
    "pause": ("Pause", "Space", "Pause or resume"),
    "skip": ("Skip", "Right", "Skip to the next exercise or side"),
    "done": ("Done with set", "D", "Finish this set now: you have done the lowest number of reps"),
    "hurt": ("This hurts", "H", "Stop this exercise on this side because it hurts, and see "
             "how to make it easier"),
    "stop": ("Stop", "Esc", "End the session early; what you did is kept"),
    "fullscreen": ("Full screen", "F11", "Fill the whole screen, or go back to a window"),
}
OTHER_WORDS = {"pause": ("Resume",), "fullscreen": ("Leave full screen",)}  # as they switch
PAUSED_CAPTION = "Paused. Press Space to carry on."


class RunView(QWidget):
    """The running session, readable from a mat 2 m away: the number is the largest thing on
    the page, the phase word next; every text shrinks before it is cut, and grows with the
    window.

    Signals:
        help_shown(bool): the key help was shown (True) or hidden.
        fullscreen_requested(): F11 or the Full screen button.
    """

    help_shown = Signal(bool)
    fullscreen_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exercise = FitLabel(bold=True)
        self.where = FitLabel()  # side, set and rep
        self.note = FitLabel()  # the physiotherapist's note for this exercise
        self.note.setObjectName("blockNote")
        self.note.setAccessibleDescription("Your physiotherapist's note")
        self.note.hide()
        right = Qt.AlignmentFlag.AlignRight
        self.next_up = FitLabel(lines=2, align=right)
        self.time_left = FitLabel(align=right)
        self.phase = FitLabel(bold=True, align=Qt.AlignmentFlag.AlignHCenter)
        self.cue_caption = FitLabel(lines=2, align=Qt.AlignmentFlag.AlignHCenter)
        self.cue_caption.setAccessibleDescription("Said last")
        self.ring = CountdownRing()
        self.figure = FigureView()
        self.figure.setAccessibleName("The exercise, shown by a moving figure")
        self.how_to = QTextBrowser()
        self.how_to.setAccessibleName("How to do this exercise")
        self.how_to.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.how_to.setMinimumHeight(40)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.setAccessibleName("Through the session")
        self.buttons = {key: _control_button(key) for key in CONTROLS}
        self.help_overlay = HelpOverlay(self)
        self.help_overlay.dismissed.connect(self.toggle_help)
        self._said = ""  # the last thing said, shown again after a pause
        self._announced = ""
        self._long_labels = True
        self._paused = self._full = False  # what the Pause and Full screen buttons say

        top = QGridLayout()
        top.addWidget(self.exercise, 0, 0)
        top.addWidget(self.next_up, 0, 1)
        top.addWidget(self.where, 1, 0)
        top.addWidget(self.time_left, 1, 1)
        top.addWidget(self.note, 2, 0, 1, 2)
        top.setColumnStretch(0, 3)
        top.setColumnStretch(1, 2)
        centre = QVBoxLayout()
        centre.addWidget(self.phase)
        centre.addWidget(self.ring, 1)
        side = QVBoxLayout()  # what was said beside the figure: the number takes the height
        side.addWidget(self.cue_caption)
        side.addWidget(self.figure, 3)
        side.addWidget(self.how_to, 2)
        middle = QHBoxLayout()
        middle.addLayout(centre, 1)
        middle.addLayout(side, 1)
        controls = QHBoxLayout()
        for key in CONTROLS:
            controls.addWidget(self.buttons[key])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self.progress)
        layout.addLayout(controls)
        self._shown_exercise: tuple[str, bool] | None = None
        self.hip_replaced = False  # show the hip-replacement precautions in the how-to
        for key, (_, shortcut, _) in CONTROLS.items():
            _shortcut(self, shortcut, functools.partial(self._press, key))
        _shortcut(self, "F1", self.toggle_help)
        self.buttons["fullscreen"].clicked.connect(self.fullscreen_requested)

    def _press(self, key: str) -> None:
        """A control's key: while the help shows, any key only hides the help."""
        if self.help_overlay.isVisible() and key != "fullscreen":
            self.toggle_help()
            return
        self.buttons[key].click()

    def toggle_help(self) -> None:
        self.help_overlay.setGeometry(self.rect())
        self.help_overlay.setVisible(not self.help_overlay.isVisible())
        self.help_overlay.raise_()
        self.help_shown.emit(self.help_overlay.isVisible())

    def show_display(self, d: Display, said: str | None = None) -> None:
        """Draw a moment of the session; ``said``: what was just spoken, if anything."""
        self.exercise.setText(d.exercise.name)
        self.where.setText(" · ".join(part for part in (d.side, d.set_and_rep) if part))
        self.note.setText(f"Note: {d.note}" if d.note else "")
        self.note.setVisible(bool(d.note))
        self.next_up.setText(d.next_up)
        self.phase.setText("PAUSED" if d.paused else d.phase)
        self.ring.show_value(d.big, d.big_caption, d.ring, d.paused)
        if said:
            self._said = said
        self.cue_caption.setText(PAUSED_CAPTION if d.paused else self._said)
        self.progress.setValue(round(d.progress * 1000))
        self.time_left.setText(d.time_left)
        self._set_pause_label(d.paused)
        self.buttons["done"].setEnabled(d.can_finish_set)
        if (d.exercise.id, self.hip_replaced) != self._shown_exercise:
            self._shown_exercise = (d.exercise.id, self.hip_replaced)
            self.how_to.setHtml(how_to_html(d.exercise, self.hip_replaced))
        self._announce(f"{d.exercise.name}: {self.phase.text()}")

    def show_fullscreen(self, full: bool) -> None:
        self._full = full
        self.buttons["fullscreen"].setText(_button_text(
            "fullscreen", self._long_labels, OTHER_WORDS["fullscreen"][0] if full else None))

    def _set_pause_label(self, paused: bool) -> None:
        self._paused = paused
        self.buttons["pause"].setText(_button_text(
            "pause", self._long_labels, OTHER_WORDS["pause"][0] if paused else None))

    def _announce(self, text: str) -> None:
        """Tell a screen reader when the phase changes (not on every tick)."""
        if text != self._announced:
            self._announced = text
            if QAccessible.isActive():
                QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.phase, text))

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Sized for reading from a mat about 2 m away: the text follows the window's height.
        unit = max(8, self.height() // 28)
        self.exercise.set_pixels(round(unit * 1.6))
        self.phase.set_pixels(round(unit * 2.2))
        for label in (self.where, self.next_up, self.time_left, self.cue_caption):
            label.set_pixels(round(unit * 1.1))
        self.note.set_pixels(unit)
        font = QFont(self.how_to.font())
        font.setPixelSize(max(13, round(unit * 0.7)))
        self.how_to.document().setDefaultFont(font)
        self.help_overlay.setGeometry(self.rect())
        self.help_overlay.fit(min(18, max(10, self.height() // 26)))
        self._fit_buttons(event.size().width())
        super().resizeEvent(event)

    def _fit_buttons(self, width: int) -> None:
        """Buttons name their key ("Pause  [Space]") when there is room, else just the word."""
        wanted = sum(QFontMetrics(b.font()).horizontalAdvance(_button_text(k, True)) + 40
                     for k, b in self.buttons.items())
        long_labels = wanted <= width - 20
        if long_labels != self._long_labels:
            self._long_labels = long_labels
            for key, button in self.buttons.items():
                if key not in ("pause", "fullscreen"):
                    button.setText(_button_text(key, long_labels))
            self._set_pause_label(self._paused)
            self.show_fullscreen(self._full)


class HelpOverlay(QLabel):
    """The keyboard shortcuts, over the session view, until a key or click hides it.

    Signals:
        dismissed(): clicked away.
    """

    dismissed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setText(keys_html())
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setObjectName("helpOverlay")
        self.setWordWrap(True)
        self.fit(18)
        self.hide()

    def fit(self, pixels: int) -> None:
        """Text ``pixels`` high: the whole table fits a small window too."""
        self.setStyleSheet("#helpOverlay { background: rgba(20, 20, 20, 225); color: white; "
                           f"font-size: {pixels}px; padding: 8px; }}")

    def mousePressEvent(self, event: object) -> None:
        self.dismissed.emit()


def keys_html() -> str:
    """The keyboard controls of a session, as a table."""
    rows = "".join(f"<tr><td><b>{escape(_key_name(key))}</b></td><td>{escape(label)}: "
                   f"{escape(tip)}</td></tr>" for label, key, tip in CONTROLS.values())
    return (f"<h2>Keys during a session</h2><table cellpadding='6'>{rows}"
            "<tr><td><b>F1</b></td><td>Show or hide this help</td></tr></table>"
            "<p>The session waits while this help shows: press any of these keys, or click, "
            "to go back to it.</p>")


def how_to_html(exercise: Exercise, hip_replaced: bool = False) -> str:
    """What to feel, the steps, the cautions (and hip-replacement precautions when set), and
    the easier way if it hurts."""
    steps = "".join(f"<li>{escape(s)}</li>" for s in exercise.steps)
    cautions = [*precaution_lines(exercise, hip_replaced), *exercise.cautions]
    care = "".join(f"<li>{escape(c)}</li>" for c in cautions)
    return (f"<p>{escape(exercise.feel)}</p><ol>{steps}</ol>"
            + (f"<p><b>Take care</b></p><ul>{care}</ul>" if care else "")
            + f"<p><b>If it hurts:</b> {escape(exercise.easier)}</p>")


def _shortcut(widget: QWidget, key: str, action: Callable[[], object]) -> None:
    """A single-key shortcut that works anywhere in ``widget``, whatever has focus."""
    shortcut = QShortcut(QKeySequence(key), widget)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(action)


def _key_name(key: str) -> str:
    return {"Left": "←", "Right": "→"}.get(key, key)


def _button_text(key: str, with_key: bool, label: str | None = None) -> str:
    word, shortcut, _ = CONTROLS[key]
    word = label or word
    return f"{word}  [{_key_name(shortcut)}]" if with_key else word


def _control_button(key: str) -> QPushButton:
    _, shortcut, tip = CONTROLS[key]
    button = QPushButton(_button_text(key, True))
    button.setToolTip(f"{tip} ({QKeySequence(shortcut).toString()})")
    button.setAccessibleDescription(f"{tip} ({QKeySequence(shortcut).toString()})")
    button.setMinimumHeight(44)
    # As narrow as its word alone: the label drops its key when there is no room for it.
    words = (_button_text(key, False), *OTHER_WORDS.get(key, ()))
    button.setMinimumWidth(max(map(button.fontMetrics().horizontalAdvance, words)) + 24)
    # The shortcuts are window-wide; a focused button must not swallow Space.
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button
