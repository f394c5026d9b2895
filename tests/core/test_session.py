"""Sessions over a fake clock: controls, cue delivery and the completion record."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiptimer.core.cues import CueKind, CueOptions, schedule
from hiptimer.core.dose import Side, Sides, Tempo
from hiptimer.core.plan import Kind, Plan, compile_plan
from hiptimer.core.record import set_records
from hiptimer.core.routine import Routine
from hiptimer.core.session import BACK_GRACE_S, Session, Status
from hiptimer.core.session_rules import stop_for_pain

from .helpers import FakeClock, block, quarter_seconds, routine, routines


def start(r: Routine) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    plan = compile_plan(r)
    session = Session(plan, schedule(plan, lambda text: 0.5, CueOptions()).cues, clock)
    session.start()
    return session, clock


STRETCH = routine(block("hip-flexor-stretch", hold_s=60, sides=Sides.EACH, transition_s=10,
                        lead_in_s=5, switch_s=10),
                  block("bridge", reps=(10, 15), tempo=Tempo(2, 0, 2, 1), transition_s=10,
                        lead_in_s=5))


def test_position_follows_the_clock_and_pause_freezes_it() -> None:
    session, clock = start(STRETCH)
    clock.advance(12.5)
    assert session.position() == 12.5
    assert session.pause()
    clock.advance(100)
    assert session.position() == 12.5 and session.status is Status.PAUSED
    assert not session.pause()
    assert session.resume()
    clock.advance(2.5)
    assert session.position() == 15
    assert session.active_seconds() == 15


def test_snapshot_reads_the_segment_and_time_left() -> None:
    session, clock = start(STRETCH)
    clock.advance(20)
    snap = session.snapshot()
    assert snap.segment.kind is Kind.HOLD and snap.segment.side is Side.LEFT
    assert snap.remaining == 55 and snap.status is Status.RUNNING


def test_skip_goes_to_the_next_side_then_the_next_block() -> None:
    session, clock = start(STRETCH)
    clock.advance(20)
    assert session.skip()
    assert session.position() == 75  # the right side starts with its switch
    assert session.snapshot().segment.kind is Kind.SWITCH_SIDE
    assert session.skip()
    assert session.snapshot().segment.kind is Kind.TRANSITION
    assert session.snapshot().segment.block == 1


def test_back_restarts_the_side_or_goes_to_the_previous_one() -> None:
    session, clock = start(STRETCH)
    clock.advance(100)  # 25 s into the right side
    assert session.back()
    assert session.position() == 75
    clock.advance(BACK_GRACE_S / 2)
    assert session.back()
    assert session.position() == 0


def test_finish_set_only_from_the_low_end_of_the_rep_range() -> None:
    session, clock = start(STRETCH)
    session.skip()
    session.skip()  # to the bridge
    bridge_set = session.plan.sets[-1]
    clock.advance(bridge_set.start - session.position() + 25)  # a rep counts as it lowers
    assert session.snapshot().reps_done == 5
    assert not session.snapshot().can_finish_set
    assert not session.finish_set()
    clock.advance(5 * 5)  # ten reps
    assert session.snapshot().reps_done == 10 and session.snapshot().can_finish_set
    assert session.finish_set()
    assert session.status is Status.FINISHED  # the set was the last thing in the plan
    record = set_records(session)[-1]
    assert record.done_reps == 10 and record.finished_early and record.completed


def test_hurt_stops_this_side_only_and_moves_to_the_other() -> None:
    session, clock = start(STRETCH)
    clock.advance(30)
    assert session.side_at(session.position()) is Side.LEFT
    assert session.hurt()
    snap = session.snapshot()
    assert snap.segment.block == 0 and session.side_at(snap.position) is Side.RIGHT
    clock.advance(1000)
    left, right, bridge = set_records(session)
    assert left.stopped_for_pain and not left.completed and left.done_seconds == 15
    assert right.completed and not right.stopped_for_pain and right.at_top
    assert not bridge.skipped
    assert session.pain_set(session.events[0].position).side is Side.LEFT  # type: ignore[union-attr]


def test_finishing_a_set_early_is_done_but_not_at_the_top() -> None:
    r = routine(block("clamshell", reps=(2, 4), tempo=Tempo(1, 0, 1, 0)))
    session, clock = start(r)
    first_rep = next(s for s in compile_plan(r).segments if s.kind is Kind.REP_UP)
    clock.advance(first_rep.start + 2 * 2 + 0.5)
    assert session.finish_set()
    [record] = set_records(session)
    assert record.completed and record.finished_early and not record.at_top


def test_stop_keeps_what_was_done() -> None:
    session, clock = start(STRETCH)
    clock.advance(80)
    assert session.stop()
    assert session.status is Status.STOPPED
    clock.advance(50)
    assert session.position() == 80
    assert not session.skip() and not session.resume()
    left, right, _bridge = set_records(session)
    assert left.completed and left.done_seconds == 60
    assert not right.completed and right.done_seconds == 0 and not right.skipped


def test_the_whole_routine_runs_to_done_and_every_cue_is_delivered_once() -> None:
    session, clock = start(STRETCH)
    delivered = []
    while session.status is Status.RUNNING:
        clock.advance(0.25)
        delivered += session.due_cues()
    assert session.snapshot().segment.kind is Kind.DONE
    assert session.position() == session.plan.duration
    all_cues = sorted(schedule(session.plan, lambda text: 0.5, CueOptions()).cues,
                      key=lambda c: c.start)
    assert delivered == all_cues
    assert delivered[-1].kind is CueKind.COMPLETE or delivered[-1].kind.is_beep
    assert all(r.completed for r in set_records(session))
    assert session.active_seconds() == session.plan.duration


def test_cues_are_due_in_order_at_their_start() -> None:
    session, clock = start(STRETCH)
    assert [c.kind for c in session.due_cues()] == [CueKind.ANNOUNCE]  # said at 0
    clock.advance(10)
    assert [c.text for c in session.due_cues()] == [STRETCH.blocks[0].exercise.say,
                                                    "Left hip: kneel on your left knee. Get ready."]
    deadlines = session.upcoming(2.5)
    assert [(t - clock.now, c.text) for t, c in deadlines if not c.kind.is_beep] == [
        (0.0, "Left hip: kneel on your left knee. Get ready."), (2.0, "Three.")]
    assert session.due_cues() == []  # asking for upcoming cues does not use them up


def test_controls_before_start_and_after_the_end_do_nothing() -> None:
    plan = compile_plan(STRETCH)
    clock = FakeClock()
    session = Session(plan, [], clock)
    assert session.status is Status.READY
    assert not (session.pause() or session.skip() or session.back() or session.hurt())
    assert session.due_cues() == [] and session.position() == 0
    assert session.start() and not session.start()
    clock.advance(plan.duration + 5)
    assert session.status is Status.FINISHED
    assert not (session.pause() or session.skip() or session.stop())
    assert session.active_seconds() == plan.duration


# --- properties over random routines and random control sequences --------------------------

ACTIONS = ("wait", "poll", "pause", "resume", "skip", "back", "finish_set", "hurt", "stop")


class Model:
    """What the session should do, worked out from the plan's units alone."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.position = 0.0
        self.running = True
        self.over = False
        self.active = 0.0
        self.runs: list[tuple[float, float]] = []
        self.run_start = 0.0
        self.left_out: set[int] = set()  # later units of a side that hurt

    def advance(self, seconds: float) -> None:
        while self.running and not self.over:
            ahead = [self.plan.units[u].start for u in self.left_out
                     if self.plan.units[u].start >= self.position]
            stop = min([*ahead, self.plan.duration])
            step = min(seconds, stop - self.position)
            self.position += step
            self.active += step
            seconds -= step
            if self.position >= self.plan.duration:
                self.end()
            elif self.position >= stop:  # a unit left out is reached: passed over
                self.runs.append((self.run_start, self.position - 1e-9))
                self.position = self.run_start = self.past_left_out(stop)
                if self.position >= self.plan.duration:
                    self.end()
            else:
                return

    def hurt(self, unit: int) -> None:
        side, block = self.plan.units[unit].side, self.plan.units[unit].block
        if side is not None:
            self.left_out |= {u for u in range(unit + 1, len(self.plan.units))
                              if (self.plan.units[u].block, self.plan.units[u].side)
                              == (block, side)}
        self.jump(self.unit_start(unit + 1))

    def past_left_out(self, target: float) -> float:
        for u in sorted(self.left_out):
            if abs(self.plan.units[u].start - target) < 1e-9:
                target = self.plan.units[u].end
        return target

    def end(self) -> None:
        self.runs.append((self.run_start, self.position))
        self.over = True
        self.running = False

    def jump(self, target: float, back: bool = False) -> None:
        self.runs.append((self.run_start, self.position))
        self.position = self.run_start = target if back else self.past_left_out(target)
        if target >= self.plan.duration:
            self.end()

    def unit_start(self, index: int) -> float:
        units = self.plan.units
        return units[index].start if index < len(units) else self.plan.duration

    def current_unit(self) -> int:
        return next((i for i, u in enumerate(self.plan.units)
                     if u.start <= self.position < u.end), len(self.plan.units))


