"""Settings: voice, speed, volume, how much is said, beeps, the countdown before each exercise,
look, reminders, a recent hip replacement, and where the data is kept."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTime, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from ...core.cues import Verbosity
from ...speech import SpeechUnavailable, Voice, VoiceSettings
from ...store.settings import Settings, Theme, limits
from ..tasks import run_in_background
from ..widgets.plain import plain_label

VERBOSITY_LABELS = {
    Verbosity.MINIMAL: "Minimal: names, sides, hold and rest; beeps for the rest",
    Verbosity.STANDARD: "Standard: also each movement, rep counts and countdowns",
    Verbosity.COACH: "Coach: also what you should feel, and encouragement",
}


APP_LANGUAGE = "en"  # the language HipTimer speaks: its voices come first
COUNTDOWN_NOTE = ("After each exercise is announced you have its own time to get into "
                  "position (15 s for most; your routines set it in the editor). Then "
                  "HipTimer counts the get-ready time down, naming the side to start on, "
                  "before the first rep or hold. 0: start as soon as you are in position. "
                  "The same for every routine.")
THEME_LABELS = {Theme.SYSTEM: "Like the rest of my desktop", Theme.LIGHT: "Light",
                Theme.DARK: "Dark"}


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``settings()`` gives the result once accepted.

    Signals:
        test_requested(object): the VoiceSettings to say a sample phrase with.
        volume_tried(object): the VoiceSettings to play a short sound with, as the volume
            is changed (once the slider is let go, or the keys rest a moment).
    """

    test_requested = Signal(object)
    volume_tried = Signal(object)

    def __init__(self, settings: Settings, list_voices: Callable[[], list[Voice]],
                 parent: QWidget | None = None, *, data_folder: Path | None = None,
                 tray_available: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._original = settings
        rate, volume, lead_in = limits("rate"), limits("volume"), limits("lead_in_s")
        self.voice = QComboBox()
        self.voice.addItem("The system's default voice", "")
        self.voice.setEnabled(False)
        self.voice.setAccessibleName("Voice")
        self.voice_status = plain_label("Looking for voices…")  # may quote the engine
        self.voice_status.setWordWrap(True)
        self.more_languages = QCheckBox("More languages")
        self.more_languages.setToolTip("Also list the voices for other languages (HipTimer "
                                       "speaks English: another voice reads it with its "
                                       "own accent)")
        self.more_languages.setEnabled(False)
        self.more_languages.toggled.connect(lambda _on: self._list_voices())
        self._voices: list[Voice] = []
        self.rate = QSpinBox()
        self.rate.setRange(int(rate.lo), int(rate.hi))
        self.rate.setSuffix(" words a minute")
        self.rate.setValue(settings.rate)
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(round(volume.lo * 100), round(volume.hi * 100))
        self.volume.setValue(round(settings.volume * 100))
        self.volume.setAccessibleName("Voice volume")
        self.volume_value = QLabel()
        self.volume_value.setMinimumWidth(self.volume_value.fontMetrics().horizontalAdvance(
            "100 %") + 4)
        self.volume.valueChanged.connect(self._show_volume)
        self._show_volume(self.volume.value())
        # Heard once the slider is let go; from the keys, once they rest a moment.
        self._volume_rest = QTimer(self, singleShot=True, interval=400)
        self._volume_rest.timeout.connect(self.try_volume)
        self.volume.sliderReleased.connect(self.try_volume)
        self.volume.valueChanged.connect(
            lambda _v: None if self.volume.isSliderDown() else self._volume_rest.start())
        self.verbosity = QComboBox()
        for level, label in VERBOSITY_LABELS.items():
            self.verbosity.addItem(label, level)
        self.verbosity.setCurrentIndex(list(VERBOSITY_LABELS).index(settings.verbosity))
        self.beeps = QCheckBox("Beep for the last three seconds and at each change")
        self.beeps.setChecked(settings.beeps)
        self.lead_in = QDoubleSpinBox()
        self.lead_in.setRange(lead_in.lo, lead_in.hi)
        self.lead_in.setDecimals(0)
        self.lead_in.setSuffix(" s")
        self.lead_in.setValue(settings.lead_in_s)
        self.lead_in.setAccessibleName("Get-ready time")
        self.lead_in.setAccessibleDescription(COUNTDOWN_NOTE)
        self.lead_in_note = QLabel(COUNTDOWN_NOTE)
        self.lead_in_note.setWordWrap(True)
        self.theme = QComboBox()
        for theme, label in THEME_LABELS.items():
            self.theme.addItem(label, theme)
        self.theme.setCurrentIndex(list(THEME_LABELS).index(settings.theme))
        self.remind = QCheckBox("Remind me every day at")
        self.remind.setChecked(settings.remind and tray_available)
        self.remind_at = QTimeEdit(QTime.fromString(settings.remind_at, "HH:mm"))
        self.remind_at.setDisplayFormat("HH:mm")
        self.remind_at.setAccessibleName("Reminder time")
        self.remind_at.setEnabled(self.remind.isChecked())
        self.remind.toggled.connect(self.remind_at.setEnabled)
        self.remind_status = QLabel("" if tray_available else (
            "Your desktop has no system tray, so HipTimer cannot remind you."))
        self.remind_status.setWordWrap(True)
        self.remind.setEnabled(tray_available)
        months = limits("hip_replaced_months")
        self.hip_replaced = QCheckBox("I had a hip replaced in the last")
        self.hip_replaced.setChecked(settings.hip_replaced_months > 0)
        self.hip_months = QSpinBox()
        self.hip_months.setRange(1, int(months.hi))
        self.hip_months.setAccessibleName("Months since the hip replacement")
        self.hip_months.valueChanged.connect(
            lambda n: self.hip_months.setSuffix(" month" if n == 1 else " months"))
        self.hip_months.setValue(max(1, settings.hip_replaced_months))
        self.hip_months.setSuffix(" month" if self.hip_months.value() == 1 else " months")
        self.hip_months.setEnabled(self.hip_replaced.isChecked())
        self.hip_replaced.toggled.connect(self.hip_months.setEnabled)
        self.hip_note = QLabel("Exercises that bend the hip past a right angle, cross the legs "
                               "or turn the leg in are then marked, and said before each one.")
        self.hip_note.setWordWrap(True)
        self.data_folder = plain_label(str(data_folder) if data_folder else "")
        self.data_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.data_folder.setAccessibleName("Your data folder")
        self.data_folder.setWordWrap(True)
        self.open_folder = QPushButton("Open")
        self.open_folder.setToolTip("Show the folder with your history and routines")
        self.open_folder.setEnabled(data_folder is not None)
        self.open_folder.clicked.connect(lambda: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(data_folder))))
        self.test_button = QPushButton("Test voice")
        self.test_button.clicked.connect(lambda: self.test_requested.emit(self.voice_settings()))

        form = QFormLayout(self)
        voice_row = QHBoxLayout()
        voice_row.addWidget(self.voice, 1)
        voice_row.addWidget(self.test_button)
        form.addRow("Voice", voice_row)
        status_row = QHBoxLayout()
        status_row.addWidget(self.voice_status, 1)
        status_row.addWidget(self.more_languages)
        form.addRow("", status_row)
        form.addRow(f"Speed ({rate.lo:g}–{rate.hi:g})", self.rate)
        volume_row = QHBoxLayout()
        volume_row.addWidget(self.volume, 1)
        volume_row.addWidget(self.volume_value)
        form.addRow("Volume", volume_row)
        form.addRow("How much is said", self.verbosity)
        form.addRow("Beeps", self.beeps)
        form.addRow(f"Get-ready time ({lead_in.lo:g}–{lead_in.hi:g} s)", self.lead_in)
        form.addRow("", self.lead_in_note)
        form.addRow("Look", self.theme)
        remind_row = QHBoxLayout()
        remind_row.addWidget(self.remind)
        remind_row.addWidget(self.remind_at)
        remind_row.addStretch(1)
        form.addRow("Reminder", remind_row)
        if not tray_available:
            form.addRow("", self.remind_status)
        hip_row = QHBoxLayout()
        hip_row.addWidget(self.hip_replaced)
        hip_row.addWidget(self.hip_months)
        hip_row.addStretch(1)
        form.addRow("Hip replacement", hip_row)
        form.addRow("", self.hip_note)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.data_folder, 1)
        folder_row.addWidget(self.open_folder)
        form.addRow("Your data", folder_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        # Tall enough for the wrapped notes at this width (a dialog does not ask its labels).
        self.resize(self.sizeHint().width(), max(self.sizeHint().height(),
                                                 form.totalHeightForWidth(self.sizeHint().width())))
        self._task = run_in_background(lambda _progress: list_voices(), self._show_voices,
                                       self._no_voices, parent=self)

    def _show_voices(self, voices: list[Voice]) -> None:
        self._voices = sorted(voices, key=lambda v: (not speaks_app_language(v), v.name.lower()))
        chosen = next((v for v in voices if v.id == self._original.voice), None)
        self.more_languages.setEnabled(any(not speaks_app_language(v) for v in voices))
        self.more_languages.setChecked(chosen is not None and not speaks_app_language(chosen))
        self._list_voices()
        self.voice.setEnabled(True)
        if self._original.voice and chosen is None:
            self.voice_status.setText("Your chosen voice is no longer installed; the default "
                                      "voice will be used.")

    def _list_voices(self) -> None:
        """The default voice, the English ones, and the others when asked for."""
        chosen = self.voice.currentData() if self.voice.count() > 1 else self._original.voice
        shown = [v for v in self._voices
                 if self.more_languages.isChecked() or speaks_app_language(v)]
        self.voice.clear()
        self.voice.addItem("The system's default voice", "")
        for voice in shown:
            languages = f" ({', '.join(voice.languages)})" if voice.languages else ""
            self.voice.addItem(f"{voice.name}{languages}", voice.id)
        self.voice.setCurrentIndex(max(self.voice.findData(chosen), 0))
        english = sum(speaks_app_language(v) for v in self._voices)
        self.voice_status.setText(
            f"{len(shown)} of {len(self._voices)} voices shown." if self.more_languages
            .isChecked() else f"{english} English voice{'' if english == 1 else 's'}; "
            f"{len(self._voices) - english} more for other languages.")

    def _show_volume(self, value: int) -> None:
        self.volume_value.setText(f"{value} %")
        self.volume.setAccessibleDescription(f"{value} percent")

    def try_volume(self) -> None:
        """Play a short sound at the volume now set."""
        self._volume_rest.stop()
        self.volume_tried.emit(self.voice_settings())

    def _no_voices(self, error: Exception) -> None:
        reason = str(error) if isinstance(error, SpeechUnavailable) else repr(error)
        self.voice_status.setText(f"No voices: {reason}")
        self.test_button.setEnabled(False)

    def voice_settings(self) -> VoiceSettings:
        return VoiceSettings(str(self.voice.currentData() or ""), self.rate.value(),
                             self.volume.value() / 100)

    def settings(self) -> Settings:
        voice = self.voice_settings()
        return dataclasses.replace(
            self._original, voice=voice.voice, rate=voice.rate, volume=voice.volume,
            verbosity=Verbosity(self.verbosity.currentData()), beeps=self.beeps.isChecked(),
            lead_in_s=self.lead_in.value(), theme=Theme(self.theme.currentData()),
            remind=self.remind.isChecked(), remind_at=self.remind_at.time().toString("HH:mm"),
            hip_replaced_months=self.hip_months.value() if self.hip_replaced.isChecked() else 0)


def speaks_app_language(voice: Voice) -> bool:
    """Whether the voice reads HipTimer's language (``en``, ``en-gb``, ``en-us``…); not
    espeak's English for the Shavian alphabet, which expects another script."""
    return any(lang.lower().replace("_", "-").split("-")[0] == APP_LANGUAGE
               and "shaw" not in lang.lower() for lang in voice.languages)
