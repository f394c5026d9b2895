"""The printable handout: a routine's exercises with figures, steps and cautions, as a PDF."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPalette,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from .. import APP_NAME
from ..core.figure.drawing import Figure
from ..core.figure.spec import FigureSpec, Motion, builtin_figures
from ..core.plan import compile_plan
from ..core.routine import Block, Routine
from ..core.safety import PAIN_RULE
from ..store.files import write_atomically
from .routines_page import describe_dose
from .safety import warning_signs_html
from .text import minutes
from .widgets.figure import FigureColours, paint_drawing

DPI = 300
MARGINS_MM = QMarginsF(16, 14, 16, 12)
FOOTER_MM = 9.0
GAP_MM = 5.0  # between entries
FIGURE_MM = 84.0  # the figure panel's width, beside the steps
ARROW_MM = 8.0
LABEL_FLAGS = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
TEXT, MUTED, RULE = QColor("#111111"), QColor("#444444"), QColor("#9a9a9a")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
STYLE = """h1 { font-size: 19pt; font-weight: bold; margin-bottom: 4px; }
h2 { font-size: 13pt; font-weight: bold; margin-top: 0; margin-bottom: 2px; }
p { margin-top: 0; margin-bottom: 4px; }
ol, ul { margin-top: 0; margin-bottom: 4px; }
li { margin-bottom: 2px; }
.muted { color: #444444; }
.care { font-weight: bold; margin-top: 4px; margin-bottom: 2px; }"""

Paint = Callable[[QPainter, float], None]  # paints an item with its top at this y


@dataclass(frozen=True)
class Item:
    """One unsplittable piece of a page: the title block, an exercise, the safety line."""

    height: float
    paint: Paint


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
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, MARGINS_MM,
                                     QPageLayout.Unit.Millimeter))
    writer.setTitle(f"{routine.name}: exercise handout")
    writer.setCreator(APP_NAME)
    handout = _Handout(writer, builtin_figures() if figures is None else figures)
    pages = handout.paint(routine, printed or date.today())
    buffer.close()
    pdf = bytes(data.data())
    write_atomically(target, lambda out: out.buffer.write(pdf))
    return pages


def paginate(heights: Sequence[float], room: float, gap: float) -> list[list[int]]:
    """Items (by index) on each page, in order, as many as fit; one too tall gets its own page.

    Args:
        heights: each item's height; items are never split.
        room: the height of a page; ``gap`` goes between items on a page.
    """
    pages: list[list[int]] = [[]]
    used = 0.0
    for i, height in enumerate(heights):
        needed = height + (gap if pages[-1] else 0.0)
        if pages[-1] and used + needed > room:
            pages.append([])
            used, needed = 0.0, height
        pages[-1].append(i)
        used += needed
    return pages if pages[0] else []


class _Handout:
    """Measures and paints the handout's items onto a PDF writer's pages."""

    def __init__(self, writer: QPdfWriter, figures: Mapping[str, FigureSpec]) -> None:
        self.writer = writer
        self.figures = figures
        self.area = QRectF(writer.pageLayout().paintRectPixels(DPI))
        self.area.moveTo(0, 0)
        self.palette = light_palette()
        self.font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        self.font.setPointSizeF(10)
        self.font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)  # no "ﬁ": copyable text

    def mm(self, value: float) -> float:
        return value * DPI / 25.4

    def paint(self, routine: Routine, printed: date) -> int:
        """Paint every page; returns how many."""
        items = [self._title(routine, printed)]
        items += [self._entry(n, block) for n, block in enumerate(routine.blocks, 1)]
        items.append(self._text_item(warning_signs_section()))
        room = self.area.height() - self.mm(FOOTER_MM)
        pages = paginate([item.height for item in items], room, self.mm(GAP_MM))
        painter = QPainter(self.writer)
        try:
            for number, page in enumerate(pages, 1):
                if number > 1:
                    self.writer.newPage()
                self._page(painter, [items[i] for i in page], room)
                self._footer(painter, f"{APP_NAME} · {routine.name} · page {number} of "
                                      f"{len(pages)}")
        finally:
            painter.end()
        return len(pages)

    def _page(self, painter: QPainter, items: list[Item], room: float) -> None:
        top = 0.0
        for item in items:
            shrink = min(1.0, room / item.height)  # only an entry taller than a page
            painter.save()
            painter.translate(0, top)
            painter.scale(shrink, shrink)
            item.paint(painter, 0.0)
            painter.restore()
            top += item.height * shrink + self.mm(GAP_MM)

    def _footer(self, painter: QPainter, text: str) -> None:
        font = QFont(self.font)
        font.setPointSizeF(8)
        painter.setFont(font)
        painter.setPen(MUTED)
        box = QRectF(0, self.area.height() - self.mm(FOOTER_MM - 3), self.area.width(),
                     self.mm(FOOTER_MM - 3))
        painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, text)
        painter.setPen(QPen(RULE, self.mm(0.2)))
        painter.drawLine(QPointF(0, box.top()), QPointF(self.area.width(), box.top()))

    # --- the items --------------------------------------------------------------------------

    def _title(self, routine: Routine, printed: date) -> Item:
        count = len(routine.blocks)
        facts = (f"<b>How often:</b> {escape(routine.frequency.label)} &nbsp;·&nbsp; "
                 f"<b>Time:</b> {minutes(compile_plan(routine).duration)} in all, "
                 f"rests included &nbsp;·&nbsp; <b>{count} exercise{'' if count == 1 else 's'}"
                 "</b>")
        html = (f"<h1>{escape(routine.name)}</h1>"
                + (f"<p>{escape(routine.description)}</p>" if routine.description else "")
                + f"<p>{facts}</p><p class='muted'>Printed {_day(printed)} from {APP_NAME}."
                  "</p>")
        return self._text_item(html)

    def _entry(self, number: int, block: Block) -> Item:
        exercise = block.exercise
        equipment = ", ".join(e.value.replace("-", " ") for e in exercise.equipment) or "nothing"
        head = self._document(
            f"<h2>{number}. {escape(exercise.name)}</h2>"
            f"<p><b>{escape(describe_dose(block))}</b></p>"
            f"<p>Start {escape(exercise.position.label)} &nbsp;·&nbsp; You need: "
            f"{escape(equipment)}</p>", self.area.width())
        spec = self.figures.get(exercise.id)
        panel = _FigurePanel(self, spec) if spec is not None else None
        beside = self.mm(FIGURE_MM + 5) if panel else 0.0
        steps = "".join(f"<li>{escape(step)}</li>" for step in exercise.steps)
        cautions = "".join(f"<li>{escape(c)}</li>" for c in exercise.cautions)
        body = self._document(
            f"<ol>{steps}</ol>"
            + (f"<p class='care'>Take care:</p><ul>{cautions}</ul>" if cautions else ""),
            self.area.width() - beside)
        rule = self.mm(2.5)
        head_h = head.size().height() + self.mm(1.5)
        height = rule + head_h + max(body.size().height(), panel.height if panel else 0.0)

        def paint(painter: QPainter, top: float) -> None:
            painter.setPen(QPen(RULE, self.mm(0.25)))
            painter.drawLine(QPointF(0, top), QPointF(self.area.width(), top))
            self._draw(painter, head, QPointF(0, top + rule))
            if panel is not None:
                panel.paint(painter, QPointF(0, top + rule + head_h))
            self._draw(painter, body, QPointF(beside, top + rule + head_h))
        return Item(height, paint)

    def _joined(self, first: Item, then: Item) -> Item:
        """Two items that go on the same page, one under the other."""
        below = first.height + self.mm(GAP_MM)

        def paint(painter: QPainter, top: float) -> None:
            first.paint(painter, top)
            then.paint(painter, top + below)
        return Item(below + then.height, paint)

    def _text_item(self, html: str) -> Item:
        doc = self._document(html, self.area.width())
        return Item(doc.size().height(),
                    lambda painter, top: self._draw(painter, doc, QPointF(0, top)))

    # --- text -------------------------------------------------------------------------------

    def _document(self, html: str, width: float) -> QTextDocument:
        """Rich text laid out for the PDF at ``width`` pixels, so its height is known."""
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self.writer)
        doc.setDefaultFont(self.font)
        doc.setDefaultStyleSheet(STYLE)
        doc.setDocumentMargin(0)
        doc.setHtml(html)
        doc.setTextWidth(width)
        return doc

    def _draw(self, painter: QPainter, doc: QTextDocument, at: QPointF) -> None:
        """Dark text on white whatever the desktop's colours."""
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = self.palette
        painter.save()
        painter.translate(at)
        doc.documentLayout().draw(painter, context)
        painter.restore()


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


def light_palette() -> QPalette:
    """Fixed print colours: near-black on white, a mid blue accent."""
    palette = QPalette()
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window):
        palette.setColor(role, QColor("#ffffff"))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        palette.setColor(role, TEXT)
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#3d7fc4"))
    return palette


def _day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
