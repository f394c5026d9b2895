"""The user's routines on the command line: finding any routine by id, ``hiptimer import``
with its text preview, and ``hiptimer export``."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .core.catalog import builtin_catalog
from .core.routine import Routine, find
from .core.routine_load import RoutineFileError, builtin_routines
from .core.wording import clock
from .exit_codes import EXIT_FAILURE, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from .core.review import Preview
    from .store.routines import UserRoutines

STDOUT = "-"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``import`` and ``export`` to the main parser's sub-commands."""
    imports = commands.add_parser(
        "import", help="add a routine file (from your physiotherapist, say) to your routines",
        description="Check a routine file, show what it holds, and add it to your routines. "
                    "If you already have a routine with its id or name, the new one is kept "
                    "beside it under a new name, unless --replace is given. Exit status: 0 "
                    "imported; 1 the file has problems (each is listed with its line) or "
                    "cannot be saved, and nothing was changed; 2 bad arguments.")
    imports.add_argument("file", metavar="FILE", type=Path, help="the routine file (.toml)")
    imports.add_argument("--replace", action="store_true",
                         help="replace your routine with the same id or name (its history "
                              "stays with it)")
    imports.add_argument("--dry-run", action="store_true",
                         help="only check the file and show the preview; save nothing")
    exports = commands.add_parser(
        "export", help="write a routine as a file to hand on",
        description="Write a built-in routine or one of yours as a routine file. Exit "
                    "status: 0 written; 1 the file cannot be written; 2 no such routine.")
    exports.add_argument("routine", metavar="ROUTINE", help="a routine id from 'hiptimer "
                         "routines'")
    exports.add_argument("file", metavar="FILE", help="the file to write ('-' for standard "
                         "output)")


@dataclass
class Routines:
    """Every routine: the built-in ones, the user's, and why any of theirs could not be read."""

    builtin: tuple[Routine, ...]
    user: tuple[Routine, ...]
    problems: list[str]
    store: UserRoutines

    @property
    def all(self) -> tuple[Routine, ...]:
        return self.builtin + self.user

    def find(self, routine_id: str) -> Routine | None:
        return find(self.all, routine_id)

    def unknown(self, routine_id: str) -> str:
        known = ", ".join(r.id for r in self.all)
        return f"no routine called {routine_id!r}. Known routines: {known}"


def load(data_dir: Path | None) -> Routines:
    """The built-in routines and the user's own (only read: no folder is made). A user
    routine with a built-in routine's id is left out, as the window leaves it out."""
    from .paths import Paths
    from .store.routines import UserRoutines

    catalog = builtin_catalog()
    builtin = builtin_routines(catalog)
    paths = Paths.under(data_dir) if data_dir is not None else Paths.for_user()
    store = UserRoutines(paths.data / "routines", catalog)
    user, problems = store.load_beside(builtin)
    return Routines(builtin, user, problems, store)


def run_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check a file, print its preview, and save it unless it has problems."""
    from .core.review import preview
    from .store.routines import kept_apart, replacing, same_as

    routines = load(args.data_dir)
    path = Path(args.file)
    try:
        imported = routines.store.read_file(path)
    except RoutineFileError as exc:
        err.writelines(f"hiptimer: {p.text(exc.file)}\n" for p in exc.problems)
        count = len(exc.problems)
        err.write(f"hiptimer: {path} was not imported ({count} problem"
                  f"{'' if count == 1 else 's'}); nothing was changed\n")
        return EXIT_FAILURE
    routine = imported.routine
    out.writelines(line + "\n" for line in preview_lines(preview(routine, imported.defaulted)))
    old = same_as(routine, routines.all)
    if old is not None and args.replace and not old.built_in:
        routine, how = replacing(routine, old), f"replacing {old.name!r} (its history stays)"
    elif old is not None:
        routine = kept_apart(routine, routines.all, routines.store.taken_ids())
        why = "a built-in routine" if old.built_in else "one of your routines"
        how = (f"as {routine.name!r} (id {routine.id}), since {why} is called {old.name!r}"
               + ("; a built-in routine cannot be replaced" if args.replace else
                  "; use --replace to replace yours instead" if not old.built_in else ""))
    else:
        how = f"as {routine.name!r} (id {routine.id})"
    if args.dry_run:
        out.write(f"Checked {path}: it would be imported {how}. Nothing was saved.\n")
        return EXIT_OK
    try:
        saved = routines.store.save(routine)
    except (OSError, ValueError) as exc:
        err.write(f"hiptimer: cannot save the routine: {exc}; nothing was changed\n")
        return EXIT_FAILURE
    out.write(f"Imported {path} {how}, into {saved}.\n")
    return EXIT_OK


def run_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .cli_history import why_not_written
    from .core.routine_file import to_toml

    routines = load(args.data_dir)
    routine = routines.find(args.routine)
    if routine is None:
        err.write(f"hiptimer: {routines.unknown(args.routine)}\n")
        return EXIT_USAGE
    if args.file == STDOUT:
        out.write(to_toml(routine))
        return EXIT_OK
    path = Path(args.file).absolute()
    try:
        routines.store.export(routine, path)
    except OSError as exc:
        err.write(f"hiptimer: cannot write {path}: {why_not_written(path, exc)}\n")
        return EXIT_FAILURE
    err.write(f"hiptimer: wrote {routine.name} to {path}\n")
    return EXIT_OK


def preview_lines(shown: Preview) -> Iterator[str]:
    """The import preview as text; a value the file left out is marked with an asterisk."""
    routine = shown.routine
    yield f"{routine.name} ({routine.id}): {clock(shown.seconds)}, {routine.frequency.label}"
    if routine.description:
        yield f"  {routine.description}"
    for caution in shown.cautions:
        yield f"  ! {caution}"
    for row in shown.rows:
        yield ""
        yield (f"{row.number}. {row.name} ({clock(row.seconds)}): {row.order.text}"
               + ("*" if row.order.defaulted else ""))
        yield "   " + ", ".join(f"{v.label} {v.text}{'*' if v.defaulted else ''}"
                                for v in row.values)
        yield "   timing: " + ", ".join(f"{v.label} {v.text}{'*' if v.defaulted else ''}"
                                        for v in row.timing)
        for label, text in row.extras:
            yield f"   {label}: {text}"
        for caution in row.cautions:
            yield f"   ! {caution}"
    if shown.activities:
        yield ""
        yield "Also, logged when done (not timed):"
    for activity in shown.activities:
        extras = "".join(f"; {text}" for text in (activity.note, activity.equipment) if text)
        yield f"   {activity.name}: {activity.minutes:g} min, {activity.frequency}{extras}"
        for caution in activity.cautions:
            yield f"   ! {caution}"
    if shown.defaulted_count:
        yield ""
        yield (f"* {shown.defaulted_count} value{'s' if shown.defaulted_count != 1 else ''} "
               "not in the file: the exercise's usual value is used.")
    if shown.caution_count:
        yield (f"! {shown.caution_count} value{'s' if shown.caution_count != 1 else ''} beyond "
               "what the sources suggest: check them with your physiotherapist.")
