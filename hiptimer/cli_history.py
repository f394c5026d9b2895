"""The ``hiptimer history`` command: list past sessions, or export them as CSV files."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .core.catalog import builtin_catalog
from .core.wording import in_minutes
from .exit_codes import EXIT_FAILURE, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from .core.activity import ActivityLog
    from .core.record import SessionRecord, SessionSummary
    from .store.db import StoreError

STDOUT = "-"  # a FILE argument meaning standard output
PLURALS = {"session": "sessions", "set": "sets", "activity": "activities"}

HISTORY_EPILOG = (
    "The history is only read: it is never created, updated to a new format, repaired or "
    "moved. With no sessions (no history file yet, or none matching), the listing says so "
    "and --csv and --sets-csv write files with only their header line. A CSV file is written "
    "whole or not at "
    "all, UTF-8 with a byte-order mark for spreadsheets; FILE '-' writes it to standard "
    "output instead, without the mark. Exit status: 0 done; 1 the history cannot be read "
    "(damaged, from a newer version, in an old format, unreadable) or a CSV file cannot be "
    "written; 2 bad arguments."
)


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``history`` sub-command to the main parser's sub-commands."""
    history = commands.add_parser(
        "history", help="list past sessions, or export them as CSV",
        description="List the sessions in your history, newest first, or export them (and "
                    "every set of them) as CSV files a spreadsheet can open.",
        epilog=HISTORY_EPILOG)
    history.add_argument("--csv", metavar="FILE",
                         help="write the sessions to FILE as CSV instead of listing them "
                              "('-' for standard output)")
    history.add_argument("--sets-csv", metavar="FILE",
                         help="write every set of those sessions to FILE as CSV "
                              "('-' for standard output)")
    history.add_argument("--activities-csv", metavar="FILE",
                         help="write the activities you logged (walks, rides…) in those days "
                              "to FILE as CSV ('-' for standard output)")
    history.add_argument("--routine", metavar="ID",
                         help="only sessions of this routine (see 'hiptimer routines')")
    history.add_argument("--from", dest="first", metavar="YYYY-MM-DD", type=day_argument,
                         help="only sessions started on this day or later")
    history.add_argument("--to", dest="last", metavar="YYYY-MM-DD", type=day_argument,
                         help="only sessions started on this day or earlier")


