"""The adherence chart: stretching, strengthening and activity days each week, against their
targets."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from hiptimer.core.progress import STRENGTH_TARGET_DAYS, STRETCH_TARGET_DAYS, Week

from .base import GAP, Chart, Label, day_month, faded, without_overlaps


class AdherenceChart(Chart):
    """Days of stretching and of strengthening in each week, against the physio's targets:
    stretching every day, strengthening 3-4 days a week; and, once an activity is asked for
    or logged, the days with one against the routines' target ("walk 5 days a week")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Exercise days per week", parent)
        self._weeks: list[Week] = []
        self._activity_target = 0

    def set_weeks(self, weeks: Sequence[Week], activity_target: int = 0) -> None:
        """Show ``weeks``, oldest first, with the days a week the routines ask an activity
        for (0: none); if no week has any work, the empty message instead."""
        self._weeks = list(weeks)
        self._activity_target = activity_target
        activity = self.shows_activities()
        self.setAccessibleDescription(self.empty_text if self.is_empty() else "; ".join(
            f"week of {day_month(w.start)}: {w.stretch_days} stretch, "
            f"{w.strength_days} strength"
            + (f", {w.activity_days} activity" if activity else "") + " days"
            for w in self._weeks[-4:]))
        self.update()

    def is_empty(self) -> bool:
        return not any(w.stretch_days or w.strength_days or w.activity_days
                       for w in self._weeks)

    def shows_activities(self) -> bool:
        """Whether the third series is drawn: an activity is asked for, or one was done."""
        return self._activity_target > 0 or any(w.activity_days for w in self._weeks)

    def activity_colour(self) -> QColor:
        """A third colour, a third of the way round the hue circle from the highlight."""
        highlight = self.colour(QPalette.ColorRole.Highlight)
        hue = max(highlight.hsvHueF(), 0.0)
        return QColor.fromHsvF((hue + 0.33) % 1.0, 0.6, max(0.7, highlight.valueF()))

    def legend_items(self) -> list[tuple[str, QColor]]:
        low, high = STRENGTH_TARGET_DAYS
        items = [(f"stretch days (target {STRETCH_TARGET_DAYS})",
                  self.colour(QPalette.ColorRole.Highlight)),
                 (f"strength days (target {low}–{high})", self.second_colour())]
        if self.shows_activities():
            target = f" (target {self._activity_target})" if self._activity_target else ""
            items.append((f"activity days{target}", self.activity_colour()))
        return items

    def plot_rect(self) -> QRectF:
        fm = self.metrics()
        left = fm.horizontalAdvance("7") + 14
        top = self.legend_bottom() + fm.height() / 2 + 6
        return QRectF(left, top, max(1.0, self.width() - left - 8),
                      max(1.0, self.height() - top - fm.height() - 10))

    def y_of(self, plot: QRectF, days: float) -> float:
        return plot.bottom() - days / STRETCH_TARGET_DAYS * plot.height()

    def bar_rects(self) -> list[tuple[QRectF, ...]]:
        """The stretch, the strength and (when shown) the activity bar of each week, oldest
        first, side by side."""
        plot = self.plot_rect()
        group = plot.width() / max(1, len(self._weeks))
        count = 3 if self.shows_activities() else 2
        width, gap = min(group * 0.76 / count, 28.0), min(group * 0.06, 4.0)

        def bar(left: float, days: int) -> QRectF:
            top = self.y_of(plot, days)
            return QRectF(left, top, width, plot.bottom() - top)

        rects = []
        for i, week in enumerate(self._weeks):
            left = plot.left() + (i + 0.5) * group - (count * width + (count - 1) * gap) / 2
            days = (week.stretch_days, week.strength_days, week.activity_days)[:count]
            rects.append(tuple(bar(left + n * (width + gap), d) for n, d in enumerate(days)))
        return rects

    def x_labels(self) -> list[Label]:
        """Each week's Monday as "d MMM" under its bars, thinned out so none overlap."""
        if not self._weeks:
            return []
        plot, fm = self.plot_rect(), self.metrics()
        group = plot.width() / len(self._weeks)
        widest = max(fm.horizontalAdvance(day_month(w.start)) for w in self._weeks)
        step = max(1, math.ceil((widest + GAP * 2) / group))
        labels = []
        for i in range(len(self._weeks) - 1, -1, -step):
            text = day_month(self._weeks[i].start)
            w = fm.horizontalAdvance(text) + 2
            x = min(max(2.0, plot.left() + (i + 0.5) * group - w / 2), self.width() - w - 2)
            labels.append((QRectF(x, plot.bottom() + 4, w, fm.height()), text))
        return without_overlaps(labels)

    def draw(self, painter: QPainter) -> None:
        plot, fm = self.plot_rect(), self.metrics()
        text = self.colour(QPalette.ColorRole.WindowText)
        stretch, strength = (colour for _, colour in self.legend_items()[:2])
        low, high = STRENGTH_TARGET_DAYS
        band = QRectF(plot.left(), self.y_of(plot, high), plot.width(),
                      self.y_of(plot, low) - self.y_of(plot, high))
        painter.fillRect(band, faded(strength, 0.22))
        painter.setPen(QPen(faded(strength, 0.8), 1))
        painter.drawLine(band.topLeft(), band.topRight())
        painter.drawLine(band.bottomLeft(), band.bottomRight())
        painter.setFont(self.small_font())
        for days in range(STRETCH_TARGET_DAYS + 1):
            y = self.y_of(plot, days)
            painter.setPen(QPen(faded(text, 0.35 if days == 0 else 0.08), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        for days in (0, low, STRETCH_TARGET_DAYS):
            y = self.y_of(plot, days)
            painter.setPen(faded(text, 0.75))
            painter.drawText(QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(days))
        colours = [colour for _, colour in self.legend_items()]
        painter.setPen(Qt.PenStyle.NoPen)
        for bars in self.bar_rects():
            for bar, colour in zip(bars, colours, strict=False):
                painter.fillRect(bar, colour)
        top = self.y_of(plot, STRETCH_TARGET_DAYS)
        painter.setPen(QPen(stretch, 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.left(), top), QPointF(plot.right(), top))
        if self._activity_target:
            target = self.y_of(plot, self._activity_target)
            painter.setPen(QPen(self.activity_colour(), 2, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(plot.left(), target), QPointF(plot.right(), target))
        self.draw_labels(painter, self.x_labels())
        self.draw_legend(painter)
