"""The Session tab: a start screen, the running session, and an end screen. Layout only."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core.catalog import Exercise
from ..core.display import Display
from .end_view import EndView
from .plain import plain, plain_label
from .safety import precaution_lines
from .widgets.figure import FigureView
from .widgets.pain_scale import PainScale
from .widgets.ring import CountdownRing

# (label, shortcut, what it does) for the buttons, their tooltips and the help overlay.
CONTROLS = {
    "back": ("Back", "Left", "Restart this exercise or side; press twice to go to the one before"),
    "pause": ("Pause", "Space", "Pause or resume"),
    "skip": ("Skip", "Right", "Skip to the next exercise or side"),
    "done": ("Done with set", "D", "Finish this set now: you have done the lowest number of reps"),
    "hurt": ("This hurts", "H", "Stop this exercise on this side because it hurts, and see "
             "how to make it easier"),
    "stop": ("Stop", "Esc", "End the session early; what you did is kept"),
}


class Banner(QLabel):
    """A plain-words notice across the top: what is missing and how to fix it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        plain(self)  # it quotes file names and routine names
        self.setWordWrap(True)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#banner { background: #fff4ce; color: #3b2f00; padding: 8px; "
                           "border: 1px solid #c9a400; border-radius: 4px; }")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        self.setText("\n".join(messages))
        self.setVisible(bool(messages))


