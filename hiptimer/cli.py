"""The text commands: ``hiptimer routines``, ``hiptimer plan ROUTINE`` and ``hiptimer history``."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .core.catalog import builtin_catalog
from .core.cues import CueOptions, CueSchedule, Verbosity, estimate_length, phrases, schedule
from .core.plan import REP_KINDS, Kind, Plan, Segment, compile_plan
from .core.routine import Routine, Sides, builtin_routines, find

if TYPE_CHECKING:
    from .core.record import SessionRecord, SessionSummary
    from .store.db import StoreError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
STDOUT = "-"  # a FILE argument meaning standard output

HISTORY_EPILOG = (
    "The history is only read: it is never created, updated to a new format, repaired or "
    "moved. With no history file yet, the listing says so and exits with 0, but --csv and "
    "--sets-csv exit with 1 and write nothing (an existing history with no matching "
    "sessions gives a CSV with only its header). A CSV file is written whole or not at "
    "all, UTF-8 with a byte-order mark for spreadsheets; FILE '-' writes it to standard "
    "output instead, without the mark. Exit status: 0 done; 1 the history cannot be read "
    "(damaged, from a newer version, in an old format, unreadable), there is no history to "
    "export, or a CSV file cannot be written; 2 bad arguments."
)


def add_commands(parser: argparse.ArgumentParser) -> None:
    """Add the ``routines``, ``plan`` and ``history`` sub-commands to the main parser."""
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    routines = commands.add_parser("routines", help="list the routines with their durations")
    routines.add_argument("--json", action="store_true", help="print JSON for scripts")
    plan = commands.add_parser("plan", help="print a routine's timeline and cues")
    plan.add_argument("routine", metavar="ROUTINE", help="a routine id from 'hiptimer routines'")
    plan.add_argument("--json", action="store_true", help="print JSON for scripts")
    plan.add_argument("--cues", action="store_true", help="list every cue, not only the steps")
    plan.add_argument("--verbosity", choices=[v.value for v in Verbosity],
                      default=Verbosity.STANDARD.value, help="how much is spoken")
    plan.add_argument("--no-beeps", action="store_true", help="leave out the beeps")
    plan.add_argument("--estimate", action="store_true",
                      help="estimate how long each phrase takes instead of rendering it")
    _add_history_command(commands)


def _add_history_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]
                         ) -> None:
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
    history.add_argument("--routine", metavar="ID",
                         help="only sessions of this routine (see 'hiptimer routines')")
    history.add_argument("--from", dest="first", metavar="YYYY-MM-DD", type=_day,
                         help="only sessions started on this day or later")
    history.add_argument("--to", dest="last", metavar="YYYY-MM-DD", type=_day,
                         help="only sessions started on this day or earlier")


def _day(text: str) -> date:
    """A ``YYYY-MM-DD`` argument as a date, or a usage error."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD, e.g. 2026-11-02)")


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Carry out a parsed text command; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    routines = builtin_routines(builtin_catalog())
    if args.command == "routines":
        return _list_routines(routines, args.json, out)
    if args.command == "history":
        return _history(args, out, err)
    routine = find(routines, args.routine)
    if routine is None:
        err.write(f"hiptimer: {unknown_routine_message(args.routine)}\n")
        return EXIT_USAGE
    options = CueOptions(Verbosity(args.verbosity), beeps=not args.no_beeps)
    plan = compile_plan(routine)
    lengths: Callable[[str], float] = estimate_length
    measured = False
    if not args.estimate:
        lengths, measured = _spoken_lengths(phrases(plan, options), args.data_dir, err)
    cues = schedule(plan, lengths, options)
    if args.json:
        json.dump(plan_json(plan, cues, measured), out, indent=1, ensure_ascii=False)
        out.write("\n")
    else:
        out.writelines(line + "\n" for line in plan_lines(plan, cues, every_cue=args.cues))
    return EXIT_OK


def _spoken_lengths(texts: frozenset[str], data_dir: Path | None, err: TextIO
                    ) -> tuple[Callable[[str], float], bool]:
    """Each phrase's length as the speech engine says it, or an estimate if it cannot."""
    from .paths import Paths
    from .speech import CueCache, VoiceSettings
    from .store.settings import load_settings

    paths = Paths.under(data_dir) if data_dir is not None else Paths.for_user()
    settings, _ = load_settings(paths.settings_file)
    try:
        paths.create()
        cache = CueCache(paths.cue_cache, VoiceSettings(settings.voice, settings.rate,
                                                        settings.volume))
        result = cache.render(texts)
    except OSError as exc:
        err.write(f"hiptimer: cannot prepare speech ({exc}); phrase lengths are estimated\n")
        return estimate_length, False
    if result.error:
        err.write(f"hiptimer: {result.error} Phrase lengths are estimated.\n")
    clips = result.clips
    return (lambda t: clips[t].length if t in clips else estimate_length(t)), bool(clips)


