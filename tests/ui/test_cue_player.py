"""The cue player plays real clips through a real (null-sink) PulseAudio server on time, once
each, and says plainly when there is no audio."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from hiptimer.ui.cue_player import (
    NO_OUTPUT,
    NullCuePlayer,
    ThreadedCuePlayer,
    audio_output_available,
)

from .pulse import Monitor, PulseServer, write_tone

SOUNDS = Path(__file__).resolve().parents[2] / "assets" / "sounds"
EARLY_S, LATE_S = 0.005, 0.025  # how far play() may be from deadline - latency

Played = tuple[str, float, float]


@pytest.fixture
def clips(tmp_path: Path) -> dict[str, Path]:
    """The shipped beeps plus two tones, one at another rate (as speech clips may be)."""
    return {
        "tick": SOUNDS / "tick.wav",
        "phase": SOUNDS / "phase.wav",
        "silence": SOUNDS / "silence.wav",
        "low": write_tone(tmp_path / "low.wav", 440, 0.1),
        "speech": write_tone(tmp_path / "speech.wav", 660, 0.1, rate=22_050),
    }


@pytest.fixture
def player(pulse: tuple[PulseServer, Monitor], qtbot: QtBot) -> Iterator[ThreadedCuePlayer]:
    if not audio_output_available():
        pytest.fail("Qt found no audio output although the test server runs: something in "
                    "this process looked for audio devices before the server started.")
    player = ThreadedCuePlayer()
    yield player
    player.shutdown()


def record(player: ThreadedCuePlayer) -> tuple[list[Played], list[str]]:
    played: list[Played] = []
    finished: list[str] = []
    player.played.connect(lambda name, deadline, started: played.append((name, deadline,
                                                                         started)))
    player.finished.connect(lambda name, _: finished.append(name))
    return played, finished


def load(qtbot: QtBot, player: ThreadedCuePlayer, clips: dict[str, Path]) -> None:
    with qtbot.waitSignal(player.ready, timeout=5000):
        player.load(clips)


def test_clips_play_on_their_deadlines_and_reach_the_sink(
        qtbot: QtBot, player: ThreadedCuePlayer, clips: dict[str, Path],
        pulse: tuple[PulseServer, Monitor]) -> None:
    played, finished = record(player)
    load(qtbot, player, clips)
    now = time.monotonic()
    items = [(now + 0.3, "tick"), (now + 0.55, "phase"), (now + 0.8, "low"),
             (now + 1.05, "speech"), (now + 1.3, "tick"), (now + 1.5, "low")]
    player.schedule(items)
    qtbot.waitUntil(lambda: len(played) == len(items) and len(finished) == len(items),
                    timeout=4000)
    assert [(deadline, name) for name, deadline, _ in played] == items
    for _, deadline, started in played:
        aimed = deadline - player.latency_s
        assert aimed - EARLY_S <= started <= aimed + LATE_S
    assert sorted(finished) == sorted(name for _, name in items)  # each one sounded to its end
    _, monitor = pulse
    onsets = monitor.onsets(since=now)
    for name, _, started in played:
        assert any(started - 0.02 <= t <= started + 0.2 for t in onsets), name


def test_resent_overlapping_schedules_play_each_item_once(
        qtbot: QtBot, player: ThreadedCuePlayer, clips: dict[str, Path]) -> None:
    played, _ = record(player)
    load(qtbot, player, clips)
    now = time.monotonic()
    items = [(now + 0.2 + 0.1 * i, name) for i, name in enumerate(["tick", "low", "speech"])]
    sent = 0

    def resend() -> None:  # as the app does: the same window, deadlines recomputed with jitter
        nonlocal sent
        player.schedule([(d + 0.002 * (sent % 2), n) for d, n in items])
        sent += 1

    timer = QTimer()
    timer.timeout.connect(resend)
    timer.start(50)
    resend()
    qtbot.waitUntil(lambda: len(played) == 3 and sent >= 12, timeout=3000)
    timer.stop()
    sentinel = (time.monotonic() + 0.1, "phase")
    player.schedule([*items, sentinel])
    qtbot.waitUntil(lambda: any(name == "phase" for name, _, _ in played), timeout=2000)
    assert [name for name, _, _ in played] == ["tick", "low", "speech", "phase"]


def test_overlapping_clips_of_one_format_play_on_time(
        qtbot: QtBot, player: ThreadedCuePlayer, clips: dict[str, Path]) -> None:
    # Two clips sounding at once on one Qt stream can leave the player thread spinning (see
    # cue_player's docstring): the second goes to the other stream, on time.
    played, finished = record(player)
    load(qtbot, player, clips)
    now = time.monotonic()
    items = sorted((now + 0.2 + 0.15 * i + offset, name)
                   for i in range(30) for offset, name in ((0.0, "tick"), (0.075, "low")))
    player.schedule(items)
    qtbot.waitUntil(lambda: len(finished) == len(items), timeout=8000)
    assert [(deadline, name) for name, deadline, _ in played] == items
    for _, deadline, started in played:
        assert started <= deadline - player.latency_s + LATE_S


def test_cancel_drops_everything_pending(
        qtbot: QtBot, player: ThreadedCuePlayer, clips: dict[str, Path]) -> None:
    load(qtbot, player, clips)
    now = time.monotonic()
    player.schedule([(now + 0.15, "tick"), (now + 0.25, "phase")])
    player.cancel()
    with qtbot.assertNotEmitted(player.played, wait=400):
        pass


def test_items_more_than_150_ms_late_are_dropped_not_played_late(
        qtbot: QtBot, player: ThreadedCuePlayer, clips: dict[str, Path]) -> None:
    played, _ = record(player)
    load(qtbot, player, clips)
    now = time.monotonic()
    stale, slightly_late, ahead = (now - 0.3, "tick"), (now - 0.05, "low"), (now + 0.2, "phase")
    player.schedule([stale, slightly_late, ahead])
    qtbot.waitUntil(lambda: len(played) == 2, timeout=2000)
    player.schedule([stale])  # resent: still one drop
    sentinel = (time.monotonic() + 0.05, "speech")
    player.schedule([sentinel])
    qtbot.waitUntil(lambda: len(played) == 3, timeout=2000)
    assert [(deadline, name) for name, deadline, _ in played] == [slightly_late, ahead, sentinel]
    assert player.late_dropped == 1


@pytest.mark.qt_log_ignore("QSoundEffect: Error decoding source", "Could not open media")
def test_a_clip_that_cannot_load_is_reported_and_the_rest_still_play(
        qtbot: QtBot, player: ThreadedCuePlayer, clips: dict[str, Path],
        tmp_path: Path) -> None:
    played, _ = record(player)
    failures: list[str] = []
    player.failed.connect(failures.append)
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF\x10\x00\x00\x00WAVEnot really")
    load(qtbot, player, {"tick": clips["tick"], "Rep 1 of 3.": broken,
                         "missing": tmp_path / "missing.wav"})
    assert sorted(failures) == sorted([
        f"The sound for “Rep 1 of 3.” could not be loaded from {broken}, so it will not "
        "be heard.",
        f"The sound for “missing” could not be loaded from {tmp_path / 'missing.wav'}, so it "
        "will not be heard.",
    ])
    now = time.monotonic()
    player.schedule([(now + 0.1, "Rep 1 of 3."), (now + 0.2, "tick")])
    qtbot.waitUntil(lambda: len(played) == 1, timeout=2000)
    assert played[0][0] == "tick"


def test_shutdown_is_safe_twice_and_the_null_player_plays_nothing(qtbot: QtBot) -> None:
    null = NullCuePlayer()
    with qtbot.waitSignal(null.ready, timeout=1000):
        null.load({"tick": SOUNDS / "tick.wav"})
    with qtbot.assertNotEmitted(null.played, wait=100):
        null.schedule([(time.monotonic(), "tick")])
    null.cancel()
    null.shutdown()
    null.shutdown()


NO_SERVER_SCRIPT = """
import json, sys, time
from PySide6.QtCore import QCoreApplication, QTimer
app = QCoreApplication([])
from hiptimer.ui.cue_player import ThreadedCuePlayer, audio_output_available
player = ThreadedCuePlayer()
events = []
def failed(message):
    events.append(["failed", message])
    QTimer.singleShot(300, app.quit)  # time for the scheduled item to (not) play
