"""A physiotherapist's programme end to end, as the people using it would go: the file is
imported, run as a session, kept in the history with an activity logged, exported, reported
on, and the exported file imported again gives the same plan."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from hiptimer.app import main
from hiptimer.core.activity import ActivityLog
from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.plan import Kind, compile_plan
from hiptimer.core.record import SessionRecord, record_of
from hiptimer.core.routine import Routine
from hiptimer.core.session import Session
from hiptimer.store.history import HistoryStore
from hiptimer.store.routines import UserRoutines

from .core.helpers import FakeClock
from .core.test_routine_v2 import EXAMPLE

CATALOG = builtin_catalog()
OFFSET = timezone(timedelta(hours=1))
DAY = date(2026, 11, 2)  # a Monday

# Harder: right side first overall, a block that starts on the left anyway, legs taking turns
# rep by rep, a hold for each side set by set, a range of reps, two activities of their own.
HARDER = """format = "hiptimer-routine"
version = 2
id = "right-hip-replacement-week-6"
name = "Right hip, week 6"
frequency = "5-per-week"
affected_side = "right"

[[block]]
exercise = "clamshell"
reps = [8, 12]
sets = 2
rest_s = 20
equipment = "green band above the knees"
note = "Keep your heels together"

[[block]]
exercise = "hip-flexor-stretch"
hold_s = 30
sets = 2
sides = "each-by-set"
first_side = "left"
rest_s = 0

[[block]]
exercise = "seated-marches"
reps = 6
sides = "alternating"
frequency = "daily"

[[block]]
activity = "walking"
minutes = 20
frequency = "daily"
note = "with poles"

[[block]]
activity = "pool-exercise"
minutes = 30
frequency = "2-per-week"
"""


def imported(folder: Path, text: str, capsys: pytest.CaptureFixture[str]) -> Routine:
    folder.mkdir(exist_ok=True)
    handed = folder / "handed-over.toml"
    handed.write_text(text, encoding="utf-8")
    assert main(["--data-dir", str(folder), "import", str(handed)]) == 0
    capsys.readouterr()
    (routine,), problems = UserRoutines(folder / "routines", CATALOG).load()
    assert problems == []
    return routine


def run(routine: Routine, day: date, *, hurt_in: str | None = None) -> SessionRecord:
    """The routine run to its end on a fake clock, pressing "This hurts" once the exercise
    ``hurt_in`` has run ten seconds into its second side."""
    plan = compile_plan(routine)
    clock = FakeClock()
    session = Session(plan, (), clock)
    session.start()
    if hurt_in is not None:
        second = [u for u in plan.units if routine.blocks[u.block].exercise.id == hurt_in][1]
        clock.advance(second.start + 10)
        assert session.hurt()
    clock.advance(plan.duration + 1)
    started = datetime.combine(day, time(9), OFFSET)
    record = record_of(session, f"{routine.id}-{day}", started,
                       started + timedelta(seconds=session.active_seconds()), 3)
    return dataclasses.replace(record, pain_after=2, note=f"Felt fine on {day:%A}")


def test_the_example_programme_round_trips(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    routine = imported(tmp_path, EXAMPLE, capsys)
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    for n in range(3):
        day = DAY + timedelta(days=2 * n)
        store.save(run(routine, day, hurt_in="hamstring-stretch" if n == 2 else None))
    store.save_activity(ActivityLog("bike", DAY + timedelta(days=1),
                                    datetime.combine(DAY, time(18), OFFSET),
                                    "stationary-bike", 15, 1, "seat high", routine.id))
    store.close()

    args = ["--data-dir", str(tmp_path), "history", "--from", str(DAY), "--sets-csv", "-"]
    assert main(args) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    first = [r for r in rows if r["date"] == str(DAY)]
    abduction = [(r["side"], r["set"]) for r in first if r["exercise id"] ==
                 "standing-hip-abduction"]
    assert abduction == [("left", "1"), ("right", "1"), ("left", "2"), ("right", "2"),
                         ("left", "3"), ("right", "3")]  # left first, set by set
    hamstring = [(r["side"], r["result"]) for r in rows if r["date"] == str(DAY + timedelta(4))
                 and r["exercise id"] == "hamstring-stretch"]
    assert hamstring == [("left", "done"), ("left", "done"), ("right", "stopped for pain"),
                         ("right", "skipped")]

    exported = tmp_path / "exported.toml"
    assert main(["--data-dir", str(tmp_path), "export", routine.id, str(exported)]) == 0
    again = imported(tmp_path / "elsewhere", exported.read_text(encoding="utf-8"), capsys)
    assert again == routine
    assert compile_plan(again).segments == compile_plan(routine).segments

    report = tmp_path / "report.pdf"
    assert main(["--data-dir", str(tmp_path), "report", "--pdf", str(report), "--from",
                 str(DAY), "--to", str(DAY + timedelta(days=13))]) == 0
    assert capsys.readouterr().out.startswith(f"Wrote the report of {DAY} to ")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(report).pages)
    assert "2 November 2026 to 15 November 2026 · 3 sessions" in text
    assert "Left hip programme (routine) daily 3 0 0 of 2" in text
    assert "Stationary bike (activity) 3 days a week 1 0 0 of 2 15 min" in text
    assert "Hamstring stretch with a towel right leg 4 of 6" in text  # by the body
    assert "Hamstring stretch with a towel (right leg), set 1, in Left hip programme" in text
    assert "Felt fine on Friday" in text and "seat high" in text


def test_a_harder_programme_round_trips_through_a_session(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    routine = imported(tmp_path, HARDER, capsys)
    plan = compile_plan(routine)
    sides = [(routine.blocks[u.block].exercise.id, u.side.value if u.side else None)
             for u in plan.units]
    assert sides == [("clamshell", "right"), ("clamshell", "left"),
                     ("hip-flexor-stretch", "left"), ("hip-flexor-stretch", "right"),
                     ("hip-flexor-stretch", "left"), ("hip-flexor-stretch", "right"),
                     ("seated-marches", None)]
    marches = [s.side.value for s in plan.segments  # type: ignore[union-attr]
               if s.kind is Kind.REP_UP and s.block == 2]
    assert marches[:4] == ["right", "left", "right", "left"]  # the affected side first
    record = run(routine, DAY)
    assert all(s.completed for s in record.sets)
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    store.save(record)
    assert [(s.exercise_id, s.side.value if s.side else None, s.set)
            for s in store.record(record.uid).sets] == [  # type: ignore[union-attr]
        (s.exercise_id, s.side.value if s.side else None, s.set) for s in record.sets]
    store.close()
    exported = tmp_path / "exported.toml"
    assert main(["--data-dir", str(tmp_path), "export", routine.id, str(exported)]) == 0
    again = imported(tmp_path / "elsewhere", exported.read_text(encoding="utf-8"), capsys)
    assert again == routine
    assert compile_plan(again).segments == plan.segments
    assert [a.describe() for a in again.activities] == ["Easy walk, 20 min: with poles",
                                                        "Pool exercise, 30 min"]
