"""The words for lengths of time and for sides, the same wherever they are shown, spoken,
printed or written to a file.

Imports nothing of the core at run time, so any module may use it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .catalog import Exercise
    from .dose import Side

LONG_S = 120  # from two minutes on, a hold is a walk or a ride: said in minutes


def duration(seconds: float) -> str:
    """A length of time as people say it, to the second under an hour and to the minute
    from an hour on: ``"45 s"``, ``"10 min"``, ``"22 min 36 s"``, ``"1 h"``, ``"4 h 5 min"``."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        mins, secs = divmod(whole, 60)
        return f"{mins} min" + (f" {secs} s" if secs else "")
    hours, mins = divmod(round(whole / 60), 60)
    return f"{hours} h" + (f" {mins} min" if mins else "")


def hold_length(seconds: float) -> str:
    """A dose's seconds: exact (``"7.5 s"``) for a hold, in minutes for a walk or a ride."""
    return f"{seconds:g} s" if seconds < LONG_S else duration(seconds)


def spoken_duration(seconds: float) -> str:
    """A length of time as the voice says it: ``"45 seconds"``, ``"3 minutes"``."""
    if seconds >= LONG_S and seconds % 60 == 0:
        return f"{seconds / 60:g} minutes"
    return f"{seconds:g} seconds"


def clock(seconds: float) -> str:
    """A point on a timeline, ``m:ss``, or ``m:ss.s`` when there is a fraction of a second."""
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}" if rest % 1 else f"{int(minutes)}:{int(rest):02d}"


def countdown(seconds: float) -> str:
    """Time left, ``m:ss``, counted up to the next whole second (0:01 until it is over)."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


def in_minutes(seconds: float) -> float:
    """Seconds as minutes to a tenth, for tables and files."""
    return round(seconds / 60, 1)


def side_name(exercise: Exercise, side: Side) -> str:
    """A side named by what the body does: ``"Right leg: lie on your left side"``."""
    this, other = side.value, side.other.value
    return {
        "working-leg": f"{this.capitalize()} leg",
        "top-leg": f"{this.capitalize()} leg: lie on your {other} side",
        "kneeling-knee": f"{this.capitalize()} hip: kneel on your {this} knee",
        "back-leg": f"{this.capitalize()} hip: {this} leg back",
        "standing-leg": f"{this.capitalize()} hip: stand on your {this} leg",
        "supporting-leg": f"{this.capitalize()} leg: {this} foot down, {other} leg straight",
    }[exercise.side_means.value]


def side_short(exercise: Exercise, side: Side) -> str:
    """The side in two words, by what the body does: ``"left leg"``, ``"right hip"``."""
    return side_name(exercise, side).split(":")[0].lower()


def recorded_side(exercises: Mapping[str, Exercise], exercise_id: str, side: Side | None,
                  both: str = "") -> str:
    """A recorded set's side, by what the body does (``"left leg"``); just ``"left"`` for an
    exercise no longer in the catalog; ``both`` for a set without sides."""
    if side is None:
        return both
    exercise = exercises.get(exercise_id)
    return side_short(exercise, side) if exercise is not None else side.value
