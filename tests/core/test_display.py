"""What the session view shows, worked out without Qt."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest

from hiptimer.core.cues import CueOptions, schedule
from hiptimer.core.display import LOOK_AGAIN_S, RING_STEP_S, display, next_change_in
from hiptimer.core.dose import Sides, Tempo
from hiptimer.core.plan import compile_plan
from hiptimer.core.record import check_pain, record_of
from hiptimer.core.session import Session, Status

from .helpers import FakeClock, block, routine

ROUTINE = routine(
    block("bridge", reps=(2, 3), tempo=Tempo(up=1, hold=1, down=1, between=1), sets=2,
          rest_s=10, transition_s=10, lead_in_s=5),
    block("piriformis-stretch", hold_s=20, sides=Sides.EACH, transition_s=10, lead_in_s=5,
          switch_s=10),
    block("seated-marches", reps=(2, 2), sides=Sides.ALTERNATING, transition_s=5, lead_in_s=0))


def at(seconds: float) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    plan = compile_plan(ROUTINE)
    session = Session(plan, schedule(plan, lambda t: 0.5, CueOptions()).cues, clock)
    session.start()
    clock.advance(seconds)
    return session, clock


@pytest.mark.parametrize(("t", "phase", "where", "big", "next_up"), [
    (0, "Get into position", "", "10", "Next: Piriformis stretch"),
    (12, "Get ready", "Set 1 of 2", "3", "Next: Piriformis stretch"),
    (15.5, "Lift", "Set 1 of 2 · Rep 1 of 3 (at least 2)", "1", "Next: Piriformis stretch"),
    (20.5, "Hold", "Set 1 of 2 · Rep 2 of 3 (at least 2)", "2", "Next: Piriformis stretch"),
    (22.5, "Relax", "Set 1 of 2 · Rep 3 of 3 (at least 2)", "3", "Next: Piriformis stretch"),
    (30, "Rest", "Set 2 of 2", "6", "Next: Piriformis stretch"),
])
def test_bridge_phases(t: float, phase: str, where: str, big: str, next_up: str) -> None:
    session, _ = at(t)
    shown = display(session.plan, session.snapshot())
    assert (shown.phase, shown.set_and_rep, shown.big, shown.next_up) == (
        phase, where, big, next_up)
    assert shown.exercise.id == "bridge"


def test_stretch_sides_and_time_left() -> None:
    session, _ = at(15 + 11 + 10 + 11 + 10 + 5 + 3)  # 3 s into the left hold
    shown = display(session.plan, session.snapshot())
    assert (shown.phase, shown.side, shown.big, shown.big_caption) == (
        "Hold", "Left leg", "17", "seconds left")
    assert shown.next_up == "Next: Right leg"
    assert shown.ring == pytest.approx(3 / 20)
    remaining = session.plan.duration - session.position()
    assert shown.time_left == f"{int(remaining) // 60}:{int(remaining) % 60:02d} left"


def test_alternating_legs_and_the_end() -> None:
    plan = compile_plan(ROUTINE)
    marches = next(s for s in plan.segments if s.block == 2 and s.kind.value == "rep_up")
    session, clock = at(marches.start + 0.5)
    shown = display(plan, session.snapshot())
    assert shown.side == "Alternating legs · left now" and shown.next_up == "Next: finish"
    assert shown.phase == "Lift"  # the marches' own word
    clock.advance(plan.duration)
    shown = display(plan, session.snapshot())
    assert (shown.phase, shown.big, shown.progress) == ("Done", "✓", 1.0)


def test_paused_is_shown() -> None:
    session, _ = at(3)
    session.pause()
    assert display(session.plan, session.snapshot()).paused


def test_record_keeps_planned_done_and_pain() -> None:
    session, clock = at(17)
    session.hurt()
    clock.advance(1000)
    record = record_of(session, "s1", datetime(2026, 1, 1, 9), datetime(2026, 1, 1, 9, 20), 4)
    assert record.completed and record.pain_before == 4
    [event] = record.pain_events
    assert (event.exercise_id, event.side, event.set) == ("bridge", None, 1)
    assert event.at == datetime(2026, 1, 1, 9, 0, 17)  # the moment it was pressed
    assert record.sets_skipped == 1  # the bridge's second set
    assert record.sets_done == 3  # both piriformis holds and the marches
    assert check_pain(0) == 0 and check_pain(None) is None
    with pytest.raises(ValueError, match="0 to 10"):
        check_pain(11)


def test_after_this_hurts_the_sets_left_out_are_neither_next_nor_counted_in_time_left() -> None:
    turns = routine(block("clamshell", reps=(2, 2), sets=2, tempo=Tempo(1, 0, 1, 0),
                          sides=Sides.EACH_BY_SET, lead_in_s=5, switch_s=5, transition_s=5),
                    block("bridge", reps=(2, 2), tempo=Tempo(1, 0, 1, 0), transition_s=5))
    clock = FakeClock()
    plan = compile_plan(turns)
    session = Session(plan, schedule(plan, lambda t: 0.5, CueOptions()).cues, clock)
    session.start()
    left_1, right_1, left_2, right_2, _bridge = plan.units
    clock.advance(left_1.start + 6)
    session.hurt()  # the left leg: its second set is left out
    shown = display(plan, session.snapshot())
    assert shown.side.startswith("Right leg")
    assert shown.next_up.startswith("Next: Right leg")  # its set 2, not the left leg again
    later = plan.duration - right_1.start - (left_2.end - left_2.start)
    assert shown.time_left == f"{int(later // 60)}:{round(later % 60):02d} left"
    clock.advance(right_1.end - right_1.start)
    assert display(plan, session.snapshot()).side.startswith("Right leg")  # its set 2
    assert right_2.start <= session.position() < right_2.end


SLACK_S = 0.003  # the session view's timer fires this long after a change is due


def shown_text(session: Session) -> tuple[str, ...]:
    d = display(session.plan, session.snapshot())
    return d.phase, d.side, d.set_and_rep, d.big, d.next_up, d.time_left


def looks_of_a_whole_session(session: Session, clock: FakeClock) -> list[float]:
    """Run the session as the view's timer does: look, wait as ``next_change_in`` says (and
    the timer's slack), look again; the clock readings of every look."""
    looks = [clock()]
    while session.status is Status.RUNNING:
        cues_in = [at - clock() for at, _ in session.upcoming(3.0)]
        clock.advance(next_change_in(session.snapshot(), cues_in) + SLACK_S)
        looks.append(clock())
    return looks