class StartView(QWidget):
    """Routine summary, pain now, and the Start button once the voice is ready."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _label(scale=1.8, bold=True)
        self.summary = _label()
        self.next_day = PainScale("")  # shown when the last session's next morning is unknown
        self.next_day.hide()
        self.next_day_uid: str | None = None
        self.pain = PainScale("How much does your hip hurt right now? (0–10)")
        self.status = _label()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.start_button = QPushButton("Start")
        self.start_button.setDefault(True)
        self.start_button.setMinimumHeight(44)
        self.start_button.setEnabled(False)
        self.cancel_button = QPushButton("Back to routines")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addSpacing(12)
        layout.addWidget(self.next_day)
        layout.addSpacing(8)
        layout.addWidget(self.pain)
        layout.addSpacing(12)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addLayout(buttons)


    def ask_next_day(self, uid: str | None, question: str = "") -> None:
        """Ask how the hip was the morning after the last session (or stop asking)."""
        self.next_day_uid = uid
        self.next_day.question.setText(question)
        self.next_day.set_value(None)
        self.next_day.setVisible(uid is not None)


class RunView(QWidget):
    """The running session, readable from across the room; the text grows with the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exercise = _label(bold=True)
        self.where = _label()  # side, set and rep
        self.note = _label()  # the physiotherapist's note for this exercise
        self.note.setObjectName("blockNote")
        self.note.setAccessibleName("Your physiotherapist's note")
        self.note.hide()
        self.next_up = _label()
        self.next_up.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.phase = _label(bold=True)
        self.phase.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cue_caption = _label()  # the last thing said, for when the sound is off
        self.cue_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ring = CountdownRing()
        self.figure = FigureView()
        self.figure.setAccessibleName("The exercise, shown by a moving figure")
        self.how_to = QTextBrowser()
        self.how_to.setAccessibleName("How to do this exercise")
        self.how_to.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.time_left = _label()
        self.buttons = {key: _control_button(key) for key in CONTROLS}
        self.help_overlay = HelpOverlay(self)

        top = QGridLayout()
        top.addWidget(self.exercise, 0, 0)
        top.addWidget(self.next_up, 0, 1)
        top.addWidget(self.where, 1, 0, 1, 2)
        top.addWidget(self.note, 2, 0, 1, 2)
        top.setColumnStretch(0, 3)
        top.setColumnStretch(1, 1)
        centre = QVBoxLayout()
        centre.addWidget(self.phase)
        centre.addWidget(self.ring, 1)
        centre.addWidget(self.cue_caption)
        side = QVBoxLayout()
        side.addWidget(self.figure, 3)
        side.addWidget(self.how_to, 2)
        middle = QHBoxLayout()
        middle.addLayout(centre, 1)
        middle.addLayout(side, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.time_left)
        controls = QHBoxLayout()
        for key in ("back", "pause", "skip", "done", "hurt", "stop"):
            controls.addWidget(self.buttons[key])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        layout.addLayout(controls)
        self._shown_exercise: tuple[str, bool] | None = None
        self.hip_replaced = False  # show the hip-replacement precautions in the how-to
        for key, (_, shortcut, _) in CONTROLS.items():
            _shortcut(self, shortcut, self.buttons[key].click)
        _shortcut(self, "F1", self.toggle_help)

    def toggle_help(self) -> None:
        self.help_overlay.setGeometry(self.rect())
        self.help_overlay.setVisible(not self.help_overlay.isVisible())
        self.help_overlay.raise_()

    def show_display(self, d: Display) -> None:
        self.exercise.setText(d.exercise.name)
        self.where.setText(" · ".join(part for part in (d.side, d.set_and_rep) if part))
        self.note.setText(f"Note: {d.note}" if d.note else "")
        self.note.setVisible(bool(d.note))
        self.next_up.setText(d.next_up)
        self.phase.setText("Paused" if d.paused else d.phase)
        self.ring.show_value(d.big, d.big_caption, d.ring)
        self.progress.setValue(round(d.progress * 1000))
        self.time_left.setText(d.time_left)
        self.buttons["pause"].setText(f"{'Resume' if d.paused else 'Pause'}  [Space]")
        self.buttons["done"].setEnabled(d.can_finish_set)
        if (d.exercise.id, self.hip_replaced) != self._shown_exercise:
            self._shown_exercise = (d.exercise.id, self.hip_replaced)
            self.how_to.setHtml(how_to_html(d.exercise, self.hip_replaced))

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Sized for reading from a mat about 2 m away: the text follows the window's height.
        unit = max(10, self.height() // 28)
        _set_pixel_size(self.exercise, unit * 2)
        _set_pixel_size(self.phase, unit * 3)
        for label in (self.where, self.next_up, self.time_left, self.cue_caption):
            _set_pixel_size(label, round(unit * 1.3))
        _set_pixel_size(self.note, round(unit * 1.1))
        font = QFont(self.how_to.font())
        font.setPixelSize(max(13, round(unit * 0.7)))
        self.how_to.document().setDefaultFont(font)
        self.help_overlay.setGeometry(self.rect())
        super().resizeEvent(event)


class HelpOverlay(QLabel):
    """The keyboard shortcuts, over the session view, until a key or click hides it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setText(keys_html())
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setObjectName("helpOverlay")
        self.setStyleSheet("#helpOverlay { background: rgba(20, 20, 20, 225); color: white; "
                           "font-size: 18px; }")
        self.hide()

    def mousePressEvent(self, event: object) -> None:
        self.hide()


class SessionPage(QWidget):
    """The banner over the three screens; the controller decides which screen shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = Banner()
        self.start_view = StartView()
        self.run_view = RunView()
        self.end_view = EndView()
        self.empty = _label()
        self.empty.setText("Choose a routine on the Routines tab and press Start.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        for view in (self.start_view, self.run_view, self.end_view, self.empty):
            self.stack.addWidget(view)
        self.stack.setCurrentWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

    def setCurrentWidget(self, view: QWidget) -> None:
        self.stack.setCurrentWidget(view)

    def currentWidget(self) -> QWidget | None:
        return self.stack.currentWidget()


def keys_html() -> str:
    """The keyboard controls of a session, as a table."""
    rows = "".join(f"<tr><td><b>{escape(_key_name(key))}</b></td><td>{escape(label)}: "
                   f"{escape(tip)}</td></tr>" for label, key, tip in CONTROLS.values())
    return (f"<h2>Keys during a session</h2><table cellpadding='6'>{rows}"
            "<tr><td><b>F1</b></td><td>Show or hide this help</td></tr></table>")


def how_to_html(exercise: Exercise, hip_replaced: bool = False) -> str:
    """What to feel, the steps, the cautions (and hip-replacement precautions when set), and
    the easier way if it hurts."""
    steps = "".join(f"<li>{escape(s)}</li>" for s in exercise.steps)
    cautions = [*precaution_lines(exercise, hip_replaced), *exercise.cautions]
    care = "".join(f"<li>{escape(c)}</li>" for c in cautions)
    return (f"<p>{escape(exercise.feel)}</p><ol>{steps}</ol>"
            + (f"<p><b>Take care</b></p><ul>{care}</ul>" if care else "")
            + f"<p><b>If it hurts:</b> {escape(exercise.easier)}</p>")


def _label(scale: float = 1.0, bold: bool = False) -> QLabel:
    label = plain_label()  # routine names, notes and cue words come from files
    label.setWordWrap(True)
    font = QFont(label.font())
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    return label


def _set_pixel_size(label: QLabel, pixels: int) -> None:
    font = QFont(label.font())
    font.setPixelSize(pixels)
    label.setFont(font)


def _shortcut(widget: QWidget, key: str, action: Callable[[], object]) -> None:
    """A single-key shortcut that works anywhere in ``widget``, whatever has focus."""
    shortcut = QShortcut(QKeySequence(key), widget)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(action)


def _key_name(key: str) -> str:
    return {"Left": "←", "Right": "→"}.get(key, key)


def _control_button(key: str) -> QPushButton:
    label, shortcut, tip = CONTROLS[key]
    button = QPushButton(f"{label}  [{_key_name(shortcut)}]")
    button.setToolTip(f"{tip} ({QKeySequence(shortcut).toString()})")
    button.setMinimumHeight(44)
    # The shortcuts are window-wide; a focused button must not swallow Space.
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button
