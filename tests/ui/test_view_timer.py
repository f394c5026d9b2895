"""The session view looks at the clock when what it shows next changes, not on a fixed beat."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hiptimer.core.plan import Kind
from hiptimer.ui.session.session_controller import TIMER_SLACK_MS
from tests.core.helpers import block

from .test_figure import start_flow

HOLD = block("hamstring-stretch", hold_s=60, lead_in_s=5, transition_s=10)


def test_in_a_long_hold_the_view_wakes_as_each_second_goes_down(qtbot: QtBot,
                                                                  tmp_path: Path) -> None:
    rig = start_flow(qtbot, tmp_path, HOLD)
    controller = rig.window.controller
    controller.follow_clock = True
    session = controller.session
    assert session is not None
    rig.clock.advance(15 + 12.7)  # into the hold, 47.3 s of it left
    controller.refresh()
    snap = session.snapshot()
    assert snap.segment.kind is Kind.HOLD and snap.remaining == pytest.approx(47.3)
    assert controller.timer.isActive() and controller.timer.isSingleShot()
    assert controller.timer.interval() == 300 + TIMER_SLACK_MS  # when 47 shows
    rig.clock.advance(0.3)
    controller.refresh()
    assert controller.timer.interval() == 1000 + TIMER_SLACK_MS  # then a second at a time


def test_paused_it_wakes_once_a_second_and_at_the_end_not_at_all(qtbot: QtBot,
                                                                tmp_path: Path) -> None:
    rig = start_flow(qtbot, tmp_path, HOLD)
    controller = rig.window.controller
    controller.follow_clock = True
    rig.clock.advance(20.5)
    qtbot.keyClick(rig.window.session_page.run_view, Qt.Key.Key_Space)  # pause
    assert controller.timer.interval() == 1000 + TIMER_SLACK_MS
    qtbot.keyClick(rig.window.session_page.run_view, Qt.Key.Key_Space)  # carry on
    assert controller.timer.interval() <= 1000 + TIMER_SLACK_MS
    rig.clock.advance(60)
    controller.refresh()  # over: the end screen shows
    assert rig.window.session_page.currentWidget() is rig.window.session_page.end_view
    assert not controller.timer.isActive()


def test_a_look_that_fails_does_not_stop_the_next(qtbot: QtBot, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    rig = start_flow(qtbot, tmp_path, HOLD)
    controller = rig.window.controller
    controller.follow_clock = True
    rig.clock.advance(20)

    def fails(*_args: object) -> None:
        raise RuntimeError("could not draw")

    monkeypatch.setattr(rig.window.session_page.run_view, "show_display", fails)
    with pytest.raises(RuntimeError):
        controller.refresh()
    assert controller.timer.isActive() and controller.timer.interval() == 1000


def test_the_time_spent_drawing_is_not_added_to_the_wait(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rig = start_flow(qtbot, tmp_path, HOLD)
    controller = rig.window.controller
    controller.follow_clock = True
    run_view = rig.window.session_page.run_view
    draw = run_view.show_display

    def slow_draw(*args: object) -> None:
        rig.clock.advance(0.05)  # a slow machine takes 50 ms to draw
        draw(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(run_view, "show_display", slow_draw)
    rig.clock.advance(15 + 12.7)  # 47.3 s of the hold left at the look
    controller.refresh()
    assert controller.timer.interval() == 250 + TIMER_SLACK_MS  # 47 shows on its second
