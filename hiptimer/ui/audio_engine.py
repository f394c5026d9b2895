"""The audio thread: one continuous output stream, fed from ``core.mixer`` by a QAudioSink.

Every QtMultimedia object lives in this thread, so that a stalled GUI thread stalls no sound
and a hung sound server hangs no window. The mixing, and the arithmetic of when a sample
sounds, live in ``core.mixer``; this is the thin part that talks to Qt.

What QtMultimedia 6.11 does on Linux (PulseAudio), measured at a null sink's monitor:

- In push mode the sink keeps a ring buffer of ``bufferSize()`` bytes; PulseAudio's thread
  takes from it whenever the server asks (every 256 samples at 22.05 kHz), and a sample taken
  sounds 768 samples later (the stream's server buffer is 1024 samples, refilled when a quarter
  is free): within 0.3 ms at 16, 22.05, 44.1 and 48 kHz. So ``written - (bufferSize -
  bytesFree)`` is how many samples the output has taken, which ``OutputClock`` turns into when
  each sample will sound.
- When the sound server dies the sink stays Active with no error: it just stops taking
  samples, which is how a lost output is noticed. Qt tries to reconnect once, 3 s later; if
  that fails, its connection stays null for good, and starting any sink then aborts the process
  (an assertion in libpulse). Its connection lives in a thread named "QPulseAudioEngi", so a
  new sink is started only while that thread exists.
- ``stateChanged`` cannot be connected from Python (its QAudio::State does not convert), so
  the state is read on each tick instead.
- The first QtMultimedia call connects to the sound server, and one that accepts but never
  answers blocks it for about 30 s. So every QtMultimedia call happens in the audio thread, the
  GUI thread never waits for it, and the thread is a plain daemon thread: one that is stuck in
  the server's library when the app quits is left behind, where a QThread would abort the app.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
import time
import weakref
from array import array
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QIODevice,
    QObject,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices, QtAudio

from ..core.mixer import RATE, Event, Mixer, Outcome, OutputClock

# A sample taken by PulseAudio sounds this much later: the 768 of the module docstring, plus
# 3 ms (64 samples) more, measured with bench/sink_timing.py (the server's resampler).
LATENCY_FRAMES = 832
RING_FRAMES = 3308  # 150 ms: how far ahead the stream is written, and how long a stall it rides
TICK_MS = 40  # how often the stream is topped up
LOST_S = 1.5  # the output took nothing for this long while running: it is lost
START_S = 6.0  # ... or since it opened (an idle null sink takes 2 s to start)
RETRY_S = 3.0  # how often a lost or missing output is looked for again

NO_OUTPUT = ("No sound output was found, so cues are shown on screen only. On Linux, check that "
             "PulseAudio or PipeWire is running and that libpulse0 is installed.")
LOST = ("Sound stopped: the sound output went away. The session goes on: watch the screen for "
        "each cue. HipTimer tries to get the sound back; if it does not come back, restart "
        "HipTimer after the session.")

class AudioEngine(QObject):
    """Plays named sets of sounds at their deadlines; lives in the audio thread.

    Its slots are called through queued signals (see ``StreamCuePlayer``). The stream is open
    while any set is loaded, and looked for again every few seconds while it cannot be opened.

    Signals:
        started(): the first QtMultimedia call returned (the sound server answered, or not).
        ready(str): a set is loaded and the output is playing.
        played(str, str, float, float): set, name, deadline, and when its first sample sounds.
        missing(str, str): set and name of an item whose sound the set does not have.
        dropped(): an item was found too late to play near its deadline.
        problem(str), solved(str): a sentence for the user, and when it no longer holds.
    """

    started = Signal()
    ready = Signal(str)
    played = Signal(str, str, float, float)
    missing = Signal(str, str)
    dropped = Signal()
    problem = Signal(str)
    solved = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        _engines.add(self)
        self.mixer = Mixer()
        self.clock = OutputClock(RATE, LATENCY_FRAMES)
        self._sink: QAudioSink | None = None
        self._io: QIODevice | None = None
        self._written = 0  # samples written to the current sink
        self._base = 0  # the mixer's sample count when the current sink opened
        self._progress_at = 0.0
        self._taken = 0
        self._flowing = False
        self._announced: set[str] = set()
        self._problems: set[str] = set()
        self._tick = QTimer(self)
        self._tick.setTimerType(Qt.TimerType.PreciseTimer)
        self._tick.timeout.connect(self._top_up)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._open)

    # --- from the player (queued) ----------------------------------------------------------

    @Slot()
    def probe(self) -> None:
        missing = QMediaDevices.defaultAudioOutput().isNull()  # connects to the sound server
        _server_connected()  # notes Qt's connection thread, to tell later if it went
        self.started.emit()
        if missing and not self._problems:
            self._problems.add(NO_OUTPUT)
            self.problem.emit(NO_OUTPUT)

    @Slot(str)
    def expect(self, clip_set: str) -> None:
        self.mixer.expect(clip_set)
        self._announced.discard(clip_set)
        if self._sink is None and not self._retry.isActive():
            self._open()

    @Slot(str, object)
    def add(self, clip_set: str, sounds: dict[str, array[int]]) -> None:
        if clip_set in self.mixer.sets:  # not unloaded meanwhile
            self.mixer.add(clip_set, sounds)
            self._announce()

    @Slot(str)
    def remove(self, clip_set: str) -> None:
        self.mixer.remove(clip_set)
        if not self.mixer.sets:
            self._close()
            self._retry.stop()

    @Slot(str, object)
    def schedule(self, clip_set: str, items: list[tuple[float, str]]) -> None:
        self.mixer.schedule(clip_set, items, time.monotonic())

    @Slot(str)
    def cancel(self, clip_set: str) -> None:
        self.mixer.cancel(clip_set)

    @Slot()
    def stop(self) -> None:
        """Close the stream for good, and hand this object back to the GUI thread, where the
        player deletes it."""
        self._retry.stop()
        self._close()
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())

    # --- the stream ------------------------------------------------------------------------

    def _open(self) -> None:
        device = QMediaDevices.defaultAudioOutput()
        if device.isNull() or not _server_connected():
            self._fail(NO_OUTPUT)
            return
        audio = QAudioFormat()
        audio.setSampleRate(RATE)
        audio.setChannelCount(1)
        audio.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        sink = QAudioSink(device, audio)  # no parent: deleted here, in this thread
        sink.setBufferSize(2 * RING_FRAMES)
        io = sink.start()
        if io is None or sink.error() is not QtAudio.Error.NoError:
            self._fail(NO_OUTPUT)
            return
        self._sink, self._io = sink, io
        self._written, self._taken, self._base = 0, 0, self.mixer.frame
        self._progress_at = time.monotonic()
        self._flowing = False
        self.clock.reset()
        self._top_up()
        self._tick.start(TICK_MS)

    def _close(self) -> None:
        self._tick.stop()
        sink, self._sink, self._io = self._sink, None, None
        self._flowing = False
        if sink is not None:
            sink.reset()  # stops at once; deleted here as the last reference goes

    def _fail(self, message: str) -> None:
        """Close the output, tell why (unless a reason is out already), and look again soon."""
        self._close()
        if not self._problems:
            self._problems.add(message)
            self.problem.emit(message)
        self._retry.start(round(RETRY_S * 1000))

    def _top_up(self) -> None:
        sink, io = self._sink, self._io
        if sink is None or io is None:
            return
        now = time.monotonic()
        free = sink.bytesFree()
        taken = self._written - (2 * RING_FRAMES - free) // 2
        if taken > self._taken:
            self._taken, self._progress_at = taken, now
            if free >= 2 * RING_FRAMES and self._flowing:
                self.clock.reset()  # the ring ran dry: the output filled a gap with silence
            self.clock.observe(now, self._base + taken)
            if not self._flowing:
                self._flowing = True
                self._settle()
        elif now - self._progress_at > (LOST_S if self._flowing else START_S):
            self._fail(LOST if self._flowing else NO_OUTPUT)
            return
        count = free // 2
        if count > 0:
            data, events = self.mixer.render(count, self.clock)
            io.write(data)
            self._written += count
            self._report(events)

    def _settle(self) -> None:
        """The output is playing: problems are over, and loaded sets are ready."""
        for message in sorted(self._problems):
            self.solved.emit(message)
        self._problems.clear()
        self._announce()

    def _announce(self) -> None:
        if not self._flowing:
            return
        for clip_set in self.mixer.sets:
            if self.mixer.loaded(clip_set) and clip_set not in self._announced:
                self._announced.add(clip_set)
                self.ready.emit(clip_set)

    def _report(self, events: list[Event]) -> None:
        for event in events:
            if event.outcome is Outcome.PLAYED:
                self.played.emit(event.clip_set, event.name, event.deadline, event.at)
            elif event.outcome is Outcome.MISSING:
                self.missing.emit(event.clip_set, event.name)
            else:
                self.dropped.emit()


PULSE_THREAD = "QPulseAudioEngi"  # QtMultimedia's PulseAudio connection runs in this thread
_pulse_seen = False


def _server_connected() -> bool:
    """Whether QtMultimedia's PulseAudio connection is alive (see the module docstring): False
    once its thread, seen before, is gone; True where there is no such thread to look for."""
    global _pulse_seen
    tasks = Path("/proc/self/task")
    if not tasks.is_dir():
        return True
    alive = False
    for task in tasks.iterdir():
        with contextlib.suppress(OSError):  # a thread that just ended
            alive = alive or (task / "comm").read_text().strip() == PULSE_THREAD
    _pulse_seen = _pulse_seen or alive
    return alive or not _pulse_seen


_audio: tuple[QThread, QEventLoop, threading.Thread] | None = None
_engines: weakref.WeakSet[AudioEngine] = weakref.WeakSet()


def audio_thread() -> QThread:
    """The thread every engine lives in, started on first use; it ends when the application
    quits, or the program exits, after stopping every engine: one left running while Python
    shuts down crashed it, and an engine stopped from another thread warns."""
    global _audio
    if _audio is None:
        started = threading.Event()
        box: list[tuple[QThread, QEventLoop]] = []

        def run() -> None:
            loop = QEventLoop()
            box.append((QThread.currentThread(), loop))
            started.set()
            loop.exec()

        thread = threading.Thread(target=run, name="cue-audio", daemon=True)
        thread.start()
        started.wait()
        _audio = (*box[0], thread)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(end_audio_thread)
        atexit.register(end_audio_thread)  # a program that never quits its application
    return _audio[0]


def end_audio_thread(timeout_s: float = 2.0) -> bool:
    """Stop the audio thread's event loop; False if it is stuck (it is then left behind)."""
    global _audio
    if _audio is None:
        return True
    _, loop, thread = _audio
    for engine in list(_engines):
        if engine.thread() is _audio[0]:
            QTimer.singleShot(0, engine, engine.stop)  # runs in the engine's own thread
    QTimer.singleShot(0, loop, loop.quit)
    thread.join(timeout_s)
    if thread.is_alive():
        return False
    _audio = None
    return True
