"""The warning-sign recheck before a session with high pain: a yes sends to the right care and
starts nothing; all no starts gently."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from hiptimer.core import safety
from hiptimer.ui.routines.recheck import RecheckDialog


def _dialog(qtbot: QtBot, pain: int | None = 8, starting: bool = True) -> RecheckDialog:
    dialog = RecheckDialog(pain, starting=starting)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_every_question_must_be_answered_before_checking(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert len(dialog.pairs) == len(safety.RECHECK)
    assert not dialog.check.isEnabled()
    for _yes, no in dialog.pairs[:-1]:
        no.click()
    assert not dialog.check.isEnabled()  # one still unanswered
    dialog.pairs[-1][0].click()
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


def _tab_after(widget: QWidget) -> QWidget:
    """The widget Tab moves to from ``widget``: the next in the focus chain that takes Tab."""
    following = widget.nextInFocusChain()
    tab = Qt.FocusPolicy.TabFocus.value
    while not (following.focusPolicy().value & tab and following.isVisible()
               and following.isEnabled()):
        following = following.nextInFocusChain()
    return following


def test_it_can_be_answered_by_keyboard(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.focusWidget() is dialog.pairs[0][0]  # it opens on the first Yes
    chain = [b for pair in dialog.pairs for b in pair]
    for current, following in itertools.pairwise(chain):
        assert _tab_after(current) is following  # Tab: Yes, No, the next question's Yes
    for _yes, no in dialog.pairs:
        qtbot.keyClick(no, Qt.Key.Key_Space)  # Space picks the focused answer
    assert dialog.answers() == [False] * len(safety.RECHECK)
    qtbot.keyClick(dialog.pairs[0][0], Qt.Key.Key_Space)  # a change of mind
    assert dialog.answers()[:2] == [True, False]
    assert dialog.check.isEnabled()