@given(r=routines(max_blocks=3), steps=st.lists(
    st.tuples(quarter_seconds(0, 30), st.sampled_from(ACTIONS)), max_size=40))
def test_random_control_sequences_keep_the_session_consistent(
        r: Routine, steps: list[tuple[float, str]]) -> None:
    plan = compile_plan(r)
    cues = schedule(plan, lambda text: 0.5, CueOptions()).cues
    clock = FakeClock()
    session = Session(plan, cues, clock)
    session.start()
    model = Model(plan)
    delivered: Counter[int] = Counter()
    index_of = {id(c): i for i, c in enumerate(cues)}

    for seconds, action in steps:
        before = session.position()
        paused = session.status is Status.PAUSED
        clock.advance(seconds)
        model.advance(seconds)
        if paused:
            assert session.position() == before, "a paused session must not advance"
        assert session.position() >= before
        assert math.isclose(session.position(), model.position, abs_tol=1e-9)

        at = session.position()
        unit = model.current_unit()
        if action == "poll":
            delivered.update(index_of[id(c)] for c in session.due_cues())
        elif action == "pause":
            assert session.pause() == model.running
            model.running = False
        elif action == "resume":
            assert session.resume() == (not model.running and not model.over)
            model.running = not model.over
        elif action == "skip":
            if session.skip():
                model.jump(model.unit_start(unit + 1))
        elif action == "back":
            if session.back():
                unit = min(unit, len(plan.units) - 1)
                target = model.unit_start(unit)
                if at - target <= BACK_GRACE_S:
                    unit = max(unit - 1, 0)
                    target = model.unit_start(unit)
                model.left_out.discard(unit)
                model.jump(target, back=True)
                assert session.position() <= at
        elif action == "finish_set":
            if session.finish_set():
                span = next(s for s in plan.sets if s.start <= at < s.end)
                assert span.min_reps and span.planned_reps
                model.jump(span.end)
        elif action == "hurt":
            if session.hurt():  # this side stops, and its later sets: on to the other side
                model.hurt(min(unit, len(plan.units) - 1))
        elif action == "stop" and session.stop():
            model.end()
        if action != "back":
            assert session.position() >= at, "only back moves the session backwards"
        assert math.isclose(session.position(), model.position, abs_tol=1e-9)
        assert math.isclose(session.active_seconds(), model.active, abs_tol=1e-9)

    delivered.update(index_of[id(c)] for c in session.due_cues())
    runs = [*model.runs] + ([] if model.over else [(model.run_start, model.position)])
    for i, cue in enumerate(cues):
        expected = sum(1 for a, b in runs if a <= cue.start <= b)
        assert delivered[i] == expected, f"cue {cue} delivered {delivered[i]}, not {expected}"
    for record in set_records(session):
        assert record.done_reps <= record.planned_reps
        assert record.done_seconds <= record.planned_seconds + 1e-9
        assert not (record.skipped and record.completed)


