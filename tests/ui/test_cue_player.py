"""The cue player plays real sounds through a real (null-sink) PulseAudio server, each once and
about when it said, through one stream; and it says plainly when sound cannot be heard."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hiptimer.ui.session.cue_player import LATE, PREVIEW, StreamCuePlayer

from .pulse import Monitor, PulseServer, write_tone

SOUNDS = Path(__file__).resolve().parents[2] / "assets" / "sounds"
HEARD_WITHIN_S = 0.1  # a sound reaches the sink this near to when the player said it would

Played = tuple[str, str, float, float]


@pytest.fixture
def clips(tmp_path: Path) -> dict[str, Path]:
    """The shipped beeps (44.1 kHz) and a tone at the speech engine's rate."""
    return {"tick": SOUNDS / "tick.wav", "phase": SOUNDS / "phase.wav",
            "Up.": write_tone(tmp_path / "up.wav", 660, 0.2, rate=22_050)}


@pytest.fixture
def player(pulse: tuple[PulseServer, Monitor]) -> Iterator[StreamCuePlayer]:
    player = StreamCuePlayer()
    yield player
    player.shutdown()


def record(player: StreamCuePlayer) -> tuple[list[Played], list[str]]:
    played: list[Played] = []
    failures: list[str] = []
    player.played.connect(lambda *args: played.append(args))
    player.failed.connect(failures.append)
    return played, failures


def load(qtbot: QtBot, player: StreamCuePlayer, clip_set: str, clips: dict[str, Path]) -> None:
    with qtbot.waitSignal(player.ready, timeout=10_000, check_params_cb=clip_set.__eq__):
        player.load(clip_set, clips)


def streams(server: PulseServer) -> int:
    """How many playback streams the server has."""
    out = subprocess.run(["pactl", "list", "short", "sink-inputs"], env=server.env(),
                         capture_output=True, text=True, check=True).stdout
    return len(out.splitlines())


@pytest.mark.parametrize("backend", ["pulse", "qt"])  # qt: where libpulse-simple is missing
def test_sounds_play_at_their_deadlines_through_one_stream(
        qtbot: QtBot, player: StreamCuePlayer, clips: dict[str, Path],
        pulse: tuple[PulseServer, Monitor], backend: str, monkeypatch: pytest.MonkeyPatch
        ) -> None:
    monkeypatch.setenv("HIPTIMER_AUDIO", backend)
    server, monitor = pulse
    played, failures = record(player)
    load(qtbot, player, "session", clips)
    load(qtbot, player, "other", {"tick": clips["tick"]})
    assert streams(server) == 1  # both sets, one stream
    start = time.monotonic() + player.lead_s
    items = [(start, "tick"), (start + 0.3, "Up."), (start + 0.6, "phase"),
             (start + 0.6, "tick")]  # a beep and a beep at once: mixed, not raced
    player.schedule("session", items)
    qtbot.waitUntil(lambda: len(played) == len(items), timeout=5000)
    assert sorted((d, n) for _, n, d, _ in played) == sorted(items)
    for _, _, deadline, at in played:
        assert abs(at - deadline) <= 1 / 22_050  # placed on the sample of its deadline
    qtbot.waitUntil(lambda: time.monotonic() > start + 1.0, timeout=5000)  # all sounded
    heard = monitor.onsets(since=start - 0.2)
    for deadline in (start, start + 0.3, start + 0.6):
        assert any(abs(t - deadline) < HEARD_WITHIN_S for t in heard), (deadline, heard)
    assert failures == []


def test_a_voice_sample_never_replaces_the_sessions_sounds(
        qtbot: QtBot, player: StreamCuePlayer, clips: dict[str, Path], tmp_path: Path) -> None:
    played, failures = record(player)
    load(qtbot, player, "session", clips)
    sample = write_tone(tmp_path / "sample.wav", 440, 0.3, rate=22_050)
    with qtbot.waitSignal(player.played, timeout=10_000,
                          check_params_cb=lambda clip_set, *_: clip_set == PREVIEW):
        player.preview(sample)
    items = [(time.monotonic() + player.lead_s + 0.1 * i, name)
             for i, name in enumerate(["tick", "Up.", "phase"])]
    player.schedule("session", items)
    qtbot.waitUntil(lambda: len(played) == 4, timeout=5000)
    assert [(s, n) for s, n, _, _ in played] == [(PREVIEW, PREVIEW), ("session", "tick"),
                                                 ("session", "Up."), ("session", "phase")]
    assert failures == []


def test_a_missing_or_broken_sound_is_told_and_the_rest_still_play(
        qtbot: QtBot, player: StreamCuePlayer, clips: dict[str, Path], tmp_path: Path) -> None:
    played, failures = record(player)
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF\x10\x00\x00\x00WAVEnot really")
    load(qtbot, player, "session", {"tick": clips["tick"], "Rep 1 of 3.": broken})
    assert failures == [f"The sound for “Rep 1 of 3.” could not be loaded from {broken} (the "
                        "audio file is not a valid WAV file), so it will not be heard."]
    failures.clear()
    start = time.monotonic() + player.lead_s
    player.schedule("session", [(start, "Rep 1 of 3."), (start + 0.1, "Hold."),
                                (start + 0.2, "Hold."), (start + 0.3, "tick")])
    qtbot.waitUntil(lambda: len(played) == 1, timeout=5000)
    assert played[0][1] == "tick"
    assert failures == ["The sound for “Hold.” is missing, so that cue was shown but not "
                        "heard."]  # once; the broken one was told when it was loaded


def test_a_cue_too_late_to_be_heard_on_time_is_told_not_played_late(
        qtbot: QtBot, player: StreamCuePlayer, clips: dict[str, Path]) -> None:
    played, failures = record(player)
    load(qtbot, player, "session", clips)
    start = time.monotonic()
    player.schedule("session", [(start - 1.0, "tick"), (start + player.lead_s, "phase")])
    qtbot.waitUntil(lambda: len(played) == 1, timeout=5000)
    assert played[0][1] == "phase" and player.late_dropped == 1 and failures == [LATE]


def test_cancel_drops_what_is_pending(qtbot: QtBot, player: StreamCuePlayer,
                                      clips: dict[str, Path]) -> None:
    load(qtbot, player, "session", clips)
    start = time.monotonic() + player.lead_s
    player.schedule("session", [(start + 0.1, "tick"), (start + 0.2, "phase")])
    player.cancel("session")
    with qtbot.assertNotEmitted(player.played, wait=800):
        pass


def test_the_stream_closes_when_the_last_set_goes(
        qtbot: QtBot, player: StreamCuePlayer, clips: dict[str, Path],
        pulse: tuple[PulseServer, Monitor]) -> None:
    server, _ = pulse
    load(qtbot, player, "session", clips)
    assert streams(server) == 1
    player.unload("session")
    qtbot.waitUntil(lambda: streams(server) == 0, timeout=5000)


def test_the_self_test_hears_the_tick(qtbot: QtBot, pulse: tuple[PulseServer, Monitor],
                                      tmp_path: Path) -> None:
    from hiptimer.selftest import check_sound

    assert check_sound(tmp_path) == "played the tick"
