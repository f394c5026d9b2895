"""Real session records for store tests: a built-in routine run on a fake clock."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta, timezone

from hiptimer.core.activity import ActivityLog
from hiptimer.core.plan import compile_plan
from hiptimer.core.record import SessionRecord, record_of
from hiptimer.core.routine import find
from hiptimer.core.routine_load import builtin_routines
from hiptimer.core.session import Session

from ..core.helpers import CATALOG, FakeClock

ROUTINES = builtin_routines(CATALOG)
OFFSET = timezone(timedelta(hours=1))


def session_record(routine_id: str = "daily-stretches", *, uid: str = "s1",
                   day: date = date(2026, 11, 2), at: time = time(8, 0),
                   run_for: float | None = None, pain: tuple[int | None, int | None] = (3, 2),
                   note: str = "", skips: int = 0, hurts: tuple[float, ...] = ()
                   ) -> SessionRecord:
    """Run ``routine_id`` for ``run_for`` seconds (to the end if None), skipping the first
    ``skips`` blocks and pressing "this hurts" at each of ``hurts`` seconds in, and return
    its record as the end screen would."""
    routine = find(ROUTINES, routine_id)
    assert routine is not None
    clock = FakeClock()
    session = Session(compile_plan(routine), (), clock)
    session.start()
    for _ in range(skips):
        session.skip()
    for moment in hurts:
        clock.advance(moment - (clock.now - 1000))
        session.hurt()
    clock.advance(session.plan.duration + 1 if run_for is None else run_for - (clock.now - 1000))
    if run_for is not None:
        session.stop()
    started = datetime.combine(day, at, OFFSET)
    ended = started + timedelta(seconds=clock.now - 1000)
    record = record_of(session, uid, started, ended, pain[0])
    return dataclasses.replace(record, pain_after=pain[1], note=note)


def activity_log(activity_id: str = "walking", *, uid: str = "a1",
                 day: date = date(2026, 11, 2), minutes: float = 20,
                 pain: int | None = 2, note: str = "with poles",
                 routine_id: str | None = None) -> ActivityLog:
    """An activity logged at six in the evening of ``day``."""
    return ActivityLog(uid, day, datetime.combine(day, time(18, 0), OFFSET), activity_id,
                       minutes, pain, note, routine_id)
