"""The speech subprocess as the parent sees it: real engine, hangs, crashes, bad answers."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from hiptimer.speech import CueCache, SpeechUnavailable, VoiceSettings, list_voices, render_command

from .helpers import fake_child

HANG = [sys.executable, "-c", "import time; time.sleep(60)"]
NO_ENGINE = [sys.executable, "-c",
             "import json; print(json.dumps({'error': 'No speech engine here. Install one.'}));"
             " raise SystemExit(1)"]
MISSING = [str(Path("/nonexistent/hiptimer-render"))]


def test_render_command_runs_the_module_or_the_frozen_executable(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert render_command() == [sys.executable, "-m", "hiptimer.speech.render"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert render_command() == [sys.executable, "--render-cues"]


def test_list_voices_from_the_real_engine() -> None:
    voices = list_voices()
    assert voices and all(v.id and v.name for v in voices)
    assert any(lang.startswith("en") for v in voices for lang in v.languages)


def test_a_hung_engine_is_killed_and_reported(tmp_path: Path,
                                              started: list[subprocess.Popen[bytes]]) -> None:
    cache = CueCache(tmp_path, VoiceSettings(), timeout_s=1, command=HANG)
    begin = time.monotonic()
    result = cache.render(["One.", "Two."])
    assert time.monotonic() - begin < 3
    assert result.error is not None and "stopped responding" in result.error
    assert set(result.failed) == {"One.", "Two."} and not result.clips
    assert len(started) == 1 and started[0].poll() is not None


def test_list_voices_gives_up_on_a_hung_engine(started: list[subprocess.Popen[bytes]]) -> None:
    with pytest.raises(SpeechUnavailable, match="stopped responding"):
        list_voices(timeout_s=0.5, command=HANG)
    assert started[0].poll() is not None


@pytest.mark.parametrize("command", [NO_ENGINE, MISSING], ids=["engine-error", "no-command"])
def test_no_engine_is_a_plain_error(tmp_path: Path, command: list[str]) -> None:
    result = CueCache(tmp_path, VoiceSettings(), command=command).render(["Rest."])
    assert result.error is not None and result.error.endswith(".")
    assert "Rest." in result.failed and not result.clips
    with pytest.raises(SpeechUnavailable) as raised:
        list_voices(command=command)
    assert str(raised.value) == result.error


def test_the_engines_own_words_are_passed_on(tmp_path: Path) -> None:
    result = CueCache(tmp_path, VoiceSettings(), command=NO_ENGINE).render(["Rest."])
    assert result.error == "No speech engine here. Install one."


def test_one_failing_phrase_does_not_fail_the_others(tmp_path: Path) -> None:
    command = fake_child(tmp_path, """
        jobs = read_request()["jobs"]
        write_tone(jobs[0]["path"])
        send({"done": 0, "ok": True})
        open(jobs[1]["path"], "wb").close()  # empty, yet reported as fine
        send({"done": 1, "ok": True})
        send({"done": 2, "ok": False, "error": "voice cannot say this"})
        write_tone(jobs[3]["path"], seconds=0)  # a valid WAV with no sound
        send({"done": 3, "ok": True})
    """)
    cache = CueCache(tmp_path / "cache", VoiceSettings(), command=command)
    result = cache.render(["Good.", "Empty.", "Refused.", "Silent."])
    assert result.error is None
    assert list(result.clips) == ["Good."]
    assert result.clips["Good."].length == pytest.approx(0.3, abs=0.01)  # no silence to trim
    assert result.failed == {"Empty.": "The audio file is empty.",
                             "Refused.": "The speech engine could not say it "
                                         "(voice cannot say this).",
                             "Silent.": "The speech engine produced only silence."}


def test_garbage_from_the_engine_stops_the_render(tmp_path: Path,
                                                  started: list[subprocess.Popen[bytes]]) -> None:
    command = fake_child(tmp_path, """
        jobs = read_request()["jobs"]
        write_tone(jobs[0]["path"])
        send({"done": 0, "ok": True})
        print("Audio saved to somewhere", flush=True)
        import time; time.sleep(60)
    """)
    result = CueCache(tmp_path / "cache", VoiceSettings(), command=command).render(["A.", "B."])
    assert result.error is not None and "could not read" in result.error
    assert "Audio saved" in result.error
    assert list(result.clips) == ["A."] and list(result.failed) == ["B."]
    assert started[0].poll() is not None


def test_an_answer_for_a_job_twice_is_garbage(tmp_path: Path) -> None:
    command = fake_child(tmp_path, """
        jobs = read_request()["jobs"]
        write_tone(jobs[0]["path"])
        send({"done": 0, "ok": True})
        send({"done": 0, "ok": True})
    """)
    result = CueCache(tmp_path / "cache", VoiceSettings(), command=command).render(["A.", "B."])
    assert result.error is not None and "could not read" in result.error
    assert list(result.clips) == ["A."] and list(result.failed) == ["B."]


def test_an_engine_that_crashes_midway(tmp_path: Path) -> None:
    command = fake_child(tmp_path, """
        jobs = read_request()["jobs"]
        write_tone(jobs[0]["path"])
        send({"done": 0, "ok": True})
        sys.stderr.write("Segmentation fault in the voice\\n")
        sys.exit(3)
    """)
    result = CueCache(tmp_path / "cache", VoiceSettings(), command=command).render(["A.", "B."])
    assert result.error is not None
    assert "exit code 3" in result.error and "Segmentation fault in the voice" in result.error
    assert list(result.clips) == ["A."]
    assert result.failed == {"B.": "The speech engine stopped before saying it."}


def test_an_unknown_voice_is_an_engine_error(tmp_path: Path) -> None:
    voice = VoiceSettings(voice="no/such-voice")
    result = CueCache(tmp_path, voice).render(["Rest."])
    assert result.error is not None and "no/such-voice" in result.error
    assert "Settings" in result.error


def test_voice_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="rate"):
        VoiceSettings(rate=50)
    with pytest.raises(ValueError, match="volume"):
        VoiceSettings(volume=1.5)


def test_speech_never_imports_qt() -> None:
    code = ("import sys, hiptimer.speech, hiptimer.speech.render\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
