"""The text commands: ``hiptimer routines``, ``plan``, ``print``, ``import``, ``export`` and
``history``."""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest

from hiptimer.app import main, time_scale
from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.plan import compile_plan
from hiptimer.core.routine_load import builtin_routines
from hiptimer.store.db import SCHEMA_VERSION
from hiptimer.store.export import ENTRY_COLUMNS, SESSION_COLUMNS
from hiptimer.store.history import HistoryStore
from hiptimer.store.routines import UserRoutines

from .core.test_routine_v2 import EXAMPLE
from .store.records import activity_log, session_record

ROUTINES = builtin_routines(builtin_catalog())


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path_factory: pytest.TempPathFactory,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands without --data-dir read a fresh user folder, never this machine's."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))


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


def test_the_commands_leave_out_a_routine_of_yours_as_the_window_does(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = UserRoutines(tmp_path / "routines", builtin_catalog())
    store.save(dataclasses.replace(ROUTINES[0], name="My version", built_in=False))
    status, out, err = run(capsys, "--data-dir", str(tmp_path), "routines")
    assert status == 0
    assert "My version" not in out and ROUTINES[0].name in out
    assert err == (f"hiptimer: Skipped your routine 'My version': its id {ROUTINES[0].id!r} is "
                   "a built-in routine's. Import its file again to give it an id of its own.\n")


def test_routines_as_text_shows_minutes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "routines")
    assert status == 0
    first = out.splitlines()[0].split()
    assert first[:2] == ["start-here", "8:17"]


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
    assert any('"Switch sides. Right leg: lie on your left side."' in line for line in lines)
    assert not any('"Open."' in line for line in lines)  # rep cues only with --cues
    _, every, _ = run(capsys, "plan", "strength-and-stretch", "--cues", "--estimate")
    assert '"Open."' in every and '"Close."' in every  # the clamshell's own words


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


# --- hiptimer print ---------------------------------------------------------------------------

@pytest.mark.usefixtures("qapp")  # as the window would have: the command uses the one running
def test_print_writes_a_pdf_handout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "handout.pdf"
    status, out, err = run(capsys, "--data-dir", str(tmp_path / "data"), "print",
                           "strength-and-stretch", "--pdf", str(target))
    assert status == 0 and err == ""
    assert re.fullmatch(rf"Wrote [1-9]\d* pages? to {re.escape(str(target))}\n", out)
    assert target.read_bytes().startswith(b"%PDF-")
    assert not (tmp_path / "data").exists()  # nothing made for a built-in routine


