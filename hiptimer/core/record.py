"""What one session did, ready to show in a summary and to keep in the history."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import Enum

from .dose import Side
from .plan import Kind, SetSpan
from .session import Jump, Session, Status

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
class SetRecord:
    """What was planned and what was done, for one set of one block on one side."""

    block: int
    exercise_id: str
    side: Side | None
    set: int
    planned_reps: int  # 0 for a timed hold
    min_reps: int
    done_reps: int
    planned_seconds: float
    done_seconds: float
    skipped: bool
    stopped_for_pain: bool
    finished_early: bool

    @property
    def completed(self) -> bool:
        if self.stopped_for_pain:
            return False
        if self.planned_reps:
            return self.done_reps >= self.planned_reps or self.finished_early
        return self.done_seconds >= self.planned_seconds - 1e-6

    @property
    def at_top(self) -> bool:
        """Done in full: every planned rep (finishing early at the low end does not count),
        or the whole hold."""
        return self.completed and not self.finished_early and not self.skipped


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

    @property
    def sets_for_pain(self) -> int:
        """Sets stopped because it hurt."""
        return sum(1 for s in self.sets if s.stopped_for_pain)

    @classmethod
    def from_summary(cls, summary: SessionSummary, sets: tuple[SetRecord, ...],
                     pain_events: tuple[PainEvent, ...]) -> SessionRecord:
        """The whole session: its line of the history with its sets and "this hurts" moments."""
        return cls(
            uid=summary.uid, routine_id=summary.routine_id, routine_name=summary.routine_name,
            started_at=summary.started_at, ended_at=summary.ended_at,
            planned_seconds=summary.planned_seconds, active_seconds=summary.active_seconds,
            outcome=summary.outcome, sets=sets, pain_events=pain_events,
            pain_before=summary.pain_before, pain_after=summary.pain_after, note=summary.note,
            pain_next_day=summary.pain_next_day)


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
            sets_for_pain=record.sets_for_pain, saved=saved,
            pain_next_day=record.pain_next_day)


# In plain words, wherever a session or a set is shown or exported.
OUTCOME_WORDS = {
    Outcome.FINISHED: "finished",
    Outcome.STOPPED: "stopped early",
    Outcome.INTERRUPTED: "interrupted",
    Outcome.RUNNING: "in progress",
}


def amount(s: SetRecord) -> str:
    """How much of a set was done, against what was planned: "28 of 60 s", "5 of 12 reps"."""
    if s.planned_reps:
        return f"{s.done_reps} of {s.planned_reps} reps"
    return f"{s.done_seconds:.0f} of {s.planned_seconds:.0f} s"


def begun(s: SetRecord) -> bool:
    """Some of the set was done (a rep, or a second of the hold)."""
    return s.done_reps > 0 or s.done_seconds >= 1


def result_of(s: SetRecord) -> str:
    """What became of a set, as a category for the CSV export (whose other columns say how
    much was done); screens say it with ``set_result``."""
    if s.stopped_for_pain:
        return "stopped for pain"
    if s.skipped:
        return "skipped"
    if s.completed:
        return "finished early" if s.finished_early else "done"
    return "not reached"


def set_result(s: SetRecord) -> str:
    """How a set went, in the same words wherever it is shown. A set ended part-way reads
    "stopped at 28 of 60 s" whether it was skipped, stopped or cut short by the end."""
    if s.stopped_for_pain:
        return f"stopped because it hurt, at {amount(s)}" if begun(s) else \
            "stopped because it hurt"
    if s.completed:
        return f"done: {s.done_reps} reps, the set ended early" if s.finished_early else "done"
    if begun(s):
        return f"stopped at {amount(s)}"
    return "skipped" if s.skipped else "not reached"


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
        outcome=OUTCOME_OF_STATUS.get(session.status, Outcome.RUNNING), sets=set_records(session),
        pain_events=tuple(pain), pain_before=pain_before,
    )


def set_records(session: Session) -> tuple[SetRecord, ...]:
    """Planned against done for every set of the session's plan, so far."""
    runs = session.runs()
    return tuple(_set_record(session, span, runs) for span in session.plan.sets)


def _set_record(session: Session, span: SetSpan, runs: tuple[tuple[float, float], ...]
                ) -> SetRecord:
    plan, events = session.plan, session.events
    work = [plan.segments[i] for i in span.segments
            if plan.segments[i].kind is not Kind.REP_PAUSE]
    done_seconds = max((sum(_overlap(run, (s.start, s.end)) for s in work) for run in runs),
                       default=0.0)
    done_reps = max((span.reps_done(a, b) for a, b in runs), default=0)
    jumped_past = any(e.kind is not Jump.BACK and e.position < span.end <= e.target
                      for e in events)
    finished_early = any(e.kind is Jump.FINISH_SET and span.start <= e.position < span.end
                         for e in events)
    pain = any(e.kind is Jump.PAIN and session.pain_set(e.position) == span for e in events)
    record = SetRecord(
        block=span.block, exercise_id=plan.routine.blocks[span.block].exercise.id,
        side=span.side, set=span.set, planned_reps=span.planned_reps,
        min_reps=span.min_reps, done_reps=done_reps, planned_seconds=span.planned_seconds,
        done_seconds=done_seconds, skipped=False, stopped_for_pain=pain,
        finished_early=finished_early and done_reps >= span.min_reps,
    )
    if jumped_past and not record.completed and not pain:
        record = replace(record, skipped=True)
    return record


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def check_pain(value: int | None) -> int | None:
    """A pain score on the 0-10 scale, or None when the user chose not to say."""
    if value is not None and value not in PAIN_SCALE:
        raise ValueError(f"pain is rated 0 to 10, not {value}")
    return value
