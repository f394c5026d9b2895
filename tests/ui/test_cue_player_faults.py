"""What the cue player does when sound goes wrong: no server, a server that hangs, a server that
dies mid-session and comes back, and quitting while sounds play. Each runs the real player in a
process of its own (tests/ui/player_child.py), as Qt meets the sound server once per process."""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hiptimer.ui.session.cue_player import LOST, NO_OUTPUT, NOT_ANSWERING

from .pulse import Monitor, PulseServer, pulse_server

ROOT = Path(__file__).resolve().parents[2]
# Qt's notices at start; anything else on stderr (a QSocketNotifier or QThread warning) fails.
NOTICES = ("qt.multimedia.symbolsresolver:", "qt.multimedia.ffmpeg:",
           "PulseAudioService: pa_context_connect() failed")  # once, with no server

Event = list[object]


class Child:
    """tests/ui/player_child.py, its events read as they come."""

    def __init__(self, env: dict[str, str], seconds: float, *flags: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.ui.player_child", str(seconds), *flags], cwd=ROOT,
            env={**env, "QT_QPA_PLATFORM": "offscreen"}, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        self.events: list[Event] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def until(self, *wanted: object, timeout: float = 30) -> Event:
        """Read events until one that starts with ``wanted`` (after its time stamp)."""
        end = time.monotonic() + timeout
        while True:
            line = self._lines.get(timeout=max(0.0, end - time.monotonic()))
            if line is None:
                raise AssertionError(f"the child ended without {wanted}: {self.events}")
            event = json.loads(line)
            self.events.append(event)
            if tuple(event[1:1 + len(wanted)]) == wanted:
                return event

    def finish(self, timeout: float = 60) -> tuple[int, list[str]]:
        """Its exit status and stderr lines, once it has quit."""
        with pytest.raises(AssertionError):
            self.until("never", timeout=timeout)
        _, err = self.process.communicate(timeout=timeout)
        return self.process.returncode, [line for line in err.splitlines() if line.strip()]

    def kinds(self) -> list[object]:
        return [event[1] for event in self.events]


def unexpected(stderr: list[str]) -> list[str]:
    return [line for line in stderr if not line.startswith(NOTICES)]


def test_without_a_sound_server_it_says_so_plainly(tmp_path: Path) -> None:
    env = {**os.environ, "PULSE_SERVER": f"unix:{tmp_path / 'no-such.sock'}",
           "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path)}
    child = Child(env, 2)
    child.until("failed", NO_OUTPUT)
    status, stderr = child.finish()
    assert status == 0 and "played" not in child.kinds() and "ready" not in child.kinds()
    assert unexpected(stderr) == []


@pytest.fixture
def hung_server(tmp_path: Path) -> Iterator[str]:
    """A socket that takes connections and never answers, as a hung sound server does."""
    path = tmp_path / "hung.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(8)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"unix:{path}"
    server.close()
    for connection in held:
        connection.close()


def test_a_hung_sound_server_never_freezes_the_window(hung_server: str,
                                                     tmp_path: Path) -> None:
    env = {**os.environ, "PULSE_SERVER": hung_server, "HOME": str(tmp_path),
           "XDG_RUNTIME_DIR": str(tmp_path)}
    child = Child(env, 4)
    child.until("failed", NOT_ANSWERING)
    status, stderr = child.finish()
    kinds = child.kinds()
    said = kinds.index("failed")
    assert kinds[:said].count("gui") >= 10  # the GUI thread ran while the audio thread waited
    assert kinds[said + 1:].count("gui") >= 5 and kinds[-1] == "quit"
    assert status == 0 and unexpected(stderr) == []  # no "QThread: Destroyed ...", no abort


@pytest.mark.slow
def test_losing_the_sound_server_is_told_and_the_sound_comes_back(tmp_path: Path) -> None:
    with pulse_server(tmp_path, monitor=False) as (server, _):
        child = Child(server.env(), 40)
        child.until("played", "session", "tick")
        server.stop()
        server.start()  # back before Qt tries its connection again
        child.until("failed", LOST)
        child.until("restored", LOST)
        child.until("played", "session", "tick")
        child.process.terminate()
        child.process.communicate(timeout=10)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["pulse", "qt"])
def test_a_server_gone_for_a_while_is_told_and_never_crashes_the_app(tmp_path: Path,
                                                                   backend: str) -> None:
    # Qt tries its connection once, 3 s after losing it; starting a sound after that failed
    # aborted the whole app (an assertion in libpulse). The PulseAudio stream connects anew
    # each time it looks, so its sound comes back; Qt's sink stays silent, but safely.
    with pulse_server(tmp_path, monitor=False) as (server, _):
        child = Child({**server.env(), "HIPTIMER_AUDIO": backend}, 12)
        child.until("played", "session", "tick")
        server.stop()
        child.until("failed", LOST)
        time.sleep(5)  # Qt's one try has failed, and the player has looked again
        server.start()
        status, stderr = child.finish()
    kinds = child.kinds()
    assert status == 0 and kinds[-1] == "quit"
    assert ("restored" in kinds) is (backend == "pulse")
    assert kinds[kinds.index("failed"):].count("gui") >= 50  # the window went on
    assert unexpected(stderr) == []


@pytest.mark.parametrize("how", ["--churn", "--no-quit"])
def test_quitting_while_sounds_play_is_clean_and_quiet(pulse: tuple[PulseServer, Monitor],
                                                       how: str) -> None:
    # --no-quit: a program that never quits its application (the self-test) and just ends
    server, _ = pulse
    child = Child(server.env(), 4, how)
    status, stderr = child.finish()
    kinds = child.kinds()
    assert status == 0 and kinds[-1] == "quit"
    assert kinds.count("played") >= 10 and "failed" not in kinds
    assert unexpected(stderr) == []
