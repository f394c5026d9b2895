"""A private PulseAudio server with a null sink, and a recorder of what reaches that sink.

Used by the cue player's tests and by the sink benchmarks: real QtMultimedia playback
through a real sound server, with no sound card. The server runs as the current user (root in
CI: PulseAudio warns and carries on) with its home and runtime folders in a temporary folder.
"""

from __future__ import annotations

import bisect
import math
import os
import shutil
import subprocess
import threading
import time
import wave
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

SINK = "vsink"
RATE = 44_100


def pulseaudio_installed() -> bool:
    return all(shutil.which(tool) for tool in ("pulseaudio", "pactl", "parec"))


def orphan_proof(command: list[str]) -> list[str]:
    """``command``, ended by the kernel if this process dies first (when ``setpriv`` can)."""
    if shutil.which("setpriv"):
        return ["setpriv", "--pdeathsig", "TERM", "--", *command]
    return command


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``condition`` until it holds; RuntimeError naming ``what`` after ``timeout`` s."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.01)


class PulseServer:
    """``pulseaudio`` with one null sink, listening on a socket in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.socket = folder / "pulse.sock"
        self.server = f"unix:{self.socket}"
        self.log = folder / "pulseaudio.log"
        self._process: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        """The environment for a client of this server (and only this one)."""
        return {**os.environ, "PULSE_SERVER": self.server, "HOME": str(self.folder),
                "XDG_RUNTIME_DIR": str(self.folder)}

    def start(self, timeout: float = 10.0) -> None:
        self.folder.chmod(0o700)  # it is the clients' XDG_RUNTIME_DIR, which must be private
        command = [
            "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
            "--use-pid-file=no", f"--load=module-null-sink sink_name={SINK}",
            f"--load=module-native-protocol-unix socket={self.socket} auth-anonymous=1",
        ]
        with self.log.open("wb") as log:
            self._process = subprocess.Popen(orphan_proof(command), env=self.env(),
                                             stdin=subprocess.DEVNULL, stdout=log,
                                             stderr=subprocess.STDOUT)
        try:
            wait_for(self._answers, timeout, "PulseAudio to start")
        except RuntimeError:
            self.stop()
            raise RuntimeError(f"PulseAudio did not start: {self.log.read_text()}") from None

    def _answers(self) -> bool:
        if self._process is not None and self._process.poll() is not None:
            raise RuntimeError(f"PulseAudio exited: {self.log.read_text()}")
        if not self.socket.exists():
            return False
        result = subprocess.run(["pactl", "info"], env=self.env(), capture_output=True,
                                check=False)
        return result.returncode == 0

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Monitor:
    """Records the sink's monitor with ``parec`` and tells when sound arrived.

    Times are on the ``time.monotonic()`` clock, estimated from when the recorder read the
    blocks around a sample: the earliest reading of the last few seconds, so an arrival time
    is late by at most the monitor's own latency (a few ms with ``--latency-msec=5``), and a
    gap in the recording (the reader fell behind) shifts nothing after it.
    """

    WINDOW = 200  # blocks either side whose readings date a sample

    def __init__(self, server: PulseServer) -> None:
        self._server = server
        self._lock = threading.Lock()
        self._data = bytearray()
        self._ends: list[int] = []  # for each block read: the sample count after it,
        self._reads: list[float] = []  # and when it was read
        self._process: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 10.0) -> None:
        """Start recording, and wait until data flows (an idle null sink can take 2 s)."""
        self._process = subprocess.Popen(
            orphan_proof(["parec", f"--device={SINK}.monitor", "--raw", "--format=s16le",
                          f"--rate={RATE}", "--channels=1", "--latency-msec=5"]),
            env=self._server.env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._thread = threading.Thread(target=self._read, name="monitor", daemon=True)
        self._thread.start()
        wait_for(lambda: self.now_sample() > RATE // 10, timeout, "the sink monitor")

    def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        fd = self._process.stdout.fileno()
        while block := os.read(fd, 65536):
            read_at = time.monotonic()
            with self._lock:
                self._data += block
                end = len(self._data) // 2
                self._ends.append(end)
                self._reads.append(read_at)

    def now_sample(self) -> int:
        with self._lock:
            return len(self._data) // 2

    def onsets(self, since: float, threshold: float = 0.05, gap: float = 0.03) -> list[float]:
        """Monotonic times where sound began after ``since``: louder than ``threshold`` (of
        full scale) after at least ``gap`` seconds quieter."""
        with self._lock:
            samples = array("h", self._data[:len(self._data) // 2 * 2])
            ends, reads = list(self._ends), list(self._reads)
        origins = [read - end / RATE for read, end in zip(reads, ends, strict=True)]

        def time_of(i: int) -> float:
            block = bisect.bisect_left(ends, i + 1)
            near = origins[max(0, block - self.WINDOW):block + self.WINDOW + 1]
            return min(near) + i / RATE

        limit = threshold * 32767
        first = ends[max(0, bisect.bisect_left(reads, since) - 2)] if ends else 0
        found: list[float] = []
        last_loud = -RATE
        for i in range(first, len(samples)):
            if abs(samples[i]) > limit:
                if i - last_loud > gap * RATE and time_of(i) >= since:
                    found.append(time_of(i))
                last_loud = i
        return found

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.terminate()
            process.wait(5)
        if self._thread is not None:
            self._thread.join(5)
        if process is not None and process.stdout is not None:
            process.stdout.close()


@contextmanager
def pulse_server(folder: Path, monitor: bool = True) -> Iterator[tuple[PulseServer, Monitor]]:
    """A running server (and its monitor, started unless told not to), stopped on exit."""
    server = PulseServer(folder)
    server.start()
    recorder = Monitor(server)
    try:
        if monitor:
            recorder.start()
        yield server, recorder
    finally:
        recorder.stop()
        server.stop()


def write_tone(path: Path, freq: float, seconds: float, rate: int = RATE,
               peak: float = 0.5) -> Path:
    """A 16-bit mono sine with 5 ms fades, so its onset is sharp but click-free."""
    n = round(seconds * rate)
    fade = max(1, round(0.005 * rate))
    data = array("h", (round(peak * 32767 * math.sin(2 * math.pi * freq * i / rate)
                             * min(1.0, i / fade, (n - 1 - i) / fade)) for i in range(n)))
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(data.tobytes())
    return path
