"""The safety notice: acknowledged once before first use, and readable again from Help; the
warning signs in three tiers, shared with the recheck and the handout."""

from __future__ import annotations

from html import escape
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core import safety
from ...core.catalog import Exercise

AGREE_TEXT = "I have read this and understand that HipTimer is not medical advice"
START_TEXT = "Start using HipTimer"
QUIT_TEXT = "Quit"

# Each tier's box sets its text and background colours together, so it reads the same on a
# light or a dark palette (contrast 9:1 or more).
_TIER_COLOURS = {
    safety.Tier.EMERGENCY: ("#fde7e9", "#5c0011", "#c50f1f"),
    safety.Tier.TODAY: ("#fff4ce", "#3b2f00", "#c9a400"),
    safety.Tier.DOCTOR: ("#e8f0fb", "#0b2a55", "#5b7fb5"),
}

_ITEM = "style='margin-bottom: 3px'"  # a little air between list items
_WIDTH = 640  # wide enough for short lines, narrow enough for a 1366×768 screen
_SCREEN_SHARE = 0.85  # of the available screen height, leaving room for the title bar


def tier_box(tier: safety.Tier, inner_html: str) -> str:
    """A coloured box for one tier of warning signs, readable on a light or dark palette."""
    bg, fg, border = _TIER_COLOURS[tier]
    return (f"<table width='100%' cellpadding='8' cellspacing='0' border='2' "
            f"style='margin-top: 8px; border-collapse: collapse; border-style: solid; "
            f"border-color: {border};'><tr><td bgcolor='{bg}' style='color: {fg};'>"
            f"{inner_html}</td></tr></table>")


def warning_signs_html() -> str:
    """The warning signs, most urgent first, each tier in its own box with what to do."""
    boxes = []
    for tier in sorted(safety.Tier, reverse=True):
        signs = "".join(f"<li {_ITEM}>{escape(s.text)}</li>" for s in safety.signs_of(tier))
        boxes.append(tier_box(tier, f"<b>{escape(tier.heading)}:</b><ul>{signs}</ul>"))
    return "".join(boxes)


def precaution_lines(exercise: Exercise, hip_replaced: bool) -> list[str]:
    """After a recent hip replacement: each movement of this exercise to check first."""
    if not hip_replaced:
        return []
    return [f"After your hip replacement, check with your surgeon or physiotherapist before "
            f"this one: it {p.label}." for p in exercise.precautions]


def safety_html() -> str:
    """The notice as Qt rich text: paragraphs, the list before starting, the warning signs."""
    intro = "".join(f"<p>{escape(p)}</p>" for p in safety.INTRO)
    before = "".join(f"<li {_ITEM}>{escape(p)}</li>" for p in safety.BEFORE_YOU_START)
    return (f"{intro}<h3>{escape(safety.BEFORE_HEADING)}</h3><ul>{before}</ul>"
            f"<h3>{escape(WARNING_HEADING)}</h3>{warning_signs_html()}")


WARNING_HEADING = "Warning signs: stop and get help"


class SafetyDialog(QDialog):
    """The safety notice. On first run the user ticks a box to go on, or quits; from the Help
    menu (``read_only=True``) it only has a Close button.

    Enter starts only once the box is ticked; Esc or closing the window quits (rejects).

    Signals:
        acknowledged(int): the user ticked the box and chose to start; carries the notice's
            version (``SAFETY_VERSION``), to keep in ``Settings.safety_read``. Emitted just
            before the inherited ``accepted``. ``rejected`` means Quit (or Close when
            read-only).
    """

    acknowledged = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self.read_only = read_only
        self.setWindowTitle("Safety" if read_only else safety.BEFORE_HEADING)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setHtml(safety_html())
        self.buttons = QDialogButtonBox()
        self.agree: QCheckBox | None = None
        self.start_button: QPushButton | None = None
        self.quit_button: QPushButton | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        if read_only:
            close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
            close.setDefault(True)
            order = [self.text, close]
        else:
            self.agree = QCheckBox(f"&{AGREE_TEXT}")
            self.start_button = self.buttons.addButton(
                f"&{START_TEXT}", QDialogButtonBox.ButtonRole.AcceptRole)
            self.quit_button = self.buttons.addButton(
                f"&{QUIT_TEXT}", QDialogButtonBox.ButtonRole.RejectRole)
            self.start_button.setDefault(True)
            self.start_button.setEnabled(False)
            self.agree.toggled.connect(self.start_button.setEnabled)
            layout.addWidget(self.agree)
            order = [self.text, self.agree, self.start_button, self.quit_button]
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
        self._fit_to_screen(layout.contentsMargins().left() + layout.contentsMargins().right())

    def accept(self) -> None:
        """Start, but only once the box is ticked (read-only: just close)."""
        if self.agree is not None:
            if not self.agree.isChecked():
                return
            self.acknowledged.emit(safety.SAFETY_VERSION)
        super().accept()

    def _fit_to_screen(self, margins: int) -> None:
        """As tall as the text needs, up to most of the screen; the text scrolls beyond that."""
        available = self.screen().availableGeometry()
        width = min(_WIDTH, round(available.width() * 0.95))
        self.text.document().setTextWidth(width - margins - 2 * self.text.frameWidth() - 4)
        chrome = self.sizeHint().height() - self.text.sizeHint().height()
        wanted = chrome + round(self.text.document().size().height()) + 2 * self.text.frameWidth()
        height = min(wanted + 4, round(available.height() * _SCREEN_SHARE))
        self.setMinimumSize(min(width, 360), min(height, 240))
        self.resize(width, height)
