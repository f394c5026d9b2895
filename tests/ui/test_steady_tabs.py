"""The main window's tabs are not painted again, whole, each time a label on a page changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from hiptimer.ui.widgets.steady_tabs import SteadyTabWidget


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def tabs_with_a_ticking_label(qtbot: QtBot, tabs: QTabWidget) -> tuple[QLabel, PaintCounter]:
    page = QWidget()
    label = QLabel("9:40 left")
    QVBoxLayout(page).addWidget(label)
    tabs.addTab(page, "&Session")
    tabs.addTab(QWidget(), "Hist&ory")
    qtbot.addWidget(tabs)
    tabs.resize(600, 400)
    tabs.show()
    qtbot.waitExposed(tabs)
    QApplication.processEvents()
    counter = PaintCounter()
    tabs.tabBar().installEventFilter(counter)
    return label, counter


@pytest.mark.parametrize(("make", "repainted"), [(QTabWidget, True), (SteadyTabWidget, False)])
def test_a_label_that_ticks_repaints_the_tab_bar_only_with_qt_s_own(
        qtbot: QtBot, make: type[QTabWidget], repainted: bool) -> None:
    tabs = make()
    label, counter = tabs_with_a_ticking_label(qtbot, tabs)
    for second in range(39, 30, -1):
        label.setText(f"9:{second} left")
        QApplication.processEvents()
    assert (counter.paints > 0) is repainted


def test_hiding_the_tab_bar_still_gives_the_page_its_room(qtbot: QtBot) -> None:
    tabs = SteadyTabWidget()
    tabs_with_a_ticking_label(qtbot, tabs)
    page = tabs.currentWidget()
    top = page.mapTo(tabs, page.rect().topLeft()).y()
    tabs.tabBar().setVisible(False)  # full screen
    qtbot.waitUntil(lambda: page.mapTo(tabs, page.rect().topLeft()).y() < top)
    tabs.tabBar().setVisible(True)
    qtbot.waitUntil(lambda: page.mapTo(tabs, page.rect().topLeft()).y() == top)


def test_a_longer_tab_name_is_laid_out(qtbot: QtBot) -> None:
    tabs = SteadyTabWidget()
    tabs_with_a_ticking_label(qtbot, tabs)
    width = tabs.tabBar().width()
    tabs.setTabText(1, "History of every session so far")
    qtbot.waitUntil(lambda: tabs.tabBar().width() > width)
