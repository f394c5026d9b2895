"""The history as CSV files a physiotherapist can open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

from ..core.activity import ActivityLog
from ..core.record import OUTCOME_WORDS, SessionRecord, SessionSummary, SetRecord, result_of
from ..core.wording import in_minutes
from .files import write_atomically

Cell = str | int | float

SESSION_COLUMNS = (
    "date", "start", "end", "routine", "routine id", "outcome", "planned minutes",
    "active minutes", "sets planned", "sets done", "sets skipped", "sets stopped for pain",
    "pain before", "pain after", "pain next morning", "note", "saved",
)
ENTRY_COLUMNS = (
    "date", "start", "routine", "exercise", "exercise id", "side", "set", "planned reps",
    "minimum reps", "done reps", "planned seconds", "done seconds", "result",
)

ACTIVITY_COLUMNS = ("date", "activity", "activity id", "minutes", "pain", "note", "routine id",
                    "logged at")


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_sessions(out: TextIO, sessions: Iterable[SessionSummary]) -> int:
    """Write a header and one row per session to ``out``.

    Returns:
        The number of sessions written (the header not counted).
    """
    return _write(out, SESSION_COLUMNS, (_session_row(s) for s in sessions))


def write_entries(out: TextIO, records: Iterable[SessionRecord],
                  names: Mapping[str, str]) -> int:
    """Write a header and one row per set of every session to ``out``.

    Args:
        out: an open text stream (see ``write_csv_file``).
        records: whole sessions, with their sets.
        names: exercise names by id; an id missing from it is shown as it is.

    Returns:
        The number of sets written (the header not counted).
    """
    rows = (_entry_row(record, s, names) for record in records for s in record.sets)
    return _write(out, ENTRY_COLUMNS, rows)


def write_activities(out: TextIO, logs: Iterable[ActivityLog],
                     names: Mapping[str, str]) -> int:
    """Write a header and one row per logged activity to ``out``; returns how many rows."""
    rows = ([a.day.isoformat(), names.get(a.activity_id, a.activity_id), a.activity_id,
             _whole_if_whole(round(a.minutes, 1)), _optional(a.pain), a.note, a.routine_id or "",
             a.logged_at.strftime("%Y-%m-%d %H:%M")] for a in logs)
    return _write(out, ACTIVITY_COLUMNS, rows)


def write_csv_file(path: Path, write: Callable[[TextIO], object]) -> None:
    """Create or replace ``path`` with what ``write(stream)`` writes, all or nothing.

    The file is UTF-8 with a byte-order mark, which Excel needs to show accented letters
    right; other spreadsheets skip the mark. It is written to a temporary file in the same
    folder, flushed to disk, then renamed over ``path``, so a failed export never leaves half
    a file where the user's old one was. A replaced file keeps its permissions; a new one is
    readable by its owner only, as health data should be.

    Raises:
        OSError: the file could not be written; ``path`` is left as it was.
        Exception: whatever ``write`` raised; ``path`` is left as it was.
    """
    write_atomically(path, write, encoding="utf-8-sig", newline="", keep_mode=True)


def neutralise(text: str) -> str:
    """``text``, with an apostrophe in front if a spreadsheet would take it for a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _write(out: TextIO, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    writer = csv.writer(out)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([neutralise(c) if isinstance(c, str) else c for c in row])
        count += 1
    return count


def _session_row(s: SessionSummary) -> list[Cell]:
    return [
        _day(s.started_at), _clock(s.started_at), _clock(s.ended_at), s.routine_name,
        s.routine_id, OUTCOME_WORDS[s.outcome], in_minutes(s.planned_seconds),
        in_minutes(s.active_seconds), s.sets_planned, s.sets_done, s.sets_skipped,
        s.sets_for_pain, _optional(s.pain_before), _optional(s.pain_after),
        _optional(s.pain_next_day), s.note,
        "yes" if s.saved else "not yet",
    ]


def _entry_row(record: SessionRecord, s: SetRecord, names: Mapping[str, str]) -> list[Cell]:
    reps = bool(s.planned_reps)  # a timed hold has no reps to count
    return [
        _day(record.started_at), _clock(record.started_at), record.routine_name,
        names.get(s.exercise_id, s.exercise_id), s.exercise_id,
        s.side.value if s.side is not None else "", s.set,
        s.planned_reps if reps else "", s.min_reps if reps else "",
        s.done_reps if reps else "", round(s.planned_seconds, 1), round(s.done_seconds, 1),
        result_of(s),
    ]


def _day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d")  # in the offset the user lived it, as stored


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def _whole_if_whole(value: float) -> Cell:
    return int(value) if float(value).is_integer() else value


def _optional(value: int | None) -> Cell:
    return "" if value is None else value
