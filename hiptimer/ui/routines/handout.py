"""The printable handout: a routine's exercises with figures, steps and cautions, as a PDF."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from html import escape
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPainter,
    QPainterPath,
    QPen,
)

from ... import APP_NAME
from ...core.figure.drawing import Figure
from ...core.figure.spec import FigureSpec, Motion, builtin_figures
from ...core.plan import total_duration
from ...core.review import describe_dose, next_step, side_order
from ...core.routine import Block, Routine, Sides
from ...core.safety import PAIN_RULE
from ...system.clock import local_now
from ..text import minutes
from ..widgets.figure import FigureColours, paint_drawing
from ..widgets.pdf import MUTED, RULE, Item, PdfDocument, long_day, write_pdf
from ..widgets.safety import warning_signs_html
from .routines_page import equipment_of

FIGURE_MM = 84.0  # the figure panel's width, beside the steps
ARROW_MM = 8.0
LABEL_FLAGS = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
LOG_DAYS = 14
WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def write_handout(routine: Routine, target: Path,
                  figures: Mapping[str, FigureSpec] | None = None, *,
                  printed: date | None = None) -> int:
    """Write the routine's handout to ``target`` as an A4 PDF, all or nothing.

    Args:
        figures: exercise figures by exercise id; the built-in ones when None. An exercise
            without a figure gets its entry without the picture.
        printed: the date shown as the day it was printed (today when None).

    Returns:
        The number of pages.

    Raises:
        OSError: the file cannot be written; ``target`` is left as it was.
    """
    return write_pdf(target, handout_title(routine),
                     lambda writer: paint_handout(routine, writer, figures, printed=printed))


def paint_handout(routine: Routine, device: QPagedPaintDevice,
                  figures: Mapping[str, FigureSpec] | None = None, *,
                  printed: date | None = None) -> int:
    """Paint the handout onto a PDF writer or a printer whose resolution is ``DPI``; returns
    the number of pages."""
    handout = _Handout(device, builtin_figures() if figures is None else figures)
    return handout.paint(routine, printed or local_now().date())


def handout_title(routine: Routine) -> str:
    return f"{routine.name}: exercise handout"


class _Handout(PdfDocument):
    """Measures and paints the handout's items onto a PDF writer's pages."""

    def __init__(self, writer: QPagedPaintDevice, figures: Mapping[str, FigureSpec]) -> None:
        super().__init__(writer)
        self.figures = figures

    def paint(self, routine: Routine, printed: date) -> int:
        """Paint every page; returns how many."""
        items = [self._title(routine, printed)]
        items += [self._entry(routine, n, block) for n, block in enumerate(routine.blocks, 1)]
        if routine.activities:
            items.append(self.text_item(activities_html(routine)))
        items.append(self.text_item(warning_signs_section()))
        if routine.blocks:
            log = self.text_item(log_grid_html(routine, printed))
            items.append(Item(log.height, log.paint, starts_page=True))  # to keep apart
        return self.paint_pages(items, f"{APP_NAME} · {routine.name}")

    # --- the items --------------------------------------------------------------------------

    def _title(self, routine: Routine, printed: date) -> Item:
        count = len(routine.blocks)
        facts = (f"<b>How often:</b> {escape(routine.frequency.label)} &nbsp;·&nbsp; "
                 f"<b>Time:</b> {minutes(total_duration(routine))} in all, "
                 f"rests included &nbsp;·&nbsp; <b>{count} exercise{'' if count == 1 else 's'}"
                 "</b>" + (f" &nbsp;·&nbsp; <b>Start each exercise on the "
                           f"{routine.affected_side.value}</b>"
                           if routine.affected_side else ""))
        html = (f"<h1>{escape(routine.name)}</h1>"
                + (f"<p>{escape(routine.description)}</p>" if routine.description else "")
                + f"<p>{facts}</p><p class='muted'>Printed {long_day(printed)} from {APP_NAME}."
                  "</p>")
        return self.text_item(html)

    def _entry(self, routine: Routine, number: int, block: Block) -> Item:
        exercise = block.exercise
        head = self.document(
            f"<h2>{number}. {escape(exercise.name)}</h2>"
            f"<p><b>{escape(describe_dose(block))}</b></p>"
            + "".join(f"<p>{line}</p>" for line in entry_lines(routine, block)),
            self.area.width())
        spec = self.figures.get(exercise.id)
        panel = _FigurePanel(self, spec) if spec is not None else None
        beside = self.mm(FIGURE_MM + 5) if panel else 0.0
        steps = "".join(f"<li>{escape(step)}</li>" for step in exercise.steps)
        cautions = "".join(f"<li>{escape(c)}</li>" for c in exercise.cautions)
        body = self.document(
            f"<ol>{steps}</ol>"
            + (f"<p class='care'>Take care:</p><ul>{cautions}</ul>" if cautions else "")
            + f"<p><b>If it hurts:</b> {escape(exercise.easier)}</p>",
            self.area.width() - beside)
        rule = self.mm(2.5)
        head_h = head.size().height() + self.mm(1.5)
        height = rule + head_h + max(body.size().height(), panel.height if panel else 0.0)

        def paint(painter: QPainter, top: float) -> None:
            painter.setPen(QPen(RULE, self.mm(0.25)))
            painter.drawLine(QPointF(0, top), QPointF(self.area.width(), top))
            self.draw(painter, head, QPointF(0, top + rule))
            if panel is not None:
                panel.paint(painter, QPointF(0, top + rule + head_h))
            self.draw(painter, body, QPointF(beside, top + rule + head_h))
        return Item(height, paint)


class _FigurePanel:
    """An exercise's figure: start and end pose with an arrow between them, each named
    underneath, or for a movement in a loop (walking, pedalling) its first pose alone."""

    def __init__(self, handout: _Handout, spec: FigureSpec) -> None:
        self.mm = handout.mm
        self.colours = FigureColours.from_palette(handout.palette)
        figure = Figure(spec)
        poses = (spec.poses[0],) if spec.motion is Motion.CYCLE else (spec.poses[0],
                                                                      spec.poses[-1])
        names = ("",) if len(poses) == 1 else (spec.names[0], spec.names[-1])  # a loop: no name
        self.cells = [(name, figure.draw(pose)) for name, pose in zip(names, poses, strict=True)]
        x0, y0, x1, y1 = self.cells[0][1].bounds
        self.cell_w = self.mm((FIGURE_MM - ARROW_MM) / 2)
        wide = max(x1 - x0, 1e-6) / max(y1 - y0, 1e-6)
        self.cell_h = min(max(self.cell_w / wide * 1.1, self.mm(28)), self.mm(44))
        self.label_font = QFont(handout.font)
        self.label_font.setPointSizeF(8)
        metrics = QFontMetricsF(self.label_font, handout.writer)
        self.label_h = max(metrics.boundingRect(QRectF(0, 0, self.cell_w, 1e6), LABEL_FLAGS,
                                                name).height() if name else 0.0
                           for name, _ in self.cells)
        self.height = self.cell_h + self.mm(1) + self.label_h + self.mm(2)

    def paint(self, painter: QPainter, at: QPointF) -> None:
        step = self.cell_w + self.mm(ARROW_MM)
        left = at.x() + (self.mm(FIGURE_MM) - self.cell_w) / 2 if len(self.cells) == 1 \
            else at.x()
        for i, (name, drawing) in enumerate(self.cells):
            cell = QRectF(left + i * step, at.y(), self.cell_w, self.cell_h)
            painter.setPen(QPen(RULE, self.mm(0.25)))
            painter.setBrush(self.colours.outline)  # the palette's base: white
            painter.drawRoundedRect(cell, self.mm(1.5), self.mm(1.5))
            painter.save()
            painter.setClipRect(cell.adjusted(1, 1, -1, -1))  # the floor runs on past the body
            paint_drawing(painter, drawing, cell, self.colours)
            painter.restore()
            painter.setFont(self.label_font)
            painter.setPen(MUTED)
            painter.drawText(QRectF(cell.left(), cell.bottom() + self.mm(1), self.cell_w,
                                    self.label_h), LABEL_FLAGS, name)
        if len(self.cells) == 2:
            self._arrow(painter, QPointF(left + self.cell_w, at.y() + self.cell_h / 2))

    def _arrow(self, painter: QPainter, start: QPointF) -> None:
        a, b = start.x() + self.mm(1.5), start.x() + self.mm(ARROW_MM - 1.5)
        y, head = start.y(), self.mm(1.6)
        painter.setPen(QPen(MUTED, self.mm(0.5), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(a, y), QPointF(b - head / 2, y))
        tip = QPainterPath(QPointF(b, y))
        tip.lineTo(b - head, y - head * 0.6)
        tip.lineTo(b - head, y + head * 0.6)
        tip.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(MUTED)
        painter.drawPath(tip)


def warning_signs_section() -> str:
    """The handout's last part: the pain rule, what to do if an exercise hurts, and the
    warning signs in their three tiers, as on the safety notice."""
    return (f"<h2>Stay safe</h2><p>{escape(PAIN_RULE)} If an exercise hurts, do its easier "
            "way next time, and ask your physiotherapist before you do it again as "
            f"before.</p>{warning_signs_html()}")


def entry_lines(routine: Routine, block: Block) -> list[str]:
    """The lines under an exercise's dose, as HTML: tempo, rest and side order; where to
    start and what is needed; how often, the physiotherapist's note and the next step."""
    dose = block.dose
    timing = []
    if dose.reps is not None:
        t = dose.tempo
        timing.append(f"{t.up:g} s up, {t.hold:g} s hold, {t.down:g} s down, {t.between:g} s "
                      "between reps")
    if dose.sets > 1:
        timing.append(f"{dose.rest_s:g} s rest between sets")
    if block.sides is not Sides.BOTH:
        timing.append(side_order(routine, block))
    equipment = block.equipment or equipment_of(block.exercise)
    lines = [escape(" · ".join(timing)).capitalize() if timing else "",
             f"Start {escape(block.exercise.position.label)} &nbsp;·&nbsp; You need: "
             f"{escape(equipment if equipment != 'none' else 'nothing')}",
             f"<b>How often:</b> {escape(block.frequency.label)}" if block.frequency else "",
             f"<b>Note from your physiotherapist:</b> {escape(block.note)}" if block.note
             else "",
             f"<b>Next step:</b> {escape(next_step(block))}" if next_step(block) else ""]
    return [line for line in lines if line]


