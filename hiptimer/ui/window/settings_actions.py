"""The settings side of the window: the dialog, applying and saving settings, the voice test."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ...speech import RenderResult, VoiceSettings
from ...store.settings import Settings
from ..session.session_controller import SessionController
from ..tasks import run_in_background
from ..widgets.plain import warn
from .reminders import Reminders
from .services import Services
from .settings_dialog import SettingsDialog
from .theme import ThemeSwitcher

SAMPLE_PHRASE = "This is how HipTimer will sound. Ten seconds left."
VOLUME_PHRASE = "This loud."  # short: heard as the volume slider is let go


class SettingsActions(QObject):
    """Opens the settings dialog and puts accepted settings to use at once.

    Signals:
        applied(object): these Settings are in use now; it also listens to the dialog's
            ``test_requested`` and ``accepted``.
    """

    applied = Signal(object)

    def __init__(self, services: Services, controller: SessionController,
                 themes: ThemeSwitcher, reminders: Reminders, parent: QWidget) -> None:
        """Act for the window ``parent``.

        Args:
            services: holds the settings in use, and saves them.
            controller: the session, which takes new settings and plays the voice sample.
            themes: applies the chosen theme.
            reminders: takes the chosen reminder time.
            parent: the window, over which the dialog and the warnings open.
        """
        super().__init__(parent)
        self._services = services
        self._controller = controller
        self._themes = themes
        self._reminders = reminders
        self._window = parent

    def open_settings(self) -> SettingsDialog:
        """Show the settings dialog; accepted changes apply from the next session on."""
        services = self._services
        dialog = SettingsDialog(services.settings, services.list_voices, self._window,
                                data_folder=services.data_folder,
                                tray_available=Reminders.available())
        dialog.test_requested.connect(self.test_voice)
        dialog.volume_tried.connect(lambda voice: self.test_voice(voice, VOLUME_PHRASE))
        dialog.accepted.connect(lambda: self.apply(dialog.settings()))
        dialog.open()
        return dialog

    def apply(self, settings: Settings) -> None:
        """Use ``settings`` from now on, and save them for next time."""
        self._services.settings = self._controller.settings = settings
        self._themes.apply(settings.theme)
        self._reminders.configure(settings.remind, settings.remind_at)
        self.applied.emit(settings)
        try:
            self._services.save_settings(settings)
        except OSError as exc:
            warn(self._window, "Settings not saved", (
                f"Your settings apply now but could not be saved for next time: {exc}"))

    def test_voice(self, voice: VoiceSettings, phrase: str = SAMPLE_PHRASE) -> None:
        """Say ``phrase`` with ``voice`` through the session's own player (not during a
        session: it would talk over it)."""
        if self._controller.running:
            return
        settings = dataclasses.replace(self._services.settings, voice=voice.voice,
                                       rate=voice.rate, volume=voice.volume)
        speech = self._services.speech_for(settings)
        if speech is None:
            return
        player = self._controller.player

        def play(result: RenderResult) -> None:
            clip = result.clips.get(phrase)
            if clip is None:
                complain(result.error or next(iter(result.failed.values()),
                                              "The sample could not be spoken."))
                return
            player.preview(clip.path)  # a set of its own: the session's sounds stay as they are

        def complain(message: object) -> None:
            warn(self._window, "Voice test", str(message))

        run_in_background(lambda progress: speech.render([phrase], progress), play,
                          complain, parent=self._window)
