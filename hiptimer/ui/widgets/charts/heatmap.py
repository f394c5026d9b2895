"""The calendar heatmap: a year of active minutes, one square a day."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QHelpEvent, QPainter, QPalette
from PySide6.QtWidgets import QToolTip, QWidget

from .base import GAP, MONTHS, WEEKDAYS, Chart, Label, blend, long_date, without_overlaps


class CalendarHeatmap(Chart):
    """Up to a year of active minutes, one square a day: columns are weeks, rows Monday to
    Sunday. As many weeks as fit with squares big enough to see (a narrow chart shows the
    most recent weeks, never smaller squares).

    Hovering over a day shows its date and minutes.
    """

    COLUMNS = 53  # the most: a year
    MIN_PITCH = 13.0  # from one square to the next: squares of at least 10 px
    STEPS = (10, 20, 40)  # minutes: under 10, under 20, under 40, 40 or more

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Exercise calendar", parent)
        self._minutes: dict[date, float] = {}
        self._last = date.min  # until set_days: an empty calendar
        self._streak = 0

    def set_days(self, minutes: Mapping[date, float], last: date, streak: int) -> None:
        """Show active ``minutes`` per day for the 53 weeks up to ``last``, and the streak."""
        self._minutes, self._last, self._streak = dict(minutes), last, streak
        self.setAccessibleDescription(self.empty_text if self.is_empty() else self.caption())
        self.update()

    def columns(self) -> int:
        """How many weeks are shown: as many as fit at ``MIN_PITCH``, at most a year."""
        room = self.width() - self._left() - 8
        return max(4, min(self.COLUMNS, int(room // self.MIN_PITCH)))

    def _left(self) -> float:
        fm = self.metrics()
        return max(fm.horizontalAdvance(d) for d in WEEKDAYS[::2]) + 8

    def minimumSizeHint(self) -> QSize:
        """Tall enough for seven rows of squares of the least size, with labels."""
        fm = self.metrics()
        above, below = fm.height() + 4, QFontMetricsF(self.font()).height() + 10
        return QSize(int(self._left() + 4 * self.MIN_PITCH + 8),
                     int(above + below + 8 + 7 * self.MIN_PITCH) + 1)

    def first_day(self) -> date:
        """The Monday of the first column."""
        return self._last - timedelta(days=self._last.weekday(), weeks=self.columns() - 1)

    def is_empty(self) -> bool:
        first = self.first_day()
        return not any(m > 0 and first <= d <= self._last for d, m in self._minutes.items())

    def caption(self) -> str:
        return f"Current streak: {self._streak} day{'' if self._streak == 1 else 's'}"

    def level(self, day: date) -> int:
        """0 for no exercise, then 1-4 as the day's minutes pass each of STEPS."""
        minutes = self._minutes.get(day, 0.0)
        return 0 if minutes <= 0 else 1 + sum(minutes >= step for step in self.STEPS)

    def grid(self) -> tuple[QPointF, float]:
        """The top-left corner of the first cell and the distance from one cell to the next.

        The grid, its labels and the caption are centred as a block, cells as big as fit.
        """
        fm = self.metrics()
        left, columns = self._left(), self.columns()
        above, below = fm.height() + 4, QFontMetricsF(self.font()).height() + 10
        pitch = max(2.0, min((self.width() - left - 8) / columns,
                             (self.height() - above - below - 8) / 7))
        x = (self.width() - left - pitch * columns) / 2 + left
        y = (self.height() - above - below - pitch * 7) / 2 + above
        return QPointF(x, y), pitch

    def cell_rect(self, day: date) -> QRectF | None:
        """The square of ``day``, or None when it is not on the calendar."""
        offset = (day - self.first_day()).days
        if offset < 0 or day > self._last:
            return None
        return self._cell(offset, *self.grid())

    @staticmethod
    def _cell(offset: int, origin: QPointF, pitch: float) -> QRectF:
        inset = max(0.5, pitch * 0.09)
        column, row = divmod(offset, 7)
        return QRectF(origin.x() + column * pitch + inset, origin.y() + row * pitch + inset,
                      pitch - 2 * inset, pitch - 2 * inset)

    def day_at(self, pos: QPointF) -> date | None:
        origin, pitch = self.grid()
        column = math.floor((pos.x() - origin.x()) / pitch)
        row = math.floor((pos.y() - origin.y()) / pitch)
        if not (0 <= column < self.columns() and 0 <= row < 7):
            return None
        day = self.first_day() + timedelta(days=column * 7 + row)
        return day if day <= self._last else None

    def tooltip(self, day: date) -> str:
        minutes = self._minutes.get(day, 0.0)
        amount = ("no exercise" if minutes <= 0 else "under 1 min" if minutes < 0.5
                  else f"{round(minutes)} min")
        return f"{long_date(day)}: {amount}"

    def month_labels(self) -> list[Label]:
        """Each month's short name over the first week whose Monday falls in it."""
        origin, pitch = self.grid()
        fm = self.metrics()
        labels = []
        for column in range(self.columns()):
            monday = self.first_day() + timedelta(weeks=column)
            if monday.day <= 7:
                text = MONTHS[monday.month - 1]
                w = fm.horizontalAdvance(text) + 2
                x = min(origin.x() + column * pitch, self.width() - w - 2)
                labels.append((QRectF(x, origin.y() - fm.height() - 4, w, fm.height()), text))
        return without_overlaps(labels)

    def day_labels(self) -> list[Label]:
        """Mon, Wed and Fri at the left of their rows, fewer when the rows are too close."""
        origin, pitch = self.grid()
        fm = self.metrics()
        labels: list[Label] = []
        for row in (0, 2, 4):
            top = origin.y() + (row + 0.5) * pitch - fm.height() / 2
            if not labels or top >= labels[-1][0].bottom():
                labels.append((QRectF(0, top, origin.x() - 6, fm.height()), WEEKDAYS[row]))
        return labels

    def colours(self) -> list[QColor]:
        """The five levels: the base colour tinted by the text, then stronger highlight; the
        lowest far enough from the empty square to tell apart on a dark background too."""
        base = self.colour(QPalette.ColorRole.Base)
        highlight = self.colour(QPalette.ColorRole.Highlight)
        empty = blend(base, self.colour(QPalette.ColorRole.WindowText), 0.12)
        return [empty, *(blend(base, highlight, t) for t in (0.6, 0.75, 0.88, 1.0))]

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            day = None if self.is_empty() else self.day_at(QPointF(event.pos()))
            rect = self.cell_rect(day) if day else None
            if day and rect:
                QToolTip.showText(event.globalPos(), self.tooltip(day), self, rect.toRect())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def draw(self, painter: QPainter) -> None:
        origin, pitch = self.grid()
        colours = self.colours()
        painter.setPen(Qt.PenStyle.NoPen)
        first, radius = self.first_day(), pitch * 0.18
        for offset in range((self._last - first).days + 1):
            painter.setBrush(colours[self.level(first + timedelta(days=offset))])
            painter.drawRoundedRect(self._cell(offset, origin, pitch), radius, radius)
        self.draw_labels(painter, self.month_labels(), Qt.AlignmentFlag.AlignLeft)
        self.draw_labels(painter, self.day_labels(), Qt.AlignmentFlag.AlignRight)
        caption = QFontMetricsF(self.font())
        below = QRectF(origin.x(), origin.y() + 7 * pitch + 6, pitch * self.columns(),
                       caption.height() + 4)
        painter.setFont(self.font())
        painter.setPen(self.colour(QPalette.ColorRole.WindowText))
        painter.drawText(below.adjusted(0, 0, self.width() - below.right(), 0),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         caption.elidedText(self.caption(), Qt.TextElideMode.ElideRight,
                                            self.width() - below.left()))
        self._draw_key(painter, below, colours)

    def _draw_key(self, painter: QPainter, below: QRectF, colours: list[QColor]) -> None:
        """"less ■■■■■ more" at the right under the grid, if it clears the caption."""
        fm = self.metrics()
        size = min(fm.height() * 0.8, 12.0)
        less, more = fm.horizontalAdvance("less"), fm.horizontalAdvance("more")
        width = less + more + 5 * (size + 3) + 8
        caption = QFontMetricsF(self.font()).horizontalAdvance(self.caption())
        if caption + GAP * 2 + width > below.width():
            return
        x, y = below.right() - width, below.center().y()
        painter.setFont(self.small_font())
        painter.setPen(self.colour(QPalette.ColorRole.WindowText, 0.75))
        painter.drawText(QPointF(x, y + fm.ascent() / 2 - 1), "less")
        x += less + 4
        painter.setPen(Qt.PenStyle.NoPen)
        for colour in colours:
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(x, y - size / 2, size, size), 2, 2)
            x += size + 3
        painter.setPen(self.colour(QPalette.ColorRole.WindowText, 0.75))
        painter.drawText(QPointF(x + 1, y + fm.ascent() / 2 - 1), "more")
