"""The text commands: ``hiptimer routines``, ``hiptimer plan ROUTINE``, ``hiptimer print ROUTINE``,
``hiptimer import FILE``, ``hiptimer export ROUTINE FILE`` and ``hiptimer history``. Each knows
the built-in routines and the user's own."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import cli_history, cli_report, cli_routines
from .core.cues import CueOptions, CueSchedule, Verbosity, estimate_length, phrases, schedule
from .core.dose import Sides
from .core.plan import REP_KINDS, Kind, Plan, Segment, compile_plan, total_duration
from .core.routine import Routine
from .core.session_rules import with_lead_in
from .core.wording import clock
from .exit_codes import EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from .store.settings import Settings


def add_commands(parser: argparse.ArgumentParser) -> None:
    """Add the ``routines``, ``plan``, ``print``, ``import``, ``export`` and ``history``
    sub-commands to the main parser."""
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    routines = commands.add_parser("routines", help="list the routines, built-in and yours, "
                                   "with their durations")
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
    handout = commands.add_parser(
        "print", help="write a routine's exercises as a printable PDF handout",
        description="Write a handout for a routine: each exercise with its figure, dose, steps "
                    "and cautions, on A4 pages. Exit status: 0 done; 1 the file cannot be "
                    "written (nothing is left half-written); 2 bad arguments or no such routine.")
    handout.add_argument("routine", metavar="ROUTINE",
                         help="a routine id from 'hiptimer routines', or one of your own")
    handout.add_argument("--pdf", metavar="FILE", type=Path, required=True,
                         help="the PDF file to write")
    cli_routines.add_commands(commands)
    cli_history.add_command(commands)
    cli_report.add_command(commands)


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Carry out a parsed text command; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    if args.command == "history":
        return cli_history.run(args, out, err)
    if args.command == "import":
        return cli_routines.run_import(args, out, err)
    if args.command == "export":
        return cli_routines.run_export(args, out, err)
    if args.command == "report":
        return cli_report.run(args, out, err)
    routines = cli_routines.load(args.data_dir)
    err.writelines(f"hiptimer: {problem}\n" for problem in routines.problems)
    lead_in_s = _settings(args.data_dir).lead_in_s  # as the window runs every routine
    if args.command == "routines":
        return _list_routines(tuple(with_lead_in(r, lead_in_s) for r in routines.all),
                              args.json, out)
    found = routines.find(args.routine)
    if found is None:
        err.write(f"hiptimer: {routines.unknown(args.routine)}\n")
        return EXIT_USAGE
    routine = with_lead_in(found, lead_in_s)
    if args.command == "print":
        return cli_report.print_handout(routine, args.pdf, out, err)
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


def _settings(data_dir: Path | None) -> Settings:
    """The user's settings, as the window reads them (defaults where they cannot be read)."""
    from .paths import Paths
    from .store.settings import load_settings

    paths = Paths.under(data_dir) if data_dir is not None else Paths.for_user()
    return load_settings(paths.settings_file)[0]


def _spoken_lengths(texts: frozenset[str], data_dir: Path | None, err: TextIO
                    ) -> tuple[Callable[[str], float], bool]:
    """Each phrase's length as the speech engine says it, or an estimate if it cannot."""
    from .paths import Paths
    from .speech import CueCache, VoiceSettings

    paths = Paths.under(data_dir) if data_dir is not None else Paths.for_user()
    settings = _settings(data_dir)
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


def routine_exists(routine_id: str, data_dir: Path | None = None) -> bool:
    """Whether a built-in routine or one of the user's has this id."""
    return cli_routines.load(data_dir).find(routine_id) is not None


def unknown_routine_message(routine_id: str, data_dir: Path | None = None) -> str:
    return cli_routines.load(data_dir).unknown(routine_id)


def _list_routines(routines: tuple[Routine, ...], as_json: bool, out: TextIO) -> int:
    rows = [(r, total_duration(r)) for r in routines]
    if as_json:
        json.dump([{"id": r.id, "name": r.name, "duration": d, "frequency": r.frequency.value,
                    "built_in": r.built_in, "exercises": [b.exercise.id for b in r.blocks],
                    "activities": [a.exercise.id for a in r.activities]} for r, d in rows],
                  out, indent=1, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    width = max(len(r.id) for r in routines)
    for routine, duration in rows:
        mine = "" if routine.built_in else ", yours"
        out.write(f"{routine.id:<{width}}  {clock(duration):>6}  {routine.name} "
                  f"({len(routine.blocks)} exercises, {routine.frequency.label}{mine})\n")
    return EXIT_OK


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
