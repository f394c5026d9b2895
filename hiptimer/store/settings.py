"""The user's settings: declared once with their defaults and ranges, kept in a JSON file."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import stat
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from ..core.fields import FieldError, Table
from ..core.verbosity import Verbosity
from .files import make_private_folder, set_aside, write_atomically


class Theme(str, Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class Range:
    lo: float
    hi: float


@dataclass(frozen=True)
class Settings:
    voice: str = ""  # speech engine voice id; "" is the engine's default
    rate: int = field(default=170, metadata={"range": Range(80, 300)})  # words per minute
    volume: float = field(default=1.0, metadata={"range": Range(0.0, 1.0)})
    verbosity: Verbosity = Verbosity.STANDARD
    beeps: bool = True
    lead_in_s: float = field(default=5.0, metadata={"range": Range(0.0, 30.0)})
    window_geometry: str = field(default="", metadata={  # Qt's saved geometry, hex encoded
        "pattern": r"[0-9a-fA-F]*", "meaning": "a saved window position (hexadecimal digits)"})
    # The version of the safety notice the user has read and acknowledged; 0: not yet.
    safety_read: int = field(default=0, metadata={"range": Range(0, 1000)})
    theme: Theme = Theme.SYSTEM
    remind: bool = False  # a daily reminder from the system tray
    remind_at: str = field(default="18:00", metadata={
        "pattern": r"([01]\d|2[0-3]):[0-5]\d", "meaning": "a time of day such as 18:00"})
    # "I had a hip replaced in the last N months"; 0: no. Flags and says the precautions.
    hip_replaced_months: int = field(default=0, metadata={"range": Range(0, 24)})


def limits(name: str) -> Range:
    """The allowed range of a numeric setting, for validation and for showing beside it."""
    limit = next(f for f in dataclasses.fields(Settings) if f.name == name).metadata["range"]
    assert isinstance(limit, Range)
    return limit


MAX_BYTES = 64 * 1024  # a settings file is a few hundred bytes; anything this big is not one


def load_settings(path: Path, *, set_aside_unreadable: bool = False
                  ) -> tuple[Settings, list[str]]:
    """Read the settings file; a missing file gives the defaults.

    Whatever is in the file's place (any JSON at all, a folder, a pipe, a device) gives
    settings: each value that cannot be used is replaced by its default and named in a
    message. The file is never rewritten here.

    Args:
        set_aside_unreadable: move a file that cannot be read at all out of the way, so that
            saving new settings does not replace it (the message says where it went).

    Returns:
        The settings, and a plain message for each problem found.
    """
    try:
        raw = json.loads(_read_text(path))
    except FileNotFoundError:
        return Settings(), []
    # ValueError: not UTF-8, not JSON, or a number thousands of digits long
    except (OSError, ValueError, RecursionError) as exc:
        return Settings(), [_unreadable(path, _why(exc), set_aside_unreadable)]
    if not isinstance(raw, dict):
        return Settings(), [_unreadable(path, "it is not a set of named settings",
                                        set_aside_unreadable)]
    table = Table(raw)
    values: dict[str, object] = {}
    problems = []
    for f in dataclasses.fields(Settings):
        if not table.has(f.name):
            continue
        try:
            values[f.name] = _read(table, f)
        except FieldError as exc:
            problems.append(_clipped(f"Setting {exc.field} {exc.problem}; using the default."))
    return Settings(**values), problems  # type: ignore[arg-type]


class _NotSettings(OSError):
    """Something other than a settings file is in its place."""


def _read_text(path: Path) -> str:
    """The file's text; a pipe, a folder or a device in its place is refused unread.

    Raises:
        FileNotFoundError: there is no file.
        OSError: it cannot be read, or is not a regular file of at most ``MAX_BYTES``.
        UnicodeDecodeError: it is not UTF-8.
    """
    # Non-blocking, so that opening a named pipe returns at once instead of waiting forever
    # for a writer; regular files are not affected by it.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _NotSettings("it is not a file")
        data = os.read(fd, MAX_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise _NotSettings(f"it is larger than {MAX_BYTES // 1024} KiB")
    return data.decode("utf-8-sig")


def _why(exc: Exception) -> str:
    if isinstance(exc, _NotSettings):
        return str(exc)
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(exc, json.JSONDecodeError):
        return f"it is not valid JSON: {exc.msg}, line {exc.lineno}"
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    return "it holds a number too long to read"


def _unreadable(path: Path, why: str, move: bool) -> str:
    told = f"Your settings file {path} could not be read ({why})."
    if not move:
        return f"{told} The default settings are used."
    try:
        kept = set_aside(path, "unreadable")
    except OSError as exc:
        return (f"{told} It could not be moved aside ({exc.strerror or exc}) and is left as "
                "it is; the default settings are used.")
    return f"{told} It has been kept, untouched, as {kept}; the default settings are used."


def _clipped(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[:limit - 1] + "…"


def _read(table: Table, f: dataclasses.Field[object]) -> object:
    limit = f.metadata.get("range")
    if f.type in ("int", int):
        assert limit is not None
        return table.integer(f.name, lo=int(limit.lo), hi=int(limit.hi))
    if f.type in ("float", float):
        assert limit is not None
        return table.number(f.name, lo=limit.lo, hi=limit.hi)
    if f.type in ("bool", bool):
        return table.flag(f.name)
    for enum in (Verbosity, Theme):
        if f.type in (enum.__name__, enum):
            # Checked as short text first: a list or a long text is never echoed back whole.
            return Table({f.name: table.text(f.name, max_len=40)}).choice(f.name, enum)
    text = table.text(f.name, max_len=4000, default="")
    pattern = f.metadata.get("pattern")
    if pattern is not None and not re.fullmatch(pattern, text):
        raise FieldError(f.name, f"is {text[:40]!r}, not {f.metadata['meaning']}")
    return text


def save_settings(path: Path, settings: Settings) -> None:
    """Write the settings atomically: a temp file in the same folder, then a rename. A
    symbolic link (to settings kept with the user's other dotfiles, say) stays a link: the
    file it points to is replaced.

    Raises:
        OSError: the file cannot be written; the old file is left as it was.
    """
    data = {f.name: getattr(settings, f.name) for f in dataclasses.fields(Settings)}
    data["verbosity"] = settings.verbosity.value
    data["theme"] = settings.theme.value
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    make_private_folder(target.parent)
    write_atomically(target, lambda out: json.dump(data, out, indent=1))


class SettingsFile:
    """One settings file: read at start, written only when the settings change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._saved: Settings | None = None  # what the file holds, as far as we know

    def load(self) -> tuple[Settings, list[str]]:
        """``load_settings``; a file that cannot be read at all is kept aside."""
        settings, problems = load_settings(self.path, set_aside_unreadable=True)
        self._saved = settings
        return settings, problems

    def save(self, settings: Settings) -> None:
        """Write ``settings`` if they differ from what the file holds.

        Raises:
            OSError: the file cannot be written; the old file is left as it was.
        """
        if settings == self._saved:
            return
        save_settings(self.path, settings)
        self._saved = settings
