"""Recording fakes for the session's collaborators, and a window built from them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from hiptimer.core.cues import BEEP_PHASE, BEEP_TICK
from hiptimer.core.routine import Routine
from hiptimer.speech import Clip, RenderResult, Voice
from hiptimer.store.keeper import HistoryKeeper
from hiptimer.store.settings import Settings
from hiptimer.system.clock import local_now
from hiptimer.system.sleep import SleepWatch
from hiptimer.ui.window.main_window import MainWindow, Services
from tests.core.helpers import CATALOG, FakeClock


class RecordingPlayer(QObject):
    """Remembers what it was asked to load and to play when, and plays nothing. ``loaded``,
    ``pending`` and ``cancels`` are the session's set; ``sets`` holds every set loaded."""

    ready = Signal(str)
    played = Signal(str, str, float, float)
    failed = Signal(str)
    restored = Signal(str)
    lead_s = 0.0
    ready_at_once = True  # False: the test says when the output plays (emits ready)

    def __init__(self) -> None:
        super().__init__()
        self.sets: dict[str, dict[str, Path]] = {}
        self.previews: list[Path] = []
        self.pending: list[tuple[float, str]] = []
        self.scheduled: dict[tuple[float, str], int] = {}  # every item ever scheduled
        self.cancels = 0

    @property
    def loaded(self) -> dict[str, Path]:
        return self.sets.get("session", {})

    def load(self, clip_set: str, clips: Mapping[str, Path]) -> None:
        self.sets[clip_set] = dict(clips)
        if self.ready_at_once:
            self.ready.emit(clip_set)

    def unload(self, clip_set: str) -> None:
        self.sets.pop(clip_set, None)

    def schedule(self, clip_set: str, items: Sequence[tuple[float, str]]) -> None:
        assert clip_set == "session"
        self.pending = list(items)
        for item in items:
            self.scheduled[item] = self.scheduled.get(item, 0) + 1

    def cancel(self, clip_set: str) -> None:
        assert clip_set == "session"
        self.pending = []
        self.cancels += 1

    def preview(self, path: Path) -> None:
        self.previews.append(path)

    def shutdown(self) -> None:
        pass


class FakeSpeech:
    """Says every phrase takes half a second; can be told to fail."""

    def __init__(self, error: str | None = None, failing: Iterable[str] = ()) -> None:
        self.error = error
        self.failing = set(failing)
        self.requests: list[list[str]] = []

    def render(self, texts: Iterable[str],
               progress: Callable[[int, int], None] | None = None) -> RenderResult:
        texts = list(texts)
        self.requests.append(texts)
        if self.error:
            return RenderResult({}, dict.fromkeys(texts, self.error), self.error)
        clips = {}
        for i, text in enumerate(texts, 1):
            if text not in self.failing:
                clips[text] = Clip(text, Path(f"/nonexistent/{i}.wav"), 0.5)
            if progress:
                progress(i, len(texts))
        return RenderResult(clips, {t: "could not render" for t in self.failing}, None)


class RecordingInhibitor:
    def __init__(self) -> None:
        self.active = False
        self.calls: list[str] = []

    def inhibit(self, reason: str) -> bool:
        self.active = True
        self.calls.append("inhibit")
        return True

    def release(self) -> None:
        self.active = False
        self.calls.append("release")


class Gap:
    """A clock gap the test can make jump, as a suspend would."""

    def __init__(self) -> None:
        self.value = 0.0

    def __call__(self) -> float:
        return self.value


@dataclass
class Rig:
    """A window and the fakes around it."""

    window: MainWindow
    clock: FakeClock
    player: RecordingPlayer
    inhibitor: RecordingInhibitor
    gap: Gap
    saved: list[Settings]
    history: HistoryKeeper


def shown_messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every message box run from now on (answered at once with Ok)."""
    shown: list[str] = []

    def run(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", run)
    return shown


def make_window(routines: tuple[Routine, ...], folder: Path, *,
                speech: FakeSpeech | None = None, problems: Sequence[str] = (),
                settings: Settings | None = None,
                now: Callable[[], datetime] = local_now) -> Rig:
    """A window over fakes, with a real history file in ``folder``; ``now`` says what day
    it is."""
    clock, player, inhibitor, gap = FakeClock(), RecordingPlayer(), RecordingInhibitor(), Gap()
    history = HistoryKeeper(folder / "history.sqlite3")
    history.open()
    saved: list[Settings] = []
    services = Services(
        settings=settings or Settings(), save_settings=saved.append,
        speech_for=lambda _settings: speech if speech is not None else FakeSpeech(),
        list_voices=lambda: [Voice("en", "English", ("en",)), Voice("de", "German", ("de",))],
        make_player=lambda: (player, list(problems)),
        sounds=lambda: {BEEP_TICK: Path("/nonexistent/tick.wav"),
                        BEEP_PHASE: Path("/nonexistent/phase.wav")},
        clock=clock, to_monotonic=lambda t: t, inhibitor=inhibitor,
        sleep_watch=SleepWatch(gap), history=history, routines_folder=folder / "routines",
        now=now)
    window = MainWindow(services, CATALOG, routines)
    window.controller.follow_clock = False  # the test drives refresh() itself
    return Rig(window, clock, player, inhibitor, gap, saved, history)
