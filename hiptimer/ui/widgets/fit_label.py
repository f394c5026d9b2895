"""A label that always shows its text whole: it shrinks the font to fit its room, and only
below the smallest size it ends the text with "…" (never a line cut in half)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

MIN_PIXELS = 11  # below this a word is no longer readable from a mat
WRAP = Qt.TextFlag.TextWordWrap


class FitLabel(QLabel):
    """Plain text in at most ``lines`` lines, at ``pixels`` high or as large as fits.

    The label keeps its whole text (screen readers and tooltips read it); only the drawing
    is fitted. Its size hint asks for ``lines`` lines at full size and never for width, so a
    long text cannot push the page around.
    """

    def __init__(self, lines: int = 1, bold: bool = False,
                 align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # routine names and notes come from files
        self.lines = lines
        self.pixels = 16
        self._align = align | Qt.AlignmentFlag.AlignVCenter
        self._fitted: tuple[tuple[str, QSize, int, bool], tuple[QFont, str]] | None = None
        font = QFont(self.font())
        font.setBold(bold)
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)

    def set_pixels(self, pixels: int) -> None:
        """The size the text is drawn at when it fits."""
        if pixels != self.pixels:
            self.pixels = pixels
            self.updateGeometry()
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(40, self._height_for(self.pixels))

    def minimumSizeHint(self) -> QSize:
        return QSize(20, self._height_for(MIN_PIXELS))

    def _height_for(self, pixels: int) -> int:
        font = QFont(self.font())
        font.setPixelSize(pixels)
        margins = self.contentsMargins()
        return QFontMetrics(font).lineSpacing() * self.lines + margins.top() + margins.bottom()

    def fitted(self) -> tuple[QFont, str]:
        """The font and text as drawn in the label's room now."""
        room = self.contentsRect()
        key = (self.text(), room.size(), self.pixels, self.font().bold())
        if self._fitted is None or self._fitted[0] != key:
            self._fitted = (key, self._fit(room))
        return self._fitted[1]

    def _fit(self, room: QRect) -> tuple[QFont, str]:
        text = self.text()
        font = QFont(self.font())
        for pixels in range(max(self.pixels, MIN_PIXELS), MIN_PIXELS - 1, -1):
            font.setPixelSize(pixels)
            if fits(QFontMetrics(font), room, text, self.lines):
                return font, text
        metrics = QFontMetrics(font)  # at the smallest size: end it with "…"
        words = text.split()
        low, high = 0, len(words)  # the most words that fit with "…" after them
        while low < high:
            middle = (low + high + 1) // 2
            if fits(metrics, room, " ".join(words[:middle]) + "…", self.lines):
                low = middle
            else:
                high = middle - 1
        shown = " ".join(words[:low]) + "…" if low else ""
        if not shown:  # not even one word: cut the first word itself short
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room.width())
        return font, shown

    def paintEvent(self, event: QPaintEvent) -> None:
        font, text = self.fitted()
        tip = "" if text == self.text() else self.text()  # cut short: the whole on hover
        if tip != self.toolTip():
            self.setToolTip(tip)
        painter = QPainter(self)
        painter.setFont(font)
        painter.setPen(self.palette().color(self.foregroundRole()))
        if not self.isEnabled():
            painter.setPen(self.palette().color(QPalette.ColorGroup.Disabled,
                                                self.foregroundRole()))
        painter.drawText(self.contentsRect(), int(self._align) | WRAP, text)
        painter.end()


def fits(metrics: QFontMetrics, room: QRect, text: str, lines: int) -> bool:
    """Whether ``text`` wraps into at most ``lines`` lines inside ``room``."""
    needed = metrics.boundingRect(QRect(0, 0, room.width(), 100_000), WRAP, text)
    return (needed.width() <= room.width() and needed.height() <= room.height()
            and needed.height() <= metrics.lineSpacing() * lines + 1)

