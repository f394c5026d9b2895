"""The report for the physiotherapist, worked out from sessions and activities."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hiptimer.core.dose import Side
from hiptimer.core.frequency import Frequency
from hiptimer.core.report import Adherence, build_report
from hiptimer.core.routine import Activity, find
from hiptimer.core.routine_load import builtin_routines

from ..store.records import activity_log, session_record
from .helpers import CATALOG

DAY = date(2026, 11, 2)  # a Monday
NAMES = {i: e.name for i, e in CATALOG.items()}
ROUTINE = find(builtin_routines(CATALOG), "strength-and-stretch")
assert ROUTINE is not None
WITH_WALK = dataclasses.replace(ROUTINE, activities=(
    Activity(CATALOG["walking"], 20, Frequency(5, 5)),))


def test_adherence_counts_days_a_week_against_what_is_asked() -> None:
    records = [session_record("strength-and-stretch", uid=f"s{n}", day=DAY + timedelta(n))
               for n in (0, 2, 4, 7)]
    logs = [activity_log(uid=f"w{n}", day=DAY + timedelta(n)) for n in (0, 0, 1, 8)]
    report = build_report(records, logs, [WITH_WALK], NAMES, DAY, DAY + timedelta(13))
    [routine] = report.routines
    assert (routine.name, routine.frequency, routine.weeks) == (
        ROUTINE.name, ROUTINE.frequency, ((DAY, 3), (DAY + timedelta(7), 1)))
    assert routine.weeks_kept == 1  # 3 of 3–4 days, then 1
    [walk] = report.activities
    assert (walk.name, walk.frequency.label, walk.weeks, walk.minutes) == (
        "Easy walk", "5 days a week", ((DAY, 2), (DAY + timedelta(7), 1)), 80)
    assert report.sessions == 4


def test_each_exercise_is_tallied_per_side_with_what_hurt_and_the_notes() -> None:
    stopped = session_record("strength-and-stretch", uid="short", day=DAY, run_for=300,
                             note="Knee clicked")
    full = session_record("strength-and-stretch", uid="full", day=DAY + timedelta(1))
    hurt = dataclasses.replace(full.sets[0], stopped_for_pain=True)
    full = dataclasses.replace(full, uid="hurt", sets=(hurt, *full.sets[1:]))
    report = build_report([stopped, full], [activity_log(note="lovely")], [ROUTINE], NAMES,
                          DAY, DAY + timedelta(6))
    first = report.exercises[0]
    assert first.exercise_id == ROUTINE.blocks[0].exercise.id
    sides = [t.side for t in report.exercises if t.exercise_id == first.exercise_id]
    assert sides in ([Side.LEFT, Side.RIGHT], [None])
    assert sum(t.sets_planned for t in report.exercises) == len(stopped.sets) + len(full.sets)
    assert sum(t.sets_for_pain for t in report.exercises) == 1
    assert [(h.exercise_id, h.set) for h in report.hurts] == [(hurt.exercise_id, hurt.set)]
    assert [note for _, _, note in report.notes] == ["Knee clicked", "lovely"]


def test_days_outside_the_range_are_left_out_and_nothing_asked_is_said_so() -> None:
    before = session_record(uid="old", day=DAY - timedelta(1))
    report = build_report([before], [activity_log(day=DAY - timedelta(1))], [], NAMES, DAY,
                          DAY + timedelta(6))
    assert (report.sessions, report.routines, report.activities, report.exercises) == (
        0, (), (), ())
    assert Adherence("x", Frequency.AS_NEEDED, ((DAY, 0),), 0).weeks_kept == 1


def test_only_routines_done_or_of_the_user_s_own_are_reported() -> None:
    routines = builtin_routines(CATALOG)
    mine = dataclasses.replace(routines[0], id="mine", name="Mine", built_in=False)
    report = build_report([session_record("strength-and-stretch", day=DAY)], [],
                          [*routines, mine], NAMES, DAY, DAY + timedelta(6))
    assert [a.name for a in report.routines] == [ROUTINE.name, "Mine"]
    assert report.routines[1].weeks == ((DAY, 0),)  # asked for, not done: it counts
