"""The audio thread: one continuous output stream, fed from ``core.mixer``.

Every sound-server call happens in this thread, so that a stalled GUI thread stalls no sound
and a hung sound server hangs no window. The mixing, and the arithmetic of when a sample
sounds, live in ``core.mixer``; the output is a PulseAudio stream with a deep buffer
(``system.pulse_output``), or Qt's QAudioSink where libpulse-simple cannot be loaded
(``qt_output``, or HIPTIMER_AUDIO=qt). This is the thin part between them.

- Each tick asks the output how long until the last sample written sounds, which dates every
  sample (``OutputClock``), and tops the stream up. An output that takes nothing for a while
  is lost; one that ran dry is skipped ahead (what was due in the gap is late, or dropped).
- The stream is written ahead of the speaker. When a cue comes for a moment already written
  (Start, resume, a jump), or a cancelled sound is still to be heard, the output takes back
  what it has not played and the stream is made again from there (``Mixer.seek``).
- ``stateChanged`` cannot be connected from Python (its QAudio::State does not convert), so
  the output is read on each tick instead.
- The thread is a plain daemon thread: one that is stuck in the server's library when the app
  quits is left behind, where a QThread would abort the app.
"""

from __future__ import annotations

import atexit
import os
import threading
import time
import weakref
from array import array
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot

from ...core.mixer import RATE, Event, Mixer, Outcome, OutputClock
from ...system.pulse_output import OutputError, PulseOutput
from .qt_output import QtOutput

READ_S = 0.002  # a reading of the output that took longer (the thread was held up) misdates
LOST_S = 1.5  # the output took nothing for this long while running: it is lost
START_S = 6.0  # ... or since it opened (an idle null sink takes 2 s to start)
RETRY_S = 3.0  # how often a lost or missing output is looked for again

NO_OUTPUT = ("No sound output was found, so cues are shown on screen only. On Linux, check that "
             "PulseAudio or PipeWire is running and that libpulse0 is installed.")
LOST = ("Sound stopped: the sound output went away. The session goes on: watch the screen for "
        "each cue. HipTimer tries to get the sound back; if it does not come back, restart "
        "HipTimer after the session.")


class Output(Protocol):
    """A mono 16-bit stream at ``RATE``, written ahead of the speaker (PulseOutput, QtOutput).
    Each call may raise OutputError: the output went away."""

    dry: bool  # the last latency_s() found that everything written had been played
    tick_s: float  # how often to top the stream up

    def reachable(self) -> bool:
        """Whether the sound server answers with an output (this connects to it)."""

    def open(self) -> None: ...

    def close(self) -> None: ...

    def latency_s(self) -> float | None:
        """How long until the last sample written sounds; None before any was taken."""

    def room(self) -> int:
        """How many samples to write now."""

    def write(self, data: bytes) -> None: ...

    def flush(self) -> bool:
        """Take back what was written and not yet played; False where the output cannot."""


def new_output() -> Output:
    """The PulseAudio stream, or Qt's sink where libpulse-simple is missing (or asked for)."""
    if os.environ.get("HIPTIMER_AUDIO") != "qt" and PulseOutput.available():
        return PulseOutput(RATE)
    return QtOutput(RATE)


