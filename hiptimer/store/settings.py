"""The user's settings: declared once with their defaults and ranges, kept in a JSON file."""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from ..core.cues import Verbosity
from ..core.fields import FieldError, Table
from .files import write_atomically


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
    window_geometry: str = ""  # Qt's saved geometry, hex encoded
    # The version of the safety notice the user has read and acknowledged; 0: not yet.
    safety_read: int = field(default=0, metadata={"range": Range(0, 1000)})
    theme: Theme = Theme.SYSTEM
    remind: bool = False  # a daily reminder from the system tray
    remind_at: str = field(default="18:00", metadata={"pattern": r"([01]\d|2[0-3]):[0-5]\d"})
    # "I had a hip replaced in the last N months"; 0: no. Flags and says the precautions.
    hip_replaced_months: int = field(default=0, metadata={"range": Range(0, 24)})


def limits(name: str) -> Range:
    """The allowed range of a numeric setting, for validation and for showing beside it."""
    limit = next(f for f in dataclasses.fields(Settings) if f.name == name).metadata["range"]
    assert isinstance(limit, Range)
    return limit


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """Read the settings file; a missing file gives the defaults.

    Returns:
        The settings, and a plain message for each value that was unreadable and replaced by
        its default (the file is never rewritten until the user changes something).
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Settings(), [f"Your settings in {path} could not be read ({exc}); "
                            "using the defaults."]
    if not isinstance(raw, dict):
        return Settings(), [f"Your settings in {path} are not in the expected form; "
                            "using the defaults."]
    table = Table(raw)
    values: dict[str, object] = {}
    problems = []
    for f in dataclasses.fields(Settings):
        if not table.has(f.name):
            continue
        try:
            values[f.name] = _read(table, f)
        except FieldError as exc:
            problems.append(f"Setting {exc.field} {exc.problem}; using the default.")
    return Settings(**values), problems  # type: ignore[arg-type]


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
    if f.type in ("Verbosity", Verbosity):
        return table.choice(f.name, Verbosity)
    if f.type in ("Theme", Theme):
        return table.choice(f.name, Theme)
    text = table.text(f.name, max_len=4000, default="")
    pattern = f.metadata.get("pattern")
    if pattern is not None and not re.fullmatch(pattern, text):
        raise FieldError(f.name, f"is {text!r}, not a time of day such as 18:00")
    return text


def save_settings(path: Path, settings: Settings) -> None:
    """Write the settings atomically: a temp file in the same folder, then a rename.

    Raises:
        OSError: the file cannot be written; the old file is left as it was.
    """
    data = {f.name: getattr(settings, f.name) for f in dataclasses.fields(Settings)}
    data["verbosity"] = settings.verbosity.value
    data["theme"] = settings.theme.value
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, lambda out: json.dump(data, out, indent=1))
