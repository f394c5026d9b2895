"""History charts: time to draw ten years of synthetic daily sessions, offscreen at 600×240.

Prints the median over the runs of ``widget.grab()`` for each chart, and of ``set_points``
(with the layout it triggers) for the pain chart.

    QT_QPA_PLATFORM=offscreen python bench/charts.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

from PySide6.QtWidgets import QApplication, QWidget

from hiptimer.core.catalog import Category
from hiptimer.core.progress import current_streak, minutes_by_day, pain_points, weekly_adherence
from hiptimer.core.record import Outcome, SessionSummary
from hiptimer.ui.widgets.charts import AdherenceChart, CalendarHeatmap, PainChart

DAYS = 3650
LAST = date(2026, 11, 21)
SIZE = (600, 240)


def sessions(rng: random.Random) -> list[SessionSummary]:
    """One session a day for ten years, pain slowly easing, with the odd score left out."""
    out = []
    for n in range(DAYS):
        day = LAST - timedelta(days=DAYS - 1 - n)
        start = datetime(day.year, day.month, day.day, 8, tzinfo=timezone(timedelta(hours=1)))
        before = max(0, min(10, round(6 - 4 * n / DAYS + rng.gauss(0, 1.2))))
        minutes = rng.choice([0, 6, 12, 25, 45])
        out.append(SessionSummary(
            uid=str(n), routine_id="daily-stretches", routine_name="Daily hip stretches",
            started_at=start, ended_at=start + timedelta(minutes=minutes + 2),
            planned_seconds=600, active_seconds=minutes * 60, outcome=Outcome.FINISHED,
            pain_before=before, pain_after=max(0, before - rng.randint(0, 2))
            if rng.random() < 0.9 else None, note="", sets_planned=6,
            sets_done=6 if minutes else 0, sets_skipped=0, sets_for_pain=0))
    return out


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        action()
        times.append(time.perf_counter() - begin)
    return statistics.median(times) * 1000


def shown(widget: QWidget) -> QWidget:
    widget.resize(*SIZE)
    widget.show()
    QApplication.processEvents()
    return widget


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication([])
    rng = random.Random(7)
    history = sessions(rng)
    first = LAST - timedelta(days=DAYS - 1)
    points = pain_points(history)
    done = [(s.day, rng.choice([Category.STRETCH, Category.STRENGTH, Category.MOBILITY]))
            for s in history for _ in range(3) if s.sets_done]
    minutes = minutes_by_day(history)

    pain = PainChart()
    shown(pain)

    def set_points() -> None:
        pain.set_points(points, first, LAST)
        pain.dense()  # the layout is built lazily, on first use: count it here

    set_ms = median_ms(set_points, args.runs)
    adherence = AdherenceChart()
    adherence.set_weeks(weekly_adherence(done, LAST - timedelta(weeks=12, days=-1), LAST))
    heatmap = CalendarHeatmap()
    heatmap.set_days(minutes, LAST, current_streak(minutes.keys(), LAST))
    print(f"{len(points)} pain points over {DAYS} days; {args.runs} runs at {SIZE[0]}×{SIZE[1]}")
    print(f"PainChart.set_points:  median {set_ms:6.2f} ms")
    for name, chart in (("PainChart", pain), ("AdherenceChart", adherence),
                        ("CalendarHeatmap", heatmap)):
        shown(chart).grab()  # the first paint lays out fonts; time the steady state
        print(f"{name + '.grab()':22} median {median_ms(chart.grab, args.runs):6.2f} ms")
    app.quit()


if __name__ == "__main__":
    main()