@pytest.mark.parametrize("sides", list(Sides))
def test_records_count_reps_per_set_and_side(sides: Sides) -> None:
    r = routine(block("clamshell", reps=(3, 4), sets=2, rest_s=5, sides=sides,
                      tempo=Tempo(1, 0, 1, 0)))
    session, clock = start(r)
    clock.advance(compile_plan(r).duration)
    records = set_records(session)
    expected = {Sides.EACH: [(Side.LEFT, 1), (Side.LEFT, 2), (Side.RIGHT, 1), (Side.RIGHT, 2)],
                Sides.EACH_BY_SET: [(Side.LEFT, 1), (Side.RIGHT, 1), (Side.LEFT, 2),
                                    (Side.RIGHT, 2)]}.get(sides, [(None, 1), (None, 2)])
    assert [(x.side, x.set) for x in records] == expected
    assert all(x.done_reps == x.planned_reps == 4 and x.completed for x in records)


class TickingClock:
    """A clock that moves on by a second every time it is read, and counts the reads."""

    def __init__(self) -> None:
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return float(self.reads)


def test_each_call_reads_the_clock_once_so_its_answer_is_of_one_moment() -> None:
    clock = TickingClock()
    plan = compile_plan(STRETCH)
    session = Session(plan, schedule(plan, lambda text: 0.5, CueOptions()).cues, clock)
    calls = {
        "start": session.start, "snapshot": session.snapshot, "position": session.position,
        "active_seconds": session.active_seconds, "due_cues": session.due_cues,
        "upcoming": lambda: session.upcoming(5), "runs": session.runs,
        "status": lambda: session.status, "pause": session.pause,
        "toggle_pause": session.toggle_pause, "resume": session.pause,
        "skip": session.skip, "back": session.back, "hurt": session.hurt,
        "finish_set": session.finish_set, "stop": session.stop,
    }
    for name, call in calls.items():
        before = clock.reads
        call()
        assert clock.reads - before == 1, name


def test_a_snapshot_tells_position_and_time_spent_of_the_same_moment() -> None:
    clock = TickingClock()
    plan = compile_plan(STRETCH)
    session = Session(plan, (), clock)
    session.start()
    for _ in range(3):
        snap = session.snapshot()
        assert snap.active_seconds == snap.position  # never paused: the two are one