player.failed.connect(failed)
player.ready.connect(lambda: events.append(["ready"]))
player.played.connect(lambda *args: events.append(["played"]))
started = time.monotonic()
player.load({"tick": sys.argv[1]})
player.schedule([(time.monotonic() + 0.1, "tick")])
QTimer.singleShot(10000, app.quit)
app.exec()
player.shutdown()
player.shutdown()
print(json.dumps({"available": audio_output_available(), "events": events,
                  "seconds": time.monotonic() - started}))
"""


def test_without_a_sound_server_it_fails_plainly_without_hanging(tmp_path: Path) -> None:
    # Qt connects to the sound server once per process: this needs a process of its own.
    env = {**os.environ, "PULSE_SERVER": f"unix:{tmp_path / 'no-such.sock'}",
           "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", NO_SERVER_SCRIPT, str(SOUNDS / "tick.wav")],
                            env=env, capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["available"] is False
    assert outcome["events"] == [["failed", NO_OUTPUT]]
    assert outcome["seconds"] < 5


def test_the_self_test_hears_the_tick(qtbot: QtBot, pulse: tuple[PulseServer, Monitor],
                                      tmp_path: Path) -> None:
    from hiptimer.selftest import check_sound

    assert check_sound(tmp_path) == "played the tick"
