"""The sound output through Qt's QAudioSink, where libpulse-simple cannot be loaded.

What QtMultimedia 6.11 does on Linux (PulseAudio), measured at a null sink's monitor:

- In push mode the sink keeps a ring buffer of ``bufferSize()`` bytes; PulseAudio's thread
  takes from it whenever the server asks (every 256 samples at 22.05 kHz), and a sample taken
  sounds 768 samples later (the stream's server buffer is 1024 samples, refilled when a quarter
  is free): within 0.3 ms at 16, 22.05, 44.1 and 48 kHz. So ``written - (bufferSize -
  bytesFree)`` is how many samples the output has taken, and a sample written sounds after the
  ring's samples and those 768.
- When the sound server dies the sink stays Active with no error: it just stops taking
  samples, which is how a lost output is noticed. Qt tries to reconnect once, 3 s later; if
  that fails, its connection stays null for good, and starting any sink then aborts the process
  (an assertion in libpulse). Its connection lives in a thread named "QPulseAudioEngi", so a
  new sink is started only while that thread exists.
- The first QtMultimedia call connects to the sound server, and one that accepts but never
  answers blocks it for about 30 s (so it is made in the audio thread).
- The server's buffer is only about 46 ms: a Qt thread starved for longer lets it run dry,
  and every later sample then sounds late by the gap (what ``pulse_output`` avoids).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QIODevice
from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices, QtAudio

from ...system.pulse_output import OutputError

# A sample taken by PulseAudio sounds this much later: the 768 of the module docstring, plus
# 3 ms (64 samples) more, measured with bench/sink_timing.py (the server's resampler).
LATENCY_FRAMES = 832
RING_FRAMES = 3308  # 150 ms: how far ahead the stream is written, and how long a stall it rides


class QtOutput:
    """One mono 16-bit stream through a QAudioSink; lives in the audio thread."""

    tick_s = 0.04  # how often the ring is topped up: well within its 150 ms

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.dry = False  # the last latency_s() found the ring empty after it had been taken
        self._sink: QAudioSink | None = None
        self._io: QIODevice | None = None
        self._written = 0

    @staticmethod
    def reachable() -> bool:
        missing = QMediaDevices.defaultAudioOutput().isNull()  # connects to the sound server
        server_connected()  # notes Qt's connection thread, to tell later if it went
        return not missing

    def open(self) -> None:
        device = QMediaDevices.defaultAudioOutput()
        if device.isNull() or not server_connected():
            raise OutputError("no sound output")
        audio = QAudioFormat()
        audio.setSampleRate(self.rate)
        audio.setChannelCount(1)
        audio.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        sink = QAudioSink(device, audio)  # no parent: deleted here, in this thread
        sink.setBufferSize(2 * RING_FRAMES)
        io = sink.start()
        if io is None or sink.error() is not QtAudio.Error.NoError:
            raise OutputError("the sound output did not start")
        self._sink, self._io, self._written = sink, io, 0

    def close(self) -> None:
        sink, self._sink, self._io = self._sink, None, None
        if sink is not None:
            sink.reset()  # stops at once; deleted here as the last reference goes

    def latency_s(self) -> float | None:
        """How long until the last sample written sounds; None before any was taken."""
        queued = 2 * RING_FRAMES - self._sink_or_fail().bytesFree()
        if self._written - queued // 2 <= 0:
            return None
        self.dry = queued == 0
        return (queued // 2 + LATENCY_FRAMES) / self.rate

    def room(self) -> int:
        return self._sink_or_fail().bytesFree() // 2

    def write(self, data: bytes) -> None:
        if self._io is None:
            raise OutputError("the stream is not open")
        self._io.write(data)
        self._written += len(data) // 2

    @staticmethod
    def flush() -> bool:
        """A QAudioSink cannot take back what it was given."""
        return False

    def _sink_or_fail(self) -> QAudioSink:
        if self._sink is None:
            raise OutputError("the stream is not open")
        return self._sink


PULSE_THREAD = "QPulseAudioEngi"  # QtMultimedia's PulseAudio connection runs in this thread
_pulse_seen = False


def server_connected() -> bool:
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