class AudioEngine(QObject):
    """Plays named sets of sounds at their deadlines; lives in the audio thread.

    Its slots are called through queued signals (see ``StreamCuePlayer``). The stream is open
    while any set is loaded, and looked for again every few seconds while it cannot be opened.

    Signals:
        started(): the first call to the sound server returned (it answered, or not).
        ready(str): a set is loaded and the output is playing.
        played(str, str, float, float): set, name, deadline, and when its first sample sounds
            (told at the first tick after it starts sounding: until then it may be taken back).
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

    def __init__(self, outputs: Callable[[], Output] = new_output,
                 now: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        _engines.add(self)
        self._new_output, self._now = outputs, now
        self.mixer = Mixer()
        self.clock = OutputClock(RATE)
        self._output: Output | None = None
        self._sounding = 0  # the sample sounding now, as last seen
        self._progress_at = 0.0  # when the output was last seen to move on
        self._flowing = False
        self._coming: list[Event] = []  # sounds placed in the stream, told once they sound
        self._announced: set[str] = set()
        self._problems: set[str] = set()
        self._tick = QTimer(self)
        self._tick.setTimerType(Qt.TimerType.PreciseTimer)
        self._tick.timeout.connect(self.top_up)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._open)

    # --- from the player (queued) ----------------------------------------------------------

    @Slot()
    def probe(self) -> None:
        reachable = self._new_output().reachable()  # connects to the sound server
        self.started.emit()
        if not reachable and not self._problems:
            self._problems.add(NO_OUTPUT)
            self.problem.emit(NO_OUTPUT)

    @Slot(str)
    def expect(self, clip_set: str) -> None:
        self.mixer.expect(clip_set)
        self._announced.discard(clip_set)
        if self._output is None and not self._retry.isActive():
            self._open()

    @Slot(str, object)
    def add(self, clip_set: str, sounds: dict[str, array[int]]) -> None:
        if clip_set in self.mixer.sets:  # not unloaded meanwhile
            self.mixer.add(clip_set, sounds)
            self._place_waiting()  # its items waited while it loaded
            self._announce()

    @Slot(str)
    def remove(self, clip_set: str) -> None:
        self.mixer.remove(clip_set)
        if not self.mixer.sets:
            self._close()
            self._retry.stop()

    @Slot(str, object)
    def schedule(self, clip_set: str, items: list[tuple[float, str]]) -> None:
        self.mixer.schedule(clip_set, items, self._now())
        self._place_waiting()

    @Slot(str)
    def cancel(self, clip_set: str) -> None:
        if self.clock.known and self.mixer.sounding(self.clock.frame_at(self._now()),
                                                    clip_set):
            self._take_back()  # so that it stops now, not once what was written has played
        self.mixer.cancel(clip_set)
        self.top_up()

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
        output = self._new_output()
        try:
            output.open()
        except OutputError:
            self._fail(NO_OUTPUT)
            return
        self._output = output
        self._sounding, self._progress_at = self.mixer.frame, self._now()
        self._flowing = False
        self.clock.reset()
        self.top_up()
        self._tick.start(round(output.tick_s * 1000))

    def _close(self) -> None:
        self._tick.stop()
        output, self._output = self._output, None
        self._flowing = False
        self._coming = []  # never to be heard
        if output is not None:
            output.close()

    def _fail(self, message: str) -> None:
        """Close the output, tell why (unless a reason is out already), and look again soon."""
        self._close()
        if not self._problems:
            self._problems.add(message)
            self.problem.emit(message)
        self._retry.start(round(RETRY_S * 1000))

    def top_up(self) -> None:
        """Date the stream, and write it ahead to the output (every tick)."""
        output = self._output
        if output is None:
            return
        try:
            self._follow(output)
            count = output.room()
            if count > 0:
                data, events = self.mixer.render(count, self.clock)
                output.write(data)
                self._report(events)
            self._report_heard()
        except OutputError:
            self._fail(LOST if self._flowing else NO_OUTPUT)

    def _follow(self, output: Output) -> None:
        """Date the stream by what the output says, and notice if it stalls or ran dry."""
        now, latency, exact = self._read(output)
        if latency is not None and output.dry and self._flowing:
            if self._rewind(output):
                now, latency, exact = self._read(output)
            else:  # it filled the gap with silence, which moved every later sample
                self.clock.reset()
        sounding = None if latency is None else self.mixer.frame - round(latency * RATE)
        if sounding is not None and sounding > self._sounding:
            self._sounding, self._progress_at = sounding, now
            if exact:
                self.clock.observe(now, sounding)
            if not self._flowing:
                self._flowing = True
                self._settle()
        elif now - self._progress_at > (LOST_S if self._flowing else START_S):
            raise OutputError("the output took nothing")

    def _read(self, output: Output) -> tuple[float, float | None, bool]:
        """When the output was asked, its latency then, and whether that time is exact (the
        thread was not held up around the call, as it is when other threads hold the GIL)."""
        before = self._now()
        latency = output.latency_s()
        after = self._now()
        return (before + after) / 2, latency, after - before <= READ_S

    def _place_waiting(self) -> None:
        """Place the items waiting: one due where the stream is written already takes the
        stream back, to be made again from there (what was placed before is placed again)."""
        first = self.mixer.first_waiting()
        if first is not None and self.clock.known and (
                self.clock.frame_at(first) < self.mixer.frame):
            self._take_back()
        self.top_up()

    def _take_back(self) -> None:
        if self._output is not None:
            try:
                self._rewind(self._output)
            except OutputError:
                self._fail(LOST)

    def _rewind(self, output: Output) -> bool:
        """Have the output drop what it has not played, and make the stream again from the
        sample it plays next; False where it cannot."""
        if not output.flush():
            return False
        for _ in range(3):  # an exact reading, unless the thread is held up each time
            now, latency, exact = self._read(output)
            if exact:
                break
        latency = latency or 0.0
        if self.clock.known:
            self.mixer.seek(self.clock.frame_at(now + latency))
            undone = self.clock.time_of(self.mixer.frame)  # sounds from here on are made again
            self._coming = [e for e in self._coming if e.at < undone]
        self._sounding = self.mixer.frame - round(latency * RATE)
        return True

    def _report_heard(self) -> None:
        """Tell the sounds that have started sounding. Not sooner: until then a cancel can
        take them back, or the stream be made again from before them (and them with it)."""
        now = self._now()
        for event in [e for e in self._coming if e.at < now]:
            self.played.emit(event.clip_set, event.name, event.deadline, event.at)
        self._coming = [e for e in self._coming if e.at >= now]

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
                self._coming.append(event)
            elif event.outcome is Outcome.MISSING:
                self.missing.emit(event.clip_set, event.name)
            else:
                self.dropped.emit()


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
