"""The text commands: ``hiptimer routines`` and ``hiptimer plan``."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from hiptimer.app import main, time_scale
from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.plan import compile_plan
from hiptimer.core.routine import builtin_routines

ROUTINES = builtin_routines(builtin_catalog())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_routines_json_lists_ids_names_and_durations(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "routines", "--json")
    assert status == 0
    listed = json.loads(out)
    assert [r["id"] for r in listed] == [r.id for r in ROUTINES]
    for item, routine in zip(listed, ROUTINES, strict=False):
        assert item["name"] == routine.name
        assert item["duration"] == compile_plan(routine).duration


def test_routines_as_text_shows_minutes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "routines")
    assert status == 0
    first = out.splitlines()[0].split()
    assert first[:2] == ["daily-stretches", "10:00"]


@pytest.mark.parametrize("routine", ROUTINES, ids=[r.id for r in ROUTINES])
def test_plan_json_is_a_consistent_timeline(routine, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = run(capsys, "plan", routine.id, "--json", "--estimate")
    assert status == 0
    data = json.loads(out)
    assert data["id"] == routine.id
    segments, cues = data["segments"], data["cues"]
    assert segments[0]["start"] == 0 and segments[-1]["end"] == data["duration"]
    assert all(a["end"] == b["start"] for a, b in itertools.pairwise(segments))
    assert {"start", "end", "kind", "exercise", "side", "set", "rep"} <= set(segments[0])
    assert [c["start"] for c in cues] == sorted(c["start"] for c in cues)
    speech = [c for c in cues if not c["kind"].startswith("beep")]
    assert all(a["end"] <= b["start"] + 1e-3 for a, b in itertools.pairwise(speech))
    assert speech[0]["text"].startswith("First: ")
    assert speech[-1]["text"] == "Session complete. Well done."


def test_plan_as_text_lists_every_exercise_and_the_spoken_cues(
        capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "plan", "strength-and-stretch", "--estimate")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith(
        "Six-exercise strength and stretch series (strength-and-stretch): 22:")
    routine = next(r for r in ROUTINES if r.id == "strength-and-stretch")
    for number, b in enumerate(routine.blocks, 1):
        assert f"{number}. {b.exercise.name}" in lines
    assert any("set 1: 10–15 reps (left) — 2 s up, 5 s hold" in line for line in lines)
    assert any('"Switch sides. Right side."' in line for line in lines)
    assert not any('"Up."' in line for line in lines)  # rep cues only with --cues
    _, every, _ = run(capsys, "plan", "strength-and-stretch", "--cues", "--estimate")
    assert '"Up."' in every


def test_plan_measures_phrases_with_the_real_speech_engine(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--data-dir", str(tmp_path), "plan", "movement-snack",
                         "--json")
    assert status == 0
    data = json.loads(out)
    assert data["phrase_lengths"] == "measured"
    assert list((tmp_path / "cache" / "cues").glob("*.wav"))  # kept for the app to reuse
    three = next(c for c in data["cues"] if c["text"] == "Three.")
    assert 0.1 < three["end"] - three["start"] < 1.5


def test_plan_falls_back_to_estimates_without_a_speech_engine(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hiptimer.speech.cache.render_command",
                        lambda: [sys.executable, "-c", "raise SystemExit(3)"])
    status, out, err = run(capsys, "--data-dir", str(tmp_path), "plan", "movement-snack",
                           "--json")
    assert status == 0 and json.loads(out)["phrase_lengths"] == "estimated"
    assert "estimated" in err


def test_unknown_routine_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "plan", "no-such-routine")
    assert status == 2 and out == ""
    assert "no routine called 'no-such-routine'" in err and "daily-stretches" in err


@pytest.mark.parametrize("argv", [["plan"], ["plan", "x", "--verbosity", "loud"], ["dance"]])
def test_bad_arguments_exit_with_status_2(argv: list[str],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_python_dash_m_runs_the_commands() -> None:
    out = subprocess.run([sys.executable, "-m", "hiptimer", "routines", "--json"],
                         capture_output=True, text=True, check=True)
    assert len(json.loads(out.stdout)) == len(ROUTINES)


def test_start_with_an_unknown_routine_is_a_usage_error(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--start", "no-such-routine"]) == 2
    assert "no routine called 'no-such-routine'" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["fast", "0", "-2", "5000"])
def test_a_bad_time_scale_is_refused(value: str, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HIPTIMER_TIME_SCALE", value)
    with pytest.raises(SystemExit) as caught:
        main([])
    assert caught.value.code == 2
    assert "HIPTIMER_TIME_SCALE must be a number from 0.1 to 1000" in capsys.readouterr().err


def test_time_scale_defaults_to_real_time() -> None:
    assert time_scale({}) == 1.0 and time_scale({"HIPTIMER_TIME_SCALE": " 20 "}) == 20.0
