"""The catalog to add exercises from: search by name, filter by category and starting position."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.catalog import Catalog, Category, Position
from ...core.editing import matching
from ..widgets.two_line import scannable

ID_ROLE = Qt.ItemDataRole.UserRole


class CatalogPanel(QWidget):
    """Lists the catalog's exercises that match the search and the filters.

    The Add button, a double-click, or Enter (in the list or in the search field) asks to add
    the current exercise.

    Signals:
        add_requested(str): the id of the exercise to add.
    """

    add_requested = Signal(str)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by name (Ctrl+F)")
        self.search.setAccessibleName("Search the catalog")
        self.search.setClearButtonEnabled(True)
        self.category = QComboBox()
        self.category.setAccessibleName("Category")
        self.category.addItem("Any category", None)
        for category in Category:
            self.category.addItem(category.value.replace("-", " ").capitalize(), category)
        self.position = QComboBox()
        self.position.setAccessibleName("Starting position")
        self.position.addItem("Any starting position", None)
        for position in Position:
            self.position.addItem(position.label.capitalize(), position)
        self.list = QListWidget()
        self.list.setAccessibleName("Exercises in the catalog")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scannable(self.list)
        self.nothing = QLabel("No exercise matches; clear the search or the filters.")
        self.nothing.setWordWrap(True)
        self.add_button = QPushButton("Add to routine")
        self.add_button.setToolTip("Add the chosen exercise after the selected one "
                                   "(Enter or double-click)")

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.category)
        column.addWidget(self.position)
        column.addWidget(self.list, 1)
        column.addWidget(self.nothing)
        column.addWidget(self.add_button)

        self.search.textChanged.connect(self.refilter)
        self.search.returnPressed.connect(self._add_current)
        self.search.installEventFilter(self)
        self.category.currentIndexChanged.connect(self.refilter)
        self.position.currentIndexChanged.connect(self.refilter)
        self.list.itemActivated.connect(self._add_current)
        self.list.currentRowChanged.connect(self._update_button)
        self.add_button.clicked.connect(self._add_current)
        self.refilter()

    def shown_ids(self) -> list[str]:
        return [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())]

    def refilter(self) -> None:
        """List the exercises that match the search and filters; the first is made current."""
        category, position = self.category.currentData(), self.position.currentData()
        found = matching(self._catalog.values(), self.search.text(),  # Qt keeps str enums as str
                         Category(category) if category else None,
                         Position(position) if position else None)
        self.list.clear()
        for exercise in found:
            item = QListWidgetItem(f"{exercise.name}\n{exercise.position.label} · "
                                   f"{exercise.dose.describe()}")
            item.setData(ID_ROLE, exercise.id)
            item.setToolTip(exercise.feel)
            self.list.addItem(item)
        self.nothing.setVisible(not found)
        self.list.setCurrentRow(0 if found else -1)
        self._update_button()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down or Up in the search field moves through the list."""
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.list.count()):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = min(max(self.list.currentRow() + step, 0), self.list.count() - 1)
            self.list.setCurrentRow(row)
            return True
        return super().eventFilter(watched, event)

    def _update_button(self) -> None:
        self.add_button.setEnabled(self.list.currentItem() is not None)

    def _add_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and self.isEnabled():
            self.add_requested.emit(item.data(ID_ROLE))
