"""A progress report for the physiotherapist over a range of days: how often each routine and
activity was done against what was asked, each exercise planned against done per side, the
moments that hurt, the pain scores and the notes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from .activity import ActivityLog, asked_for
from .dose import Side
from .frequency import Frequency
from .progress import PainPoint, monday_of, weeks_between
from .record import SessionRecord, SessionSummary
from .routine import Routine


@dataclass(frozen=True)
class Adherence:
    """How often a routine or an activity was done, week by week, against how often asked."""

    name: str
    frequency: Frequency
    weeks: tuple[tuple[date, int], ...]  # (Monday, days done that week)
    minutes: float  # time spent on it in all

    @property
    def days_done(self) -> int:
        return sum(days for _, days in self.weeks)

    @property
    def weeks_kept(self) -> int:
        """Weeks that reached the target (every week, when there is none)."""
        return sum(1 for _, days in self.weeks if days >= self.frequency.target)


@dataclass(frozen=True)
class Tally:
    """One exercise on one side (None: both legs at once) over the period."""

    exercise_id: str
    side: Side | None
    sets_planned: int
    sets_done: int
    sets_skipped: int
    sets_for_pain: int
    reps_planned: int
    reps_done: int
    seconds_planned: float
    seconds_done: float


@dataclass(frozen=True)
class Hurt:
    """A set stopped because it hurt."""

    at: datetime
    routine_name: str
    exercise_id: str
    side: Side | None
    set: int


@dataclass(frozen=True)
class Report:
    first: date
    last: date
    sessions: int
    routines: tuple[Adherence, ...]
    activities: tuple[Adherence, ...]
    exercises: tuple[Tally, ...]
    hurts: tuple[Hurt, ...]
    pain: tuple[PainPoint, ...]
    notes: tuple[tuple[datetime, str, str], ...]  # (when, where from, the note)


def build_report(records: Sequence[SessionRecord], logs: Sequence[ActivityLog],
                 routines: Sequence[Routine], names: Mapping[str, str], first: date,
                 last: date) -> Report:
    """The report of days ``first``..``last`` from the sessions and activities logged in
    them; ``routines`` give the targets, ``names`` the activities' names."""
    records = sorted((r for r in records if first <= r.started_at.date() <= last),
                     key=lambda r: r.started_at)
    logs = sorted((a for a in logs if first <= a.day <= last), key=lambda a: a.logged_at)
    mondays = weeks_between(first, last)
    return Report(
        first, last, len(records), tuple(_routine_adherence(records, routines, mondays)),
        tuple(_activity_adherence(logs, routines, names, mondays)), tuple(_tallies(records)),
        tuple(Hurt(r.started_at, r.routine_name, s.exercise_id, s.side, s.set)
              for r in records for s in r.sets if s.stopped_for_pain),
        tuple(PainPoint(r.started_at, r.pain_before, r.pain_after) for r in records
              if r.pain_before is not None or r.pain_after is not None),
        tuple(sorted([(r.started_at, r.routine_name, r.note) for r in records if r.note]
                     + [(a.logged_at, names.get(a.activity_id, a.activity_id), a.note)
                        for a in logs if a.note])))


def _weeks(days: Iterable[date], mondays: list[date]) -> tuple[tuple[date, int], ...]:
    per_week: dict[date, int] = defaultdict(int)
    for day in set(days):
        per_week[monday_of(day)] += 1
    return tuple((monday, per_week[monday]) for monday in mondays)


def _routine_adherence(records: list[SessionRecord], routines: Sequence[Routine],
                       mondays: list[date]) -> list[Adherence]:
    done = [r for r in records if SessionSummary.of(r).sets_done > 0]
    found = {r.id: r for r in routines}
    # The routines done, and the user's own that ask for some days (left undone, they
    # count too); a built-in routine never done is not the user's programme.
    ids = list(dict.fromkeys([r.routine_id for r in done] + [
        r.id for r in routines if r.frequency.target and not r.built_in]))
    result = []
    for routine_id in ids:
        mine = [r for r in done if r.routine_id == routine_id]
        routine = found.get(routine_id)
        name = routine.name if routine else mine[-1].routine_name
        frequency = routine.frequency if routine else Frequency.AS_NEEDED
        result.append(Adherence(name, frequency, _weeks((r.started_at.date() for r in mine),
                                                        mondays),
                                sum(r.active_seconds for r in mine) / 60))
    return result


def _activity_adherence(logs: list[ActivityLog], routines: Sequence[Routine],
                        names: Mapping[str, str], mondays: list[date]) -> list[Adherence]:
    asked = {a.activity.exercise.id: a for a in asked_for(routines)}
    ids = list(dict.fromkeys([*asked, *(a.activity_id for a in logs)]))
    result = []
    for activity_id in ids:
        mine = [a for a in logs if a.activity_id == activity_id]
        frequency = (asked[activity_id].routine.frequency_of(asked[activity_id].activity)
                     if activity_id in asked else Frequency.AS_NEEDED)
        result.append(Adherence(names.get(activity_id, activity_id), frequency,
                                _weeks((a.day for a in mine), mondays),
                                sum(a.minutes for a in mine)))
    return result


def _tallies(records: list[SessionRecord]) -> list[Tally]:
    """Each exercise on each side, in the order first done, left before right."""
    totals: dict[tuple[str, Side | None], list[float]] = {}
    for record in records:
        for s in record.sets:
            counts = (1, s.completed, s.skipped, s.stopped_for_pain, s.planned_reps,
                      s.done_reps if s.planned_reps else 0, s.planned_seconds, s.done_seconds)
            t = totals.setdefault((s.exercise_id, s.side), [0.0] * len(counts))
            for i, value in enumerate(counts):
                t[i] += float(value)
    order = {exercise_id: n for n, (exercise_id, _) in enumerate(totals)}
    keys = sorted(totals, key=lambda k: (order[k[0]], k[1] is not Side.LEFT, k[1] is None))
    return [_tally(exercise_id, side, totals[exercise_id, side]) for exercise_id, side in keys]


def _tally(exercise_id: str, side: Side | None, t: list[float]) -> Tally:
    return Tally(exercise_id, side, sets_planned=int(t[0]), sets_done=int(t[1]),
                 sets_skipped=int(t[2]), sets_for_pain=int(t[3]), reps_planned=int(t[4]),
                 reps_done=int(t[5]), seconds_planned=t[6], seconds_done=t[7])
