"""The History charts put their marks where the data says, and draw in light and dark themes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from itertools import pairwise

import pytest
from PySide6.QtCore import QEvent, QPointF, QRectF
from PySide6.QtGui import QColor, QHelpEvent, QImage, QPalette
from PySide6.QtWidgets import QApplication, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from hiptimer.core.progress import PainPoint, Week
from hiptimer.ui.widgets.charts import (
    AdherenceChart,
    CalendarHeatmap,
    Chart,
    PainChart,
    without_overlaps,
)
from hiptimer.ui.widgets.charts.base import MONTHS

TZ = timezone(timedelta(hours=1))
FIRST, LAST = date(2026, 11, 1), date(2026, 11, 30)  # LAST is a Monday


def at(day: date, hour: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"),
                         (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Base, "#1e1e1e"),
                         (QPalette.ColorRole.Text, "#e6e6e6"),
                         (QPalette.ColorRole.Highlight, "#3daee9")):
        palette.setColor(role, QColor(colour))
    return palette


def shown(qtbot: QtBot, widget: Chart, width: int = 600, height: int = 240) -> None:
    qtbot.addWidget(widget)
    widget.resize(width, height)


def pixel(image: QImage, point: QPointF) -> QColor:
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio))


def close(a: QColor, b: QColor, tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in
               zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def near(image: QImage, point: QPointF, colour: QColor, tolerance: int) -> bool:
    """Whether a pixel within one of ``point`` is ``colour``: thin lines blend at their edge."""
    return any(close(pixel(image, point + QPointF(dx, dy)), colour, tolerance)
               for dx in (-1, 0, 1) for dy in (-1, 0, 1))


def test_labels_that_would_touch_are_dropped_keeping_the_rightmost() -> None:
    labels = [(QRectF(x, 0, 30, 10), str(x)) for x in (0, 20, 40, 80, 100)]
    assert [text for _, text in without_overlaps(labels)] == ["0", "40", "100"]
    assert without_overlaps([]) == []


# The pain chart


def pain_chart(qtbot: QtBot, points: list[PainPoint], width: int = 600) -> PainChart:
    chart = PainChart()
    shown(qtbot, chart, width)
    chart.set_points(points, FIRST, LAST)
    return chart


def test_pain_10_is_at_the_top_of_the_plot_and_0_at_the_bottom(qtbot: QtBot) -> None:
    chart = pain_chart(qtbot, [PainPoint(at(FIRST, 8), 10, 0), PainPoint(at(LAST, 8), 5, None)])
    plot = chart.plot_rect()
    before, after = chart.point_positions()
    assert [p.y() for p in before] == pytest.approx([plot.top(), plot.center().y()])
    assert [p.y() for p in after] == pytest.approx([plot.bottom()])


def test_time_runs_left_to_right_over_whole_days(qtbot: QtBot) -> None:
    points = [PainPoint(at(FIRST), 1, 1), PainPoint(at(date(2026, 11, 16)), 2, None),
              PainPoint(at(LAST, 12), None, 3)]
    chart = pain_chart(qtbot, points)
    plot = chart.plot_rect()
    before, after = chart.point_positions()
    assert [p.x() for p in before] == pytest.approx([plot.left(), plot.center().x()])
    # Noon on the last of 30 days: 29.5 days in.
    assert after[-1].x() == pytest.approx(plot.left() + plot.width() * 29.5 / 30)
    assert before[0].x() == after[0].x()  # one session, one moment


def test_points_outside_the_range_are_left_out(qtbot: QtBot) -> None:
    points = [PainPoint(at(FIRST - timedelta(days=1)), 4, 4), PainPoint(at(FIRST, 9), 3, None),
              PainPoint(at(LAST + timedelta(days=1)), 4, 4)]
    chart = pain_chart(qtbot, points)
    assert [len(series) for series in chart.point_positions()] == [1, 0]
    assert chart.accessibleDescription() == "1 session with pain scores"


def test_positions_follow_the_size(qtbot: QtBot) -> None:
    chart = pain_chart(qtbot, [PainPoint(at(FIRST), 0, None)])
    (wide,), _ = chart.point_positions()
    chart.resize(300, 150)
    (point,), _ = chart.point_positions()
    assert point.y() == pytest.approx(chart.plot_rect().bottom())
    assert point.y() < wide.y() and chart.plot_rect().bottom() < 150


def test_many_points_are_summarised_not_dotted(qtbot: QtBot) -> None:
    first = LAST - timedelta(days=3649)
    points = [PainPoint(at(first + timedelta(days=n), 8), n % 11, (n + 3) % 11)
              for n in range(3650)]
    chart = PainChart()
    shown(qtbot, chart)
    chart.set_points(points, first, LAST)
    before, after = chart.point_positions()
    assert len(before) == len(after) == 3650
    assert chart.dense()
    assert not chart.grab().isNull()


def test_date_labels_do_not_overlap_and_stay_inside(qtbot: QtBot) -> None:
    chart = pain_chart(qtbot, [PainPoint(at(FIRST), 1, 1)], width=360)
    labels = chart.x_labels()
    assert [text for _, text in labels][::len(labels) - 1] == ["1 Nov", "30 Nov"]
    rects = [rect for rect, _ in labels]
    assert all(a.right() < b.left() for a, b in pairwise(rects))
    assert rects[0].left() >= 0 and rects[-1].right() <= chart.width()


# The adherence chart


WEEKS = [Week(date(2026, 11, 2), 7, 0), Week(date(2026, 11, 9), 6, 3),
         Week(date(2026, 11, 16), 3, 4), Week(date(2026, 11, 23), 0, 7)]


def adherence_chart(qtbot: QtBot, weeks: list[Week], width: int = 600) -> AdherenceChart:
    chart = AdherenceChart()
    shown(qtbot, chart, width)
    chart.set_weeks(weeks)
    return chart


def test_bar_heights_are_proportional_to_days(qtbot: QtBot) -> None:
    chart = adherence_chart(qtbot, WEEKS)
    plot = chart.plot_rect()
    bars = chart.bar_rects()
    stretch = [s.height() for s, _ in bars]
    strength = [s.height() for _, s in bars]
    assert stretch[0] == pytest.approx(plot.height())  # 7 days fills the plot
    assert stretch[1] == pytest.approx(2 * stretch[2])  # 6 days, twice 3 days
    assert stretch[3] == 0
    assert strength[3] == pytest.approx(plot.height())
    assert strength[2] == pytest.approx(plot.height() * 4 / 7)
    assert all(r.bottom() == pytest.approx(plot.bottom()) for pair in bars for r in pair)


def test_bars_go_week_by_week_with_strength_beside_stretch(qtbot: QtBot) -> None:
    chart = adherence_chart(qtbot, WEEKS)
    bars = chart.bar_rects()
    assert len(bars) == 4
    for stretch, strength in bars:
        assert stretch.right() <= strength.left()
        assert stretch.width() == pytest.approx(strength.width()) and stretch.width() > 4
    assert all(a[1].right() < b[0].left() for a, b in pairwise(bars))
    assert bars[-1][1].right() <= chart.width()


def test_week_labels_thin_out_but_keep_the_latest(qtbot: QtBot) -> None:
    weeks = [Week(date(2025, 12, 1) + timedelta(weeks=n), 5, 3) for n in range(52)]
    chart = adherence_chart(qtbot, weeks, width=360)
    labels = chart.x_labels()
    assert 2 <= len(labels) < 52
    assert labels[-1][1] == "23 Nov"
    rects = [rect for rect, _ in labels]
    assert all(a.right() < b.left() for a, b in pairwise(rects))
    assert rects[-1].right() <= chart.width()


@pytest.mark.parametrize("weeks", [[], [Week(date(2026, 11, 2), 0, 0)]])
def test_no_work_at_all_shows_the_empty_message(qtbot: QtBot, weeks: list[Week]) -> None:
    chart = adherence_chart(qtbot, weeks)
    assert chart.is_empty()
    assert chart.accessibleDescription() == "No sessions in this range yet"


def test_the_legend_wraps_rather_than_running_off_the_edge(qtbot: QtBot) -> None:
    chart = adherence_chart(qtbot, WEEKS, width=200)
    first, second = chart.legend_rects()
    assert second.top() > first.top()
    assert chart.plot_rect().top() > second.bottom()


def test_activity_days_are_a_third_bar_against_the_routines_target(qtbot: QtBot) -> None:
    weeks = [Week(date(2026, 11, 2), 7, 3, 5), Week(date(2026, 11, 9), 6, 4, 2)]
    chart = AdherenceChart()
    shown(qtbot, chart, 600)
    chart.set_weeks(weeks, activity_target=5)
    plot = chart.plot_rect()
    bars = chart.bar_rects()
    assert all(len(week) == 3 for week in bars)
    assert bars[0][2].height() == pytest.approx(plot.height() * 5 / 7)
    assert all(a.right() <= b.left() for week in bars for a, b in pairwise(week))
    assert [text for text, _ in chart.legend_items()][-1] == "activity days (target 5)"
    assert "3 strength, 5 activity days" in chart.accessibleDescription()
    colours = {colour.name() for _, colour in chart.legend_items()}
    assert len(colours) == 3


def test_no_activity_asked_or_done_keeps_two_bars(qtbot: QtBot) -> None:
    chart = adherence_chart(qtbot, WEEKS)
    assert all(len(week) == 2 for week in chart.bar_rects())
    assert len(chart.legend_items()) == 2


# The calendar heat map


def heatmap(qtbot: QtBot, minutes: dict[date, float], last: date = LAST,
            width: int = 600) -> CalendarHeatmap:
    chart = CalendarHeatmap()
    shown(qtbot, chart, width)
    chart.set_days(minutes, last, 3)
    return chart


def test_the_last_day_is_in_the_last_column_on_its_weekday_row(qtbot: QtBot) -> None:
    saturday = date(2026, 11, 21)
    chart = heatmap(qtbot, {saturday: 12}, last=saturday, width=800)
    assert chart.columns() == 53  # wide enough for a year
    origin, pitch = chart.grid()
    cell = chart.cell_rect(saturday)
    assert cell is not None
    assert int((cell.center().x() - origin.x()) // pitch) == 52
    assert int((cell.center().y() - origin.y()) // pitch) == 5  # Mon 0 .. Sat 5
    monday = chart.cell_rect(date(2026, 11, 16))
    assert monday is not None and monday.left() == cell.left() and monday.top() < cell.top()
    assert chart.first_day() == date(2025, 11, 17)  # a Monday, 52 weeks before the 16th
    first = chart.cell_rect(chart.first_day())
    assert first is not None
    assert (first.left(), first.top()) == pytest.approx((origin.x(), origin.y()), abs=pitch / 4)
    assert chart.cell_rect(date(2025, 11, 16)) is None  # before the grid
    assert chart.cell_rect(date(2026, 11, 22)) is None  # after the last day
    assert chart.day_at(cell.center()) == saturday


@pytest.mark.parametrize("width", [260, 360, 480, 720, 1000])
def test_squares_stay_big_enough_to_see_and_every_month_is_named(qtbot: QtBot,
                                                                 width: int) -> None:
    chart = heatmap(qtbot, {LAST: 12}, width=width)
    chart.resize(width, chart.minimumSizeHint().height())
    last = chart.cell_rect(LAST)
    assert last is not None and QRectF(chart.rect()).contains(last)
    assert last.width() >= 10 and last.width() == pytest.approx(last.height())
    shown_weeks = chart.columns()
    assert 4 <= shown_weeks <= 53 and (width < 720 or shown_weeks >= 52)
    assert chart.first_day() == LAST - timedelta(days=LAST.weekday(), weeks=shown_weeks - 1)
    mondays = [chart.first_day() + timedelta(weeks=k) for k in range(shown_weeks)]
    months = [MONTHS[d.month - 1] for d in mondays if d.day <= 7]
    assert [text for _, text in chart.month_labels()] == months  # none dropped


def test_the_least_shade_stands_out_from_an_empty_day_in_dark(qtbot: QtBot) -> None:
    chart = heatmap(qtbot, {LAST: 5})
    palette = chart.palette()
    for role, colour in ((QPalette.ColorRole.Base, "#1f2023"),
                         (QPalette.ColorRole.WindowText, "#e8e8e8"),
                         (QPalette.ColorRole.Highlight, "#3d7fd9")):
        palette.setColor(role, QColor(colour))
    chart.setPalette(palette)
    empty, least = chart.colours()[:2]
    assert contrast(least, empty) >= 1.5  # was 1.06: invisible on a dark screen


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours."""
    def luminance(c: QColor) -> float:
        def linear(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * linear(c.redF()) + 0.7152 * linear(c.greenF()) + 0.0722 * linear(
            c.blueF())
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("minutes", "level"), [
    (0, 0), (0.5, 1), (9.9, 1), (10, 2), (19.9, 2), (20, 3), (39.9, 3), (40, 4), (120, 4)])
