"""The History tab's charts, drawn with QPainter: pain scores, days per week, a calendar."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from itertools import groupby

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from hiptimer.core.progress import STRENGTH_TARGET_DAYS, STRETCH_TARGET_DAYS, PainPoint, Week

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


class PainChart(Chart):
    """Pain scores before and after each session over a range of days, on the 0-10 scale.

    A faint band marks 0-5, the range the pain-monitoring model counts as acceptable.
    """

    empty_text = "No pain scores in this range yet"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pain before and after sessions", parent)
        self._points: list[PainPoint] = []
        self._first = self._last = date.today()
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


class AdherenceChart(Chart):
    """Days of stretching and of strengthening in each week, against the physio's targets:
    stretching every day, strengthening 3-4 days a week."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Exercise days per week", parent)
        self._weeks: list[Week] = []

    def set_weeks(self, weeks: Sequence[Week]) -> None:
        """Show ``weeks``, oldest first; if none has any work, the empty message instead."""
        self._weeks = list(weeks)
        self.setAccessibleDescription(self.empty_text if self.is_empty() else "; ".join(
            f"week of {day_month(w.start)}: {w.stretch_days} stretch, "
            f"{w.strength_days} strength days" for w in self._weeks[-4:]))
        self.update()

    def is_empty(self) -> bool:
        return not any(w.stretch_days or w.strength_days for w in self._weeks)

    def legend_items(self) -> list[tuple[str, QColor]]:
        low, high = STRENGTH_TARGET_DAYS
        return [(f"stretch days (target {STRETCH_TARGET_DAYS})",
                 self.colour(QPalette.ColorRole.Highlight)),
                (f"strength days (target {low}–{high})", self.second_colour())]

    def plot_rect(self) -> QRectF:
        fm = self.metrics()
        left = fm.horizontalAdvance("7") + 14
        top = self.legend_bottom() + fm.height() / 2 + 6
        return QRectF(left, top, max(1.0, self.width() - left - 8),
                      max(1.0, self.height() - top - fm.height() - 10))

    def y_of(self, plot: QRectF, days: float) -> float:
        return plot.bottom() - days / STRETCH_TARGET_DAYS * plot.height()

    def bar_rects(self) -> list[tuple[QRectF, QRectF]]:
        """The stretch and the strength bar of each week, oldest first, side by side."""
        plot = self.plot_rect()
        group = plot.width() / max(1, len(self._weeks))
        width, gap = min(group * 0.38, 28.0), min(group * 0.06, 4.0)

        def bar(left: float, days: int) -> QRectF:
            top = self.y_of(plot, days)
            return QRectF(left, top, width, plot.bottom() - top)

        rects = []
        for i, week in enumerate(self._weeks):
            centre = plot.left() + (i + 0.5) * group
            rects.append((bar(centre - gap / 2 - width, week.stretch_days),
                          bar(centre + gap / 2, week.strength_days)))
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
        stretch, strength = (colour for _, colour in self.legend_items())
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
        painter.setPen(Qt.PenStyle.NoPen)
        for stretch_bar, strength_bar in self.bar_rects():
            painter.fillRect(stretch_bar, stretch)
            painter.fillRect(strength_bar, strength)
        top = self.y_of(plot, STRETCH_TARGET_DAYS)
        painter.setPen(QPen(stretch, 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.left(), top), QPointF(plot.right(), top))
        self.draw_labels(painter, self.x_labels())
        self.draw_legend(painter)


class CalendarHeatmap(Chart):
    """A year of active minutes, one square a day: columns are weeks, rows Monday to Sunday.

    Hovering over a day shows its date and minutes.
    """

    COLUMNS = 53
    STEPS = (10, 20, 40)  # minutes: under 10, under 20, under 40, 40 or more

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Exercise calendar", parent)
        self._minutes: dict[date, float] = {}
        self._last = date.today()
        self._streak = 0

    def set_days(self, minutes: Mapping[date, float], last: date, streak: int) -> None:
        """Show active ``minutes`` per day for the 53 weeks up to ``last``, and the streak."""
        self._minutes, self._last, self._streak = dict(minutes), last, streak
        self.setAccessibleDescription(self.empty_text if self.is_empty() else self.caption())
        self.update()

    def first_day(self) -> date:
        """The Monday of the first column."""
        return self._last - timedelta(days=self._last.weekday(), weeks=self.COLUMNS - 1)

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
        left = max(fm.horizontalAdvance(d) for d in WEEKDAYS[::2]) + 8
        above, below = fm.height() + 4, QFontMetricsF(self.font()).height() + 10
        pitch = max(2.0, min((self.width() - left - 8) / self.COLUMNS,
                             (self.height() - above - below - 8) / 7))
        x = (self.width() - left - pitch * self.COLUMNS) / 2 + left
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
        if not (0 <= column < self.COLUMNS and 0 <= row < 7):
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
        for column in range(self.COLUMNS):
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
        """The five levels: the base colour tinted by the text, then stronger highlight."""
        base = self.colour(QPalette.ColorRole.Base)
        highlight = self.colour(QPalette.ColorRole.Highlight)
        empty = blend(base, self.colour(QPalette.ColorRole.WindowText), 0.12)
        return [empty, *(blend(base, highlight, t) for t in (0.3, 0.55, 0.8, 1.0))]

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
        below = QRectF(origin.x(), origin.y() + 7 * pitch + 6, pitch * self.COLUMNS,
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