@pytest.mark.usefixtures("qapp")
def test_print_finds_your_own_routines_and_refuses_unknown_ones(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = dataclasses.replace(ROUTINES[0], id="my-stretches", name="My stretches",
                               built_in=False)
    UserRoutines(tmp_path / "routines", builtin_catalog()).save(mine)
    target = tmp_path / "mine.pdf"
    status, out, _ = run(capsys, "--data-dir", str(tmp_path), "print", "my-stretches",
                         "--pdf", str(target))
    assert status == 0 and out.startswith("Wrote ") and target.read_bytes()[:5] == b"%PDF-"
    status, out, err = run(capsys, "--data-dir", str(tmp_path / "empty"), "print",
                           "no-such-routine", "--pdf", str(tmp_path / "x.pdf"))
    assert status == 2 and out == ""
    assert "no routine called 'no-such-routine'" in err and "daily-stretches" in err
    assert not (tmp_path / "empty").exists() and not (tmp_path / "x.pdf").exists()


@pytest.mark.usefixtures("qapp")
def test_print_to_an_unwritable_file_fails_clearly(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "no-such-folder" / "handout.pdf"
    status, out, err = run(capsys, "print", "daily-stretches", "--pdf", str(target))
    assert status == 1 and out == ""
    assert err == (f"hiptimer: cannot write {target}: the folder {target.parent} "
                   "does not exist\n")
    status, _, err = run(capsys, "print", "daily-stretches", "--pdf", str(tmp_path))
    assert status == 1 and err.startswith(f"hiptimer: cannot write {tmp_path}: ")
    assert list(tmp_path.iterdir()) == []


def test_python_dash_m_prints_without_a_display(tmp_path: Path) -> None:
    target = tmp_path / "handout.pdf"
    keep = ("PATH", "SYSTEMROOT")  # no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM
    env = {k: os.environ[k] for k in keep if k in os.environ} | {"HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "hiptimer", "print", "daily-stretches",
                           "--pdf", str(target)], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wrote ") and done.stdout.endswith(f" to {target}\n")
    assert target.read_bytes().startswith(b"%PDF-")


# --- your own routines: import, export, and the commands that find them ----------------------

def imported(capsys: pytest.CaptureFixture[str], folder: Path, *argv: str
             ) -> tuple[int, str, str]:
    handed = folder / "from-my-physio.toml"
    if not handed.exists():
        handed.write_text(EXAMPLE, encoding="utf-8")
    return run(capsys, "--data-dir", str(folder), "import", str(handed), *argv)


def test_import_shows_the_preview_and_every_command_then_knows_the_routine(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = imported(capsys, tmp_path)
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Left hip programme (left-hip-oa): 24:15, daily"
    assert "2. Standing leg lift to the side (8:28): a set on each side in turn, left leg first" \
        in lines
    assert "3. Knees-to-chest stretch (4:00): both legs at once*" in lines
    assert "   hold 20 s, sets 5, rest 30 s*" in lines  # "no rest written": it is marked
    assert "   timing: get into position 15 s*, get ready 5 s*" in lines
    assert "   Stationary bike: 15 min, 3 days a week; seat high" in lines
    assert lines[-1].startswith("Imported ") and "as 'Left hip programme' (id left-hip-oa)" \
        in lines[-1]
    saved = tmp_path / "routines" / "left-hip-oa.toml"
    assert saved.is_file()

    status, out, _ = run(capsys, "--data-dir", str(tmp_path), "routines")
    assert status == 0
    assert re.search(r"^left-hip-oa +24:15  Left hip programme \(4 exercises, daily, yours\)$",
                     out, re.M)
    status, out, _ = run(capsys, "--data-dir", str(tmp_path), "plan", "left-hip-oa",
                         "--estimate")
    assert status == 0 and '"Left leg. Get ready."' in out
    assert main(["--data-dir", str(tmp_path), "--start", "nope"]) == 2
    assert "left-hip-oa" in capsys.readouterr().err  # named among the known routines


def test_import_again_keeps_both_or_replaces_as_asked(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert imported(capsys, tmp_path)[0] == 0
    status, out, _ = imported(capsys, tmp_path)
    assert status == 0
    assert ("as 'Left hip programme (2)' (id left-hip-oa-2), since one of your routines is "
            "called 'Left hip programme'; use --replace to replace yours instead") in out
    status, out, _ = imported(capsys, tmp_path, "--replace")
    assert status == 0 and "replacing 'Left hip programme' (its history stays)" in out
    names = sorted(p.name for p in (tmp_path / "routines").iterdir())
    assert names == ["left-hip-oa-2.toml", "left-hip-oa.toml"]


def test_import_of_a_broken_file_names_every_problem_and_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.toml"
    text = EXAMPLE.replace('"stationary-bike"', '"stationary-bik"').replace("sets = 5",
                                                                             'sets = "5x"')
    broken.write_text(text, encoding="utf-8")
    sets, bike = (text[:text.index(key)].count("\n") + 1
                  for key in ('"5x"', '"stationary-bik"'))
    status, out, err = run(capsys, "--data-dir", str(tmp_path), "import", str(broken))
    assert status == 1 and out == ""
    assert err.splitlines() == [
        f"hiptimer: broken.toml: line {sets}: block[3].sets: expected a whole "
        "number, got text ('5x'); write 5, not \"5x\"",
        f"hiptimer: broken.toml: line {bike}: block[5].activity: no exercise "
        "with id 'stationary-bik' in the catalog; did you mean \"stationary-bike\"?",
        f"hiptimer: {broken} was not imported (2 problems); nothing was changed"]
    assert not (tmp_path / "routines").exists()


def test_import_dry_run_saves_nothing(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = imported(capsys, tmp_path, "--dry-run")
    assert status == 0 and out.splitlines()[-1].endswith("Nothing was saved.")
    assert not (tmp_path / "routines").exists()


def test_export_writes_a_file_that_imports_as_the_same_routine(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert imported(capsys, tmp_path)[0] == 0
    out_file = tmp_path / "copy.toml"
    status, _, err = run(capsys, "--data-dir", str(tmp_path), "export", "left-hip-oa",
                         str(out_file))
    assert status == 0 and err == f"hiptimer: wrote Left hip programme to {out_file}\n"
    store = UserRoutines(tmp_path / "routines", builtin_catalog())
    (original,), _ = store.load()
    assert store.read_file(out_file).routine == original
    status, out, _ = run(capsys, "--data-dir", str(tmp_path), "export", "left-hip-oa", "-")
    assert status == 0 and out == out_file.read_text(encoding="utf-8")
    status, _, err = run(capsys, "--data-dir", str(tmp_path), "export", "nope", "-")
    assert status == 2 and "no routine called 'nope'" in err


# --- hiptimer history -----------------------------------------------------------------------

FIXTURE = Path(__file__).parent / "store" / "fixtures" / f"history-v{SCHEMA_VERSION}.sqlite3"
HISTORY = "history.sqlite3"


@pytest.fixture
def three_sessions(tmp_path: Path) -> Path:
    """A data folder whose history holds three sessions on three days, saved out of order."""
    store = HistoryStore.open(tmp_path / HISTORY)
    store.save(session_record("movement-snack", uid="mid", day=date(2026, 11, 3),
                              at=time(12, 30), run_for=60, pain=(4, None)))
    store.save(session_record(uid="new", day=date(2026, 11, 4), at=time(7, 5)))
    store.save(session_record("strength-and-stretch", uid="old", day=date(2026, 11, 2),
                              at=time(18, 0), pain=(None, None)))
    store.close()
    return tmp_path


def history(capsys: pytest.CaptureFixture[str], folder: Path, *argv: str
            ) -> tuple[int, str, str]:
    return run(capsys, "--data-dir", str(folder), "history", *argv)


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_history_lists_the_activities_logged_and_exports_them(
        three_sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = HistoryStore.open(three_sessions / HISTORY)
    store.save_activity(activity_log(day=date(2026, 11, 3), routine_id="left-hip-oa"))
    store.save_activity(activity_log("stationary-bike", uid="a2", day=date(2026, 11, 4),
                                     minutes=15, pain=None, note=""))
    store.close()
    status, out, _ = history(capsys, three_sessions)
    assert status == 0
    assert out.splitlines()[-4:] == [
        "Day         Activity         Time    Pain  Note",
        "2026-11-04  Stationary bike  15 min  –",
        "2026-11-03  Easy walk        20 min  2     with poles",
        "2 activities logged"]
    status, out, err = history(capsys, three_sessions, "--routine", "left-hip-oa",
                               "--activities-csv", "-")
    assert status == 0 and err == ""
    [header, row] = list(csv.reader(io.StringIO(out)))
    assert header[:4] == ["date", "activity", "activity id", "minutes"]
    assert row[:5] == ["2026-11-03", "Easy walk", "walking", "20", "2"]
    status, _, err = history(capsys, three_sessions, "--csv", "x.csv", "--activities-csv",
                             "x.csv")
    assert status == 2 and "need different files" in err


def test_history_lists_sessions_newest_first_with_a_count(
        three_sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = history(capsys, three_sessions)
    assert status == 0 and err == ""
    header, *rows, count = out.splitlines()
    assert header.split() == ["When", "Routine", "Active", "Sets", "Outcome", "Pain"]
    assert [r[:16] for r in rows] == ["2026-11-04 07:05", "2026-11-03 12:30", "2026-11-02 18:00"]
    assert rows[0].split("  ")[1] == "Daily hip stretches"
    assert "10 of 10 min" in rows[0] and "8 of 8" in rows[0] and "finished" in rows[0]
    assert rows[0].endswith("3 → 2")
    assert "Desk movement snack" in rows[1] and "1 of 5.5 min" in rows[1]
    assert "stopped early" in rows[1] and rows[1].endswith("4 → –")
    assert "Six-exercise strength and stretch series" in rows[2] and rows[2].endswith("– → –")
    # the columns line up: text on the left, numbers on the right
    assert rows[0].index("Daily") == rows[2].index("Six") == header.index("Routine")
    assert rows[1].index("stopped") == rows[0].index("finished") == header.index("Outcome")
    assert {r.index(" min") + 4 for r in rows} == {header.index("Active") + 6}
    assert {r.index("→") for r in rows} == {header.index("Pain") + 2}
    assert count == "3 sessions"


def test_history_reads_the_fixture_database_without_changing_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIXTURE, tmp_path / HISTORY)
    status, out, _ = history(capsys, tmp_path)
    assert status == 0
    lines = out.splitlines()
    assert "3 sessions" in lines and lines[-1] == "1 activity logged"
    assert {"in progress", "stopped early", "finished"} <= set(" ".join(lines).split("  "))
    assert (tmp_path / HISTORY).read_bytes() == FIXTURE.read_bytes()


def test_an_empty_history_says_there_are_no_sessions_yet(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    HistoryStore.open(tmp_path / HISTORY).close()
    status, out, _ = history(capsys, tmp_path)
    assert status == 0
    assert out.startswith("No sessions yet.") and len(out.splitlines()) == 1


def test_without_a_history_file_none_is_made(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "data"
    status, out, err = history(capsys, folder)
    assert status == 0 and err == ""
    assert out == (f"No history yet at {folder / HISTORY}. "
                   "Sessions appear here once you have done one.\n")
    assert not folder.exists()


def test_without_a_history_file_the_csv_files_are_those_of_an_empty_history(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before the first start and after it (an empty history file), the same request gets the
    same answer: header-only files and status 0."""
    empty = tmp_path / "started-once"
    empty.mkdir()
    HistoryStore.open(empty / HISTORY).close()
    written = {}
    for folder in (tmp_path / "never-started", empty):
        files = tmp_path / f"{folder.name}-sessions.csv", tmp_path / f"{folder.name}-sets.csv"
        status, out, err = history(capsys, folder, "--csv", str(files[0]),
                                   "--sets-csv", str(files[1]))
        assert status == 0 and out == ""
        assert err == (f"hiptimer: 0 sessions written to {files[0]}\n"
                       f"hiptimer: 0 sets written to {files[1]}\n")
        written[folder.name] = [f.read_bytes() for f in files]
    assert written["never-started"] == written["started-once"]
    sessions, sets = written["never-started"]
    assert sessions.decode("utf-8-sig").splitlines() == [",".join(SESSION_COLUMNS)]
    assert sets.decode("utf-8-sig").splitlines() == [",".join(ENTRY_COLUMNS)]
    assert not (tmp_path / "never-started").exists()  # reading makes no history


def test_history_csv_writes_every_session_to_a_file(
        three_sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = three_sessions / "sessions.csv"
    status, out, err = history(capsys, three_sessions, "--csv", str(target))
    assert status == 0 and out == ""
    assert err == f"hiptimer: 3 sessions written to {target}\n"
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # the mark Excel needs
    with target.open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert tuple(header) == SESSION_COLUMNS
    assert [(r[0], r[1], r[4]) for r in rows] == [
        ("2026-11-04", "07:05", "daily-stretches"), ("2026-11-03", "12:30", "movement-snack"),
        ("2026-11-02", "18:00", "strength-and-stretch")]
    assert rows[1][5] == "stopped early"


def test_history_sets_csv_writes_every_set_with_exercise_names(
        three_sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sessions, sets = three_sessions / "s.csv", three_sessions / "sets.csv"
    status, _, err = history(capsys, three_sessions, "--csv", str(sessions),
                             "--sets-csv", str(sets))
    assert status == 0
    store = HistoryStore.open(three_sessions / HISTORY, read_only=True)
    records = [store.record(uid) for uid in ("new", "mid", "old")]
    store.close()
    expected = sum(len(r.sets) for r in records if r is not None)
    assert f"3 sessions written to {sessions}" in err
    assert f"{expected} sets written to {sets}" in err
    with sets.open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert tuple(header) == ENTRY_COLUMNS and len(rows) == expected
    names = {i: e.name for i, e in builtin_catalog().items()}
    assert all(row[3] == names[row[4]] for row in rows)
    assert [row[0] for row in rows] == sorted((row[0] for row in rows), reverse=True)


def test_history_csv_to_standard_output(three_sessions: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = history(capsys, three_sessions, "--csv", "-")
    assert status == 0 and err == ""
    assert not out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert tuple(rows[0]) == SESSION_COLUMNS and len(rows) == 4
    assert {p.name for p in three_sessions.iterdir()} <= {HISTORY, f"{HISTORY}-wal",
                                                          f"{HISTORY}-shm"}
    status, out, err = history(capsys, three_sessions, "--sets-csv", "-", "--routine",
                               "movement-snack")
    assert status == 0 and err == ""
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert tuple(rows[0]) == ENTRY_COLUMNS
    assert {r[2] for r in rows[1:]} == {"Desk movement snack"}


@pytest.mark.parametrize(("filters", "shown"), [
    (["--routine", "movement-snack"], ["2026-11-03"]),
    (["--from", "2026-11-03"], ["2026-11-04", "2026-11-03"]),
    (["--to", "2026-11-03"], ["2026-11-03", "2026-11-02"]),
    (["--from", "2026-11-03", "--to", "2026-11-03"], ["2026-11-03"]),
    (["--routine", "daily-stretches", "--to", "2026-11-03"], []),
])
def test_history_filters_by_routine_and_days(filters: list[str], shown: list[str],
                                             three_sessions: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = history(capsys, three_sessions, *filters)
    assert status == 0
    lines = out.splitlines()
    if not shown:
        assert lines == ["No sessions of routine 'daily-stretches' to 2026-11-03."]
        return
    assert [line[:10] for line in lines[1:-1]] == shown
    assert lines[-1].startswith(f"{len(shown)} session")
    status, out, _ = history(capsys, three_sessions, *filters, "--csv", "-")
    assert [r[0] for r in csv.reader(io.StringIO(out, newline=""))][1:] == shown


@pytest.mark.parametrize("day", ["2026-13-01", "2026-02-30", "yesterday", "2026-1-2",
                                 "20261102", ""])
def test_history_refuses_a_bad_date(day: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--data-dir", str(tmp_path), "history", "--from", day])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "usage: hiptimer history" in err
    assert f"argument --from: not a date: {day!r} (use YYYY-MM-DD" in err


@pytest.mark.parametrize("argv", [["--from", "2026-11-04", "--to", "2026-11-03"],
                                  ["--csv", "-", "--sets-csv", "-"],
                                  ["--csv", "out.csv", "--sets-csv", "./out.csv"]])
def test_history_refuses_arguments_that_contradict(argv: list[str], three_sessions: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(three_sessions)
    before = files_in(three_sessions)
    status, out, err = history(capsys, three_sessions, *argv)
    assert status == 2 and out == "" and err.startswith("hiptimer: ")
    assert files_in(three_sessions) == before


@pytest.mark.parametrize("argv", [[], ["--csv", "out.csv"]])
def test_a_damaged_history_is_reported_and_left_alone(argv: list[str], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    garbage = bytes(range(256)) * 64
    (tmp_path / HISTORY).write_bytes(garbage)
    status, out, err = history(capsys, tmp_path, *argv)
    assert status == 1 and out == ""
    assert err == (f"hiptimer: Your history file is damaged and cannot be read. "
                   f"Your history file is {tmp_path / HISTORY}.\n")
    assert files_in(tmp_path) == {HISTORY: garbage}  # not moved aside, nothing beside it


def test_a_history_from_a_newer_version_is_reported_and_left_alone(
        three_sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = sqlite3.connect(three_sessions / HISTORY)
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = (three_sessions / HISTORY).read_bytes()
    status, out, err = history(capsys, three_sessions, "--csv", "-")
    assert status == 1 and out == ""
    assert "saved by a newer version of HipTimer" in err and str(three_sessions) in err
    assert (three_sessions / HISTORY).read_bytes() == before
    assert {p.name for p in three_sessions.iterdir()} <= {HISTORY, f"{HISTORY}-wal",
                                                          f"{HISTORY}-shm"}


def test_a_history_in_an_old_format_is_not_updated(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    old = (FIXTURE.parent / "history-v1.sqlite3").read_bytes()
    (tmp_path / HISTORY).write_bytes(old)
    status, out, err = history(capsys, tmp_path)
    assert status == 1 and out == ""
    assert "cannot be read as it is" in err and "Open HipTimer once" in err
    assert (tmp_path / HISTORY).read_bytes() == old


def test_history_csv_into_a_missing_folder_fails_clearly(
        three_sessions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = three_sessions / "no-such-folder" / "sessions.csv"
    status, out, err = history(capsys, three_sessions, "--csv", str(target))
    assert status == 1 and out == ""
    assert err == (f"hiptimer: cannot write {target}: the folder {target.parent} "
                   "does not exist\n")
    assert not target.parent.exists()


def test_history_csv_into_a_folder_fails_clearly(three_sessions: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = history(capsys, three_sessions, "--sets-csv", str(three_sessions))
    assert status == 1
    assert err.startswith(f"hiptimer: cannot write {three_sessions}: ")
    assert not [p for p in three_sessions.iterdir() if p.name.endswith(".tmp")]


def test_python_dash_m_exports_the_history(three_sessions: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "hiptimer", "--data-dir", str(three_sessions),
                           "history", "--csv", "-"], capture_output=True, text=True,
                          check=True)
    rows = list(csv.DictReader(io.StringIO(done.stdout, newline="")))
    assert [r["routine id"] for r in rows] == ["daily-stretches", "movement-snack",
                                               "strength-and-stretch"]
    assert done.stderr == ""


def test_self_test_checks_everything_and_says_so(tmp_path: Path) -> None:
    from hiptimer.selftest import CHECKS

    # In a process of its own, as a user runs it: Qt looks for sound devices once per process.
    result = subprocess.run(
        [sys.executable, "-m", "hiptimer", "--self-test"], capture_output=True, text=True,
        timeout=120, env={**os.environ, "PULSE_SERVER": str(tmp_path / "no-sound-server")})
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [f"ok   {n}" for n, _ in CHECKS]
    assert "ok   sound: skipped: no sound output" in result.stdout
    assert lines[-1] == "all checks passed"


def test_a_failing_check_is_reported_and_the_rest_still_run(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from hiptimer import selftest

    def broken(_folder: Path) -> str:
        raise RuntimeError("no speech engine")

    monkeypatch.setattr(selftest, "CHECKS", [("speech renders", broken),
                                             ("routines compile", selftest.check_routines)])
    assert selftest.run_self_test(sys.stdout) == 1
    out = capsys.readouterr().out
    assert "FAIL speech renders: RuntimeError: no speech engine" in out
    assert "ok   routines compile" in out and out.endswith("1 check(s) failed\n")


def test_render_cues_runs_the_speech_engine_protocol() -> None:
    result = subprocess.run([sys.executable, "-m", "hiptimer", "--render-cues", "--list-voices"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert '"voices"' in result.stdout


def test_help_lists_every_option_and_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    for flag in ("--version", "--start", "--data-dir", "--self-test", "--render-cues"):
        assert flag in text
    for command in ("routines", "plan", "print", "history"):
        assert f"    {command} " in text


def test_a_frozen_build_runs_speech_through_its_own_executable(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from hiptimer.speech import render_command

    assert render_command()[1:] == ["-m", "hiptimer.speech.render"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/HipTimer/HipTimer")
    assert render_command() == ["/opt/HipTimer/HipTimer", "--render-cues"]


def test_bad_command_lines_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--no-such-flag"])
    assert exited.value.code == 2
    assert main(["--start", "no-such-routine"]) == 2
    assert "no-such-routine" in capsys.readouterr().err


def test_a_hanging_check_cannot_hang_the_self_test() -> None:
    code = ("import sys, threading; from hiptimer import selftest; selftest.CHECK_LIMIT_S = 1; "
            "selftest.CHECKS = [('stuck', lambda folder: threading.Event().wait())]; "
            "sys.exit(selftest.run_self_test(sys.stdout))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode != 0
    assert "Timeout" in result.stderr and "selftest.py" in result.stderr


def test_the_commands_use_the_get_ready_time_the_window_runs_with(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hiptimer.core.plan import total_duration
    from hiptimer.core.session_rules import with_lead_in
    from hiptimer.paths import Paths
    from hiptimer.store.settings import Settings, save_settings

    save_settings(Paths.under(tmp_path).settings_file, Settings(lead_in_s=15))
    assert main(["--data-dir", str(tmp_path), "routines", "--json"]) == 0
    listed = {r["id"]: r["duration"] for r in json.loads(capsys.readouterr().out)}
    for routine in builtin_routines(builtin_catalog()):
        assert listed[routine.id] == pytest.approx(total_duration(with_lead_in(routine, 15)))
        assert listed[routine.id] > total_duration(routine)  # the file's own 5 s not used
    assert main(["--data-dir", str(tmp_path), "plan", "daily-stretches", "--json",
                 "--estimate"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["duration"] == pytest.approx(listed["daily-stretches"])