def activities_html(routine: Routine) -> str:
    """The activities to log, each with its time and how often."""
    items = "".join(
        f"<li><b>{escape(a.exercise.name)}</b>, {a.minutes:g} minutes, "
        f"{escape(routine.frequency_of(a).label)}"
        + "".join(f"; {escape(text)}" for text in (a.note, a.equipment) if text) + "</li>"
        for a in routine.activities)
    return (f"<h2>Also on your programme</h2><p>Not timed by HipTimer: log each one when you "
            f"have done it.</p><ul>{items}</ul>")


def log_grid_html(routine: Routine, first: date) -> str:
    """Two weeks of boxes to tick, one row per exercise and activity, with rows for the
    pain after the session and the next morning."""
    days = [first + timedelta(days=n) for n in range(LOG_DAYS)]
    head = "".join(f"<th>{WEEKDAYS[d.weekday()]}<br>{d.day}</th>" for d in days)
    names = [b.exercise.name for b in routine.blocks]
    names += [f"{a.exercise.name} ({a.minutes:g} min)" for a in routine.activities]
    names += ["Pain after (0–10)", "Pain next morning (0–10)"]
    empty = "<td>&nbsp;</td>" * LOG_DAYS
    rows = "".join(f"<tr><td>{escape(name)}</td>{empty}</tr>" for name in names)
    return (f"<h2>Your log for the next two weeks</h2><p>Tick each exercise the day you do "
            f"it, and write down your pain after the session and the next morning. Bring "
            f"this to your next appointment.</p><table class='log' width='100%' "
            f"cellspacing='0'><tr><th align='left'>From {long_day(first)}</th>{head}</tr>"
            f"{rows}</table>")
