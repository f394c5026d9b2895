"""Plays cue clips at deadlines on the ``time.monotonic()`` clock, from a thread of its own.

The GUI thread may stall (layout, a slow disk); the cues must not. So a worker QObject in the
player thread owns the preloaded QSoundEffects and one single-shot PreciseTimer, re-armed from
the clock for the next deadline. The GUI thread only ever talks to it by queued signals.

What QtMultimedia 6.12 does on Linux (FFmpeg backend, PulseAudio), and how this copes:

- QSoundEffect mixes in a shared engine with one output stream per (device, sample rate,
  channels), corked between clips. A silent clip opens only the stream of its own format, so
  the worker opens every stream its clips use: after loading, and after 3 s idle.
- Qt frees a played clip ("voice") in whichever thread drops it last, but the voice owns a
  socket notifier of the worker's thread: freed elsewhere, it leaves the worker's event loop
  spinning forever on "QSocketNotifier: Invalid socket". The audio thread drops it last when
  a clip ends while another plays on the same stream; the GUI thread, when an effect is deleted
  while sounding or when a stream's engine goes with its last effect. So no two clips ever
  share a stream at once (each clip has a twin with the other channel count, mono or stereo,
  that plays on a second stream when the first is busy), sounding effects are never deleted,
  and every stream keeps one silent effect for the life of the process.
- Once a thread that created QSoundEffects has ended, effects created in another thread are
  never told their clips ended. So all players' workers share one thread, which lives until the
  process exits; and only one player should play at a time, as the streams are shared too.
- Without a sound server the default output is null and QSoundEffect goes to Error; Qt connects
  to PulseAudio once per process and never retries.
"""

from __future__ import annotations

import atexit
import tempfile
import threading
import time
import wave
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    Qt,
    QThread,
    QTimer,
    QUrl,
    Signal,
    SignalInstance,
    Slot,
)
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

LATENCY_S = 0.035  # PulseAudio output latency, measured: play() is called this much early
DUE_SLACK_S = 0.001  # a timer may fire this much before a deadline and still play it
SAME_ITEM_S = 0.005  # a resent item within this of one already played is that item
LATE_DROP_S = 0.150  # an item whose deadline is further past than this is dropped
FORGET_S = 10.0  # played items are remembered this long, to ignore resends
REOPEN_IDLE_S = 3.0  # idle this long, the server may suspend the output: open it again
REOPEN_CLEAR_S = 0.3  # ... but only if nothing is due for this long
BUSY_MARGIN_S = 0.030  # a clip holds its stream this long past its end (the audio period)
SILENCE_S = 0.1  # length of the silent clips that open a stream (as silence.wav)

NO_OUTPUT = ("No audio output was found, so cues will be shown but not heard. Check that a "
             "sound server (PulseAudio or PipeWire) is running and a speaker is connected.")

Format = tuple[int, int]  # sample rate, channels
LOADING = QSoundEffect.Status.Loading
READY = QSoundEffect.Status.Ready
ERROR = QSoundEffect.Status.Error


class CuePlayer(Protocol):
    """Plays named clips at deadlines on the time.monotonic() clock.

    Signals: ready(), played(str, float, float), failed(str), as ThreadedCuePlayer's.
    """

    @property
    def ready(self) -> SignalInstance: ...

    @property
    def played(self) -> SignalInstance: ...

    @property
    def failed(self) -> SignalInstance: ...

    def load(self, clips: Mapping[str, Path]) -> None:
        """Preload these clips (replacing the ones loaded before); ready() or failed() follows."""

    def schedule(self, items: Sequence[tuple[float, str]]) -> None:
        """Play each (deadline, clip name); replaces everything pending."""

    def cancel(self) -> None:
        """Drop everything pending (pause, stop, jump)."""

    def shutdown(self) -> None:
        """Stop for good; safe to call twice."""


def audio_output_available() -> bool:
    """Whether Qt sees a default audio output (with PulseAudio: whether a server answered)."""
    return not QMediaDevices.defaultAudioOutput().isNull()


# Effects never deleted (see the module docstring): one silent effect per output stream used,
# so that the stream's engine lives on, and any still sounding when their player stopped.
_kept: list[QSoundEffect] = []


