"""The Session tab without a mouse, offscreen: the pain scale's keys, Enter to start, the
help pausing the session, the note's Tab, and phase changes told to screen readers once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot

from hiptimer.ui.session import run_view
from hiptimer.ui.widgets.pain_scale import PainScale
from hiptimer.ui.window.main_window import MainWindow

from .fakes import make_window
from .test_session_flow import FLOW, open_start_screen


def test_digits_and_arrows_answer_and_space_never_does(qtbot: QtBot) -> None:
    scale = PainScale("How much?")
    qtbot.addWidget(scale)
    changes: list[object] = []
    scale.changed.connect(changes.append)
    target = scale.focus_button()
    qtbot.keyClick(target, Qt.Key.Key_7)
    assert scale.value() == 7 and scale.group.button(7).isChecked()
    qtbot.keyClick(scale.focus_button(), Qt.Key.Key_Space)
    assert scale.value() == 7 and scale.group.button(7).isChecked()
    qtbot.keyClick(scale.focus_button(), Qt.Key.Key_Up)
    qtbot.keyClick(scale.focus_button(), Qt.Key.Key_Up)
    qtbot.keyClick(scale.focus_button(), Qt.Key.Key_Up)
    qtbot.keyClick(scale.focus_button(), Qt.Key.Key_Up)
    assert scale.value() == 10  # and no further
    qtbot.keyClick(scale.focus_button(), Qt.Key.Key_Delete)
    assert scale.value() is None
    assert changes == [7, 8, 9, 10, None]
    focusable = [b for b in scale.group.buttons()
                 if b.focusPolicy() != Qt.FocusPolicy.NoFocus]
    assert focusable == [scale.group.button(0)]  # one Tab stop


def test_enter_starts_and_space_on_the_scale_records_nothing(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path)
    open_start_screen(qtbot, rig.window)
    start = rig.window.session_page.start_view
    assert start.tab_chain()[0] is start.start_button
    qtbot.keyClick(start.pain.focus_button(), Qt.Key.Key_Space)
    assert start.pain.value() is None
    qtbot.keyClick(start.pain.focus_button(), Qt.Key.Key_Return)
    assert rig.window.session_page.currentWidget() is rig.window.session_page.run_view
    assert rig.window.controller.record is None and start.pain.value() is None


def test_the_help_pauses_the_session_while_it_shows(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path)
    open_start_screen(qtbot, rig.window)
    rig.window.session_page.start_view.start_button.click()
    run, session = rig.window.session_page.run_view, rig.window.controller.session
    assert session is not None
    qtbot.keyClick(run, Qt.Key.Key_F1)
    assert run.help_overlay.isVisible() and session.status.value == "paused"
    qtbot.keyClick(run, Qt.Key.Key_Escape)  # closes the help, does not stop
    assert not run.help_overlay.isVisible() and session.status.value == "running"
    qtbot.keyClick(run, Qt.Key.Key_Space)
    qtbot.keyClick(run, Qt.Key.Key_F1)
    qtbot.keyClick(run, Qt.Key.Key_F1)
    assert session.status.value == "paused"  # paused by the user: the help leaves it so


def test_the_note_passes_tab_on(qtbot: QtBot, tmp_path: Path) -> None:
    end = make_window((FLOW,), tmp_path).window.session_page.end_view
    assert end.note.tabChangesFocus()


def test_a_phase_change_is_announced_once(qtbot: QtBot, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(QAccessible, "isActive", staticmethod(lambda: True))
    monkeypatch.setattr(run_view.QAccessible, "updateAccessibility",
                        staticmethod(lambda event: said.append(event.message())))
    rig = make_window((FLOW,), tmp_path)
    open_start_screen(qtbot, rig.window)
    rig.window.session_page.start_view.start_button.click()
    for _ in range(5):  # ticks within "Get into position"
        rig.clock.advance(1)
        rig.window.controller.refresh()
    rig.clock.advance(6)  # into "Get ready"
    rig.window.controller.refresh()
    assert said == ["Bridge: Get into position", "Bridge: Get ready"]


def mnemonics(window: MainWindow) -> list[str]:
    """The Alt+letter keys live in the window now: tabs, menus, and what the page shows."""
    texts = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    texts += [a.text() for a in window.menuBar().actions()]
    page = window.tabs.currentWidget()
    texts += [w.text() for w in page.findChildren(QAbstractButton) if w.isVisible()]
    texts += [w.text() for w in page.findChildren(QLabel) if w.isVisible() and w.buddy()]
    keys = []
    for text in texts:
        at = text.replace("&&", "").find("&")
        if at >= 0:
            keys.append(text.replace("&&", "")[at + 1].lower())
    return keys


def test_every_alt_key_has_one_owner_on_the_session_tab(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path)
    window = rig.window
    open_start_screen(qtbot, window)
    states = {}
    states["start"] = mnemonics(window)
    window.session_page.start_view.start_button.click()
    states["run"] = mnemonics(window)
    window.controller.stop()
    window.controller.stop()
    states["end"] = mnemonics(window)
    for keys in states.values():
        assert sorted(keys) == sorted(set(keys)), keys
    assert "h" in states["run"]  # the Help menu's, and no one else's
