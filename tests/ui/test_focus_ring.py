"""The control with the keyboard focus wears a ring in the highlight colour, light and dark."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from hiptimer.store.settings import Theme
from hiptimer.ui.window.theme import ThemeSwitcher


def ring_pixels(widget: QWidget) -> int:
    """How many pixels along the widget's edge (a list's: its current item's) are the
    highlight colour."""
    if isinstance(widget, QListWidget):
        image = widget.viewport().grab().toImage()
        box = widget.visualItemRect(widget.currentItem())
    else:
        image = widget.grab().toImage()
        box = widget.rect()
    highlight = widget.palette().color(QPalette.ColorRole.Highlight)
    left, top, w, h = box.left(), box.top(), box.width(), box.height()
    edge = [(left + x, top + y) for x in range(w) for y in (1, h - 2)] + [
        (left + x, top + y) for y in range(h) for x in (1, w - 2)]

    def near(c: QColor) -> bool:
        return all(abs(a - b) < 40 for a, b in zip(c.getRgb()[:3], highlight.getRgb()[:3],
                                                    strict=True))
    return sum(near(image.pixelColor(x, y)) for x, y in edge)


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK])
def test_the_focused_control_wears_a_ring(qtbot: QtBot, theme: Theme) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    switcher = ThemeSwitcher(app)
    try:
        switcher.apply(theme)
        switcher.ring_focus()  # as the window does once its pages exist
        window = QWidget()
        qtbot.addWidget(window)
        listing = QListWidget()
        listing.addItems(["Bridge", "Clamshell"])
        listing.setCurrentRow(1)
        listing.clearSelection()  # the current row, not chosen: the ring is all that shows
        controls: list[QWidget] = [QPushButton("Start"), QLineEdit("12"), QComboBox(),
                                   listing]
        column = QVBoxLayout(window)
        for control in controls:
            column.addWidget(control)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        for control in controls:
            control.setFocus()
            qtbot.waitUntil(control.hasFocus)
            focused = ring_pixels(control)
            controls[0 if control is not controls[0] else 1].setFocus()
            unfocused = ring_pixels(control)
            box = (control.visualItemRect(control.currentItem())
                   if isinstance(control, QListWidget) else control.rect())
            perimeter = 2 * (box.width() + box.height())
            assert focused > perimeter * 0.6 > unfocused, type(control).__name__
    finally:
        switcher.apply(Theme.SYSTEM)