def _discard(effect: QSoundEffect, keep: bool = False) -> None:
    """Delete an effect now that nothing needs it, or keep it (see _kept) if ``keep``."""
    effect.statusChanged.disconnect()  # these slots hold references to it
    effect.playingChanged.disconnect()
    if keep:
        _kept.append(effect)
    else:
        effect.deleteLater()


def wav_info(path: Path) -> tuple[Format, float] | None:
    """The format and length in seconds of a WAV file, or None if it is not one."""
    try:
        with wave.open(str(path), "rb") as wav:
            rate = wav.getframerate()
            return (rate, wav.getnchannels()), wav.getnframes() / rate
    except (OSError, EOFError, RuntimeError, ValueError, wave.Error):  # all seen on bad files
        return None


_thread: QThread | None = None


def _player_thread() -> QThread:
    """The thread every player's worker lives in, started on first use."""
    global _thread
    if _thread is None:
        _thread = QThread()
        _thread.setObjectName("cue-player")
        _thread.start(QThread.Priority.TimeCriticalPriority)
        atexit.register(_end_player_thread)
    return _thread


def _end_player_thread() -> None:
    global _thread
    if _thread is not None:
        _thread.quit()
        _thread.wait(5000)
        _thread = None


class _Scratch:
    """A private temporary folder for the silent clips and twins the worker writes."""

    def __init__(self) -> None:
        self._dir: tempfile.TemporaryDirectory[str] | None = None
        self._count = 0

    def _new_path(self, stem: str) -> Path:
        if self._dir is None:
            self._dir = tempfile.TemporaryDirectory(prefix="hiptimer-player-")
        self._count += 1
        return Path(self._dir.name) / f"{self._count}-{stem}.wav"

    def silence(self, fmt: Format) -> Path:
        packaged = Path(str(files("hiptimer.assets") / "sounds" / "silence.wav"))
        info = wav_info(packaged)
        if info is not None and info[0] == fmt:
            return packaged
        rate, channels = fmt
        return self._write(self._new_path("silence"), fmt,
                           array("h", bytes(2 * channels * round(rate * SILENCE_S))))

    def twin(self, path: Path, fmt: Format) -> tuple[Path, Format] | None:
        """A copy of a 16-bit mono or stereo WAV with the other channel count."""
        rate, channels = fmt
        try:
            with wave.open(str(path), "rb") as wav:
                if wav.getsampwidth() != 2 or channels not in (1, 2):
                    return None
                samples = array("h", wav.readframes(wav.getnframes()))
        except (OSError, EOFError, wave.Error):
            return None
        if channels == 1:
            other = array("h", bytes(4 * len(samples)))
            other[0::2] = samples
            other[1::2] = samples
        else:
            other = samples[0::2]
        twin_format = (rate, 3 - channels)
        return self._write(self._new_path(path.stem), twin_format, other), twin_format

    @staticmethod
    def _write(path: Path, fmt: Format, samples: array[int]) -> Path:
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(fmt[1])
            wav.setsampwidth(2)
            wav.setframerate(fmt[0])
            wav.writeframes(samples.tobytes())
        return path

    def cleanup(self) -> None:
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None


@dataclass
class _Voice:
    effect: QSoundEffect
    format: Format | None  # None: not a WAV we can read (Qt may still play it)

    def can_go(self) -> bool:
        """Whether deleting the effect is safe: it is silent, and its stream has an opener
        to outlive it (see the module docstring)."""
        return not self.effect.isPlaying() and (
            self.format is not None or self.effect.status() is ERROR)


@dataclass
class _Clip:
    path: Path
    length: float
    voices: list[_Voice]  # the clip, then its twin on the other stream


