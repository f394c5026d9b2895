"""The pain chart: scores before and after each session, on the 0-10 scale."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from hiptimer.core.progress import PainPoint

from .base import (
    XY,
    Chart,
    Label,
    day_month,
    faded,
    month_year,
    polygon,
    summarise,
    without_overlaps,
)


class PainChart(Chart):
    """Pain scores before and after each session over a range of days, on the 0-10 scale.

    A faint band marks 0-5, the range the pain-monitoring model counts as acceptable.
    """

    empty_text = "No pain scores in this range yet"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pain before and after sessions", parent)
        self._points: list[PainPoint] = []
        self._first = self._last = date.min  # until set_points: nothing to draw
        self._positions: tuple[list[XY], list[XY]] = ([], [])
        # Built once per change of points, size or font, drawn many times: a polyline for
        # each series and, when there are more points than pixels, the outline of its range.
        self._lines = (QPolygonF(), QPolygonF())
        self._ranges = (QPolygonF(), QPolygonF())
        self._dense = False
        self._built_for: QRectF | None = None  # the plot area they were built for

    def set_points(self, points: Sequence[PainPoint], first: date, last: date) -> None:
        """Show ``points`` (oldest first) from ``first`` to ``last``; others are left out."""
        self._first, self._last = first, last
        self._points = [p for p in points if first <= p.at.date() <= last]
        count = len(self._points)
        self.setAccessibleDescription(
            f"{count} session{'' if count == 1 else 's'} with pain scores" if count
            else self.empty_text)
        self._built_for = None
        self.update()

    def is_empty(self) -> bool:
        return not self._points

    def legend_items(self) -> list[tuple[str, QColor]]:
        return [("before", self.colour(QPalette.ColorRole.Highlight)),
                ("after", self.second_colour())]

    def plot_rect(self) -> QRectF:
        fm = self.metrics()
        left = fm.horizontalAdvance("10") + 14
        top = self.legend_bottom() + fm.height() / 2 + 6
        return QRectF(left, top, max(1.0, self.width() - left - 10),
                      max(1.0, self.height() - top - fm.height() - 10))

    def span_days(self) -> int:
        return max(1, (self._last - self._first).days + 1)

    def x_of(self, plot: QRectF, at: datetime) -> float:
        """Where a moment falls, by the wall-clock time the user lived it."""
        return plot.left() + self.days_in(at) / self.span_days() * plot.width()

    def days_in(self, at: datetime) -> float:
        """How many days after the start of the first day ``at`` is."""
        return (at.toordinal() - self._first.toordinal()
                + (at.hour * 3600 + at.minute * 60 + at.second) / 86400)

    @staticmethod
    def y_of(plot: QRectF, pain: float) -> float:
        return plot.bottom() - pain / 10 * plot.height()

    def point_positions(self) -> tuple[list[QPointF], list[QPointF]]:
        """The before and the after points, in widget coordinates, oldest first."""
        self._build()
        before, after = self._positions
        return [QPointF(*p) for p in before], [QPointF(*p) for p in after]

    def x_labels(self) -> list[Label]:
        """Dates along the bottom: the first and last day, and a few between if there is room."""
        plot, fm = self.plot_rect(), self.metrics()
        span = self.span_days()
        fmt = month_year if span > 180 else day_month
        width = max(fm.horizontalAdvance(fmt(d)) for d in (self._first, self._last))
        count = max(2, min(6, int(plot.width() // (width * 2.2))))
        days = sorted({self._first + timedelta(days=round(k * (span - 1) / (count - 1)))
                       for k in range(count)})
        labels = []
        for i, day in enumerate(days):
            text = fmt(day)
            w = fm.horizontalAdvance(text) + 2
            noon = datetime(day.year, day.month, day.day, 12)
            x = (plot.left() if i == 0 else plot.right() - w if i == len(days) - 1
                 else self.x_of(plot, noon) - w / 2)
            labels.append((QRectF(x, plot.bottom() + 4, w, fm.height()), text))
        return without_overlaps(labels)

    def dense(self) -> bool:
        """Whether there are too many points to draw each one (more than one per 4 pixels)."""
        self._build()
        return self._dense

    def _build(self) -> None:
        plot = self.plot_rect()
        if plot == self._built_for:
            return
        self._built_for = plot
        left, bottom = plot.left(), plot.bottom()
        per_day, per_point = plot.width() / self.span_days(), plot.height() / 10
        before: list[XY] = []
        after: list[XY] = []
        for point in self._points:  # thousands of them: plain floats, no Qt calls
            x = left + self.days_in(point.at) * per_day
            if point.before is not None:
                before.append((x, bottom - point.before * per_point))
            if point.after is not None:
                after.append((x, bottom - point.after * per_point))
        self._positions = before, after
        self._dense = len(before) + len(after) > plot.width() / 4
        if self._dense:
            (line0, range0), (line1, range1) = summarise(before, 3), summarise(after, 3)
            self._lines, self._ranges = (line0, line1), (range0, range1)
        else:
            self._lines = polygon(before), polygon(after)
            self._ranges = QPolygonF(), QPolygonF()

    def draw(self, painter: QPainter) -> None:
        self._build()
        plot, fm = self.plot_rect(), self.metrics()
        text = self.colour(QPalette.ColorRole.WindowText)
        acceptable = QRectF(plot.left(), self.y_of(plot, 5), plot.width(), plot.height() / 2)
        painter.fillRect(acceptable, faded(text, 0.06))
        painter.setFont(self.small_font())
        for pain in (0, 5, 10):
            y = self.y_of(plot, pain)
            painter.setPen(QPen(faded(text, 0.35 if pain == 0 else 0.15), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(faded(text, 0.75))
            painter.drawText(QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(pain))
        painter.setPen(faded(text, 0.55))
        painter.drawText(acceptable.adjusted(0, 2, -4, 0), Qt.AlignmentFlag.AlignRight
                         | Qt.AlignmentFlag.AlignTop, "acceptable")
        self.draw_labels(painter, self.x_labels())
        self.draw_legend(painter, (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine))
        (_, before), (_, after) = self.legend_items()
        for i, (colour, style) in enumerate(((before, Qt.PenStyle.SolidLine),
                                             (after, Qt.PenStyle.DashLine))):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(faded(colour, 0.14))
            painter.drawPolygon(self._ranges[i])
            painter.setPen(QPen(colour, 1.5, style))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(self._lines[i])
            if not self._dense:  # filled before, hollow after
                painter.setPen(QPen(colour, 1.5))
                painter.setBrush(colour if i == 0 else self.colour(QPalette.ColorRole.Base))
                for x, y in self._positions[i]:
                    painter.drawEllipse(QPointF(x, y), 3, 3)