def test_the_view_looks_at_the_clock_as_soon_as_anything_it_shows_changes() -> None:
    session, clock = at(0)
    looks = looks_of_a_whole_session(session, clock)
    replay, replay_clock = at(0)
    start = replay_clock()
    cues = schedule(replay.plan, lambda t: 0.5, CueOptions()).cues
    cue_times = sorted(start + cue.start for cue in cues)
    for look, following in itertools.pairwise(looks):
        replay_clock.now = look
        seen = shown_text(replay)
        t = look + 0.01
        while t < following - SLACK_S:  # in between, nothing on screen goes stale
            replay_clock.now = t
            assert shown_text(replay) == seen, (look - start, t - start)
            t += 0.01
    late = [c - start for c in cue_times
            if not any(c - 1e-6 <= look <= c + SLACK_S + 1e-6 for look in looks)]
    assert not late  # each cue's words are shown as it starts


def test_a_long_hold_is_looked_at_about_once_a_second() -> None:
    hold = routine(block("hamstring-stretch", hold_s=60, lead_in_s=0, transition_s=0))
    clock = FakeClock()
    plan = compile_plan(hold)
    session = Session(plan, schedule(plan, lambda t: 0.5, CueOptions()).cues, clock)
    session.start()
    looks = looks_of_a_whole_session(session, clock)
    assert 60 <= len(looks) <= 75, len(looks)  # a look a second, and one for each cue said
    gaps = [b - a for a, b in itertools.pairwise(looks)]
    assert max(gaps) <= LOOK_AGAIN_S + SLACK_S + 1e-9


def test_a_paused_session_is_looked_at_once_a_second() -> None:
    session, _ = at(40)
    session.pause()
    assert next_change_in(session.snapshot(), [0.5]) == LOOK_AGAIN_S


def test_the_ring_moves_in_small_steps_in_a_short_phase() -> None:
    session, _ = at(15.05)  # the bridge's first lift: a 1 s phase, in steps of 0.2 s
    snap = session.snapshot()
    assert (snap.segment.start, snap.segment.duration) == (15, 1)
    assert next_change_in(snap) == pytest.approx(RING_STEP_S - 0.05)
