"""What the end of a session says: how each set went in one wording, what was done in all,
the streak of days, and how pain moved. Plain words, no Qt."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from .progress import current_streak, monday_of
from .record import SetRecord, begun


@dataclass(frozen=True)
class SetCounts:
    """The sets of a session by how far they got."""

    planned: int
    done: int  # in full (or finished early at the low end of the range)
    part_done: int  # begun but ended part-way, for any reason

    def words(self) -> str:
        """ "5 of 8 sets done, 1 part-done" — a set held for 51 s is not "0 done"."""
        text = f"{self.done} of {self.planned} sets done"
        return text + (f", {self.part_done} part-done" if self.part_done else "")


def set_counts(sets: Sequence[SetRecord]) -> SetCounts:
    done = sum(1 for s in sets if s.completed)
    part = sum(1 for s in sets if not s.completed and begun(s))
    return SetCounts(len(sets), done, part)


def streak_words(days: Collection[date], today: date) -> str:
    """The days in a row and the days of this week with a session, ``today`` included."""
    active = set(days) | {today}
    streak = current_streak(active, today)
    week = sum(1 for d in active if monday_of(today) <= d <= today)
    in_a_row = "a new streak starts today" if streak == 1 else f"{streak} days in a row"
    return f"{in_a_row} · {week} day{'' if week == 1 else 's'} this week"


def pain_move(before: int | None, after: int | None) -> str:
    """How pain moved over the session: "Pain 3 → 2 (down 1)"; "" when neither is known."""
    if before is None and after is None:
        return ""
    if before is None or after is None:
        known = "before" if after is None else "now"
        return f"Pain {known}: {before if after is None else after} of 10"
    change = after - before
    how = "the same" if change == 0 else f"{'up' if change > 0 else 'down'} {abs(change)}"
    return f"Pain {before} → {after} ({how})"
