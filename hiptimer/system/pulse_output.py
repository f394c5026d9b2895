"""A PulseAudio playback stream with a deeper buffer, through libpulse-simple (ctypes).

Qt's QAudioSink gives PulseAudio about 46 ms of sound to hold, so a writer or a client thread
starved for longer (busy cores, a Python thread holding the GIL) lets the stream run dry, and
every later sample comes late. This stream is written 0.78 s ahead of the speaker (the
buffer sizes below say why), and says how long until the last sample written sounds (the
server's own latency figure, which dates every sample). What is queued and not yet in the
sink (all but 0.2 s) can be taken back (``flush``), so a cue for a moment already written is
placed by writing again from there.

``prebuf`` is 0: a stream that did run dry keeps its place on the server's clock instead of
waiting to refill, so what comes after is not late, and the writer can tell (the latency
falls to nothing) and skip ahead. Every call releases the GIL while it waits (ctypes), and
libpulse-simple runs its own thread in C, which never needs Python.

libpulse-simple.so.0 is in Debian's and Ubuntu's libpulse0 (tools/system-packages.sh), the
bundle carries it (packaging/hiptimer.spec), and PipeWire serves it through its PulseAudio
layer; where it cannot be loaded ``PulseOutput.available()`` is False and Qt's sink is used.
"""

from __future__ import annotations

import ctypes
import threading

RATE_DEFAULT = 22_050
# The server splits a stream's latency (tlength, with PA_STREAM_ADJUST_LATENCY, which
# libpulse-simple sets) into its sink's buffer, (tlength - 2 minreq) / 2 = 0.2 s, which a flush
# cannot take back, and a queue it asks to have refilled minreq at a time. Written no further
# ahead than tlength - minreq, a write never waits for the server to ask.
BUFFER_S = 1.2  # tlength
REQUEST_S = 0.4  # minreq
AHEAD_S = 0.78  # how far ahead of the speaker the stream is written: a stall this long is ridden
TICK_S = 0.2  # how often the stream is topped up
NAME = b"HipTimer"
_FAILED_USEC = 2**64 - 1  # pa_simple_get_latency's (pa_usec_t) -1
_S16LE, _PLAYBACK, _DEFAULT = 3, 1, 2**32 - 1  # PA_SAMPLE_S16LE, PA_STREAM_PLAYBACK, (uint32) -1


class _SampleSpec(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32),
                ("channels", ctypes.c_uint8)]


class _BufferAttr(ctypes.Structure):
    _fields_ = [("maxlength", ctypes.c_uint32), ("tlength", ctypes.c_uint32),
                ("prebuf", ctypes.c_uint32), ("minreq", ctypes.c_uint32),
                ("fragsize", ctypes.c_uint32)]


_lib: ctypes.CDLL | None = None
_lib_lock = threading.Lock()
_lib_tried = False


def _library() -> ctypes.CDLL | None:
    """libpulse-simple with its signatures declared, or None where it cannot be loaded."""
    global _lib, _lib_tried
    with _lib_lock:
        if not _lib_tried:
            _lib_tried = True
            try:
                lib = ctypes.CDLL("libpulse-simple.so.0")
            except OSError:
                return None
            p, err = ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)
            lib.pa_simple_new.restype = p
            lib.pa_simple_new.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int,
                                          ctypes.c_char_p, ctypes.c_char_p,
                                          ctypes.POINTER(_SampleSpec), p,
                                          ctypes.POINTER(_BufferAttr), err]
            lib.pa_simple_write.restype = ctypes.c_int
            lib.pa_simple_write.argtypes = [p, ctypes.c_char_p, ctypes.c_size_t, err]
            lib.pa_simple_get_latency.restype = ctypes.c_uint64
            lib.pa_simple_get_latency.argtypes = [p, err]
            lib.pa_simple_flush.restype = ctypes.c_int
            lib.pa_simple_flush.argtypes = [p, err]
            lib.pa_simple_free.restype = None
            lib.pa_simple_free.argtypes = [p]
            _lib = lib
        return _lib