def test_levels(qtbot: QtBot, minutes: float, level: int) -> None:
    chart = heatmap(qtbot, {LAST: minutes})
    assert chart.level(LAST) == level
    assert chart.level(LAST - timedelta(days=1)) == 0


def test_tooltips_say_the_date_and_the_minutes(qtbot: QtBot) -> None:
    saturday = date(2026, 11, 21)
    chart = heatmap(qtbot, {saturday: 12.4, saturday - timedelta(days=1): 0.2})
    assert chart.tooltip(saturday) == "Sat 21 Nov 2026: 12 min"
    assert chart.tooltip(saturday - timedelta(days=1)) == "Fri 20 Nov 2026: under 1 min"
    assert chart.tooltip(saturday + timedelta(days=1)) == "Sun 22 Nov 2026: no exercise"
    cell = chart.cell_rect(saturday)
    assert cell is not None
    event = QHelpEvent(QEvent.Type.ToolTip, cell.center().toPoint(),
                       chart.mapToGlobal(cell.center().toPoint()))
    QApplication.sendEvent(chart, event)
    assert QToolTip.text() == "Sat 21 Nov 2026: 12 min"
    QToolTip.hideText()


@pytest.mark.parametrize(("streak", "caption"), [
    (0, "Current streak: 0 days"), (1, "Current streak: 1 day"), (12, "Current streak: 12 days")])
