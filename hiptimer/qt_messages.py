"""What Qt prints on stderr: its chatter kept back unless asked for, and no message repeated
without end.

Qt's libraries talk on every start (which audio library they could not load, which FFmpeg they
use, what the offscreen plugin cannot do). None of it helps a user, so only real warnings
print, unless ``--verbose`` or ``HIPTIMER_DEBUG=1`` asks for everything. Any message, chatter
or not, prints at most a few times a minute: one broken socket once made Qt print the same
warning 118 million times (7.7 GB of log).

The filtering is plain Python with an injected clock; ``install`` is the only part that
touches Qt.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, TextIO

from . import syslibs

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

DEBUG_ENV = "HIPTIMER_DEBUG"


class Level(IntEnum):
    """Qt's QtMsgType values."""

    DEBUG = 0
    WARNING = 1
    CRITICAL = 2
    FATAL = 3
    INFO = 4


# Warnings Qt prints in normal use that say nothing about a problem HipTimer or the user has.
CHATTER = re.compile("|".join([
    r"This plugin does not support propagateSizeHints\(\)",   # offscreen and some platforms
    r"Couldn't (load|resolve) pipewire",                        # PulseAudio is used instead
    r"No QtMultimedia backends found",                          # the bundle has no FFmpeg
    r"PulseAudioService: pa_context_connect\(\) failed",        # no sound server: told on screen
    r"Detected locale .* not UTF-8",                            # Qt switches to C.UTF-8 itself
]))


def is_chatter(level: Level, text: str) -> bool:
    """Whether a message is Qt talking, not warning: debug and info messages, and the known
    warnings of a normal start."""
    return level in (Level.DEBUG, Level.INFO) or (level == Level.WARNING
                                                  and CHATTER.search(text) is not None)


def wants_everything(environ: Mapping[str, str]) -> bool:
    return environ.get(DEBUG_ENV, "").strip() not in ("", "0")


@dataclass
class _Seen:
    text: str  # as first seen in this window
    window_start: float
    count: int = 0  # in this window
    held: int = 0  # not printed in this window


# Numbers and addresses do not make a message a different one ("Invalid socket 39").
_VARIABLE = re.compile(r"0x[0-9a-fA-F]+|\d+")


class RepeatLimit:
    """Lets each message through at most ``per_message`` times a window, and at most
    ``overall`` messages a window in all; what is held back is counted and said in one line
    once its window is over.

    So however fast messages come, the log grows by a few dozen lines a minute at most, and
    the table of recent messages never holds more than twice ``overall``.
    """

    def __init__(self, clock: Callable[[], float], *, per_message: int = 5, overall: int = 50,
                 window_s: float = 60.0) -> None:
        self._clock = clock
        self._per_message = per_message
        self._overall = overall
        self._window_s = window_s
        self._seen: dict[str, _Seen] = {}
        self._window_start = clock()
        self._printed = 0  # messages printed in the overall window
        self._held = 0  # messages held back by the overall limit in that window

    def admit(self, text: str) -> list[str]:
        """The lines to print now for this message: summaries of what was held back in
        windows that are over, then the message itself unless it is over a limit."""
        now = self._clock()
        lines = self._end_windows(now) if now - self._window_start >= self._window_s else []
        key = _VARIABLE.sub("#", text)
        seen = self._seen.get(key)
        if seen is not None and now - seen.window_start >= self._window_s:
            lines += self._summary(self._seen.pop(key))
            seen = None
        if seen is None and self._printed < self._overall:
            seen = self._seen[key] = _Seen(text, now)
        if seen is not None:
            seen.count += 1
        if seen is not None and seen.count > self._per_message:
            seen.held += 1
        elif self._printed >= self._overall:
            self._held += 1
        else:
            self._printed += 1
            lines.append(text)
        return lines

    def flush(self) -> list[str]:
        """Summaries of everything held back so far (at exit)."""
        return self._end_windows(self._clock(), everything=True)

    def _summary(self, seen: _Seen) -> list[str]:
        if not seen.held:
            return []
        return [f"(repeated {seen.held} more time{'s' if seen.held != 1 else ''} within "
                f"{self._window_s:g} s: {seen.text})"]

    def _end_windows(self, now: float, everything: bool = False) -> list[str]:
        lines = []
        for key, seen in list(self._seen.items()):
            if everything or now - seen.window_start >= self._window_s:
                lines += self._summary(self._seen.pop(key))
        if self._held:
            lines.append(f"({self._held} more message{'s' if self._held != 1 else ''} held "
                         f"back: over {self._overall} within {self._window_s:g} s)")
        self._window_start, self._printed, self._held = now, 0, 0
        return lines


class QtMessages:
    """Decides, for each message Qt emits, what reaches the stream; safe from any thread."""

    def __init__(self, write: Callable[[str], None], clock: Callable[[], float], *,
                 verbose: bool) -> None:
        self._write = write
        self._verbose = verbose
        self._limit = RepeatLimit(clock)
        self._lock = threading.Lock()

    def handle(self, level: Level, category: str, text: str) -> None:
        if level != Level.FATAL and not self._verbose and is_chatter(level, text):
            return
        line = text if category in ("", "default") else f"{category}: {text}"
        with self._lock:
            # A fatal message is the last thing Qt says before it aborts: always printed.
            lines = [line] if level == Level.FATAL else self._limit.admit(line)
            for out in lines:
                self._write(out + "\n")

    def flush(self) -> None:
        with self._lock:
            for out in self._limit.flush():
                self._write(out + "\n")


def install(stream: TextIO | None = None, verbose: bool | None = None) -> QtMessages:
    """Route Qt's messages through a ``QtMessages`` writing to ``stream`` (stderr); verbose
    when ``HIPTIMER_DEBUG`` says so, unless told. Call before Qt starts talking."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    if verbose is None:
        verbose = wants_everything(os.environ)

    def write(text: str) -> None:
        out = stream if stream is not None else sys.stderr  # as it is now: tests swap it
        if out is not None:  # none at all in a Windows GUI program
            out.write(text)
            out.flush()

    messages = QtMessages(write, time.monotonic, verbose=verbose)

    def handler(mode: QtMsgType, context: QMessageLogContext, text: str) -> None:
        messages.handle(Level(mode.value), context.category or "", text)

    qInstallMessageHandler(handler)
    return messages


def application(purpose: str, libraries: Iterable[syslibs.Library], *, widgets: bool,
                argv: Iterable[str] = ("hiptimer",)) -> QCoreApplication:
    """The running Qt application, or a new one (a QApplication if ``widgets``, else a
    QGuiApplication) with its messages filtered, once the libraries it needs load.

    Raises:
        QtUnavailable: naming each missing library and its package.
    """
    syslibs.require(purpose, libraries)
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    existing = QGuiApplication.instance()
    if existing is not None:
        return existing
    install()
    return (QApplication if widgets else QGuiApplication)(list(argv))
