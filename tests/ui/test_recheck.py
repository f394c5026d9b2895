"""The warning-sign recheck before a session with high pain: a yes sends to the right care and
starts nothing; all no starts gently."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hiptimer.core import safety
from hiptimer.ui.recheck import RecheckDialog


def _dialog(qtbot: QtBot, pain: int | None = 8, starting: bool = True) -> RecheckDialog:
    dialog = RecheckDialog(pain, starting=starting)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_every_question_must_be_answered_before_checking(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert len(dialog.groups) == len(safety.RECHECK)
    assert not dialog.check.isEnabled()
    for group in dialog.groups[:-1]:
        group.button(0).click()  # "No"
    assert not dialog.check.isEnabled()  # one still unanswered
    dialog.groups[-1].button(1).click()
    assert dialog.check.isEnabled()


def test_all_no_starts_gently(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.answer([False] * len(safety.RECHECK))
    dialog.check.click()
    assert dialog.tier is None
    assert "No warning signs" in dialog.outcome.text() and "go gently" in dialog.outcome.text()
    assert dialog.gently.isVisible()
    with qtbot.waitSignal(dialog.accepted):
        dialog.gently.click()


@pytest.mark.parametrize("question", safety.RECHECK, ids=lambda q: q.signs[0])
def test_any_yes_says_what_care_to_get_and_starts_nothing(qtbot: QtBot,
                                                          question: safety.Question) -> None:
    dialog = _dialog(qtbot)
    dialog.answer([q is question for q in safety.RECHECK])
    dialog.check.click()
    assert dialog.tier is question.tier
    assert question.tier.action in dialog.outcome.text()
    assert not dialog.gently.isVisible()
    with qtbot.waitSignal(dialog.rejected):
        dialog.close_button.click()


def test_the_most_urgent_answer_wins(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.answer([q.tier is not safety.Tier.TODAY or q.signs == ("calf",)
                   for q in safety.RECHECK])
    dialog.check.click()
    assert dialog.tier is safety.Tier.EMERGENCY
    assert "Call emergency services now" in dialog.outcome.text()


def test_from_the_flare_card_it_only_informs(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, pain=None, starting=False)
    dialog.answer([False] * len(safety.RECHECK))
    dialog.check.click()
    assert not dialog.gently.isVisible() and dialog.close_button.text() == "Close"


def test_it_can_be_answered_by_keyboard(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    first = dialog.groups[0].button(1)
    first.setFocus()
    for index, group in enumerate(dialog.groups):
        focused = dialog.focusWidget()
        assert focused is group.button(1), index  # Tab reaches each question's Yes
        qtbot.keyClick(focused, Qt.Key.Key_Tab)  # then its No, and Space picks it
        assert dialog.focusWidget() is group.button(0)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)
        assert group.checkedId() == 0
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.check and dialog.check.isEnabled()