def test_the_caption_counts_the_streak(qtbot: QtBot, streak: int, caption: str) -> None:
    chart = CalendarHeatmap()
    qtbot.addWidget(chart)
    chart.set_days({LAST: 5}, LAST, streak)
    assert chart.caption() == caption
    assert chart.accessibleDescription() == caption


def test_a_year_without_exercise_is_empty(qtbot: QtBot) -> None:
    chart = heatmap(qtbot, {LAST - timedelta(days=400): 30, LAST: 0})
    assert chart.is_empty()
    assert chart.accessibleDescription() == "No sessions in this range yet"


def test_month_and_day_labels_do_not_overlap(qtbot: QtBot) -> None:
    for width, height in ((600, 240), (200, 120)):
        chart = heatmap(qtbot, {LAST: 5}, width=width)
        chart.resize(width, height)
        for labels in (chart.month_labels(), chart.day_labels()):
            rects = [rect for rect, _ in labels]
            assert rects, width
            assert all(not a.intersects(b) for a, b in pairwise(rects))
            assert all(QRectF(chart.rect()).contains(r) for r in rects)
        assert chart.month_labels()[-1][1] == "Nov"


# Every chart renders, at two sizes, in light and dark


def fill_pain(chart: PainChart, empty: bool) -> None:
    chart.set_points([] if empty else [PainPoint(at(FIRST + timedelta(days=n), 8), n % 8, n % 5)
                                       for n in range(30)], FIRST, LAST)


