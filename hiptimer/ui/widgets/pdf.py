"""Printable A4 documents: unsplittable items laid out page by page, numbered, written all or
nothing. The handout and the report for the physiotherapist are made of these."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontDatabase,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from ... import APP_NAME
from ...store.files import write_atomically

DPI = 300
MARGINS_MM = QMarginsF(16, 14, 16, 12)
FOOTER_MM = 9.0
GAP_MM = 5.0  # between items
TEXT, MUTED, RULE = QColor("#111111"), QColor("#444444"), QColor("#9a9a9a")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
STYLE = """h1 { font-size: 19pt; font-weight: bold; margin-bottom: 4px; }
h2 { font-size: 13pt; font-weight: bold; margin-top: 0; margin-bottom: 2px; }
p { margin-top: 0; margin-bottom: 4px; }
ol, ul { margin-top: 0; margin-bottom: 4px; }
li { margin-bottom: 2px; }
.muted { color: #444444; }
.care { font-weight: bold; margin-top: 4px; margin-bottom: 2px; }
table.grid { border-collapse: collapse; }
table.grid td, table.grid th { border: 1px solid #777777; padding: 3px; font-size: 8pt; }
table.log td, table.log th { border: 1px solid #777777; padding: 22px 8px; font-size: 9pt; }"""

PAGE = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                  MARGINS_MM, QPageLayout.Unit.Millimeter)
Paint = Callable[[QPainter, float], None]  # paints an item with its top at this y


@dataclass(frozen=True)
class Item:
    """One unsplittable piece of a page: a title block, an exercise, a table. One that
    ``starts_page`` goes at the top of a page of its own (a log to keep apart, say)."""

    height: float
    paint: Paint
    starts_page: bool = False


def write_pdf(target: Path, title: str, make: Callable[[QPdfWriter], int]) -> int:
    """Write an A4 PDF that ``make`` paints onto the writer it is given, all or nothing.

    Returns:
        The number of pages, as ``make`` returns it.

    Raises:
        OSError: the file cannot be written; ``target`` is left as it was.
    """
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(PAGE)
    writer.setTitle(title)
    writer.setCreator(APP_NAME)
    pages = make(writer)
    buffer.close()
    pdf = bytes(data.data())
    write_atomically(target, lambda out: out.buffer.write(pdf))
    return pages


def paginate(heights: Sequence[float], room: float, gap: float,
             starts_page: Sequence[bool] = ()) -> list[list[int]]:
    """Items (by index) on each page, in order, as many as fit; one too tall gets its own page.

    Args:
        heights: each item's height; items are never split.
        room: the height of a page; ``gap`` goes between items on a page.
        starts_page: for each item, whether it must start a page (none, if empty).
    """
    pages: list[list[int]] = [[]]
    used = 0.0
    for i, height in enumerate(heights):
        needed = height + (gap if pages[-1] else 0.0)
        new_page = i < len(starts_page) and starts_page[i]
        if pages[-1] and (used + needed > room or new_page):
            pages.append([])
            used, needed = 0.0, height
        pages[-1].append(i)
        used += needed
    return pages if pages[0] else []


class PdfDocument:
    """Measures and paints items onto the pages of a PDF writer or a printer (set to ``DPI``),
    dark on white."""

    def __init__(self, writer: QPagedPaintDevice) -> None:
        self.writer = writer
        self.area = QRectF(writer.pageLayout().paintRectPixels(DPI))
        self.area.moveTo(0, 0)
        self.palette = light_palette()
        self.font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        self.font.setPointSizeF(10)
        self.font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)  # no "ﬁ": copyable text

    def mm(self, value: float) -> float:
        return value * DPI / 25.4

    def paint_pages(self, items: Sequence[Item], footer: str) -> int:
        """Paint ``items`` page by page, each page with ``footer`` and its number; returns
        how many pages."""
        room = self.area.height() - self.mm(FOOTER_MM)
        pages = paginate([item.height for item in items], room, self.mm(GAP_MM),
                         [item.starts_page for item in items])
        painter = QPainter(self.writer)
        try:
            for number, page in enumerate(pages, 1):
                if number > 1:
                    self.writer.newPage()
                self._page(painter, [items[i] for i in page], room)
                self._footer(painter, f"{footer} · page {number} of {len(pages)}")
        finally:
            painter.end()
        return len(pages)

    def _page(self, painter: QPainter, items: list[Item], room: float) -> None:
        top = 0.0
        for item in items:
            shrink = min(1.0, room / item.height)  # only an item taller than a page
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

    def joined(self, first: Item, then: Item) -> Item:
        """Two items that go on the same page, one under the other."""
        below = first.height + self.mm(GAP_MM)

        def paint(painter: QPainter, top: float) -> None:
            first.paint(painter, top)
            then.paint(painter, top + below)
        return Item(below + then.height, paint)

    def text_item(self, html: str) -> Item:
        doc = self.document(html, self.area.width())
        return Item(doc.size().height(),
                    lambda painter, top: self.draw(painter, doc, QPointF(0, top)))

    def document(self, html: str, width: float) -> QTextDocument:
        """Rich text laid out for the PDF at ``width`` pixels, so its height is known."""
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self.writer)
        doc.setDefaultFont(self.font)
        doc.setDefaultStyleSheet(STYLE)
        doc.setDocumentMargin(0)
        doc.setHtml(html)
        doc.setTextWidth(width)
        return doc

    def draw(self, painter: QPainter, doc: QTextDocument, at: QPointF) -> None:
        """Dark text on white whatever the desktop's colours."""
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = self.palette
        painter.save()
        painter.translate(at)
        doc.documentLayout().draw(painter, context)
        painter.restore()


def light_palette() -> QPalette:
    """Fixed print colours: near-black on white, a mid blue accent."""
    palette = QPalette()
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window):
        palette.setColor(role, QColor("#ffffff"))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        palette.setColor(role, TEXT)
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#3d7fc4"))
    return palette


def long_day(day: date) -> str:
    """``"9 March 2026"``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
