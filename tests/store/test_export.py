"""CSV export: readable columns, plain words, no formulas, and files written all or nothing."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TextIO

import pytest

from hiptimer.core.dose import Side
from hiptimer.core.record import Outcome, SessionRecord, SessionSummary, SetRecord
from hiptimer.store.export import (
    ACTIVITY_COLUMNS,
    ENTRY_COLUMNS,
    SESSION_COLUMNS,
    write_activities,
    write_csv_file,
    write_entries,
    write_sessions,
)

from .records import activity_log

LOCAL = timezone(timedelta(hours=2))
START = datetime(2024, 3, 9, 23, 5, tzinfo=LOCAL)  # late evening: the day must stay the 9th

HOLD = SetRecord(block=0, exercise_id="clamshell", side=Side.LEFT, set=1, planned_reps=0,
                 min_reps=0, done_reps=0, planned_seconds=30.0, done_seconds=30.0,
                 skipped=False, stopped_for_pain=False, finished_early=False)
REPS = SetRecord(block=1, exercise_id="bridge", side=None, set=2, planned_reps=12, min_reps=8,
                 done_reps=12, planned_seconds=48.0, done_seconds=47.94, skipped=False,
                 stopped_for_pain=False, finished_early=False)


def make_record(**changes: object) -> SessionRecord:
    record = SessionRecord(
        uid="u1", routine_id="daily-stretches", routine_name="Daily stretches",
        started_at=START, ended_at=START + timedelta(minutes=14, seconds=20),
        planned_seconds=900.0, active_seconds=812.0, outcome=Outcome.FINISHED,
        sets=(HOLD, REPS), pain_before=4, pain_after=2, note="Felt fine.")
    return replace(record, **changes)  # type: ignore[arg-type]


def sessions_csv(*summaries: SessionSummary) -> tuple[int, list[list[str]]]:
    out = io.StringIO()
    count = write_sessions(out, summaries)
    return count, list(csv.reader(io.StringIO(out.getvalue())))


def entries_csv(*records: SessionRecord,
                names: dict[str, str] | None = None) -> tuple[int, list[list[str]]]:
    out = io.StringIO()
    count = write_entries(out, records, names if names is not None else {})
    return count, list(csv.reader(io.StringIO(out.getvalue())))


def as_dict(header: list[str], row: list[str]) -> dict[str, str]:
    return dict(zip(header, row, strict=True))


def test_sessions_have_a_header_and_one_row_each() -> None:
    count, rows = sessions_csv(SessionSummary.of(make_record()),
                               SessionSummary.of(make_record(uid="u2")))
    assert count == 2
    assert rows[0] == list(SESSION_COLUMNS)
    assert len(rows) == 3


def test_session_values_are_plain() -> None:
    record = dataclasses.replace(make_record(), pain_next_day=3)
    _, (header, row) = sessions_csv(SessionSummary.of(record))
    assert as_dict(header, row) == {
        "date": "2024-03-09", "start": "23:05", "end": "23:19", "routine": "Daily stretches",
        "routine id": "daily-stretches", "outcome": "finished", "planned minutes": "15.0",
        "active minutes": "13.5", "sets planned": "2", "sets done": "2", "sets skipped": "0",
        "sets stopped for pain": "0", "pain before": "4", "pain after": "2",
        "pain next morning": "3", "note": "Felt fine.", "saved": "yes",
    }


@pytest.mark.parametrize(("outcome", "words"), [
    (Outcome.FINISHED, "finished"), (Outcome.STOPPED, "stopped early"),
    (Outcome.INTERRUPTED, "interrupted"), (Outcome.RUNNING, "in progress"),
])
def test_outcomes_are_plain_words(outcome: Outcome, words: str) -> None:
    _, (header, row) = sessions_csv(SessionSummary.of(make_record(outcome=outcome)))
    assert as_dict(header, row)["outcome"] == words


def test_unrated_pain_and_unsaved_sessions() -> None:
    record = make_record(pain_before=None, pain_after=None)
    _, (header, row) = sessions_csv(SessionSummary.of(record, saved=False))
    values = as_dict(header, row)
    assert (values["pain before"], values["pain after"], values["saved"]) == ("", "", "not yet")


def test_no_sessions_gives_just_the_header() -> None:
    assert sessions_csv() == (0, [list(SESSION_COLUMNS)])


def test_entries_have_one_row_per_set() -> None:
    count, rows = entries_csv(make_record(), make_record(uid="u2", sets=(REPS,)))
    assert count == 3
    assert rows[0] == list(ENTRY_COLUMNS)
    assert len(rows) == 4


def test_entry_values() -> None:
    _, (header, hold, reps) = entries_csv(make_record(), names={"clamshell": "Clamshell"})
    assert as_dict(header, hold) == {
        "date": "2024-03-09", "start": "23:05", "routine": "Daily stretches",
        "exercise": "Clamshell", "exercise id": "clamshell", "side": "left", "set": "1",
        "planned reps": "", "minimum reps": "", "done reps": "", "planned seconds": "30.0",
        "done seconds": "30.0", "result": "done",
    }
    values = as_dict(header, reps)
    assert values["exercise"] == "bridge"  # no name known: the id stands in
    assert (values["side"], values["set"]) == ("", "2")  # both legs; sets count from 1
    assert (values["planned reps"], values["minimum reps"], values["done reps"]) == (
        "12", "8", "12")
    assert values["done seconds"] == "47.9"


@pytest.mark.parametrize(("changes", "result"), [
    ({}, "done"),
    ({"done_reps": 9, "finished_early": True}, "finished early"),
    ({"done_reps": 3, "skipped": True}, "skipped"),
    ({"done_reps": 5, "stopped_for_pain": True}, "stopped for pain"),
    ({"done_reps": 12, "stopped_for_pain": True}, "stopped for pain"),
    ({"done_reps": 0, "done_seconds": 0.0}, "not reached"),
])
def test_entry_results(changes: dict[str, object], result: str) -> None:
    record = make_record(sets=(replace(REPS, **changes),))  # type: ignore[arg-type]
    _, (header, row) = entries_csv(record)
    assert as_dict(header, row)["result"] == result


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=x", "\r=x"])
def test_formulas_are_kept_as_text(text: str) -> None:
    record = make_record(routine_name=text, routine_id=text, note=text,
                         sets=(replace(HOLD, exercise_id=text),))
    _, (header, row) = sessions_csv(SessionSummary.of(record))
    values = as_dict(header, row)
    assert values["routine"] == values["routine id"] == values["note"] == "'" + text
    _, (header, row) = entries_csv(record, names={text: text})
    values = as_dict(header, row)
    assert values["exercise"] == values["exercise id"] == values["routine"] == "'" + text


def test_harmless_text_is_left_alone() -> None:
    _, (header, row) = sessions_csv(SessionSummary.of(make_record(note="a=b")))
    assert as_dict(header, row)["note"] == "a=b"


@pytest.mark.parametrize("note", [
    'Left hip "clicked",\nthen eased.\r\nBetter by set 3, really',
    "Hüfte: leichtes Ziehen – 2/10 · über Nacht besser 😊",
    "",
])
def test_notes_round_trip(note: str) -> None:
    _, (header, row) = sessions_csv(SessionSummary.of(make_record(note=note)))
    assert as_dict(header, row)["note"] == note


def test_unicode_names_round_trip() -> None:
    record = make_record(routine_name="Étirements du matin")
    _, (header, row, _) = entries_csv(record, names={"clamshell": "Muschel – Seitlage"})
    assert as_dict(header, row)["routine"] == "Étirements du matin"
    assert as_dict(header, row)["exercise"] == "Muschel – Seitlage"


def test_a_file_is_written_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "sessions.csv"
    summary = SessionSummary.of(make_record(routine_name="Étirements"))
    write_csv_file(path, lambda out: write_sessions(out, [summary]))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so Excel reads the accents right
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(SESSION_COLUMNS)
    assert rows[1][3] == "Étirements"
    assert not [p for p in tmp_path.iterdir() if p != path]  # no temp file left behind


def test_a_failed_export_leaves_the_old_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "sessions.csv"
    path.write_text("the old export\n", encoding="utf-8")

    def half_then_fail(out: TextIO) -> None:
        out.write("date,start\n")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        write_csv_file(path, half_then_fail)
    assert path.read_text(encoding="utf-8") == "the old export\n"
    assert os.listdir(tmp_path) == ["sessions.csv"]  # the temp file is gone


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "sessions.csv"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)
    write_csv_file(path, lambda out: write_sessions(out, []))
    assert path.stat().st_mode & 0o777 == 0o640
    assert path.read_text(encoding="utf-8-sig").splitlines() == [",".join(SESSION_COLUMNS)]


def test_an_unwritable_folder_raises_os_error(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_csv_file(tmp_path / "missing" / "sessions.csv", lambda out: None)


def test_activities_have_one_row_each_with_plain_values() -> None:
    out = io.StringIO()
    logs = [activity_log(note="=poles"), activity_log(uid="a2", activity_id="stationary-bike",
                                                      minutes=15.25, pain=None,
                                                      routine_id="left-hip-oa")]
    assert write_activities(out, logs, {"walking": "Easy walk"}) == 2
    header, *rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(header) == ACTIVITY_COLUMNS
    assert [as_dict(header, row) for row in rows] == [
        {"date": "2026-11-02", "activity": "Easy walk", "activity id": "walking",
         "minutes": "20", "pain": "2", "note": "'=poles", "routine id": "",
         "logged at": "2026-11-02 18:00"},
        {"date": "2026-11-02", "activity": "stationary-bike", "activity id": "stationary-bike",
         "minutes": "15.2", "pain": "", "note": "with poles", "routine id": "left-hip-oa",
         "logged at": "2026-11-02 18:00"}]
