"""Switching between light, dark and the system's own look, while the app runs."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle
from pytestqt.qtbot import QtBot

from hiptimer.store.settings import Theme
from hiptimer.ui.window.theme import ThemeSwitcher


def base_name(style: QStyle) -> str:
    """The style's name, or that of the style a proxy (the focus ring) draws with."""
    return style.baseStyle().name() if isinstance(style, QProxyStyle) else style.name()


def test_going_back_to_the_system_look_restores_its_style_and_colours(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style, window = base_name(app.style()), app.palette().color(QPalette.ColorRole.Window)
    switcher = ThemeSwitcher(app)
    try:
        switcher.apply(Theme.DARK)
        assert app.palette().color(QPalette.ColorRole.Window).name() == "#2b2d30"
        switcher.ring_focus()
        switcher.apply(Theme.SYSTEM)
        assert isinstance(app.style(), QProxyStyle) and base_name(app.style()) == style
        assert app.palette().color(QPalette.ColorRole.Window) == window
    finally:
        switcher.apply(Theme.SYSTEM)
