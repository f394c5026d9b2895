"""The window's menus: File (settings, quit) and Help (keys, safety, about)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QMessageBox, QWidget

from ... import APP_NAME, __version__

Shortcuts = list[tuple[QAction, QKeySequence.StandardKey]]


def build_menus(bar: QMenuBar, window: QWidget, open_settings: Callable[[], object],
                quit_app: Callable[[], object], show_safety: Callable[[], object]) -> Shortcuts:
    """Fill the menu bar; returns the actions' standard shortcuts, for the window to set once
    its pages are built (the first shortcut costs ~15 ms of Qt's start-up)."""
    file_menu = bar.addMenu("&File")
    settings_action = QAction("&Settings…", window)
    settings_action.triggered.connect(open_settings)
    file_menu.addAction(settings_action)
    quit_action = QAction("&Quit", window)
    quit_action.triggered.connect(quit_app)
    file_menu.addAction(quit_action)
    help_menu = bar.addMenu("&Help")
    keys = QAction("&Keys during a session", window)
    keys.triggered.connect(lambda: _show_keys(window))
    help_menu.addAction(keys)
    safety = QAction("&Safety", window)
    safety.triggered.connect(show_safety)
    help_menu.addAction(safety)
    about = QAction(f"&About {APP_NAME}", window)
    about.triggered.connect(lambda: _about(window))
    help_menu.addAction(about)
    return [(settings_action, QKeySequence.StandardKey.Preferences),
            (quit_action, QKeySequence.StandardKey.Quit)]


def _show_keys(window: QWidget) -> None:
    from ..session.session_page import keys_html  # loaded when asked for

    QMessageBox.information(window, "Keys", keys_html())


def _about(window: QWidget) -> None:
    QMessageBox.about(window, f"About {APP_NAME}", (
        f"<h3>{APP_NAME} {__version__}</h3><p>A spoken timer for hip exercises at home.</p>"
        "<p>This is not medical advice. See your doctor or physiotherapist before you "
        "start, and stop any exercise that gives sharp or growing pain.</p>"
        "<p>Licensed under the GNU GPL, version 3 or later.</p>"))
