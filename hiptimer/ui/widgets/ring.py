"""The countdown: a large number inside a progress ring, sized to whatever room it has."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

NUMBER_HEIGHT = 0.62  # of the ring's side at most: the largest thing on the page
PEN = 0.05  # the ring's width, of the side
INNER = 0.5 - PEN  # the radius inside the ring, of the side
RAISE = 0.05  # the number sits this much (of the side) above the middle, the caption under it


class CountdownRing(QLabel):
    """Draws ``number`` as large as fits inside a ring filled to ``fraction``, with a caption
    under it; greyed while ``paused``.

    A label to screen readers, reading "16 seconds left"; colours come from the palette, so
    it follows the system's light or dark theme. While only the fraction moves (a hold, five
    times a second) only the stretch of ring it moved over is painted again, over a picture of
    the rest kept from the last full paint: large digits are drawn as outlines, afresh each
    time, which made the ring most of the window's work during a hold.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = ""
        self.caption = ""
        self.fraction = 0.0
        self.paused = False
        self._face: QPixmap | None = None  # the track, number and caption, as last drawn
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(90, 90)
        self.setAccessibleDescription("Countdown")

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def minimumSizeHint(self) -> QSize:
        return QSize(90, 90)

    def show_value(self, text: str, caption: str, fraction: float, paused: bool = False) -> None:
        fraction = max(0.0, min(1.0, fraction))
        if (text, caption, fraction, paused) != (self.number, self.caption, self.fraction,
                                                  self.paused):
            arc_only = (text, caption, paused) == (self.number, self.caption, self.paused)
            dirty = self._arc_rect(self.fraction, fraction) if arc_only else self.rect()
            self.number, self.caption, self.fraction, self.paused = (text, caption, fraction,
                                                                   paused)
            if not arc_only:
                self._face = None
                self.setText(f"{text} {caption}" + (", paused" if paused else ""))
            self.update(dirty)

    def _ring(self) -> tuple[float, QRectF]:
        """The ring's pen width and the rectangle it is drawn on."""
        side = self.side()
        pen_width = max(4.0, side * PEN)
        ring = QRectF((self.width() - side) / 2 + pen_width / 2,
                      (self.height() - side) / 2 + pen_width / 2,
                      side - pen_width, side - pen_width)
        return pen_width, ring

    def _arc_rect(self, start: float, end: float) -> QRect:
        """The pixels that change when the arc goes from one fraction of the way round to
        another. Qt draws an arc as curves of a quarter turn each from 12 o'clock, so the
        quarter where the shorter arc ends is drawn anew too: its pixels shift a little."""
        pen_width, ring = self._ring()
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

    def side(self) -> float:
        return float(min(self.width(), self.height()))

    def number_font(self) -> QFont:
        """The number's font: ``NUMBER_HEIGHT`` of the side, or as large as fits the circle
        inside the ring (wide digits, three of them)."""
        side = self.side()
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(100)
        metrics = QFontMetricsF(font)
        # The text's box is centred ``RAISE`` above the middle; its far corners must stay
        # within the inner radius: (a·px)² + (b·px + RAISE·side)² ≤ (INNER·side)².
        a = metrics.horizontalAdvance(self.number or "0") / 200
        b = metrics.capHeight() / 200
        square = a * a + b * b
        fits = (-RAISE * b + math.sqrt((RAISE * b) ** 2 + square * (INNER ** 2 - RAISE ** 2))
                ) / square * side
        font.setPixelSize(max(12, int(min(NUMBER_HEIGHT * side, fits * 0.98))))
        return font

    def caption_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(10, round(self.side() * 0.065)))
        return font

    def number_rect(self) -> QRectF:
        """Where the number is drawn: centred, a little above the middle."""
        side = self.side()
        centre = QRectF(self.rect()).center()
        metrics = QFontMetricsF(self.number_font())
        width, height = metrics.horizontalAdvance(self.number), metrics.capHeight()
        return QRectF(centre.x() - width / 2, centre.y() - side * RAISE - height / 2,
                      width, height)

    def caption_rect(self) -> QRectF:
        """Where the caption is drawn: under the number, inside the ring."""
        side = self.side()
        centre = QRectF(self.rect()).center()
        height = QFontMetricsF(self.caption_font()).height()
        return QRectF(centre.x() - side * 0.32, centre.y() + side * 0.25, side * 0.64, height)

    def _colours(self) -> tuple[QColor, QColor]:
        """The text's colour and the arc's: greyed while paused, as nothing is counting."""
        palette = self.palette()
        if self.paused:
            grey = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
            return grey, grey
        return (palette.color(QPalette.ColorRole.WindowText),
                palette.color(QPalette.ColorRole.Highlight))

    def _paint_face(self) -> QPixmap:
        """Everything but the arc: the track, the number and the caption."""
        ratio = self.devicePixelRatioF()
        face = QPixmap(self.size() * ratio)
        face.setDevicePixelRatio(ratio)
        face.fill(Qt.GlobalColor.transparent)
        pen_width, ring = self._ring()
        text_colour, _ = self._colours()
        painter = QPainter(face)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QColor(self.palette().color(QPalette.ColorRole.WindowText))
        track.setAlphaF(0.15)
        painter.setPen(QPen(track, pen_width))
        painter.drawEllipse(ring)
        painter.setPen(text_colour)
        painter.setFont(self.number_font())
        # Placed by the digits' cap height, not the font's line box, so they sit in the middle.
        painter.drawText(self.number_rect().bottomLeft(), self.number)
        painter.setFont(self.caption_font())
        painter.drawText(self.caption_rect(), Qt.AlignmentFlag.AlignCenter, self.caption)
        painter.end()
        return face

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange,
                            QEvent.Type.StyleChange):
            self._face = None
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._face = None
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._face is None or self._face.devicePixelRatio() != self.devicePixelRatioF():
            self._face = self._paint_face()
        pen_width, ring = self._ring()
        _, arc = self._colours()
        painter = QPainter(self)  # clipped to what needs painting
        painter.drawPixmap(0, 0, self._face)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(arc, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        # Qt counts angles in 1/16 degree, counter-clockwise from 3 o'clock.
        painter.drawArc(ring, 90 * 16, -round(self.fraction * 360 * 16))
        painter.end()
