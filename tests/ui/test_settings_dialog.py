"""The settings dialog: voices from the engine, ranges shown, changes applied and saved."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pytestqt.qtbot import QtBot

from hiptimer.core.cues import Verbosity
from hiptimer.speech import SpeechUnavailable, Voice, VoiceSettings
from hiptimer.store.settings import Settings
from hiptimer.ui.window.settings_dialog import SettingsDialog

from .fakes import make_window
from .test_session_flow import FLOW

OWN = dataclasses.replace(FLOW, id="own", name="My own")


def test_changes_apply_to_the_next_session_and_are_saved(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((dataclasses.replace(FLOW, built_in=True), OWN), tmp_path)
    qtbot.addWidget(rig.window)
    dialog = rig.window.open_settings()
    qtbot.waitUntil(dialog.voice.isEnabled, timeout=5000)
    assert [dialog.voice.itemData(i) for i in range(dialog.voice.count())] == ["", "en"]
    dialog.more_languages.setChecked(True)
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
    assert own.duration == 8  # one get-ready time, for your own routines too


VOICES = [Voice("gmw/en-us", "English (America)", ("en-us",)),
          Voice("gmw/af", "Afrikaans", ("af",)),
          Voice("gmw/en", "English (Great Britain)", ("en-gb",)),
          Voice("gmw/en-shaw", "English (Shavian alphabet)", ("en-shaw",)),
          Voice("roa/fr", "French (France)", ("fr-fr",))]


def listed(dialog: SettingsDialog) -> list[str]:
    return [dialog.voice.itemText(i) for i in range(dialog.voice.count())]


def test_voices_for_english_come_first_and_the_rest_behind_more_languages(
        qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(voice="gmw/en"), lambda: VOICES)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.voice.isEnabled, timeout=5000)
    assert listed(dialog) == ["The system's default voice", "English (America) (en-us)",
                              "English (Great Britain) (en-gb)"]
    assert dialog.voice.currentData() == "gmw/en" and not dialog.more_languages.isChecked()
    assert dialog.voice_status.text() == "2 English voices; 3 more for other languages."
    dialog.more_languages.setChecked(True)
    assert listed(dialog)[1:3] == ["English (America) (en-us)",
                                   "English (Great Britain) (en-gb)"]  # still first
    assert len(listed(dialog)) == 6 and dialog.voice.currentData() == "gmw/en"
    dialog.voice.setCurrentIndex(dialog.voice.findData("roa/fr"))
    assert dialog.settings().voice == "roa/fr"

    french = SettingsDialog(Settings(voice="roa/fr"), lambda: VOICES)  # chosen before
    qtbot.addWidget(french)
    qtbot.waitUntil(french.voice.isEnabled, timeout=5000)
    assert french.more_languages.isChecked() and french.voice.currentData() == "roa/fr"


def test_the_volume_shows_its_value_and_is_heard_through_the_player(
        qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path)
    qtbot.addWidget(rig.window)
    asked: list[Settings] = []
    speech_for = rig.window.services.speech_for
    rig.window.services.speech_for = lambda s: asked.append(s) or speech_for(s)  # type: ignore[func-returns-value]
    dialog = rig.window.open_settings()
    assert dialog.volume_value.text() == "100 %"
    dialog.volume.setValue(40)
    assert dialog.volume_value.text() == "40 %"
    assert dialog.volume.accessibleDescription() == "40 percent"
    with qtbot.waitSignal(dialog.volume_tried) as tried:
        dialog.volume.sliderReleased.emit()  # let go of the slider
    assert tried.args == [VoiceSettings("", 170, 0.4)]
    qtbot.waitUntil(lambda: bool(rig.player.previews), timeout=5000)
    assert [s.volume for s in asked] == [0.4]  # rendered at that volume, played as a preview
    dialog.reject()


def test_one_countdown_before_each_exercise_is_explained(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(lead_in_s=3), lambda: [])
    qtbot.addWidget(dialog)
    assert dialog.lead_in.value() == 3
    assert "get into position" in dialog.lead_in_note.text()
    assert "every routine" in dialog.lead_in_note.text()


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