class OutputError(Exception):
    """The sound output could not be opened, or went away."""


class PulseOutput:
    """One mono 16-bit playback stream on the default PulseAudio sink.

    Not thread-safe: one thread opens, writes, asks and closes.
    """

    tick_s = TICK_S

    def __init__(self, rate: int = RATE_DEFAULT, buffer_s: float = BUFFER_S,
                 ahead_s: float = AHEAD_S, request_s: float = REQUEST_S) -> None:
        self.rate = rate
        self.dry = False  # the last latency_s() found the stream had run dry
        self._buffer_bytes = 2 * round(rate * buffer_s)
        self._ahead_s = ahead_s
        self._request_bytes = 2 * round(rate * request_s)
        self._written = 0
        self._latency = 0.0  # as last read, plus what was written since
        self._stream: int | None = None

    @staticmethod
    def available() -> bool:
        return _library() is not None

    def open(self) -> None:
        """Connect (this may wait for the server); OutputError if it cannot."""
        lib = _library()
        if lib is None:
            raise OutputError("libpulse-simple.so.0 could not be loaded")
        spec = _SampleSpec(_S16LE, self.rate, 1)
        attr = _BufferAttr(maxlength=_DEFAULT, tlength=self._buffer_bytes, prebuf=0,
                           minreq=self._request_bytes, fragsize=_DEFAULT)
        error = ctypes.c_int(0)
        stream = lib.pa_simple_new(None, NAME, _PLAYBACK, None, b"cues", ctypes.byref(spec),
                                   None, ctypes.byref(attr), ctypes.byref(error))
        if not stream:
            raise OutputError(f"PulseAudio error {error.value}")
        self._stream, self._written, self._latency, self.dry = stream, 0, 0.0, False

    def reachable(self) -> bool:
        """Whether a stream opens (this connects to the server, and may wait for it)."""
        try:
            self.open()
        except OutputError:
            return False
        self.close()
        return True

    def write(self, data: bytes) -> None:
        """Queue ``data`` after what was written; waits only if the server's buffer is full."""
        lib, stream = self._call()
        if not data:
            return  # the library takes nothing as an error
        error = ctypes.c_int(0)
        if lib.pa_simple_write(stream, data, len(data), ctypes.byref(error)) < 0:
            raise OutputError(f"PulseAudio error {error.value}")
        self._written += len(data)
        self._latency += len(data) / 2 / self.rate

    def room(self) -> int:
        """How many samples to write to be ``ahead_s`` ahead of the speaker, as of the last
        ``latency_s()`` (the server is asked once a tick, not twice)."""
        return max(0, round((self._ahead_s - self._latency) * self.rate))

    def latency_s(self) -> float:
        """How long from now until the last sample written sounds; 0 when it is already past
        (the stream ran dry)."""
        lib, stream = self._call()
        error = ctypes.c_int(0)
        usec = lib.pa_simple_get_latency(stream, ctypes.byref(error))
        if usec == _FAILED_USEC:
            raise OutputError(f"PulseAudio error {error.value}")
        self.dry = usec == 0 and self._written > 0
        self._latency = int(usec) / 1e6
        return self._latency

    def flush(self) -> bool:
        """Drop what was written and has not reached the sink yet."""
        lib, stream = self._call()
        error = ctypes.c_int(0)
        if lib.pa_simple_flush(stream, ctypes.byref(error)) < 0:
            raise OutputError(f"PulseAudio error {error.value}")
        return True

    def close(self) -> None:
        stream, self._stream = self._stream, None
        lib = _library()
        if stream is not None and lib is not None:
            lib.pa_simple_free(stream)

    def _call(self) -> tuple[ctypes.CDLL, int]:
        lib = _library()
        if lib is None or self._stream is None:
            raise OutputError("the stream is not open")
        return lib, self._stream
