"""The progress report for the physiotherapist's appointment, as an A4 PDF."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QPainter, QPdfWriter

from ... import APP_NAME
from ...core.catalog import Exercise
from ...core.report import Adherence, Report, Tally
from ...core.wording import recorded_side
from ...system.clock import local_now
from ..text import minutes
from ..widgets.charts import PainChart
from ..widgets.pdf import Item, PdfDocument, long_day, write_pdf

CHART_PIXELS = QSize(640, 240)  # the chart is laid out at this size, then scaled to the page


def write_report(report: Report, target: Path, exercises: Mapping[str, Exercise], *,
                 made: date | None = None) -> int:
    """Write ``report`` to ``target`` as an A4 PDF, all or nothing; returns its pages.

    Raises:
        OSError: the file cannot be written; ``target`` is left as it was.
    """
    def make(writer: QPdfWriter) -> int:
        return _Report(writer, exercises).paint(report, made or local_now().date())

    return write_pdf(target, f"{APP_NAME} progress report, {long_day(report.first)} to "
                             f"{long_day(report.last)}", make)


class _Report(PdfDocument):
    def __init__(self, writer: QPdfWriter, exercises: Mapping[str, Exercise]) -> None:
        super().__init__(writer)
        self.exercises = exercises

    def paint(self, report: Report, made: date) -> int:
        items = [self.text_item(
            f"<h1>Progress report</h1><p><b>{long_day(report.first)} to "
            f"{long_day(report.last)}</b> · {report.sessions} session"
            f"{'' if report.sessions == 1 else 's'}</p><p class='muted'>Made {long_day(made)} "
            f"from {APP_NAME}, from the sessions and activities the user recorded.</p>"),
            self.text_item(adherence_html(report))]
        items.append(self.joined(self.text_item("<h2>Pain before and after each session</h2>"
                                                "<p class='muted'>0 no pain, 10 the worst; "
                                                "the shaded band is 0–5.</p>"),
                                 self._pain_chart(report)))
        items += [self.text_item(exercises_html(report, self.exercises)),
                  self.text_item(hurts_html(report, self.exercises)),
                  self.text_item(notes_html(report))]
        return self.paint_pages(items, f"{APP_NAME} · progress report")

    def _pain_chart(self, report: Report) -> Item:
        chart = PainChart()
        chart.setPalette(self.palette)
        chart.resize(CHART_PIXELS)
        chart.set_points(list(report.pain), report.first, report.last)
        scale = self.area.width() / CHART_PIXELS.width()
        height = CHART_PIXELS.height() * scale

        def paint(painter: QPainter, top: float) -> None:
            painter.save()
            painter.translate(0, top)
            painter.scale(scale, scale)
            chart.render(painter, QPoint(0, 0))
            painter.restore()
        return Item(height, paint)  # ``paint`` keeps the chart alive until it is painted


def adherence_html(report: Report) -> str:
    """How often each routine and activity was done, against how often it was asked."""
    rows = [_adherence_row(a, "routine") for a in report.routines]
    rows += [_adherence_row(a, "activity") for a in report.activities]
    if not rows:
        return "<h2>How often</h2><p>No routine or activity in these days.</p>"
    weeks = "".join(f"<th>{m.day}/{m.month}</th>" for m, _ in
                    (report.routines + report.activities)[0].weeks)
    return ("<h2>How often</h2><p class='muted'>Days done each week (weeks starting on the "
            "Monday shown), against how often it was asked for.</p>"
            "<table class='grid' cellspacing='0' width='100%'><tr><th align='left'>Routine or "
            f"activity</th><th align='left'>Asked</th>{weeks}<th>Weeks kept</th>"
            f"<th>Time</th></tr>{''.join(rows)}</table>")


def _adherence_row(a: Adherence, kind: str) -> str:
    cells = "".join(f"<td align='center'>{days}</td>" for _, days in a.weeks)
    kept = f"{a.weeks_kept} of {len(a.weeks)}" if a.frequency.target else "–"
    return (f"<tr><td>{escape(a.name)} <span class='muted'>({kind})</span></td>"
            f"<td>{escape(a.frequency.label)}</td>{cells}<td align='center'>{kept}</td>"
            f"<td align='right'>{hours(a.minutes) if a.minutes else '–'}</td></tr>")


def hours(total_minutes: float) -> str:
    """``"45 min"``, ``"8 h 5 min"``."""
    return minutes(round(total_minutes) * 60)


def exercises_html(report: Report, exercises: Mapping[str, Exercise]) -> str:
    """Each exercise on each side: planned against done over the period."""
    if not report.exercises:
        return "<h2>Each exercise</h2><p>No sessions in these days.</p>"
    rows = "".join(_tally_row(t, exercises) for t in report.exercises)
    return ("<h2>Each exercise, planned and done</h2><table class='grid' cellspacing='0' "
            "width='100%'><tr><th align='left'>Exercise</th><th align='left'>Side</th>"
            "<th>Sets done</th><th>Reps or time done</th><th>Skipped</th>"
            f"<th>Stopped: it hurt</th></tr>{rows}</table>")


def _tally_row(t: Tally, exercises: Mapping[str, Exercise]) -> str:
    amount = (f"{t.reps_done} of {t.reps_planned} reps" if t.reps_planned
              else f"{minutes(t.seconds_done)} of {minutes(t.seconds_planned)}")
    return (f"<tr><td>{escape(_name(exercises, t.exercise_id))}</td>"
            f"<td>{recorded_side(exercises, t.exercise_id, t.side, both='both')}</td>"
            f"<td align='center'>{t.sets_done} of {t.sets_planned}</td>"
            f"<td align='center'>{amount}</td><td align='center'>{t.sets_skipped}</td>"
            f"<td align='center'>{t.sets_for_pain}</td></tr>")


def hurts_html(report: Report, exercises: Mapping[str, Exercise]) -> str:
    """Each time the user pressed "This hurts"."""
    if not report.hurts:
        return "<h2>“This hurts”</h2><p>Not pressed in these days.</p>"
    items = "".join(
        f"<li>{h.at:%a %d %b %Y, %H:%M}: {escape(_name(exercises, h.exercise_id))}"
        f"{f' ({recorded_side(exercises, h.exercise_id, h.side)})' if h.side else ''}, "
        f"set {h.set}, in "
        f"{escape(h.routine_name)}</li>" for h in report.hurts)
    return f"<h2>“This hurts”</h2><ul>{items}</ul>"


def notes_html(report: Report) -> str:
    if not report.notes:
        return "<h2>Notes</h2><p>No notes in these days.</p>"
    items = "".join(f"<li>{at:%a %d %b %Y}, {escape(where)}: {escape(note)}</li>"
                    for at, where, note in report.notes)
    return f"<h2>Notes</h2><ul>{items}</ul>"


def _name(exercises: Mapping[str, Exercise], exercise_id: str) -> str:
    exercise = exercises.get(exercise_id)
    return exercise.name if exercise is not None else exercise_id
