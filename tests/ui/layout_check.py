"""Checks of what a screen shows: every text fits the box it is drawn in, no two widgets
overlap, and the countdown's number is the largest text on the page."""

from __future__ import annotations

import itertools
import math

from PySide6 import QtGui
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QTextBrowser,
    QWidget,
)

from hiptimer.ui.widgets.figure import FigureView
from hiptimer.ui.widgets.ring import CountdownRing

BOXES = (QLabel, QAbstractButton, CountdownRing, FigureView, QTextBrowser, QPlainTextEdit,
         QProgressBar)
BUTTON_PADDING = 8  # the least room a button's frame takes on each side of its text


def shown(root: QWidget, overlay: bool = False) -> list[QWidget]:
    """The widgets under ``root`` that can be seen now (the help overlay only if asked)."""
    return [w for w in root.findChildren(QWidget)
            if w.isVisible() and (overlay or w.objectName() != "helpOverlay")]


def ancestors(widget: QWidget) -> list[QWidget]:
    found = []
    parent = widget.parentWidget()
    while parent is not None:
        found.append(parent)
        parent = parent.parentWidget()
    return found


def drawn(label: QLabel) -> tuple[QFont, str]:
    """The font and text a label draws (a fitting label draws its fitted text)."""
    fitted = getattr(label, "fitted", None)
    return fitted() if fitted is not None else (label.font(), label.text())


def label_fits(label: QLabel) -> bool:
    font, text = drawn(label)
    room = label.contentsRect()
    if not text:
        return True
    if label.textFormat() != Qt.TextFormat.PlainText and QtGui.Qt.mightBeRichText(text):
        document = QTextDocument()
        document.setDefaultFont(font)
        document.setHtml(text)
        document.setTextWidth(room.width() if label.wordWrap() else -1)
        size = document.size()
        return size.width() <= room.width() + 1 and size.height() <= room.height() + 1
    wrap = label.wordWrap() or hasattr(label, "fitted")
    needed = QFontMetrics(font).boundingRect(
        QRect(0, 0, room.width(), 100_000),
        int(Qt.TextFlag.TextWordWrap) if wrap else 0, text)
    return needed.width() <= room.width() and needed.height() <= room.height()


def button_fits(button: QAbstractButton) -> bool:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    width = QFontMetrics(button.font()).horizontalAdvance(text)
    return width + 2 * BUTTON_PADDING <= button.width()


def in_window(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def ring_problems(ring: CountdownRing) -> list[str]:
    """The number and its caption inside the ring's inner circle, and apart."""
    side = ring.side()
    radius = side * 0.45 + 0.5  # inside the pen (5 % of the side wide)
    centre = QRectF(ring.rect()).center()
    number = ring.number_rect()
    caption = ring.caption_rect()
    caption_width = QFontMetrics(ring.caption_font()).horizontalAdvance(ring.caption)
    caption = QRectF(centre.x() - caption_width / 2, caption.top(), caption_width,
                     caption.height())
    problems = []
    for name, box in (("number", number), ("caption", caption)):
        corners = (box.topLeft(), box.topRight(), box.bottomLeft(), box.bottomRight())
        if any(math.dist((c.x(), c.y()), (centre.x(), centre.y())) > radius for c in corners):
            problems.append(f"the ring's {name} {ring.number!r}/{ring.caption!r} leaves the ring")
    if ring.caption and number.intersects(caption):
        problems.append("the ring's number and caption overlap")
    return problems


def pixel_size(font: QFont) -> int:
    return QFontInfo(font).pixelSize()


def layout_problems(root: QWidget) -> list[str]:
    """Everything wrong with what ``root`` shows now, in words (empty: all is well)."""
    problems = []
    for w in shown(root, overlay=True):
        if isinstance(w, QLabel) and not isinstance(w, CountdownRing) and not label_fits(w):
            problems.append(f"text does not fit: {w.text()!r} in {w.contentsRect()}")
        if isinstance(w, QAbstractButton) and w.text() and not button_fits(w):
            problems.append(f"button text does not fit: {w.text()!r} in {w.width()} px")
        if isinstance(w, CountdownRing):
            problems += ring_problems(w)
    boxes = [w for w in shown(root) if isinstance(w, BOXES)]  # the help covers all: fine
    for a, b in itertools.combinations(boxes, 2):
        if a in ancestors(b) or b in ancestors(a):
            continue
        if in_window(a).intersects(in_window(b)):
            problems.append(f"overlap: {describe(a)} and {describe(b)}")
    return problems


def largest_text_problems(root: QWidget, ring: CountdownRing, phase: QLabel,
                          at_least: float = 0) -> list[str]:
    """The ring's number larger than any other text shown, and ``at_least`` px high; the
    phase word second."""
    number = pixel_size(ring.number_font())
    second = pixel_size(drawn(phase)[0])
    problems = [f"the number is {number} px, less than {at_least:.0f}"] if number < at_least \
        else []
    for w in shown(root):
        if isinstance(w, QLabel) and w.text() and w not in (ring, phase):
            size = pixel_size(drawn(w)[0])
            if size >= number or size > second:
                problems.append(f"{w.text()!r} is {size} px, the number {number}, the phase "
                                f"{second}")
    return problems


def describe(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    words = text() if callable(text) else ""
    return f"{type(widget).__name__}({words[:30]!r}) at {in_window(widget)}"
