"""Flares and "this hurts", judged across everything the person did, not one routine.

A flare, in the pain-monitoring model's terms (CONTENT.md): within the last 7 days, pain of 7
or more before, after or the morning after a session; a score 3 or more above the person's
usual (the median of their scores over the 28 days before that session, once 3 sessions have
one); or "this hurts" pressed twice. It calls for easing off for a few days, rechecking the
warning signs and asking the physiotherapist. It has settled once two sessions since its last
sign went well: pain after 5 or less both times, and the morning after the first no worse than
before it.

"This hurts" is remembered per exercise (and side) until a later day on which that exercise
was done without it.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .dose import Side
from .record import SessionSummary, check_pain

FLARE_PAIN = 7
FLARE_RISE = 3
HURTS_FOR_FLARE = 2
ACCEPTABLE_PAIN = 5  # pain during/after exercise: 0-2 safe, up to 5 acceptable, above too much
WINDOW = timedelta(days=7)
USUAL_SPAN = timedelta(days=28)
USUAL_SESSIONS = 3  # fewer scored sessions than this give no "usual" to rise above


@dataclass(frozen=True)
class Scores:
    """The pain scores (0-10, None where not given) of one session."""

    at: datetime
    before: int | None = None
    after: int | None = None
    next_day: int | None = None

    def __post_init__(self) -> None:
        for score in (self.before, self.after, self.next_day):
            check_pain(score)

    @classmethod
    def of(cls, summary: SessionSummary) -> Scores:
        return cls(summary.started_at, summary.pain_before, summary.pain_after,
                   summary.pain_next_day)

    @property
    def known(self) -> tuple[int, ...]:
        return tuple(s for s in (self.before, self.after, self.next_day) if s is not None)

    @property
    def baseline(self) -> int | None:
        """What the next morning is compared with: the score before, else the one after."""
        return self.before if self.before is not None else self.after

    @property
    def worse_next_day(self) -> bool:
        """The next morning's pain was above ``baseline`` (both known)."""
        base = self.baseline
        return self.next_day is not None and base is not None and self.next_day > base

    @property
    def settled(self) -> bool:
        """The next morning is known and no worse than ``baseline``: unknown is not settled."""
        base = self.baseline
        return self.next_day is not None and base is not None and self.next_day <= base


@dataclass(frozen=True)
class Hurt:
    """"This hurts" was pressed on an exercise, on one side (None: both legs at once)."""

    at: datetime
    exercise_id: str
    side: Side | None = None


def what_hurt(name: str, side: str, easier: str, when: str = "") -> str:
    """"Clamshell (left leg) hurt[ on Monday 1 December]. Next time: ...", as the end of a
    session and the Routines tab say it; ``side`` named by what the body does, or ""."""
    where = f" ({side})" if side else ""
    return f"{name}{where} hurt{f' on {when}' if when else ''}. Next time: {easier}"


@dataclass(frozen=True)
class Flare:
    """Signs of a flare in the last 7 days, newest first; ``settled`` once it has eased."""

    signs: tuple[tuple[datetime, str], ...]
    settled: bool

    @property
    def active(self) -> bool:
        return not self.settled


def usual_pain(history: Iterable[Scores], before: datetime) -> float | None:
    """The median of the before and after scores of the 28 days up to ``before``; None
    with fewer than 3 scored sessions to go on."""
    sessions = [(s.before, s.after) for s in history if before - USUAL_SPAN <= s.at < before
                and (s.before is not None or s.after is not None)]
    scores = [score for pair in sessions for score in pair if score is not None]
    return statistics.median(scores) if len(sessions) >= USUAL_SESSIONS else None


def flare_signs(history: Sequence[Scores], hurts: Iterable[Hurt], now: datetime
                ) -> list[tuple[datetime, str]]:
    """Every sign of a flare in the 7 days up to ``now``, newest first, in plain words."""
    signs: list[tuple[datetime, str]] = []
    for session in history:
        if not now - WINDOW <= session.at <= now or not session.known:
            continue
        worst, when = max(zip((session.before, session.after, session.next_day),
                              ("before", "after", "the morning after"), strict=True),
                          key=lambda pair: -1 if pair[0] is None else pair[0])
        assert worst is not None
        usual = usual_pain(history, session.at)
        moment = f"{when} {session.at:%A}'s session"
        if worst >= FLARE_PAIN:
            signs.append((session.at, f"pain was {worst} out of 10 {moment}"))
        elif usual is not None and worst >= usual + FLARE_RISE:
            signs.append((session.at, f"pain was {worst} {moment}, up from your usual "
                                      f"{usual:g}"))
    recent = sorted((h for h in hurts if now - WINDOW <= h.at <= now), key=lambda h: h.at)
    if len(recent) >= HURTS_FOR_FLARE:
        signs.append((recent[-1].at, f"\u201cthis hurts\u201d was pressed {len(recent)} times "
                                     "this week"))
    return sorted(signs, key=lambda s: s[0], reverse=True)


def find_flare(history: Sequence[Scores], hurts: Iterable[Hurt], now: datetime
               ) -> Flare | None:
    """The flare of the last 7 days, if there are signs of one (see the module's rules)."""
    signs = flare_signs(history, hurts, now)
    if not signs:
        return None
    since = [s for s in sorted(history, key=lambda s: s.at) if s.at > signs[0][0]]
    settled = (len(since) >= 2 and all(s.after is not None and s.after <= ACCEPTABLE_PAIN
                                       for s in since[-2:]) and since[-2].settled)
    return Flare(tuple(signs), settled)


def open_hurts(hurts: Iterable[Hurt], done: Iterable[tuple[date, str]]) -> list[Hurt]:
    """The latest "this hurts" of each exercise and side, unless that exercise was done
    (a set completed) on a later day; newest first."""
    latest: dict[tuple[str, Side | None], Hurt] = {}
    for hurt in sorted(hurts, key=lambda h: h.at):
        latest[hurt.exercise_id, hurt.side] = hurt
    last_done: dict[str, date] = {}
    for day, exercise_id in done:
        last_done[exercise_id] = max(day, last_done.get(exercise_id, day))
    kept = [h for h in latest.values()
            if last_done.get(h.exercise_id, date.min) <= h.at.date()]
    return sorted(kept, key=lambda h: h.at, reverse=True)
