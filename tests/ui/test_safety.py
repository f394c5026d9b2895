"""The safety notice: it must be acknowledged before use, and says every red flag."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from hiptimer.core import safety
from hiptimer.ui.widgets.safety import AGREE_TEXT, SafetyDialog, safety_html


def _dialog(qtbot: QtBot, *, read_only: bool = False) -> SafetyDialog:
    dialog = SafetyDialog(read_only=read_only)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _parts(dialog: SafetyDialog) -> tuple[QCheckBox, QWidget, QWidget]:
    assert dialog.agree is not None
    assert dialog.start_button is not None
    assert dialog.quit_button is not None
    return dialog.agree, dialog.start_button, dialog.quit_button


def _words(text: str) -> str:
    return " ".join(text.split())


def test_start_is_disabled_until_the_box_is_ticked(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    agree, start, _quit = _parts(dialog)
    assert agree.text().replace("&", "") == AGREE_TEXT
    assert not agree.isChecked()
    assert not start.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter does nothing while the box is clear
    dialog.accept()  # nor does a direct call
    assert dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    agree.setChecked(True)
    assert start.isEnabled()
    agree.setChecked(False)
    assert not start.isEnabled()


def test_ticking_the_box_by_keyboard_then_enter_accepts(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    agree, start, _quit = _parts(dialog)
    assert dialog.focusWidget() is dialog.text  # reading comes first
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is agree
    qtbot.keyClick(agree, Qt.Key.Key_Space)
    assert agree.isChecked() and start.isEnabled()
    acknowledged: list[int] = []
    dialog.acknowledged.connect(acknowledged.append)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(agree, Qt.Key.Key_Return)
    assert acknowledged == [safety.SAFETY_VERSION]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()


def test_start_button_accepts_once_ticked(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    agree, start, _quit = _parts(dialog)
    agree.setChecked(True)
    with qtbot.waitSignal(dialog.acknowledged) as said:
        qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    assert said.args == [safety.SAFETY_VERSION]
    assert dialog.result() == QDialog.DialogCode.Accepted


@pytest.mark.parametrize("how", ["escape", "quit button"])
def test_escape_and_quit_reject(qtbot: QtBot, how: str) -> None:
    dialog = _dialog(qtbot)
    agree, _start, quit_button = _parts(dialog)
    agree.setChecked(True)  # even when ticked, Esc and Quit quit
    acknowledged: list[int] = []
    dialog.acknowledged.connect(acknowledged.append)
    with qtbot.waitSignal(dialog.rejected):
        if how == "escape":
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert acknowledged == []


def test_read_only_has_just_a_close_button(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, read_only=True)
    assert dialog.agree is None and dialog.start_button is None and dialog.quit_button is None
    assert dialog.findChildren(QCheckBox) == []
    buttons = dialog.buttons.buttons()
    assert len(buttons) == 1
    assert dialog.buttons.standardButton(buttons[0]) == QDialogButtonBox.StandardButton.Close
    first_run = _dialog(qtbot)
    assert _words(dialog.text.toPlainText()) == _words(first_run.text.toPlainText())
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Close is the default


@pytest.mark.parametrize("sign", safety.WARNING_SIGNS, ids=lambda s: s.key)
def test_every_warning_sign_is_shown_under_its_tier(qtbot: QtBot, sign: safety.WarningSign
                                                    ) -> None:
    dialog = _dialog(qtbot)
    shown = _words(dialog.text.toPlainText())
    assert _words(sign.text) in shown
    heading = shown.index(_words(sign.tier.heading))
    after = [shown.index(_words(t.heading)) for t in safety.Tier if t < sign.tier]
    assert heading < shown.index(_words(sign.text)) < min(
        [a for a in after if a > heading], default=len(shown))


def test_the_whole_notice_is_shown(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    shown = _words(dialog.text.toPlainText())
    for part in (*safety.INTRO, *safety.BEFORE_YOU_START, safety.PAIN_RULE):
        assert _words(part) in shown
    tiers = [shown.index(_words(t.heading)) for t in (safety.Tier.EMERGENCY, safety.Tier.TODAY,
                                                       safety.Tier.DOCTOR)]
    assert tiers == sorted(tiers)  # the most urgent first


def test_html_escapes_the_text() -> None:
    html = safety_html()
    assert "<script" not in html
    assert html.count("<li ") == len(safety.BEFORE_YOU_START) + len(safety.WARNING_SIGNS)


def test_the_dialog_fits_a_small_screen(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    available = dialog.screen().availableGeometry()
    assert dialog.width() <= available.width()
    assert dialog.height() <= available.height()
