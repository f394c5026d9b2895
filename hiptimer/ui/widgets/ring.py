"""The countdown: a large number inside a progress ring, sized to whatever room it has."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class CountdownRing(QWidget):
    """Draws ``text`` as large as fits inside a ring filled to ``fraction``, with a caption.

    Colours come from the palette, so it follows the system's light or dark theme.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.caption = ""
        self.fraction = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setAccessibleName("Countdown")

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def show_value(self, text: str, caption: str, fraction: float) -> None:
        if (text, caption, fraction) != (self.text, self.caption, self.fraction):
            self.text, self.caption, self.fraction = text, caption, max(0.0, min(1.0, fraction))
            self.setAccessibleDescription(f"{text} {caption}")
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height())
        pen_width = max(6.0, side * 0.06)
        ring = QRectF((self.width() - side) / 2 + pen_width / 2,
                      (self.height() - side) / 2 + pen_width / 2,
                      side - pen_width, side - pen_width)
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QColor(palette.color(QPalette.ColorRole.WindowText))
        track.setAlphaF(0.15)
        painter.setPen(QPen(track, pen_width))
        painter.drawEllipse(ring)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), pen_width,
                            Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        # Qt counts angles in 1/16 degree, counter-clockwise from 3 o'clock.
        painter.drawArc(ring, 90 * 16, -round(self.fraction * 360 * 16))

        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        number = QFont(self.font())
        number.setBold(True)
        number.setPixelSize(max(12, round(side * (0.42 if len(self.text) <= 2 else 0.3))))
        painter.setFont(number)
        inner = ring.adjusted(pen_width, pen_width, -pen_width, -pen_width)
        painter.drawText(inner.adjusted(0, -side * 0.08, 0, -side * 0.08),
                         Qt.AlignmentFlag.AlignCenter, self.text)
        caption = QFont(self.font())
        caption.setPixelSize(max(10, round(side * 0.06)))
        painter.setFont(caption)
        painter.drawText(inner.adjusted(0, side * 0.5, 0, 0),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.caption)
        painter.end()