def routine_exists(routine_id: str) -> bool:
    return find(builtin_routines(builtin_catalog()), routine_id) is not None


def unknown_routine_message(routine_id: str) -> str:
    known = ", ".join(r.id for r in builtin_routines(builtin_catalog()))
    return f"no routine called {routine_id!r}. Known routines: {known}"


def _list_routines(routines: tuple[Routine, ...], as_json: bool, out: TextIO) -> int:
    rows = [(r, compile_plan(r).duration) for r in routines]
    if as_json:
        json.dump([{"id": r.id, "name": r.name, "duration": d, "frequency": r.frequency.value,
                    "exercises": [b.exercise.id for b in r.blocks]} for r, d in rows],
                  out, indent=1, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    width = max(len(r.id) for r in routines)
    for routine, duration in rows:
        out.write(f"{routine.id:<{width}}  {clock(duration):>6}  {routine.name} "
                  f"({len(routine.blocks)} exercises, {routine.frequency.label})\n")
    return EXIT_OK


def clock(seconds: float) -> str:
    """``m:ss``, or ``m:ss.s`` when there is a fraction of a second."""
    minutes, rest = divmod(seconds, 60)
    text = f"{int(minutes)}:{rest:04.1f}" if rest % 1 else f"{int(minutes)}:{int(rest):02d}"
    return text


def plan_json(plan: Plan, cues: CueSchedule, measured: bool = False) -> dict[str, object]:
    return {
        "id": plan.routine.id,
        "name": plan.routine.name,
        "duration": plan.duration,
        "phrase_lengths": "measured" if measured else "estimated",
        "segments": [{
            "start": s.start, "end": s.end, "kind": s.kind.value, "block": s.block,
            "exercise": plan.routine.blocks[s.block].exercise.id,
            "side": s.side.value if s.side else None, "set": s.set, "rep": s.rep,
        } for s in plan.segments],
        "cues": [{
            "start": round(c.start, 3), "end": round(c.end, 3), "kind": c.kind.value,
            "text": c.text, "segment": c.segment, "beat": c.beat,
        } for c in cues.cues],
    }


def plan_lines(plan: Plan, cues: CueSchedule, *, every_cue: bool = False) -> Iterator[str]:
    """The timeline as text: a line per step, the reps of a set on one line."""
    routine = plan.routine
    yield (f"{routine.name} ({routine.id}): {clock(plan.duration)}, "
           f"{len(routine.blocks)} exercises, {routine.frequency.label}")
    spoken = [c for c in cues.cues if not c.kind.is_beep]
    if not every_cue:
        spoken = [c for c in spoken if plan.segments[c.segment].kind not in REP_KINDS]
    by_segment: dict[int, list[str]] = {}
    for cue in spoken:
        by_segment.setdefault(cue.segment, []).append(f'{clock(cue.start)} "{cue.text}"')
    for first, last in _steps(plan, every_cue):
        seg = plan.segments[first]
        if seg.kind is Kind.TRANSITION:
            yield ""
            yield f"{seg.block + 1}. {routine.blocks[seg.block].exercise.name}"
        times = f"{clock(seg.start):>7}–{clock(plan.segments[last].end):<7}"
        yield f"  {times} {_describe(plan, first, last)}"
        for i in range(first, last + 1):
            for said in by_segment.get(i, []):
                yield f"  {'':15} ♪ {said}"


def _steps(plan: Plan, every_cue: bool) -> Iterator[tuple[int, int]]:
    """Runs of segment indexes shown as one line: all the reps of a set, or one segment."""
    i = 0
    segments = plan.segments
    while i < len(segments):
        j = i
        if not every_cue and segments[i].kind in REP_KINDS:
            while j + 1 < len(segments) and _same_set(segments[j + 1], segments[i]):
                j += 1
        yield i, j
        i = j + 1


def _same_set(a: Segment, b: Segment) -> bool:
    return a.kind in REP_KINDS and (a.unit, a.set) == (b.unit, b.set)


def _describe(plan: Plan, first: int, last: int) -> str:
    seg = plan.segments[first]
    block = plan.routine.blocks[seg.block]
    unit_side = plan.units[seg.unit].side
    side = f" ({unit_side.value})" if unit_side else ""
    if block.sides is Sides.ALTERNATING and seg.kind in REP_KINDS:
        side = " (alternating legs)"
    describe: dict[Kind, Callable[[], str]] = {
        Kind.TRANSITION: lambda: "get into position",
        Kind.PREPARE: lambda: f"get ready{side}",
        Kind.SWITCH_SIDE: lambda: f"switch sides{side}",
        Kind.HOLD: lambda: f"set {seg.set}: hold {seg.duration:g} s{side}",
        Kind.REST: lambda: f"rest {seg.duration:g} s",
        Kind.DONE: lambda: "done",
    }
    if seg.kind in describe:
        return describe[seg.kind]()
    if first == last:
        phase = seg.kind.value.removeprefix("rep_")
        leg = f" ({seg.side.value})" if seg.side else ""
        return f"set {seg.set}, rep {seg.rep}: {phase}{leg}"
    tempo = block.dose.tempo
    reps = block.dose.reps
    assert reps is not None
    return (f"set {seg.set}: {reps} reps{side} — {tempo.up:g} s up, {tempo.hold:g} s hold, "
            f"{tempo.down:g} s down, {tempo.between:g} s between")


def _history(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """List or export the sessions of the history, reading the file and changing nothing."""
    from .paths import Paths

    problem = _history_usage_problem(args)
    if problem:
        err.write(f"hiptimer: {problem}\n")
        return EXIT_USAGE
    paths = Paths.under(args.data_dir) if args.data_dir is not None else Paths.for_user()
    path = paths.history_file
    exporting = args.csv is not None or args.sets_csv is not None
    if not path.exists():  # checked first: opening it, even read-only, must not make one
        if exporting:
            err.write(f"hiptimer: no history at {path}; nothing was exported\n")
            return EXIT_FAILURE
        out.write(f"No history yet at {path}. Sessions appear here once you have done one.\n")
        return EXIT_OK
    try:
        sessions, records = _read_history(path, args)
    except _HistoryUnreadable as exc:
        err.write(f"hiptimer: {exc}\n")
        return EXIT_FAILURE
    if not exporting:
        out.writelines(line + "\n" for line in history_lines(sessions, _filters_text(args)))
        return EXIT_OK
    return _export(args, sessions, records, out, err)


def _history_usage_problem(args: argparse.Namespace) -> str | None:
    if args.first is not None and args.last is not None and args.first > args.last:
        return f"--from {args.first} is later than --to {args.last}: no day is in between"
    if args.csv is not None and args.sets_csv is not None and _same_target(args.csv,
                                                                           args.sets_csv):
        return "--csv and --sets-csv need two different files"
    return None


def _same_target(a: str, b: str) -> bool:
    if STDOUT in (a, b):
        return a == b
    return Path(a).resolve() == Path(b).resolve()


class _HistoryUnreadable(Exception):
    """The history file cannot be read; the text says why, in plain words."""


def _read_history(path: Path, args: argparse.Namespace
                  ) -> tuple[list[SessionSummary], list[SessionRecord]]:
    """The sessions that the filters let through, newest first, and (for ``--sets-csv``)
    the same sessions whole.

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
    except StoreError as exc:
        raise _HistoryUnreadable(_unreadable_message(exc)) from exc
    finally:
        store.close()
    return sessions, records


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
            records: list[SessionRecord], out: TextIO, err: TextIO) -> int:
    from .store.export import write_entries, write_sessions

    names = {exercise_id: e.name for exercise_id, e in builtin_catalog().items()}
    jobs: list[tuple[str, str, Callable[[TextIO], int]]] = []
    if args.csv is not None:
        jobs.append((args.csv, "session", lambda stream: write_sessions(stream, sessions)))
    if args.sets_csv is not None:
        jobs.append((args.sets_csv, "set",
                     lambda stream: write_entries(stream, records, names)))
    for target, noun, write in jobs:
        if target == STDOUT:
            _write_csv_to(out, write)
            continue
        path = Path(target).absolute()
        try:
            count = _write_csv_file(path, write)
        except OSError as exc:
            err.write(f"hiptimer: cannot write {path}: {_why_not_written(path, exc)}\n")
            return EXIT_FAILURE
        err.write(f"hiptimer: {count} {noun}{'' if count == 1 else 's'} written to {path}\n")
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


def _why_not_written(path: Path, exc: OSError) -> str:
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
    from .store.export import OUTCOME_WORDS

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


def _minutes(seconds: float) -> str:
    return f"{round(seconds / 60, 1):g}"


def _pain(value: int | None) -> str:
    return "–" if value is None else str(value)
