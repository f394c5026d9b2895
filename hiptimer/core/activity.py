"""Activities logged rather than timed (a walk, a ride, a swim), and how often they were done
against what the routines ask for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from .fields import plain_text
from .record import check_pain
from .routine import Activity, Routine

MINUTES = (1, 600)  # one logged bout: a minute to a long day's walk
NOTE_MAX = 400


@dataclass(frozen=True)
class ActivityLog:
    """One activity the user says they did.

    ``day`` is the day it was done (today, or a day they catch up on); ``logged_at`` when it
    was written down. ``routine_id`` is the routine that asked for it, if any.
    """

    uid: str
    day: date
    logged_at: datetime
    activity_id: str
    minutes: float
    pain: int | None = None
    note: str = ""
    routine_id: str | None = None

    def __post_init__(self) -> None:
        check_pain(self.pain)
        if not MINUTES[0] <= self.minutes <= MINUTES[1]:
            raise ValueError(f"an activity of {self.minutes:g} minutes; {MINUTES[0]} to "
                             f"{MINUTES[1]} can be logged")
        if len(self.note) > NOTE_MAX:
            raise ValueError(f"a note of {len(self.note)} characters; at most {NOTE_MAX}")


def clean_note(text: str) -> str:
    """A note as typed, kept to one paragraph of plain text."""
    return plain_text(text).strip()[:NOTE_MAX]


@dataclass(frozen=True)
class Asked:
    """An activity some routine asks for, and how often (the most often, if several do)."""

    activity: Activity
    routine: Routine

    @property
    def days_a_week(self) -> int:
        return self.routine.frequency_of(self.activity).target


def asked_for(routines: Iterable[Routine]) -> list[Asked]:
    """Each activity the routines ask for, once, at the most often any of them asks."""
    best: dict[str, Asked] = {}
    for routine in routines:
        for activity in routine.activities:
            asked = Asked(activity, routine)
            known = best.get(activity.exercise.id)
            if known is None or asked.days_a_week > known.days_a_week:
                best[activity.exercise.id] = asked
    return list(best.values())


def weekly_target(routines: Iterable[Routine]) -> int:
    """Days a week with some activity that the routines ask for: the most any one activity
    asks (two activities on the same day count once); 0 when none is asked for."""
    return max((a.days_a_week for a in asked_for(routines)), default=0)
