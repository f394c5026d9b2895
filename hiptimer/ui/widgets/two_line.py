"""List items a person can scan: a bold first line, the rest quieter, a rule between items."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

PAD = 6  # pixels above and below each item's text


def scannable(view: QListView) -> None:
    """Give a list two-line items: bold titles, quieter details, a rule between them."""
    view.setItemDelegate(TwoLineDelegate(view))
    view.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap when the list is resized


class TwoLineDelegate(QStyledItemDelegate):
    """Paints an item's text "Title\\ndetails": the title bold, the details under it in the
    palette's placeholder colour (readable in light and dark), and a thin rule below.
    The text itself is unchanged, so screen readers and tests read it as it is."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        title, details = _lines(index)
        option.text = ""
        widget = option.widget
        style = widget.style() if isinstance(widget, QWidget) else None
        if style is not None:  # background, selection and focus, as the style draws them
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        rect: QRect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        text = palette.color(QPalette.ColorRole.HighlightedText if selected
                             else QPalette.ColorRole.Text)
        quiet = text if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        bold = QFont(option.font)
        bold.setBold(True)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
        painter.save()
        painter.setFont(bold)
        painter.setPen(text)
        used = painter.boundingRect(rect, flags, title)
        painter.drawText(rect, flags, title)
        painter.setFont(option.font)
        painter.setPen(quiet)
        painter.drawText(rect.adjusted(0, used.height() + 1, 0, 0), flags, details.strip())
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        bottom = option.rect.bottom()
        painter.drawLine(option.rect.left(), bottom, option.rect.right(), bottom)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        self.initStyleOption(option, index)
        title, details = _lines(index)
        view = option.widget
        width = max(view.viewport().width() if isinstance(view, QAbstractItemView)
                    else option.rect.width(), 120) - 2 * PAD
        bold = QFont(option.font)
        bold.setBold(True)
        flags = int(Qt.TextFlag.TextWordWrap)
        height = QFontMetrics(bold).boundingRect(QRect(0, 0, width, 10_000), flags, title).height()
        if details.strip():
            height += 1 + QFontMetrics(option.font).boundingRect(
                QRect(0, 0, width, 10_000), flags, details.strip()).height()
        return QSize(width + 2 * PAD, height + 2 * PAD + 1)


def _lines(index: QModelIndex | QPersistentModelIndex) -> tuple[str, str]:
    """The item's first line and the rest (from the model: the style option's copy has its
    line breaks replaced)."""
    title, _, details = str(index.data(Qt.ItemDataRole.DisplayRole) or "").partition("\n")
    return title, details
