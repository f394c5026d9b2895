"""Start the window: paths, settings, speech and sound, then the Qt event loop."""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from . import APP_ID, APP_NAME, __version__
from .core.safety import SAFETY_VERSION, needs_notice
from .paths import Paths
from .store.keeper import HistoryKeeper
from .store.settings import Settings, SettingsFile
from .system.inhibit import screen_inhibitor
from .system.sleep import SleepWatch
from .ui.window.main_window import MainWindow, Services
from .ui.window.single_instance import InstanceGuard, server_name
from .ui.window.theme import app_icon

if TYPE_CHECKING:
    from .speech import CueCache, Voice, VoiceSettings
    from .ui.session.cue_player import CuePlayer

def sounds() -> dict[str, Path]:
    from .core.cues import BEEP_PHASE, BEEP_TICK  # the core is loaded after the first paint

    folder = resources.files("hiptimer.assets") / "sounds"
    return {BEEP_TICK: Path(str(folder / "tick.wav")), BEEP_PHASE: Path(str(folder / "phase.wav"))}


# Speech is imported by the first session or settings dialog that needs it, not before the
# window shows: it is slow to load.

def voice_of(settings: Settings) -> VoiceSettings:
    from .speech import VoiceSettings

    return VoiceSettings(settings.voice, settings.rate, settings.volume)


def speech_for(paths: Paths) -> Callable[[Settings], CueCache]:
    def cache(settings: Settings) -> CueCache:
        from .speech import CueCache

        return CueCache(paths.cue_cache, voice_of(settings))

    return cache


def list_voices() -> list[Voice]:
    from .speech import list_voices

    return list_voices()


def make_player() -> tuple[CuePlayer, list[str]]:
    """The cue player; it finds out by itself, off the GUI thread, whether sound can be heard.
    QtMultimedia is imported here, after the window is up: it is slow to load."""
    from .ui.session.cue_player import StreamCuePlayer

    return StreamCuePlayer(), []


def build_services(paths: Paths, scale: float) -> Services:
    """Everything the window needs; what cannot start is replaced by its null version and
    explained in ``problems``."""
    problems: list[str] = []
    try:
        paths.create()
    except OSError as exc:
        problems.append(f"HipTimer cannot use its folder {paths.data} ({exc.strerror}); "
                        "settings and prepared speech will not be kept.")
    settings_file = SettingsFile(paths.settings_file)
    settings, warnings = settings_file.load()
    problems += warnings
    history = HistoryKeeper(paths.history_file)  # opened by the window with its pages
    return Services(
        settings=settings,
        save_settings=settings_file.save,
        speech_for=speech_for(paths),
        list_voices=list_voices,
        make_player=make_player,
        sounds=sounds,
        clock=(lambda: time.monotonic() * scale) if scale != 1 else time.monotonic,
        to_monotonic=(lambda t: t / scale) if scale != 1 else (lambda t: t),
        inhibitor=screen_inhibitor(),
        sleep_watch=SleepWatch(),
        history=history,
        problems=problems,
        data_folder=paths.data,
        routines_folder=paths.data / "routines",
    )


def acknowledge_safety(services: Services) -> bool:
    """On first start (or when the notice changes): the safety notice, to be acknowledged.
    False if the user chose to quit instead."""
    if not needs_notice(services.settings.safety_read):
        return True
    from .ui.widgets.safety import SafetyDialog  # only on the first start

    dialog = SafetyDialog()
    dialog.setWindowIcon(app_icon())
    if dialog.exec() != SafetyDialog.DialogCode.Accepted:
        return False
    services.settings = dataclasses.replace(services.settings, safety_read=SAFETY_VERSION)
    # If it cannot be saved it is asked again next time; the banner says the folder is unusable.
    with contextlib.suppress(OSError):
        services.save_settings(services.settings)
    return True


def run_gui(argv: Sequence[str], *, start: str | None = None, data_dir: Path | None = None,
            scale: float = 1.0) -> int:
    """Open the main window (straight into ``start``'s session if given) and run until quit.

    If HipTimer is already open on the same data, that window comes forward instead.
    """
    app = QApplication(list(argv))
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)  # so the desktop matches the window to its .desktop file
    paths = Paths.under(data_dir) if data_dir is not None else Paths.for_user()
    guard = InstanceGuard(server_name(paths.data), app)
    if not guard.claim(["--start", start] if start else []):
        print(f"{APP_NAME} is already open; its window was brought forward.", file=sys.stderr)
        return 0
    services = build_services(paths, scale)
    if not acknowledge_safety(services):
        guard.close()
        return 0
    window = MainWindow(services)
    app.setWindowIcon(app_icon())
    guard.activated.connect(window.bring_forward)
    # Once the pages are built (after the first paint): what went wrong with the history file.
    window.ready.connect(lambda: QTimer.singleShot(0, window.check_history))
    window.show()
    if start is not None:
        window.start_routine(start)
    try:
        return app.exec()
    finally:
        guard.close()
