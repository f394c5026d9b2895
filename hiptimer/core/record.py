"""What one session did, ready to show in a summary and to keep in the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .session import Jump, Session, SetRecord, Status

PAIN_SCALE = range(0, 11)  # the 0-10 numeric rating scale


@dataclass(frozen=True)
class PainEvent:
    """The user said an exercise hurt; ``easier`` is the variant we offered, if any."""

    exercise_id: str
    easier: str | None


@dataclass(frozen=True)
class SessionRecord:
    routine_id: str
    routine_name: str
    started_at: datetime
    ended_at: datetime
    planned_seconds: float
    active_seconds: float
    completed: bool  # ran to the end (possibly with skips), not stopped early
    sets: tuple[SetRecord, ...]
    pain_events: tuple[PainEvent, ...] = ()
    pain_before: int | None = None
    pain_after: int | None = None
    note: str = ""

    @property
    def sets_done(self) -> int:
        return sum(1 for s in self.sets if s.completed)

    @property
    def sets_skipped(self) -> int:
        return sum(1 for s in self.sets if s.skipped)


def record_of(session: Session, started_at: datetime, ended_at: datetime,
              pain_before: int | None = None) -> SessionRecord:
    """The record of a session that has finished or been stopped."""
    plan = session.plan
    pain = []
    for event in session.events:
        if event.kind is Jump.PAIN:
            exercise = plan.exercise_at(event.position)
            pain.append(PainEvent(exercise.id, exercise.regressions[0]
                                  if exercise.regressions else None))
    return SessionRecord(
        routine_id=plan.routine.id, routine_name=plan.routine.name,
        started_at=started_at, ended_at=ended_at,
        planned_seconds=plan.duration, active_seconds=session.active_seconds(),
        completed=session.status is Status.FINISHED, sets=session.records(),
        pain_events=tuple(pain), pain_before=pain_before,
    )


def check_pain(value: int | None) -> int | None:
    """A pain score on the 0-10 scale, or None when the user chose not to say."""
    if value is not None and value not in PAIN_SCALE:
        raise ValueError(f"pain is rated 0 to 10, not {value}")
    return value
