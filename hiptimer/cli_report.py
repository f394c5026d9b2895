"""Paper for the physiotherapist: ``hiptimer report`` (a progress report) and ``hiptimer print``
(a routine's handout), written as PDFs with Qt."""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .exit_codes import EXIT_FAILURE, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from .core.routine import Routine

DEFAULT_DAYS = 28  # four weeks, the usual time between appointments


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .cli_history import day_argument

    report = commands.add_parser(
        "report", help="write a progress report for your physiotherapist as a PDF",
        description="Write a report of the days chosen (the last four weeks unless said): "
                    "how often each routine and activity was done against how often it was "
                    "asked for, the pain before and after each session, each exercise "
                    "planned and done per side, every time \"This hurts\" was pressed, and "
                    "the notes. The history is only read. Exit status: 0 written; 1 no "
                    "history, or the history or the file cannot be read or written; 2 bad "
                    "arguments.")
    report.add_argument("--pdf", metavar="FILE", type=Path, required=True,
                        help="the PDF file to write")
    report.add_argument("--from", dest="first", metavar="YYYY-MM-DD", type=day_argument,
                        help=f"the first day (default: {DEFAULT_DAYS - 1} days before the "
                             "last)")
    report.add_argument("--to", dest="last", metavar="YYYY-MM-DD", type=day_argument,
                        help="the last day (default: today)")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from . import cli_routines
    from .cli_history import why_not_written
    from .core.catalog import builtin_catalog
    from .core.report import build_report
    from .paths import Paths
    from .store.db import StoreError
    from .store.history import HistoryStore

    last = args.last or date.today()
    first = args.first or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        err.write(f"hiptimer: --from {first} is later than --to {last}: no day is in between\n")
        return EXIT_USAGE
    paths = Paths.under(args.data_dir) if args.data_dir is not None else Paths.for_user()
    if not paths.history_file.exists():  # checked first: opening it must not make one
        err.write(f"hiptimer: no history at {paths.history_file}; no report was written\n")
        return EXIT_FAILURE
    try:
        store = HistoryStore.open(paths.history_file, read_only=True)
        try:
            records = [r for r in map(store.record, (s.uid for s in store.summaries(
                first=first, last=last))) if r is not None]
            logs = store.activities(first, last)
        finally:
            store.close()
    except StoreError as exc:
        err.write(f"hiptimer: {exc.message}\n")
        return EXIT_FAILURE
    catalog = builtin_catalog()
    names = {i: e.name for i, e in catalog.items()}
    report = build_report(records, logs, cli_routines.load(args.data_dir).all, names, first,
                          last)
    _app = gui_application("Writing a report", widgets=True)  # the pain chart is a widget
    from .ui.history.report import write_report

    path = args.pdf.absolute()
    try:
        pages = write_report(report, path, catalog)
    except OSError as exc:
        err.write(f"hiptimer: cannot write {path}: {why_not_written(path, exc)}\n")
        return EXIT_FAILURE
    out.write(f"Wrote the report of {first} to {last} ({pages} page"
              f"{'' if pages == 1 else 's'}) to {path}\n")
    return EXIT_OK


def print_handout(routine: Routine, target: Path, out: TextIO, err: TextIO) -> int:
    """Write the handout of a built-in routine or one of the user's own."""
    from .cli_history import why_not_written

    _app = gui_application("Writing a handout")  # fonts need one; kept alive while the PDF is made
    from .ui.routines.handout import write_handout

    path = target.absolute()
    try:
        pages = write_handout(routine, path)
    except OSError as exc:
        err.write(f"hiptimer: cannot write {path}: {why_not_written(path, exc)}\n")
        return EXIT_FAILURE
    out.write(f"Wrote {pages} page{'' if pages == 1 else 's'} to {path}\n")
    return EXIT_OK


def gui_application(purpose: str, *, widgets: bool = False) -> QCoreApplication:
    """The running Qt application, or a new one that needs no display (one that can make
    widgets, if asked).

    Raises:
        QtUnavailable: a system library Qt needs is missing (named, with its package).
    """
    from . import qt_messages, syslibs

    return qt_messages.application(purpose, syslibs.GUI, widgets=widgets,
                                   argv=["hiptimer", "-platform", "offscreen"])