def day_argument(text: str) -> date:
    """A ``YYYY-MM-DD`` argument as a date, or a usage error."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD, e.g. 2026-11-02)")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """List or export the sessions of the history, reading the file and changing nothing."""
    from .paths import Paths

    problem = _history_usage_problem(args)
    if problem:
        err.write(f"hiptimer: {problem}\n")
        return EXIT_USAGE
    paths = Paths.under(args.data_dir) if args.data_dir is not None else Paths.for_user()
    path = paths.history_file
    exporting = any(f is not None for f in (args.csv, args.sets_csv, args.activities_csv))
    if not path.exists():  # checked first: opening it, even read-only, must not make one
        if exporting:  # no sessions yet: the same header-only files as an empty history
            return _export(args, [], [], [], out, err)
        out.write(f"No history yet at {path}. Sessions appear here once you have done one.\n")
        return EXIT_OK
    try:
        sessions, records, activities = _read_history(path, args)
    except _HistoryUnreadable as exc:
        err.write(f"hiptimer: {exc}\n")
        return EXIT_FAILURE
    if not exporting:
        out.writelines(line + "\n" for line in history_lines(sessions, _filters_text(args)))
        out.writelines(line + "\n" for line in activity_lines(activities))
        return EXIT_OK
    return _export(args, sessions, records, activities, out, err)


def _history_usage_problem(args: argparse.Namespace) -> str | None:
    if args.first is not None and args.last is not None and args.first > args.last:
        return f"--from {args.first} is later than --to {args.last}: no day is in between"
    targets = [t for t in (args.csv, args.sets_csv, args.activities_csv) if t is not None]
    if any(_same_target(a, b) for n, a in enumerate(targets) for b in targets[n + 1:]):
        return "--csv, --sets-csv and --activities-csv need different files"
    return None


def _same_target(a: str, b: str) -> bool:
    if STDOUT in (a, b):
        return a == b
    return Path(a).resolve() == Path(b).resolve()


class _HistoryUnreadable(Exception):
    """The history file cannot be read; the text says why, in plain words."""


def _read_history(path: Path, args: argparse.Namespace
                  ) -> tuple[list[SessionSummary], list[SessionRecord], list[ActivityLog]]:
    """The sessions that the filters let through, newest first, (for ``--sets-csv``) the
    same sessions whole, and the activities logged on those days (for that routine).

    The file is opened read-only, so it is never migrated, repaired or moved aside (the
    window's ``HistoryKeeper`` would move a damaged file aside, so it is not used here).

    Raises:
        _HistoryUnreadable: the file is damaged, too new, locked or unreadable.
    """
    from .store.db import StoreError
    from .store.history import HistoryStore

    try:
        store = HistoryStore.open(path, read_only=True)
    except StoreError as exc:
        raise _HistoryUnreadable(_unreadable_message(exc)) from exc
    try:
        sessions = store.summaries(args.routine, args.first, args.last)
        found = (store.record(s.uid) for s in sessions) if args.sets_csv is not None else ()
        records = [r for r in found if r is not None]
        activities = [a for a in store.activities(args.first, args.last)
                      if args.routine is None or a.routine_id == args.routine]
    except StoreError as exc:
        raise _HistoryUnreadable(_unreadable_message(exc)) from exc
    finally:
        store.close()
    return sessions, records, activities


def _unreadable_message(exc: StoreError) -> str:
    from .store.db import Problem

    if exc.problem is not Problem.READ_ONLY:
        return exc.message
    # Opened read-only, "read-only" means the file could not be read as it is: it is in an
    # older format that only the app updates, or this user may not read it.
    advice = ("Check its permissions." if not os.access(exc.path, os.R_OK)
              else "Open HipTimer once to bring it up to date, then try again.")
    detail = f" ({exc.detail})" if exc.detail else ""
    return (f"Your history file cannot be read as it is{detail}; it is left as it is. "
            f"{advice} Your history file is {exc.path}.")


def _export(args: argparse.Namespace, sessions: list[SessionSummary],
            records: list[SessionRecord], activities: list[ActivityLog], out: TextIO,
            err: TextIO) -> int:
    from .store.export import write_activities, write_entries, write_sessions

    names = {exercise_id: e.name for exercise_id, e in builtin_catalog().items()}
    jobs: list[tuple[str, str, Callable[[TextIO], int]]] = []
    if args.csv is not None:
        jobs.append((args.csv, "session", lambda stream: write_sessions(stream, sessions)))
    if args.sets_csv is not None:
        jobs.append((args.sets_csv, "set",
                     lambda stream: write_entries(stream, records, names)))
    if args.activities_csv is not None:
        jobs.append((args.activities_csv, "activity",
                     lambda stream: write_activities(stream, activities, names)))
    for target, noun, write in jobs:
        if target == STDOUT:
            _write_csv_to(out, write)
            continue
        path = Path(target).absolute()
        try:
            count = _write_csv_file(path, write)
        except OSError as exc:
            err.write(f"hiptimer: cannot write {path}: {why_not_written(path, exc)}\n")
            return EXIT_FAILURE
        err.write(f"hiptimer: {count} {noun if count == 1 else PLURALS[noun]} written to "
                  f"{path}\n")
    return EXIT_OK


def _write_csv_file(path: Path, write: Callable[[TextIO], int]) -> int:
    from .store.export import write_csv_file

    counted: list[int] = []
    write_csv_file(path, lambda stream: counted.append(write(stream)))
    return counted[0]


def _write_csv_to(out: TextIO, write: Callable[[TextIO], int]) -> None:
    """Write CSV to a terminal or pipe, its line ends as the csv module makes them."""
    reconfigure = getattr(out, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(newline="")  # else Windows turns each "\r\n" into "\r\r\n"
    write(out)
    out.flush()


def why_not_written(path: Path, exc: OSError) -> str:
    if not path.parent.is_dir():
        return f"the folder {path.parent} does not exist"
    return exc.strerror or str(exc)


def _filters_text(args: argparse.Namespace) -> str:
    parts = [f"of routine {args.routine!r}" if args.routine is not None else "",
             f"from {args.first}" if args.first is not None else "",
             f"to {args.last}" if args.last is not None else ""]
    return " ".join(p for p in parts if p)


def history_lines(sessions: Sequence[SessionSummary], filters: str = "") -> Iterator[str]:
    """The sessions as a table, in the order given, then a line with their count.

    Args:
        filters: what the sessions were chosen by, in words (``"from 2026-11-01"``), if
            anything: named when no session matches.
    """
    from .core.record import OUTCOME_WORDS

    if not sessions:
        yield (f"No sessions {filters}." if filters
               else "No sessions yet. They appear here once you have done one.")
        return
    header = ("When", "Routine", "Active", "Sets", "Outcome", "Pain")
    rows = [(s.started_at.strftime("%Y-%m-%d %H:%M"), s.routine_name,
             f"{_minutes(s.active_seconds)} of {_minutes(s.planned_seconds)} min",
             f"{s.sets_done} of {s.sets_planned}", OUTCOME_WORDS[s.outcome],
             f"{_pain(s.pain_before)} → {_pain(s.pain_after)}") for s in sessions]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    right = {2, 3}  # numbers line up on the right
    for row in [header, *rows]:
        cells = [c.rjust(w) if i in right else c.ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        yield "  ".join(cells).rstrip()
    count = len(sessions)
    yield f"{count} session{'' if count == 1 else 's'}{' ' + filters if filters else ''}"


def activity_lines(activities: Sequence[ActivityLog]) -> Iterator[str]:
    """The logged activities as a table after the sessions; nothing when there are none."""
    if not activities:
        return
    names = {exercise_id: e.name for exercise_id, e in builtin_catalog().items()}
    yield ""
    rows = [(a.day.isoformat(), names.get(a.activity_id, a.activity_id), f"{a.minutes:g} min",
             "–" if a.pain is None else str(a.pain), a.note) for a in activities]
    header = ("Day", "Activity", "Time", "Pain", "Note")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        yield "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
    count = len(activities)
    yield f"{count} activit{'y' if count == 1 else 'ies'} logged"


def _minutes(seconds: float) -> str:
    return f"{in_minutes(seconds):g}"


def _pain(value: int | None) -> str:
    return "–" if value is None else str(value)