class _Worker(QObject):
    """Lives in the player's thread; every slot runs there. Signals as the player's, and
    dropped(int): how many items were dropped for being late, so far."""

    ready = Signal()
    played = Signal(str, float, float)
    finished = Signal(str, float)
    failed = Signal(str)
    dropped = Signal(int)

    def __init__(self, latency_s: float, stopped: threading.Event) -> None:
        super().__init__()
        self._latency = latency_s
        self._stopped = stopped
        self._scratch = _Scratch()
        self._clips: dict[str, _Clip] = {}
        self._openers: dict[Format, QSoundEffect] = {}
        self._retired: list[_Voice] = []  # replaced, kept until they stop sounding
        self._failed: set[str] = set()
        self._opening: set[Format] = set()
        self._awaiting_ready = False
        self._pending: list[tuple[float, str]] = []
        self._handled: list[tuple[float, str]] = []  # played or dropped
        self._busy_until: dict[Format, float] = {}  # when each stream's clip ends
        self._last_play = float("-inf")
        self._late_dropped = 0
        self._timer: QTimer | None = None

    @Slot()
    def start(self) -> None:
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._pending.clear()
        for effect in self._openers.values():
            _discard(effect, keep=True)
        for voice in [*self._voices(), *self._retired]:
            _discard(voice.effect, keep=not voice.can_go())  # deleted in their own thread
        self._clips.clear()
        self._openers.clear()
        self._retired.clear()
        self._scratch.cleanup()
        self.deleteLater()
        self._stopped.set()

    def _voices(self) -> Iterator[_Voice]:
        for clip in self._clips.values():
            yield from clip.voices

    # --- loading ---------------------------------------------------------------------------

    @Slot(object, bool)
    def load(self, clips: dict[str, Path], output: bool) -> None:
        self._pending.clear()
        old, self._clips = self._clips, {}
        self._prune_retired()
        if not output:
            self._retired += [v for clip in old.values() for v in clip.voices]
            self.failed.emit(NO_OUTPUT)
            return
        for name, path in clips.items():
            kept = old.pop(name, None)
            if kept is not None and kept.path == path:
                self._clips[name] = kept
            else:
                self._failed.discard(name)
                self._clips[name] = self._new_clip(name, path)
        self._retired += [v for clip in old.values() for v in clip.voices]
        self._prepare_openers()
        self._awaiting_ready = True
        self._settle()

    def _prune_retired(self) -> None:
        """Delete replaced effects once they are silent (see _kept)."""
        for voice in self._retired:
            if voice.can_go():
                _discard(voice.effect)
        self._retired = [v for v in self._retired if not v.can_go()]

    def _new_clip(self, name: str, path: Path) -> _Clip:
        info = wav_info(path)
        if info is None:
            return _Clip(path, 0.0, [self._new_voice(name, path, None)])
        fmt, length = info
        voices = [self._new_voice(name, path, fmt)]
        twin = self._scratch.twin(path, fmt)
        if twin is not None:
            voices.append(self._new_voice(name, *twin))
        return _Clip(path, length, voices)

    def _new_voice(self, name: str, path: Path, fmt: Format | None) -> _Voice:
        effect = QSoundEffect()
        effect.statusChanged.connect(partial(self._on_status, name, effect))
        effect.playingChanged.connect(partial(self._on_playing, name, effect))
        effect.setSource(QUrl.fromLocalFile(str(path)))
        return _Voice(effect, fmt)

    def _prepare_openers(self) -> None:
        """One short silent clip per stream in use, to open that stream."""
        formats = {v.format for c in self._clips.values() for v in c.voices if v.format}
        for fmt in set(self._openers) - formats:
            _discard(self._openers.pop(fmt), keep=True)
        for fmt in formats - set(self._openers):
            effect = QSoundEffect()
            effect.statusChanged.connect(self._settle)
            effect.playingChanged.connect(partial(self._on_opened, fmt, effect))
            effect.setSource(QUrl.fromLocalFile(str(self._scratch.silence(fmt))))
            self._openers[fmt] = effect

    def _on_status(self, name: str, effect: QSoundEffect) -> None:
        clip = self._clips.get(name)
        if clip is None or all(v.effect is not effect for v in clip.voices):
            return  # replaced by a later load
        self._report_failures()
        self._settle()

    def _report_failures(self) -> None:
        # Looked for in every clip, not just the one whose signal came: a clip's status can
        # change before its signal arrives, and ready() must never overtake failed().
        for name, clip in self._clips.items():
            if name not in self._failed and any(v.effect.status() is ERROR
                                                 for v in clip.voices):
                self._failed.add(name)
                self.failed.emit(f"The sound for “{name}” could not be loaded from "
                                 f"{clip.path}, so it will not be heard.")

    def _settle(self) -> None:
        """Once every clip has loaded (or failed), open the streams; then say ready."""
        effects = [*(v.effect for v in self._voices()), *self._openers.values()]
        if not self._awaiting_ready or any(e.status() is LOADING for e in effects):
            return
        self._report_failures()
        if not self._open_output(time.monotonic()):
            self._awaiting_ready = False
            self.ready.emit()

    def _open_output(self, now: float) -> bool:
        """Play the silent clip of every idle stream; False if none played."""
        self._opening = set()
        for fmt, effect in self._openers.items():
            if self._busy_until.get(fmt, 0.0) > now or effect.status() is not READY:
                continue
            effect.play()
            if effect.isPlaying():
                self._opening.add(fmt)
                self._busy_until[fmt] = now + SILENCE_S + BUSY_MARGIN_S
        self._last_play = now
        return bool(self._opening)

    def _on_opened(self, fmt: Format, effect: QSoundEffect) -> None:
        if effect.isPlaying() or fmt not in self._opening:
            return
        self._opening.discard(fmt)
        if not self._opening and self._awaiting_ready:
            self._awaiting_ready = False
            self.ready.emit()

    def _on_playing(self, name: str, effect: QSoundEffect) -> None:
        if not effect.isPlaying():
            self.finished.emit(name, time.monotonic())

    # --- scheduling ------------------------------------------------------------------------

    @Slot(object)
    def schedule(self, items: list[tuple[float, str]]) -> None:
        now = time.monotonic()
        self._handled = [item for item in self._handled if item[0] >= now - FORGET_S]
        pending = []
        for deadline, name in items:
            if self._was_handled(deadline, name):
                continue
            if now - deadline > LATE_DROP_S:
                self._drop(deadline, name)
            else:
                pending.append((deadline, name))
        self._pending = sorted(pending)
        self._prune_retired()
        self._reopen_if_idle(now)
        self._arm()

    @Slot()
    def cancel(self) -> None:
        self._pending.clear()
        if self._timer is not None:
            self._timer.stop()

    def _fire(self) -> None:
        now = time.monotonic()
        while self._pending and self._pending[0][0] - self._latency <= now + DUE_SLACK_S:
            deadline, name = self._pending[0]
            if self._was_handled(deadline, name):
                self._pending.pop(0)
            elif now - deadline > LATE_DROP_S:
                self._drop(*self._pending.pop(0))
            elif (wait := self._wait_for_stream(name, now)) > 0:
                self._arm(wait)  # both streams busy: a third clip at once, which is rare
                return
            else:
                self._play(*self._pending.pop(0))
            now = time.monotonic()
        self._arm()

    def _usable(self, name: str) -> list[_Voice]:
        clip = self._clips.get(name)
        return [v for v in clip.voices if v.effect.status() is not ERROR] if clip else []

    def _wait_for_stream(self, name: str, now: float) -> float:
        """How long until one of the clip's streams is free (0: now)."""
        waits = [self._busy_until.get(v.format, 0.0) - now if v.format else 0.0
                 for v in self._usable(name)]
        return max(0.0, min(waits, default=0.0))

    def _play(self, deadline: float, name: str) -> None:
        self._handled.append((deadline, name))
        voices = self._usable(name)
        now = time.monotonic()
        free = [v for v in voices if not v.format or self._busy_until.get(v.format, 0) <= now]
        if not free:
            return
        clip = self._clips[name]
        voice = free[0]
        started = time.monotonic()
        voice.effect.play()
        self._last_play = started
        if voice.format:
            self._busy_until[voice.format] = started + clip.length + BUSY_MARGIN_S
        self.played.emit(name, deadline, started)

    def _drop(self, deadline: float, name: str) -> None:
        self._handled.append((deadline, name))
        self._late_dropped += 1
        self.dropped.emit(self._late_dropped)

    def _was_handled(self, deadline: float, name: str) -> bool:
        return any(n == name and abs(d - deadline) <= SAME_ITEM_S for d, n in self._handled)

    def _reopen_if_idle(self, now: float) -> None:
        """Wake an output the sound server may have suspended, when nothing is about to play."""
        if now - self._last_play < REOPEN_IDLE_S or self._awaiting_ready:
            return
        if self._pending and self._pending[0][0] - self._latency - now < REOPEN_CLEAR_S:
            return
        self._open_output(now)

    def _arm(self, delay: float | None = None) -> None:
        if self._timer is None:
            return
        if delay is None:
            if not self._pending:
                self._timer.stop()
                return
            delay = self._pending[0][0] - self._latency - time.monotonic()
        # Rounded down: a PreciseTimer never fires early, and DUE_SLACK_S covers the fraction.
        self._timer.start(max(0, int(delay * 1000)))


