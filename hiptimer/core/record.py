"""What one session did, ready to show in a summary and to keep in the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from .dose import Side
from .session import Jump, Session, SetRecord, Status

PAIN_SCALE = range(0, 11)  # the 0-10 numeric rating scale


class Outcome(str, Enum):
    RUNNING = "running"  # under way, or the app closed before it ended
    FINISHED = "finished"  # ran to the end (possibly with skips)
    STOPPED = "stopped"  # the user ended it early
    INTERRUPTED = "interrupted"  # the app closed mid-session; kept from its last checkpoint


@dataclass(frozen=True)
class PainEvent:
    """The user pressed "this hurts": on which exercise, side (None: both legs at once) and
    set (counting from 1), and when."""

    exercise_id: str
    side: Side | None
    set: int
    at: datetime


@dataclass(frozen=True)
class SessionRecord:
    """One session, whole: what a checkpoint writes and what the history keeps.

    Times are aware datetimes in the user's local offset, so a session's day is the day the
    user lived it. While the session runs, ``ended_at`` is the time of the last checkpoint.
    """

    uid: str  # stable across checkpoints, so writing the same session twice updates it
    routine_id: str
    routine_name: str
    started_at: datetime
    ended_at: datetime
    planned_seconds: float
    active_seconds: float
    outcome: Outcome
    sets: tuple[SetRecord, ...]
    pain_events: tuple[PainEvent, ...] = ()
    pain_before: int | None = None
    pain_after: int | None = None
    note: str = ""
    pain_next_day: int | None = None  # asked at the start of the next session

    @property
    def completed(self) -> bool:
        return self.outcome is Outcome.FINISHED

    @property
    def sets_done(self) -> int:
        return sum(1 for s in self.sets if s.completed)

    @property
    def sets_skipped(self) -> int:
        return sum(1 for s in self.sets if s.skipped)


@dataclass(frozen=True)
class SessionSummary:
    """One line of the history: a session without its sets, but with their counts."""

    uid: str
    routine_id: str
    routine_name: str
    started_at: datetime
    ended_at: datetime
    planned_seconds: float
    active_seconds: float
    outcome: Outcome
    pain_before: int | None
    pain_after: int | None
    note: str
    sets_planned: int
    sets_done: int
    sets_skipped: int
    sets_for_pain: int  # stopped because it hurt
    saved: bool = True  # False: only in memory, the history file could not take it yet
    pain_next_day: int | None = None

    @property
    def day(self) -> date:
        return self.started_at.date()

    @classmethod
    def of(cls, record: SessionRecord, saved: bool = True) -> SessionSummary:
        return cls(
            uid=record.uid, routine_id=record.routine_id, routine_name=record.routine_name,
            started_at=record.started_at, ended_at=record.ended_at,
            planned_seconds=record.planned_seconds, active_seconds=record.active_seconds,
            outcome=record.outcome, pain_before=record.pain_before,
            pain_after=record.pain_after, note=record.note, sets_planned=len(record.sets),
            sets_done=record.sets_done, sets_skipped=record.sets_skipped,
            sets_for_pain=sum(1 for s in record.sets if s.stopped_for_pain), saved=saved,
            pain_next_day=record.pain_next_day)


# In plain words, wherever a session or a set is shown or exported.
OUTCOME_WORDS = {
    Outcome.FINISHED: "finished",
    Outcome.STOPPED: "stopped early",
    Outcome.INTERRUPTED: "interrupted",
    Outcome.RUNNING: "in progress",
}


def result_of(s: SetRecord) -> str:
    """What became of a set, in a word or three."""
    if s.stopped_for_pain:
        return "stopped for pain"
    if s.skipped:
        return "skipped"
    if s.completed:
        return "finished early" if s.finished_early else "done"
    return "not reached"


OUTCOME_OF_STATUS = {Status.FINISHED: Outcome.FINISHED, Status.STOPPED: Outcome.STOPPED}


def record_of(session: Session, uid: str, started_at: datetime, ended_at: datetime,
              pain_before: int | None = None) -> SessionRecord:
    """The record of a session so far: whole once it has finished or been stopped."""
    plan = session.plan
    pain = []
    start = session.started_clock  # events come only once it has started
    for event in session.events:
        if event.kind is Jump.PAIN and start is not None:
            span = session.pain_set(event.position)
            pain.append(PainEvent(plan.exercise_at(event.position).id,
                                  session.side_at(event.position),
                                  span.set if span is not None else 1,
                                  started_at + timedelta(seconds=event.time - start)))
    return SessionRecord(
        routine_id=plan.routine.id, routine_name=plan.routine.name,
        started_at=started_at, ended_at=ended_at,
        uid=uid, planned_seconds=plan.duration, active_seconds=session.active_seconds(),
        outcome=OUTCOME_OF_STATUS.get(session.status, Outcome.RUNNING), sets=session.records(),
        pain_events=tuple(pain), pain_before=pain_before,
    )


def check_pain(value: int | None) -> int | None:
    """A pain score on the 0-10 scale, or None when the user chose not to say."""
    if value is not None and value not in PAIN_SCALE:
        raise ValueError(f"pain is rated 0 to 10, not {value}")
    return value
