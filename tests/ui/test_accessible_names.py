"""Every control a person can Tab to on the Routines and History tabs, in the routine editor
and in Settings has a name a screen reader can say."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from hiptimer.core.routine import find
from hiptimer.core.routine_load import builtin_routines
from tests.core.helpers import CATALOG

from .fakes import make_window

ROUTINES = builtin_routines(CATALOG)


def unnamed(top: QWidget) -> list[str]:
    """The focusable controls under ``top`` that a screen reader would have no name for."""
    missing = []
    for widget in top.findChildren(QWidget):
        if (widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(top)
                or widget.focusProxy() is not None):
            continue
        face = QAccessible.queryAccessibleInterface(widget)
        name = face.text(QAccessible.Text.Name) if face is not None else ""
        if not name.strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} "
                           f"in {type(widget.parentWidget()).__name__}")
    return missing


def test_every_control_has_a_name(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(ROUTINES, tmp_path).window
    qtbot.addWidget(window)
    window.show()
    assert unnamed(window.tabs.tabBar()) == [] and window.tabs.accessibleName()
    assert unnamed(window.routines_page) == []
    window.tabs.setCurrentWidget(window.history_tab)
    assert unnamed(window.history_page) == []
    editor = window.edit_routine(find(ROUTINES, "daily-stretches"))  # type: ignore[arg-type]
    assert unnamed(editor) == []
    dialog = window.open_settings()
    qtbot.waitUntil(dialog.voice.isEnabled, timeout=5000)
    assert unnamed(dialog) == [], "; ".join(unnamed(dialog))
    dialog.reject()
    editor.close()