class ThreadedCuePlayer(QObject):
    """The real player: a worker thread plays preloaded clips on PreciseTimer deadlines.

    ``play()`` is called ``latency_s`` before each deadline, so the sound comes out on it.
    Resent items (same name, deadline within 5 ms of one handled) are ignored; items whose
    deadline is more than 150 ms past when they reach the worker are dropped and counted in
    ``late_dropped``. ``shutdown()`` deletes the clips (it runs by itself when the application
    quits); the thread itself is shared by all players and ends with the process.

    Signals:
        ready(): the clips of the last ``load()`` are loaded (those that could be) and the
            output is open.
        played(str, float, float): a clip's name, its deadline, and the monotonic time
            ``play()`` was called.
        finished(str, float): a clip stopped sounding, and the monotonic time this was seen.
        failed(str): a sentence for the user: no audio output, or a clip that cannot load.
    """

    ready = Signal()
    played = Signal(str, float, float)
    finished = Signal(str, float)
    failed = Signal(str)
    _start = Signal()
    _load = Signal(object, bool)
    _schedule = Signal(object)
    _cancel = Signal()
    _stop = Signal()

    def __init__(self, latency_s: float = LATENCY_S, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.latency_s = latency_s
        self.late_dropped = 0
        self._running = True
        self._stopped = threading.Event()
        audio_output_available()  # creates Qt's device list here, in the GUI thread
        self._worker = _Worker(latency_s, self._stopped)
        self._worker.moveToThread(_player_thread())
        queued = Qt.ConnectionType.QueuedConnection
        self._start.connect(self._worker.start, queued)
        self._load.connect(self._worker.load, queued)
        self._schedule.connect(self._worker.schedule, queued)
        self._cancel.connect(self._worker.cancel, queued)
        self._stop.connect(self._worker.stop, queued)
        self._worker.ready.connect(self.ready, queued)
        self._worker.played.connect(self.played, queued)
        self._worker.finished.connect(self.finished, queued)
        self._worker.failed.connect(self.failed, queued)
        self._worker.dropped.connect(self._count_dropped, queued)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._start.emit()

    def load(self, clips: Mapping[str, Path]) -> None:
        self._load.emit({name: Path(path) for name, path in clips.items()},
                        audio_output_available())

    def schedule(self, items: Sequence[tuple[float, str]]) -> None:
        self._schedule.emit([(float(d), str(n)) for d, n in items])

    def cancel(self) -> None:
        self._cancel.emit()

    def shutdown(self) -> None:
        if not self._running:
            return
        self._running = False
        self._stop.emit()
        if _thread is not None and _thread.isRunning():
            self._stopped.wait(5)  # the clips are deleted in their own thread

    def _count_dropped(self, total: int) -> None:
        self.late_dropped = total


class NullCuePlayer(QObject):
    """Plays nothing: used when there is no audio output. ``load()`` is ready at once.

    Signals:
        ready(), played(str, float, float), finished(str, float), failed(str): as
        ThreadedCuePlayer's; only ready() is ever emitted.
    """

    ready = Signal()
    played = Signal(str, float, float)
    finished = Signal(str, float)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.late_dropped = 0

    def load(self, clips: Mapping[str, Path]) -> None:
        QTimer.singleShot(0, self, self.ready.emit)

    def schedule(self, items: Sequence[tuple[float, str]]) -> None:
        pass

    def cancel(self) -> None:
        pass

    def shutdown(self) -> None:
        pass