def fill_adherence(chart: AdherenceChart, empty: bool) -> None:
    chart.set_weeks([] if empty else WEEKS)


def fill_heatmap(chart: CalendarHeatmap, empty: bool) -> None:
    chart.set_days({} if empty else {LAST - timedelta(days=n): n % 50 for n in range(365)},
                   LAST, 49)


CHARTS: list[tuple[type[Chart], Callable[..., None]]] = [
    (PainChart, fill_pain), (AdherenceChart, fill_adherence), (CalendarHeatmap, fill_heatmap)]


@pytest.mark.parametrize(("kind", "fill"), CHARTS)
@pytest.mark.parametrize("dark", [False, True])
def test_every_chart_renders(qtbot: QtBot, kind: type[Chart], fill: Callable[..., None],
                             dark: bool) -> None:
    chart = kind()
    qtbot.addWidget(chart)
    if dark:
        chart.setPalette(dark_palette())
    background = chart.palette().color(QPalette.ColorRole.Window)
    for size in ((600, 240), (200, 120)):
        chart.resize(*size)
        for empty in (True, False):
            fill(chart, empty)
            assert chart.is_empty() is empty
            image = chart.grab().toImage()
            assert (image.width(), image.height()) == size
            drawn = sum(not close(image.pixelColor(x, y), background, 4)
                        for x in range(0, size[0], 4) for y in range(0, size[1], 4))
            assert drawn > (5 if empty else 60)  # the message, or the chart


