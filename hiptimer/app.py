"""Entry point: parse the command line, then run a text command or open the window."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import APP_NAME, __version__, cli


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hiptimer",
        description=f"{APP_NAME}: a guided, spoken timer for hip exercises. "
                    "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    cli.add_commands(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is not None:
        try:
            return cli.run(args)
        except BrokenPipeError:  # piped into `head` and the like: not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return cli.EXIT_OK
    from .ui.main_window import run_app

    return run_app(sys.argv[:1])