def test_resuming_runs_on_as_starting_does() -> None:
    session, clock = start(STRETCH)
    clock.advance(10)
    assert session.pause()
    generation = session.generation
    clock.advance(50)
    assert session.toggle_pause() and session.status is Status.RUNNING
    assert session.generation == generation + 1
    clock.advance(5)
    assert session.position() == 15 and session.active_seconds() == 15


TURNS = routine(block("clamshell", reps=(2, 2), sets=3, rest_s=5, tempo=Tempo(1, 0, 1, 0),
                      sides=Sides.EACH_BY_SET, lead_in_s=5, switch_s=5, transition_s=5),
                block("bridge", reps=(2, 2), tempo=Tempo(1, 0, 1, 0), transition_s=5))


def test_a_side_that_hurts_is_left_out_for_the_rest_of_the_exercise_when_sides_take_turns(
        ) -> None:
    session, clock = start(TURNS)
    units = session.plan.units
    assert [(u.block, u.side) for u in units] == [
        (0, Side.LEFT), (0, Side.RIGHT), (0, Side.LEFT), (0, Side.RIGHT), (0, Side.LEFT),
        (0, Side.RIGHT), (1, None)]
    clock.advance(units[0].start + 7)  # in the left leg's first set
    assert session.hurt() and session.position() == units[1].start
    snap = session.snapshot()
    assert snap.left_out == {2, 4}
    later = sum(units[u].end - units[u].start for u in (2, 4))
    assert snap.left == pytest.approx(session.plan.duration - units[1].start - later)
    heard = [c.text for c in session.due_cues()]
    clock.advance(session.plan.duration)  # to the end, passing the left leg's later sets over
    assert session.status is Status.FINISHED
    heard += [c.text for c in session.due_cues()]
    assert sum("Left leg" in text for text in heard) == 1  # only the first set's announcement
    assert sum("Right leg" in text for text in heard) == 3
    records = set_records(session)
    left = [r for r in records if r.side is Side.LEFT]
    right = [r for r in records if r.side is Side.RIGHT]
    assert [r.stopped_for_pain for r in left] == [True, False, False]
    assert [r.skipped for r in left[1:]] == [True, True]
    assert all(r.done_reps == 2 for r in right)
    assert session.active_seconds() == pytest.approx(session.plan.duration - later - (
        units[1].start - (units[0].start + 7)))


def test_the_cues_ahead_close_up_over_a_side_left_out() -> None:
    session, clock = start(TURNS)
    units = session.plan.units
    clock.advance(units[0].start + 7)
    session.hurt()
    clock.advance(units[2].start - units[1].start - 2)  # 2 s before the left leg's next set
    now = clock()
    ahead = session.upcoming(30)
    assert all(not units[2].start <= cue.start < units[2].end for _, cue in ahead)
    [(at, first_after)] = [(at, c) for at, c in ahead if c.start == units[3].start][:1]
    assert at == pytest.approx(now + 2)  # the right leg's next set comes straight on
    assert "Right leg" in first_after.text
    generation = session.generation
    clock.advance(2.5)
    assert session.position() == pytest.approx(units[3].start + 0.5)
    assert session.generation == generation  # foreseen: the cues sent to the player hold
    assert session.plan.units[session.plan.unit_at(session.position())].side is Side.RIGHT


def test_back_into_a_side_left_out_does_it_after_all() -> None:
    session, clock = start(TURNS)
    units = session.plan.units
    clock.advance(units[0].start + 7)
    session.hurt()
    clock.advance(units[2].start - units[1].start + 1)  # passed over: in the right leg's set 2
    assert session.plan.unit_at(session.position()) == 3
    session.back()  # within the grace: to the unit before, the left leg's set 2
    assert session.position() == units[2].start and 2 not in session.snapshot().left_out
    clock.advance(1)
    assert session.plan.unit_at(session.position()) == 2


def test_each_side_in_one_go_has_nothing_later_to_leave_out() -> None:
    session, clock = start(STRETCH)
    clock.advance(20)
    session.hurt()
    assert session.snapshot().left_out == frozenset()


def test_the_words_after_this_hurts_say_a_side_s_later_sets_are_left_out() -> None:
    session, clock = start(TURNS)
    clock.advance(session.plan.units[0].start + 7)
    said = stop_for_pain(session)
    assert said is not None and session.status is Status.PAUSED
    assert "Stopped Clamshell (left leg) because it hurt." in said
    assert "The later sets for your left leg are left out." in said
    assert "Next: Right leg: lie on your left side." in said
    session, clock = start(STRETCH)
    clock.advance(30)
    said = stop_for_pain(session)
    assert said is not None and "left out" not in said
