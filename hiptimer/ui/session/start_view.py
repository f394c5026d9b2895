"""The start screen of a session: the routine, pain now, and Start once the voice is ready."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..widgets.pain_scale import PainScale
from ..widgets.plain import plain_label

ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class StartView(QWidget):
    """Routine summary, pain now, and the Start button once the voice is ready.

    Enter starts from anywhere on the screen (a focused "Back to routines" goes back); Tab
    goes Start, the pain question(s), Back to routines.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = screen_label(scale=1.8, bold=True)
        self.summary = screen_label()
        self.next_day = PainScale("")  # shown when the last session's next morning is unknown
        self.next_day.hide()
        self.next_day_uid: str | None = None
        self.pain = PainScale("How much does your hip hurt right now? (0–10)")
        self.status = screen_label()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Preparing the session")
        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleDescription("Start the session (Enter)")
        self.start_button.setMinimumHeight(44)
        self.start_button.setEnabled(False)
        self.cancel_button = QPushButton("Back to routines")
        self.cancel_button.setMinimumHeight(44)
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

    def show_preparing(self, name: str, summary: str) -> None:
        """A routine was chosen: its name and summary, pain unanswered, Start not yet."""
        self.title.setText(name)
        self.summary.setText(summary)
        self.pain.set_value(None)
        self.start_button.setEnabled(False)
        self.show_progress("Preparing the session…")

    def show_summary(self, summary: str) -> None:
        self.summary.setText(summary)

    def show_progress(self, status: str, done: int = 0, total: int = 0) -> None:
        """What is being prepared, and how far it is (``total`` 0: not known yet)."""
        self.status.setText(status)
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def show_ready(self, status: str) -> None:
        """Ready: Start is enabled and has the focus, so Enter or Space starts."""
        self.show_progress(status, 1, 1)
        self.start_button.setEnabled(True)
        self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_failed(self, status: str) -> None:
        self.show_progress(status, 0, 1)

    def ask_next_day(self, uid: str | None, question: str = "") -> None:
        """Ask how the hip was the morning after the last session (or stop asking)."""
        self.next_day_uid = uid
        self.next_day.question.setText(question)
        self.next_day.set_value(None)
        self.next_day.setVisible(uid is not None)

    def tab_chain(self) -> list[QWidget]:
        """Where Tab goes, in order: Start first, since most people press it at once."""
        chain: list[QWidget] = [self.start_button, self.next_day.focus_button(),
                                self.pain.focus_button(), self.cancel_button]
        return [w for w in chain if w.isVisibleTo(self) and w.isEnabled()]

    def focusNextPrevChild(self, next: bool) -> bool:
        chain = self.tab_chain()
        current = QApplication.focusWidget()
        if current in chain:
            at = (chain.index(current) + (1 if next else -1)) % len(chain)
            chain[at].setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().focusNextPrevChild(next)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in ENTER and not self.cancel_button.hasFocus():
            if self.start_button.isEnabled():
                self.start_button.click()
            return
        if event.key() in ENTER:
            self.cancel_button.click()
            return
        super().keyPressEvent(event)


def screen_label(scale: float = 1.0, bold: bool = False) -> QLabel:
    """A plain-text label (routine names, notes and cue words come from files) that wraps."""
    label = plain_label()
    label.setWordWrap(True)
    font = QFont(label.font())
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    return label
