"""How the session drives the cue player: its own set of sounds, the player's lead time before
a cue due at once, and the banner when sound goes and comes back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hiptimer.speech import VoiceSettings
from hiptimer.ui.session.cue_player import LOST, NO_OUTPUT

from .fakes import make_window
from .test_session_flow import FLOW, open_start_screen, press

LEAD_S = 0.3


def test_the_first_cue_is_sent_ahead_by_the_players_lead(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path)
    rig.player.lead_s = LEAD_S
    open_start_screen(qtbot, rig.window)
    pressed = rig.clock.now
    qtbot.mouseClick(rig.window.session_page.start_view.start_button,
                     Qt.MouseButton.LeftButton)
    announcement = min(rig.player.pending)
    assert announcement[0] == pressed + LEAD_S and announcement[1].startswith("First: Bridge")
    session = rig.window.controller.session
    assert session is not None
    rig.clock.advance(LEAD_S / 2)
    assert session.position() == 0  # the session waits for the sound
    rig.clock.advance(LEAD_S / 2 + 2)
    assert session.position() == 2


def test_a_jump_or_a_resume_waits_for_the_lead_too(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path)
    rig.player.lead_s = LEAD_S
    window, clock, player = rig.window, rig.clock, rig.player
    open_start_screen(qtbot, window)
    qtbot.mouseClick(window.session_page.start_view.start_button, Qt.MouseButton.LeftButton)
    clock.advance(5)
    run = window.session_page.run_view
    press(qtbot, run, Qt.Key.Key_Right)  # skip to the piriformis stretch
    first = min(player.pending)
    assert first[0] == clock.now + LEAD_S and "Piriformis" in first[1]
    press(qtbot, run, Qt.Key.Key_Space)  # pause: nothing waits
    assert player.pending == []
    clock.advance(30)
    press(qtbot, run, Qt.Key.Key_Space)  # resume
    assert all(deadline >= clock.now + LEAD_S for deadline, _ in player.pending)


def test_sound_lost_shows_in_the_banner_until_it_comes_back(qtbot: QtBot,
                                                           tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path)
    open_start_screen(qtbot, rig.window)
    banner = rig.window.session_page.banner
    qtbot.mouseClick(rig.window.session_page.start_view.start_button,
                     Qt.MouseButton.LeftButton)
    rig.player.failed.emit(LOST)
    assert banner.isVisible() and "Sound stopped" in banner.text()
    rig.player.restored.emit(LOST)
    assert "Sound stopped" not in banner.text() and not banner.isVisible()


def test_trying_a_voice_keeps_the_sessions_sounds(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path)
    open_start_screen(qtbot, rig.window)  # the session's sounds are loaded
    session_sounds = dict(rig.player.loaded)
    rig.window.test_voice(VoiceSettings("de", 150, 0.8))
    qtbot.waitUntil(lambda: bool(rig.player.previews), timeout=5000)
    assert rig.player.loaded == session_sounds and list(rig.player.sets) == ["session"]


def test_start_waits_until_the_sound_plays_or_cannot(qtbot: QtBot, tmp_path: Path) -> None:
    for outcome in ("ready", "failed"):
        rig = make_window((FLOW,), tmp_path / outcome)
        rig.player.ready_at_once = False
        qtbot.addWidget(rig.window)
        rig.window.show()
        rig.window.start_routine("flow")
        start = rig.window.session_page.start_view
        qtbot.waitUntil(lambda: start.status.text() == "Getting the sound ready…",  # noqa: B023
                        timeout=5000)
        assert not start.start_button.isEnabled()  # a first cue sent now would be lost
        if outcome == "ready":
            rig.player.ready.emit("session")
        else:
            rig.player.failed.emit(NO_OUTPUT)
        assert start.start_button.isEnabled()
        assert start.status.text() == "Ready. Get your mat and press Start."
