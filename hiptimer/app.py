"""Entry point: parse the command line, then run a text command or open the window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from . import APP_NAME, __version__, cli, qt_messages, syslibs
from .exit_codes import EXIT_FAILURE, EXIT_OK, EXIT_USAGE

TIME_SCALE_ENV = "HIPTIMER_TIME_SCALE"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hiptimer",
        description=f"{APP_NAME}: a guided, spoken timer for hip exercises. "
                    "Without a command, opens the window.",
        epilog=f"Testing aid: {TIME_SCALE_ENV}=N runs the session clock N times faster.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--start", metavar="ROUTINE",
                        help="open straight into this routine's session (see 'hiptimer routines')")
    parser.add_argument("--data-dir", metavar="DIR", type=Path,
                        help="keep all data, settings and cache under DIR")
    parser.add_argument("--self-test", action="store_true",
                        help="check that speech, routines, the history database and the window "
                             "work, without opening a window; exit 1 if anything failed")
    parser.add_argument("--verbose", action="store_true",
                        help="also print Qt's own messages on stderr, for a bug report "
                             f"(as {qt_messages.DEBUG_ENV}=1 does)")
    parser.add_argument("--render-cues", action="store_true",
                        help="(used by HipTimer itself) run the speech engine that prepares "
                             "the spoken cues")
    cli.add_commands(parser)
    return parser


def time_scale(environ: Mapping[str, str]) -> float:
    """The session clock's speed-up from the environment (1 when unset).

    Raises:
        ValueError: the value is not a number from 0.1 to 1000.
    """
    raw = environ.get(TIME_SCALE_ENV, "").strip()
    if not raw:
        return 1.0
    try:
        scale = float(raw)
    except ValueError:
        scale = float("nan")
    if not 0.1 <= scale <= 1000:
        raise ValueError(f"{TIME_SCALE_ENV} must be a number from 0.1 to 1000, not {raw!r}")
    return scale


def main(argv: Sequence[str] | None = None) -> int:
    """Exit status: 0 done, 1 something failed, 2 bad command line."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["--render-cues"]:
        # The speech subprocess of a frozen build: its own protocol, not this command line.
        from .speech.render import main as render_main

        return render_main(arguments[1:])
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.verbose:  # read wherever Qt starts, in this process and the ones it starts
        os.environ[qt_messages.DEBUG_ENV] = "1"
    try:
        return _run(parser, args)
    except syslibs.QtUnavailable as exc:
        sys.stderr.write(f"hiptimer: {exc}\n")
        return EXIT_FAILURE
    except ImportError as exc:
        problem = syslibs.from_import_error(exc)
        if problem is None:
            raise
        sys.stderr.write(f"hiptimer: {problem}\n")
        return EXIT_FAILURE


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.self_test:
        from .selftest import run_self_test

        return run_self_test(sys.stdout)
    if args.command is not None:
        try:
            return cli.run(args)
        except BrokenPipeError:  # piped into `head` and the like: not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK
    try:
        scale = time_scale(os.environ)
    except ValueError as exc:
        parser.error(str(exc))
    if args.start is not None and not cli.routine_exists(args.start, args.data_dir):
        sys.stderr.write(f"hiptimer: {cli.unknown_routine_message(args.start, args.data_dir)}\n")
        return EXIT_USAGE
    syslibs.require_window(os.environ)
    messages = qt_messages.install()
    from .gui import run_gui

    try:
        return run_gui(sys.argv[:1], start=args.start, data_dir=args.data_dir, scale=scale)
    finally:
        messages.flush()
