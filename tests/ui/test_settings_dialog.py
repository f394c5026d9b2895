"""The settings dialog: voices from the engine, ranges shown, changes applied and saved."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pytestqt.qtbot import QtBot

from hiptimer.core.cues import Verbosity
from hiptimer.speech import SpeechUnavailable, VoiceSettings
from hiptimer.store.settings import Settings
from hiptimer.ui.settings_dialog import SettingsDialog

from .fakes import make_window
from .test_session_flow import FLOW

OWN = dataclasses.replace(FLOW, id="own", name="My own")


def test_changes_apply_to_the_next_session_and_are_saved(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((dataclasses.replace(FLOW, built_in=True), OWN), tmp_path)
    qtbot.addWidget(rig.window)
    dialog = rig.window.open_settings()
    qtbot.waitUntil(dialog.voice.isEnabled, timeout=5000)
    assert [dialog.voice.itemData(i) for i in range(dialog.voice.count())] == ["", "en", "de"]
    dialog.voice.setCurrentIndex(dialog.voice.findData("de"))
    dialog.rate.setValue(9999)  # the spin box keeps it in range
    dialog.verbosity.setCurrentIndex(dialog.verbosity.findData(Verbosity.COACH))
    dialog.beeps.setChecked(False)
    dialog.lead_in.setValue(8)
    dialog.accept()
    saved = rig.saved[-1]
    assert (saved.voice, saved.rate, saved.verbosity, saved.beeps, saved.lead_in_s) == (
        "de", 300, Verbosity.COACH, False, 8)
    assert rig.window.controller.settings == saved
    rig.window.start_routine("flow")
    qtbot.waitUntil(rig.window.session_page.start_view.start_button.isEnabled, timeout=5000)
    assert "tick" not in rig.player.loaded  # beeps off
    assert rig.window.controller.session is not None
    prepare = next(s for s in rig.window.controller.session.plan.segments
                   if s.kind.value == "prepare")
    assert prepare.duration == 8  # the get-ready time from the settings
    rig.window.controller.session = None
    rig.window.start_routine("own")
    qtbot.waitUntil(rig.window.session_page.start_view.start_button.isEnabled, timeout=5000)
    assert rig.window.controller.session is not None
    own = next(s for s in rig.window.controller.session.plan.segments
               if s.kind.value == "prepare")
    assert own.duration == 5  # a routine of your own keeps its get-ready time


def test_test_voice_sends_the_dialogs_voice(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(rate=150), lambda: [])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.test_requested) as said:
        dialog.test_button.click()
    assert said.args == [VoiceSettings("", 150, 1.0)]


def test_without_a_speech_engine_the_dialog_says_why(qtbot: QtBot) -> None:
    def no_engine() -> list[object]:
        raise SpeechUnavailable("The espeak-ng speech engine could not start.")

    dialog = SettingsDialog(Settings(), no_engine)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "No voices" in dialog.voice_status.text(), timeout=5000)
    assert "espeak-ng" in dialog.voice_status.text()
    assert not dialog.test_button.isEnabled()


def test_a_recent_hip_replacement_is_a_setting(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(), lambda: [])
    qtbot.addWidget(dialog)
    assert not dialog.hip_replaced.isChecked() and not dialog.hip_months.isEnabled()
    assert dialog.settings().hip_replaced_months == 0
    dialog.hip_replaced.setChecked(True)
    assert dialog.hip_months.text() == "1 month"
    dialog.hip_months.setValue(3)
    assert dialog.hip_months.text() == "3 months"
    assert dialog.settings().hip_replaced_months == 3
    dialog.hip_replaced.setChecked(False)
    assert dialog.settings().hip_replaced_months == 0
    again = SettingsDialog(Settings(hip_replaced_months=6), lambda: [])
    qtbot.addWidget(again)
    assert again.hip_replaced.isChecked() and again.hip_months.value() == 6