@pytest.mark.parametrize("dark", [False, True])
def test_bars_and_cells_are_painted_in_the_highlight_colour(qtbot: QtBot, dark: bool) -> None:
    palette = dark_palette() if dark else QWidget().palette()
    background = palette.color(QPalette.ColorRole.Window)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    bars = adherence_chart(qtbot, WEEKS)
    bars.setPalette(palette)
    image = bars.grab().toImage()
    stretch, _ = bars.bar_rects()[1]
    assert close(pixel(image, stretch.center()), highlight)
    assert not close(pixel(image, stretch.center()), background)
    empty_bar = bars.bar_rects()[3][0]  # 0 days: nothing drawn above the axis
    assert not close(pixel(image, QPointF(empty_bar.center().x(), empty_bar.top() - 20)),
                     highlight)

    calendar = heatmap(qtbot, {LAST: 45, LAST - timedelta(days=1): 0})
    calendar.setPalette(palette)
    image = calendar.grab().toImage()
    busy, idle = calendar.cell_rect(LAST), calendar.cell_rect(LAST - timedelta(days=1))
    assert busy is not None and idle is not None
    assert close(pixel(image, busy.center()), highlight)
    assert not close(pixel(image, idle.center()), highlight)
    assert not close(pixel(image, idle.center()), background, tolerance=4)  # visible, if faint


def test_the_pain_line_is_drawn(qtbot: QtBot) -> None:
    chart = pain_chart(qtbot, [PainPoint(at(FIRST + timedelta(days=n), 8), 7, None)
                               for n in range(20)])
    image = chart.grab().toImage()
    before, _ = chart.point_positions()
    middle = QPointF((before[4].x() + before[5].x()) / 2, before[4].y())
    assert near(image, middle, chart.palette().color(QPalette.ColorRole.Highlight), 30)
    assert close(pixel(image, before[0] + QPointF(0, 30)),
                 chart.palette().color(QPalette.ColorRole.Window), 20)


def test_charts_have_accessible_names_and_size_hints(qtbot: QtBot) -> None:
    names = []
    for kind, _ in CHARTS:
        chart = kind()
        qtbot.addWidget(chart)
        names.append(chart.accessibleName())
        assert (chart.sizeHint().width(), chart.sizeHint().height()) == (360, 180)
        assert (chart.minimumWidth(), chart.minimumHeight()) == (200, 120)
    assert names == ["Pain before and after sessions", "Exercise days per week",
                     "Exercise calendar"]
