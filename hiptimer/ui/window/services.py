"""What the main window needs from outside, built once in ``main()`` (fakes in tests)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ...store.keeper import HistoryKeeper
from ...store.settings import Settings
from ...system.clock import local_now
from ...system.inhibit import ScreenInhibitor
from ...system.sleep import SleepWatch

if TYPE_CHECKING:
    from ...core.record import SessionRecord
    from ...speech import Voice
    from ..session.cue_player import CuePlayer
    from ..session.session_services import SessionServices, SpeechSource


@dataclass
class Services:
    """What the window needs from outside, built once in ``main()`` (fakes in tests)."""

    settings: Settings
    save_settings: Callable[[Settings], None]
    speech_for: Callable[[Settings], SpeechSource | None]  # None: no voice at all
    list_voices: Callable[[], list[Voice]]
    make_player: Callable[[], tuple[CuePlayer, list[str]]]  # the player, and any problems
    sounds: Callable[[], dict[str, Path]]  # the beeps' files by name (read with the pages)
    clock: Callable[[], float]
    to_monotonic: Callable[[float], float]
    inhibitor: ScreenInhibitor
    sleep_watch: SleepWatch
    history: HistoryKeeper
    problems: list[str] = field(default_factory=list)  # shown in the session banner
    data_folder: Path | None = None  # shown in the settings, with a button to open it
    routines_folder: Path | None = None  # the user's own routines, one file each
    now: Callable[[], datetime] = local_now  # the local time: what day it is (tests fix it)

    def for_session(self, save_record: Callable[[SessionRecord], object]) -> SessionServices:
        """The session's share of these services."""
        from ..session.session_services import SessionServices  # built with the pages

        history = self.history
        return SessionServices(
            speech_for=self.speech_for, make_player=self.make_player,
            sounds=self.sounds(), clock=self.clock, to_monotonic=self.to_monotonic,
            now=self.now, inhibitor=self.inhibitor, sleep_watch=self.sleep_watch,
            save_record=save_record,
            active_days=lambda: {s.day for s in history.summaries()},
            problems=tuple(self.problems))
