"""What the History charts share: the Chart base widget, date labels, colours, polygons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EMPTY = "No sessions in this range yet"
GAP = 6.0  # the least space between two labels
Label = tuple[QRectF, str]
XY = tuple[float, float]


def day_month(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def month_year(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def long_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """The colour ``t`` of the way from ``a`` to ``b``."""
    return QColor.fromRgbF(*(x + (y - x) * t for x, y in zip(
        (a.redF(), a.greenF(), a.blueF()), (b.redF(), b.greenF(), b.blueF()), strict=True)))


def faded(colour: QColor, alpha: float) -> QColor:
    faint = QColor(colour)
    faint.setAlphaF(alpha)
    return faint


def polygon(points: Sequence[XY]) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in points])


def summarise(points: list[XY], step: float) -> tuple[QPolygonF, QPolygonF]:
    """For more points than pixels: a line through the mean of each ``step``-wide column of
    points (ordered left to right), and the outline from each column's lowest to its highest.
    """
    line: list[XY] = []
    high: list[XY] = []
    low: list[XY] = []
    for column, group in groupby(points, key=lambda p: int(p[0] // step)):
        ys = [y for _, y in group]
        x = (column + 0.5) * step
        line.append((x, sum(ys) / len(ys)))
        high.append((x, min(ys)))
        low.append((x, max(ys)))
    return polygon(line), polygon(high + low[::-1])


def without_overlaps(labels: list[Label]) -> list[Label]:
    """The labels, left to right, dropping any that would touch one to its right.

    The rightmost (the most recent) always stays.
    """
    kept: list[Label] = []
    for label in sorted(labels, key=lambda lb: lb[0].left(), reverse=True):
        if not kept or label[0].right() + GAP <= kept[-1][0].left():
            kept.append(label)
    return kept[::-1]


class Chart(QWidget):
    """What the three charts share: size, fonts, colours, legend and the empty message."""

    empty_text = EMPTY

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 120)
        self.setAccessibleName(name)
        self.setAccessibleDescription(self.empty_text)

    def sizeHint(self) -> QSize:
        return QSize(360, 180)

    def is_empty(self) -> bool:
        raise NotImplementedError

    def draw(self, painter: QPainter) -> None:
        raise NotImplementedError

    def small_font(self) -> QFont:
        """The widget's font a little smaller, for axis labels and legends."""
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        else:
            font.setPixelSize(max(9, round(font.pixelSize() * 0.85)))
        return font

    def metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.small_font())

    def colour(self, role: QPalette.ColorRole, alpha: float = 1.0) -> QColor:
        return faded(self.palette().color(role), alpha)

    def second_colour(self) -> QColor:
        """A colour that stands apart from the highlight: its opposite hue, or the text colour
        when the highlight is a grey."""
        highlight = self.colour(QPalette.ColorRole.Highlight)
        hue = highlight.hsvHueF()
        if hue < 0 or highlight.hsvSaturationF() < 0.15:
            return self.colour(QPalette.ColorRole.WindowText)
        return QColor.fromHsvF((hue + 0.5) % 1.0, max(0.55, highlight.hsvSaturationF()),
                               max(0.75, highlight.valueF()))

    def legend_items(self) -> list[tuple[str, QColor]]:
        return []

    def legend_rects(self) -> list[QRectF]:
        """Where each legend entry goes, left-aligned above the plot, wrapping when narrow."""
        fm = self.metrics()
        x, y = 8.0, 4.0
        rects: list[QRectF] = []
        for text, _ in self.legend_items():
            width = 22 + fm.horizontalAdvance(text)
            if rects and x + width > self.width() - 8:
                x, y = 8.0, y + fm.height() + 2
            rects.append(QRectF(x, y, width, fm.height()))
            x += width + 16
        return rects

    def legend_bottom(self) -> float:
        rects = self.legend_rects()
        return rects[-1].bottom() if rects else 0.0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.is_empty():
            painter.setPen(self.colour(QPalette.ColorRole.WindowText, 0.7))
            painter.drawText(QRectF(self.rect()).adjusted(8, 8, -8, -8),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.empty_text)
        else:
            self.draw(painter)
        painter.end()

    def draw_legend(self, painter: QPainter, lines: Sequence[Qt.PenStyle] = ()) -> None:
        """Each legend entry: a sample of the line in its style if ``lines`` are given (one per
        entry), a square swatch if not."""
        painter.setFont(self.small_font())
        items = self.legend_items()
        for i, (rect, (text, colour)) in enumerate(zip(self.legend_rects(), items, strict=True)):
            mid = rect.center().y()
            if lines:
                painter.setPen(QPen(colour, 2, lines[i]))
                painter.drawLine(QPointF(rect.left(), mid), QPointF(rect.left() + 16, mid))
            else:
                painter.fillRect(QRectF(rect.left() + 3, mid - 5, 10, 10), colour)
            painter.setPen(self.colour(QPalette.ColorRole.WindowText))
            painter.drawText(rect.adjusted(22, 0, 0, 0), Qt.AlignmentFlag.AlignLeft
                             | Qt.AlignmentFlag.AlignVCenter, text)

    def draw_labels(self, painter: QPainter, labels: list[Label],
                    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> None:
        painter.setFont(self.small_font())
        painter.setPen(self.colour(QPalette.ColorRole.WindowText, 0.75))
        for rect, text in labels:
            painter.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, text)
