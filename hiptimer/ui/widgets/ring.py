"""The countdown: a large number inside a progress ring, sized to whatever room it has."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget


class CountdownRing(QWidget):
    """Draws ``text`` as large as fits inside a ring filled to ``fraction``, with a caption.

    Colours come from the palette, so it follows the system's light or dark theme. The track
    is painted once into a pixmap, and while only the fraction moves (a hold, five times a
    second) only the stretch of ring it moved over is painted again.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.caption = ""
        self.fraction = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setAccessibleName("Countdown")
        self._track: tuple[object, QPixmap] | None = None  # (what it shows, the pixmap)

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def show_value(self, text: str, caption: str, fraction: float) -> None:
        fraction = max(0.0, min(1.0, fraction))
        if (text, caption) != (self.text, self.caption):
            self.text, self.caption, self.fraction = text, caption, fraction
            self.setAccessibleDescription(f"{text} {caption}")
            self.update()
        elif fraction != self.fraction:
            self.update(self._arc_rect(self.fraction, fraction))
            self.fraction = fraction

    def _ring(self) -> tuple[float, float, QRectF]:
        """The side of the square the ring fills, its pen width, and the rectangle it is
        drawn on."""
        side = min(self.width(), self.height())
        pen_width = max(6.0, side * 0.06)
        ring = QRectF((self.width() - side) / 2 + pen_width / 2,
                      (self.height() - side) / 2 + pen_width / 2,
                      side - pen_width, side - pen_width)
        return side, pen_width, ring

    def _arc_rect(self, start: float, end: float) -> QRect:
        """The pixels that change when the arc goes from one fraction of the way round to
        another. Qt draws an arc as curves of a quarter turn each from 12 o'clock, so the
        quarter where the shorter arc ends is drawn anew too: its pixels shift a little."""
        _, pen_width, ring = self._ring()
        centre, radius = ring.center(), ring.width() / 2
        low, high = sorted((start, end))
        low = math.floor(low * 4) / 4
        steps = max(2, math.ceil((high - low) * 72))  # a point every 5 degrees at least
        points = [QPointF(centre.x() + radius * math.sin(2 * math.pi * f),
                          centre.y() - radius * math.cos(2 * math.pi * f))
                  for f in (low + (high - low) * i / steps for i in range(steps + 1))]
        box = QRectF(QPointF(min(p.x() for p in points), min(p.y() for p in points)),
                     QPointF(max(p.x() for p in points), max(p.y() for p in points)))
        pad = pen_width / 2 + 2  # the round cap, and smoothing
        return box.adjusted(-pad, -pad, pad, pad).toAlignedRect()

    def _track_pixmap(self, ring: QRectF, pen_width: float) -> QPixmap:
        """The empty ring, painted once for each size and palette."""
        ratio = self.devicePixelRatioF()
        key = (self.size(), ratio, self.palette().cacheKey())
        if self._track is not None and self._track[0] == key:
            return self._track[1]
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QColor(self.palette().color(QPalette.ColorRole.WindowText))
        track.setAlphaF(0.15)
        painter.setPen(QPen(track, pen_width))
        painter.drawEllipse(ring)
        painter.end()
        self._track = (key, pixmap)
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        side, pen_width, ring = self._ring()
        palette = self.palette()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._track_pixmap(ring, pen_width))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
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
