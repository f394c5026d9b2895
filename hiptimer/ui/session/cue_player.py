"""Plays named sets of cue sounds at deadlines on the ``time.monotonic()`` clock.

One continuous output stream carries every set (see ``audio_engine``): the session's cues and,
at the same time if need be, a voice sample being tried in the settings, which can never
replace the session's sounds. Sounds are decoded off the GUI thread; every QtMultimedia call
happens in the audio thread; the GUI thread only sends queued signals and never waits.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, SignalInstance

from ...core.mixer import RATE, to_stream
from ...speech.audio import AudioError, read_audio
from ..tasks import run_in_background
from .audio_engine import LOST, NO_OUTPUT, AudioEngine, audio_thread

LEAD_S = 0.3  # an item due sooner than this after it is sent may be late (see audio_engine)
ANSWER_S = 3.0  # the audio thread has not answered for this long: the sound server hangs
PREVIEW = "voice sample"  # the set that holds a voice sample being tried
MAX_CLIP_BYTES = 20_000_000  # a sound file larger than this (about 7 minutes) is refused

LATE = ("Some cues could not be played on time, so they were shown but not heard. This happens "
        "when the computer is very busy.")
NOT_ANSWERING = ("The sound server is not answering, so cues are shown on screen only for now. "
                 "HipTimer keeps trying.")

__all__ = ["LATE", "LOST", "NOT_ANSWERING", "NO_OUTPUT", "CuePlayer", "NullCuePlayer",
           "StreamCuePlayer", "decode_clips"]


class CuePlayer(Protocol):
    """Plays named sets of sounds at deadlines on the time.monotonic() clock.

    Signals: ready(str), played(str, str, float, float), failed(str), restored(str), as
    StreamCuePlayer's.
    """

    @property
    def ready(self) -> SignalInstance: ...

    @property
    def played(self) -> SignalInstance: ...

    @property
    def failed(self) -> SignalInstance: ...

    @property
    def restored(self) -> SignalInstance: ...

    @property
    def lead_s(self) -> float:
        """How long before its deadline an item must be sent to be heard on time."""

    def load(self, clip_set: str, clips: Mapping[str, Path]) -> None:
        """Use these sounds for ``clip_set``, replacing its old ones; ready(set) follows."""

    def unload(self, clip_set: str) -> None:
        """Forget ``clip_set``; the output closes when no set is left."""

    def schedule(self, clip_set: str, items: Sequence[tuple[float, str]]) -> None:
        """Play each (deadline, name) of ``clip_set``; replaces what that set had pending."""

    def cancel(self, clip_set: str) -> None:
        """Drop what ``clip_set`` has pending, and fade out its sounds now playing."""

    def preview(self, path: Path) -> None:
        """Play one sound file as soon as the output is ready, apart from any other set."""

    def shutdown(self) -> None:
        """Stop for good; safe to call twice."""


@dataclass
class Decoded:
    """Sounds ready for the mixer, and why the others could not be read."""

    sounds: dict[str, array[int]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # name -> sentence for the user


def decode_clips(clips: Mapping[str, Path]) -> Decoded:
    """Read every clip as mono samples at the stream's rate (slow: not on the GUI thread)."""
    decoded = Decoded()
    for name, path in clips.items():
        try:
            if path.stat().st_size > MAX_CLIP_BYTES:
                raise AudioError("the file is too long for a cue")
            pcm = read_audio(path)
        except (OSError, AudioError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            decoded.failures[name] = (f"The sound for “{name}” could not be loaded from {path} "
                                      f"({reason}), so it will not be heard.")
            continue
        decoded.sounds[name] = to_stream(pcm.samples, pcm.channels, pcm.rate, RATE)
    return decoded


class StreamCuePlayer(QObject):
    """The real player: named sets of sounds mixed into one output stream by an AudioEngine.

    Signals:
        ready(str): a set's sounds are loaded (those that could be) and the output plays.
        played(str, str, float, float): set, name, deadline, and the monotonic time its first
            sample sounds.
        failed(str): a sentence for the user: no output, the server hangs, the output was
            lost, or a sound that cannot be loaded or is missing.
        restored(str): a sentence sent by failed() no longer holds (the sound is back).
    """

    ready = Signal(str)
    played = Signal(str, str, float, float)
    failed = Signal(str)
    restored = Signal(str)
    _probe = Signal()
    _expect = Signal(str)
    _add = Signal(str, object)
    _remove = Signal(str)
    _schedule = Signal(str, object)
    _cancel = Signal(str)
    _stop = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lead_s = LEAD_S
        self.late_dropped = 0  # items found too late to be heard near their deadline
        self._running = True
        self._preview_s = 0.0  # length of the voice sample being tried
        self._loads: dict[str, int] = {}  # set -> the latest load's number
        self._unloadable: set[tuple[str, str]] = set()  # reported when they would not load
        self._engine = AudioEngine()
        self._engine.moveToThread(audio_thread())
        queued = Qt.ConnectionType.QueuedConnection
        for signal, slot in ((self._probe, self._engine.probe), (self._expect, self._engine.expect),
                             (self._add, self._engine.add), (self._remove, self._engine.remove),
                             (self._schedule, self._engine.schedule),
                             (self._cancel, self._engine.cancel), (self._stop, self._engine.stop)):
            signal.connect(slot, queued)
        engine = self._engine
        engine.started.connect(self._on_answer, queued)
        engine.ready.connect(self._on_ready, queued)
        engine.played.connect(self._on_played, queued)
        engine.missing.connect(self._on_missing, queued)
        engine.dropped.connect(self._on_dropped, queued)
        engine.problem.connect(self.failed, queued)
        engine.solved.connect(self.restored, queued)
        self._answer = QTimer(self)
        self._answer.setSingleShot(True)
        self._answer.timeout.connect(lambda: self.failed.emit(NOT_ANSWERING))
        self._answer.start(round(ANSWER_S * 1000))
        self._probe.emit()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def load(self, clip_set: str, clips: Mapping[str, Path]) -> None:
        number = self._loads[clip_set] = self._loads.get(clip_set, 0) + 1
        self._unloadable = {key for key in self._unloadable if key[0] != clip_set}
        self._expect.emit(clip_set)
        paths = {name: Path(path) for name, path in clips.items()}
        run_in_background(lambda _progress: decode_clips(paths),
                          lambda decoded: self._decoded(clip_set, number, decoded),
                          lambda exc: self._decoded(clip_set, number, Decoded(failures={
                              "": f"Cue sounds could not be read ({exc})."})),
                          parent=self)

    def _decoded(self, clip_set: str, number: int, decoded: Decoded) -> None:
        if not self._running or self._loads.get(clip_set) != number:
            return  # unloaded or loaded again meanwhile
        for name, message in decoded.failures.items():
            self._unloadable.add((clip_set, name))
            self.failed.emit(message)
        if clip_set == PREVIEW:
            self._preview_s = sum(len(s) for s in decoded.sounds.values()) / RATE
        self._add.emit(clip_set, decoded.sounds)

    def unload(self, clip_set: str) -> None:
        self._loads.pop(clip_set, None)
        self._remove.emit(clip_set)

    def schedule(self, clip_set: str, items: Sequence[tuple[float, str]]) -> None:
        self._schedule.emit(clip_set, [(float(d), str(n)) for d, n in items])

    def cancel(self, clip_set: str) -> None:
        self._cancel.emit(clip_set)

    def preview(self, path: Path) -> None:
        self.load(PREVIEW, {PREVIEW: path})

    def shutdown(self) -> None:
        if not self._running:
            return
        self._running = False
        self._answer.stop()
        self._stop.emit()

    def _on_answer(self) -> None:
        if not self._answer.isActive():  # too late: NOT_ANSWERING was said
            self.restored.emit(NOT_ANSWERING)
        self._answer.stop()

    def _on_ready(self, clip_set: str) -> None:
        if clip_set == PREVIEW:
            self.schedule(PREVIEW, [(time.monotonic() + LEAD_S, PREVIEW)])
        self.ready.emit(clip_set)

    def _on_played(self, clip_set: str, name: str, deadline: float, at: float) -> None:
        if clip_set == PREVIEW:  # forget the sample once it has been heard
            number = self._loads.get(PREVIEW)
            QTimer.singleShot(round((at - time.monotonic() + self._preview_s + 1) * 1000), self,
                              lambda: self._unload_preview(number))
        self.played.emit(clip_set, name, deadline, at)

    def _unload_preview(self, number: int | None) -> None:
        if self._loads.get(PREVIEW) == number:  # not tried again meanwhile
            self.unload(PREVIEW)

    def _on_missing(self, clip_set: str, name: str) -> None:
        if (clip_set, name) not in self._unloadable:
            self.failed.emit(f"The sound for “{name}” is missing, so that cue was shown but "
                             "not heard.")

    def _on_dropped(self) -> None:
        self.late_dropped += 1
        if self.late_dropped == 1:
            self.failed.emit(LATE)


class NullCuePlayer(QObject):
    """Plays nothing (screenshots, demonstrations): every set is ready at once.

    Signals: as StreamCuePlayer's; only ready(str) is ever emitted.
    """

    ready = Signal(str)
    played = Signal(str, str, float, float)
    failed = Signal(str)
    restored = Signal(str)
    lead_s = 0.0

    def load(self, clip_set: str, clips: Mapping[str, Path]) -> None:
        QTimer.singleShot(0, self, lambda: self.ready.emit(clip_set))

    def unload(self, clip_set: str) -> None:
        pass

    def schedule(self, clip_set: str, items: Sequence[tuple[float, str]]) -> None:
        pass

    def cancel(self, clip_set: str) -> None:
        pass

    def preview(self, path: Path) -> None:
        pass

    def shutdown(self) -> None:
        pass
