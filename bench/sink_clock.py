"""Hearing a private PulseAudio null sink on the monotonic clock: a recorder of its monitor,
and a calibration of when the sink itself says it plays a sample.

Anchoring: ``parec --latency-msec=5`` records the monitor in blocks of about 5 ms; a thread
notes ``time.monotonic()`` as each block is read, and SampleClock (sink_analysis) dates every
sample from the fastest readings of its half second. (Not from when parec started, nor from
one origin for the whole recording: the null sink paces itself by CLOCK_MONOTONIC, the clock
``time.monotonic()`` reads, but plays about 240 ppm more samples than its rate, 0.4 s in 30
minutes.) That dates a sample by when it reached the monitor, which is not when it is played:
a null sink renders ahead of its clock by its configured latency (the smallest any client
asked for; parec's 5 ms, unless a player asks for less) and feeds the monitor as it renders.
``calibrate`` measures that constant: it plays clicks through its own stream, each written
right after asking PulseAudio how long until a sample written now is played
(``pa_simple_get_latency``), so each click is due at a known monotonic time, and finds when
the recorder heard them. Measured here: -5.4 ms, spread 0.4-0.9 ms over 10 clicks, the same
before and after a session within 0.1-0.5 ms; with parec at 20 ms it is -20.3 ms.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import subprocess
import threading
import time
from array import array
from pathlib import Path

from bench.sink_analysis import SampleClock, click_offset, find_onsets
from tests.ui.pulse import SINK, PulseServer, orphan_proof, wait_for

RATE = 44_100  # the null sink's own rate: the recording is not resampled
LATENCY_MS = 5


class Recorder:
    """Records the sink's monitor, mono 16-bit, into ``path``, noting when each block came."""

    def __init__(self, server: PulseServer, path: Path) -> None:
        self._server = server
        self.path = path
        self.ends: list[int] = []  # samples recorded after each block,
        self.reads: list[float] = []  # and when that block was read
        self._process: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 10.0) -> None:
        self._process = subprocess.Popen(
            orphan_proof(["parec", f"--device={SINK}.monitor", "--raw", "--format=s16le",
                          f"--rate={RATE}", "--channels=1", f"--latency-msec={LATENCY_MS}"]),
            env=self._server.env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._thread = threading.Thread(target=self._read, name="recorder", daemon=True)
        self._thread.start()
        wait_for(lambda: bool(self.ends) and self.ends[-1] > RATE // 10, timeout,
                 "the sink monitor")

    def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        fd = self._process.stdout.fileno()
        total = 0
        with self.path.open("wb", buffering=0) as out:  # read back during the run
            while block := os.read(fd, 65536):
                read_at = time.monotonic()
                out.write(block)
                total += len(block)
                self.ends.append(total // 2)
                self.reads.append(read_at)

    def stop(self) -> None:
        """Stop recording, and keep the block readings beside the recording (blocks.json)."""
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        process.wait(5)
        if self._thread is not None:
            self._thread.join(5)
        if process.stdout is not None:
            process.stdout.close()
        blocks_file(self.path).write_text(json.dumps([self.ends, self.reads]))

    def clock(self) -> SampleClock:
        """The dating of what has been recorded so far."""
        read = len(self.reads)  # the reader appends to ends first, so it has at least as many
        return SampleClock(self.ends[:read], self.reads[:read], RATE)

    def samples(self, first: int = 0) -> array[int]:
        return read_samples(self.path, first)


def blocks_file(recording: Path) -> Path:
    return recording.with_name("blocks.json")


def read_samples(recording: Path, first: int = 0) -> array[int]:
    data = array("h")
    with recording.open("rb") as f:
        f.seek(first * 2)
        raw = f.read()
    data.frombytes(raw[:len(raw) // 2 * 2])
    return data


def recorded(recording: Path) -> tuple[SampleClock, array[int]]:
    """A finished recording: its samples, and their dating."""
    ends, reads = json.loads(blocks_file(recording).read_text())
    return SampleClock(ends, reads, RATE), read_samples(recording)


def sink_latency_us(server: PulseServer) -> int | None:
    """The null sink's configured latency (what it renders ahead), as pactl reports it."""
    result = subprocess.run(["pactl", "list", "sinks"], env=server.env(), capture_output=True,
                            text=True, check=False, timeout=10)
    found = re.search(r"configured (\d+) usec", result.stdout)
    return int(found.group(1)) if found else None


class _Spec(ctypes.Structure):
    _fields_ = (("format", ctypes.c_int), ("rate", ctypes.c_uint32),
                ("channels", ctypes.c_uint8))


class _Attr(ctypes.Structure):
    _fields_ = tuple((name, ctypes.c_uint32)
                     for name in ("maxlength", "tlength", "prebuf", "minreq", "fragsize"))


def _simple() -> ctypes.CDLL:
    lib = ctypes.CDLL("libpulse-simple.so.0")
    error = ctypes.POINTER(ctypes.c_int)
    lib.pa_simple_new.restype = ctypes.c_void_p
    lib.pa_simple_new.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int,
                                  ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(_Spec),
                                  ctypes.c_void_p, ctypes.POINTER(_Attr), error)
    lib.pa_simple_write.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, error)
    lib.pa_simple_get_latency.restype = ctypes.c_uint64
    lib.pa_simple_get_latency.argtypes = (ctypes.c_void_p, error)
    lib.pa_simple_drain.argtypes = (ctypes.c_void_p, error)
    lib.pa_simple_free.argtypes = (ctypes.c_void_p,)
    return lib


def play_clicks(server: PulseServer, count: int = 10, every_s: float = 0.3) -> list[float]:
    """Play ``count`` 5 ms clicks into the sink; returns when PulseAudio said each would play."""
    lib = _simple()
    error = ctypes.c_int()
    spec = _Spec(3, RATE, 1)  # PA_SAMPLE_S16LE, mono
    unset = 0xFFFFFFFF
    # A 100 ms buffer: a writer held up that long by a busy machine would make a click late.
    attr = _Attr(unset, RATE * 2 * 100 // 1000, unset, unset, unset)
    stream = lib.pa_simple_new(server.server.encode(), b"sink-bench", 1, SINK.encode(),
                               b"calibration", ctypes.byref(spec), None, ctypes.byref(attr),
                               ctypes.byref(error))
    if not stream:
        raise RuntimeError(f"cannot open a calibration stream (PulseAudio error {error.value})")
    chunk = RATE // 100
    silence = bytes(chunk * 2)
    click = array("h", [16_000] * (RATE // 200) + [0] * (chunk - RATE // 200)).tobytes()
    due: list[float] = []
    per_click = round(every_s * 100)
    try:
        for i in range(count * per_click):
            if i % per_click == per_click - 1:
                latency = lib.pa_simple_get_latency(stream, ctypes.byref(error))
                due.append(time.monotonic() + latency / 1e6)
                lib.pa_simple_write(stream, click, len(click), ctypes.byref(error))
            else:
                lib.pa_simple_write(stream, silence, len(silence), ctypes.byref(error))
        lib.pa_simple_drain(stream, ctypes.byref(error))
    finally:
        lib.pa_simple_free(stream)
    return due


def calibrate(server: PulseServer, recorder: Recorder) -> list[float]:
    """Play calibration clicks (see the module docstring) and check the recorder heard them;
    returns when each was due (``click_offset`` in sink_analysis makes the figure of them)."""
    first = recorder.ends[-1]
    due = play_clicks(server)
    time.sleep(0.2)
    clock = recorder.clock()
    heard = [clock.time_of(first + i) for i in find_onsets(recorder.samples(first), RATE)]
    click_offset(due, heard)  # raises if they were not heard
    return due
