"""What a session needs from outside the session page, in one small object (fakes in tests)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ...core.record import SessionRecord
from ...speech import RenderResult
from ...store.settings import Settings
from ...system.inhibit import ScreenInhibitor
from ...system.sleep import SleepWatch

if TYPE_CHECKING:
    from .cue_player import CuePlayer


class SpeechSource(Protocol):
    def render(self, texts: Iterable[str],
               progress: Callable[[int, int], None] | None = None) -> RenderResult: ...


@dataclass(frozen=True)
class SessionServices:
    """The session's collaborators: speech, sound, clocks, the screen and sleep watchers,
    and the history it saves to and reads its streak from."""

    speech_for: Callable[[Settings], SpeechSource | None]  # None: no voice at all
    make_player: Callable[[], tuple[CuePlayer, list[str]]]  # the player, and any problems
    sounds: dict[str, Path]
    clock: Callable[[], float]  # monotonic seconds
    to_monotonic: Callable[[float], float]
    now: Callable[[], datetime]  # the wall clock, aware, in the user's offset
    inhibitor: ScreenInhibitor
    sleep_watch: SleepWatch
    save_record: Callable[[SessionRecord], object]
    active_days: Callable[[], Collection[date]]  # days with a session in the history
    problems: tuple[str, ...] = ()  # shown in the banner from the start (no sound output)
