"""How much the voice says: a setting, read at start before the cue machinery is loaded."""

from __future__ import annotations

from enum import Enum


class Verbosity(str, Enum):
    MINIMAL = "minimal"  # names, sides, hold and rest; beeps carry the rest
    STANDARD = "standard"  # plus rep phases and counts, countdowns, time left
    COACH = "coach"  # plus what to feel and encouragement
