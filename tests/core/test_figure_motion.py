"""The figure in step with a session on a fake clock, and in a looping preview."""

from __future__ import annotations

import pytest

from hiptimer.core.cues import CueOptions, schedule
from hiptimer.core.dose import Side, Sides, Tempo
from hiptimer.core.figure.motion import (
    BREATH_S,
    BREATH_STEPS,
    BREATHING_FPS,
    EASE_INTO_S,
    MOVING_FPS,
    Frame,
    along,
    frame_at,
    preview_at,
    redraw_in,
)
from hiptimer.core.figure.spec import FigureSpec, builtin_figures
from hiptimer.core.plan import Kind, Segment, compile_plan
from hiptimer.core.routine import Routine
from hiptimer.core.session import Session

from .helpers import FakeClock, block, figure_of, routine


def figure(motion: str, period: float = 1.0) -> FigureSpec:
    """Hip flexion 0 -> 40 -> 90 over three key poses; easy to read off at any moment."""
    return figure_of(f"""
exercise = "lift"
body = "upright"
view = "side"
motion = "{motion}"
period = {period}
[[pose]]
name = "rest"
[[pose]]
name = "half"
right_hip = {{ flex = 40 }}
[[pose]]
name = "top"
right_hip = {{ flex = 90 }}
""")


def hip(frame: Frame) -> float:
    return frame.pose.angle("right_hip", "flex")


class Run:
    """A session of one routine on a fake clock, and the figure it shows."""

    def __init__(self, r: Routine, spec: FigureSpec) -> None:
        self.clock = FakeClock()
        self.plan = compile_plan(r)
        self.session = Session(self.plan, schedule(self.plan, lambda t: 0.5, CueOptions()).cues,
                               self.clock)
        self.spec = spec
        self.session.start()

    def at(self, position: float) -> Frame:
        """Move the clock to ``position`` seconds into the plan; the figure there."""
        self.clock.advance(position - self.session.position())
        return self.now()

    def now(self) -> Frame:
        snap = self.session.snapshot()
        sides = self.plan.routine.blocks[snap.segment.block].sides
        return frame_at(self.spec, sides, snap.segment, snap.position,
                        self.plan.side_of(snap.segment))

    def first(self, kind: Kind) -> tuple[float, float]:
        segment = next(s for s in self.plan.segments if s.kind is kind)
        return segment.start, segment.end


REPS = routine(block("bridge", reps=(2, 3), tempo=Tempo(2, 1, 4, 1), lead_in_s=5,
                     transition_s=5))


def test_a_rep_rises_on_up_stays_on_hold_and_lowers_on_down() -> None:
    run = Run(REPS, figure("rep"))
    up, _ = run.first(Kind.REP_UP)
    assert hip(run.at(up - 1)) == 0  # getting ready: the first pose
    assert hip(run.at(up)) == 0
    assert hip(run.at(up + 1)) == pytest.approx(40)  # halfway through "up": the middle pose
    assert hip(run.at(up + 1.999)) == pytest.approx(90, abs=0.01)
    assert hip(run.at(up + 2.5)) == 90  # the hold at the top
    assert hip(run.at(up + 3 + 2)) == pytest.approx(40)  # halfway down (4 s down)
    assert hip(run.at(up + 7.5)) == 0  # the pause between reps
    assert hip(run.at(up + 8 + 1)) == pytest.approx(40)  # the second rep, halfway up


def test_the_figure_freezes_while_paused_and_carries_on_from_there() -> None:
    run = Run(REPS, figure("rep"))
    up, _ = run.first(Kind.REP_UP)
    before = hip(run.at(up + 0.5))
    run.session.pause()
    run.clock.advance(30)
    assert hip(run.now()) == before
    run.session.resume()
    run.clock.advance(0.5)
    assert hip(run.now()) == pytest.approx(40)


STRETCH = routine(block("hamstring-stretch", hold_s=30, sides=Sides.EACH, lead_in_s=5,
                        transition_s=5, switch_s=5))


def test_a_hold_eases_into_the_stretch_then_breathes_in_it() -> None:
    run = Run(STRETCH, figure("hold"))
    start, end = run.first(Kind.HOLD)
    assert hip(run.at(start - 1)) == 0
    assert hip(run.at(start + EASE_INTO_S / 2)) == pytest.approx(40)
    held = [run.at(start + EASE_INTO_S + t) for t in (0.0, BREATH_S / 4, BREATH_S / 2,
                                                       3 * BREATH_S / 4)]
    assert all(hip(f) == 90 for f in held)
    breaths = [f.breath for f in held]
    assert max(breaths) == pytest.approx(1, abs=0.3) and min(breaths) < -0.5
    assert hip(run.at(end - 0.01)) == 90  # held to the end


def test_the_left_side_is_mirrored_and_alternating_legs_swap() -> None:
    run = Run(STRETCH, figure("hold"))
    assert run.at(1).mirrored  # getting into position for the left side, done first
    first_hold = run.first(Kind.HOLD)[0]
    left = run.at(first_hold + 5)
    assert left.mirrored and not left.swap  # the plan does the left side first
    second = next(s for s in run.plan.segments if s.kind is Kind.HOLD and s.start > first_hold)
    assert not run.at(second.start + 5).mirrored
    marches = Run(routine(block("seated-marches", reps=(2, 2), sides=Sides.ALTERNATING,
                                tempo=Tempo(1, 0, 1, 0))), figure("rep"))
    turns = [marches.at(s.start + 0.5) for s in marches.plan.segments if s.kind is Kind.REP_UP]
    assert [f.swap for f in turns] == [True, False, True, False]  # left, right, left, right
    assert not any(f.mirrored for f in turns)


def test_a_cycle_loops_at_its_period_through_a_long_hold() -> None:
    spec = figure("cycle", period=1.5)
    run = Run(routine(block("walking", hold_s=600)), spec)
    start, _ = run.first(Kind.HOLD)
    one = hip(run.at(start + 99.25))
    assert hip(run.at(start + 99 + 0.5)) == pytest.approx(40)  # one key pose every 0.5 s
    assert hip(run.at(start + 99 + 1.25)) == pytest.approx(45)  # on the way back to rest
    assert hip(run.at(start + 99.25 + 1.5)) == pytest.approx(one)


def test_along_passes_every_key_pose_in_order() -> None:
    spec = figure("rep")
    assert [hip_of(along(spec, f)) for f in (0, 0.25, 0.5, 0.75, 1)] == \
        pytest.approx([0, 20, 40, 65, 90])


def hip_of(pose: object) -> float:
    return pose.angle("right_hip", "flex")  # type: ignore[attr-defined, no-any-return]


def test_the_preview_loops_one_rep_and_alternates_legs() -> None:
    spec = figure("rep")
    b = block("standing-hip-flexion", reps=(6, 12), sides=Sides.ALTERNATING,
              tempo=Tempo(2, 3, 2, 1))
    loop = 1.0 + 2 + 2.5 + 2  # rest, up, hold (shortened to 2.5 s), down
    assert hip(preview_at(spec, b, 0.5)) == 0
    assert hip(preview_at(spec, b, 2.0)) == pytest.approx(40)
    assert hip(preview_at(spec, b, 4.0)) == 90
    assert not preview_at(spec, b, 4.0).swap and preview_at(spec, b, loop + 4.0).swap
    assert hip(preview_at(spec, b, 2 * loop + 2.0)) == pytest.approx(40)
    held = block("hamstring-stretch", hold_s=60, sides=Sides.EACH)
    stretch = figure("hold")
    assert hip(preview_at(stretch, held, 0.5)) == 0
    assert hip(preview_at(stretch, held, 1 + EASE_INTO_S + 1)) == 90
    assert 0 < hip(preview_at(stretch, held, 1 + 6 + 0.75)) < 90  # easing out


# --- waiting in the start pose ------------------------------------------------------------------

WAITING = (Kind.TRANSITION, Kind.PREPARE, Kind.REST, Kind.REP_PAUSE, Kind.SWITCH_SIDE)


@pytest.mark.parametrize("exercise_id", sorted(builtin_figures()))
def test_every_figure_waits_in_its_start_pose(exercise_id: str) -> None:
    spec = builtin_figures()[exercise_id]
    for kind in WAITING:
        segment = Segment(kind, 100.0, 120.0, 1, 0, Side.RIGHT)
        for position in (100.0, 110.0, 120.0):
            frame = frame_at(spec, Sides.EACH, segment, position)
            assert frame.pose == spec.poses[0] and frame.breath == 0, (kind, position)


def test_between_sets_the_bridge_rests_hips_down() -> None:
    """A bridge of two sets: the last rep of the first set ends lowered, the figure stays
    lowered through the rest, also after "done with this set" jumps there from the top."""
    spec = builtin_figures()["bridge"]
    r = routine(block("bridge", reps=(2, 3), sets=2, rest_s=20, tempo=Tempo(2, 3, 2, 1)))
    run = Run(r, spec)
    rest_start, rest_end = run.first(Kind.REST)
    for position in (rest_start, rest_start + 0.1, (rest_start + rest_end) / 2, rest_end - 0.01):
        frame = run.at(position)
        assert run.session.snapshot().segment.kind is Kind.REST
        assert frame.pose == spec.poses[0]
    early = Run(r, spec)
    top = [s for s in early.plan.segments if s.kind is Kind.REP_HOLD][2]  # rep 3, at the top
    assert early.at(top.start + 1).pose == spec.poses[-1]
    assert early.session.finish_set()
    assert early.session.snapshot().segment.kind is Kind.REST
    assert early.now().pose == spec.poses[0]


# --- how often the figure needs drawing ---------------------------------------------------------

def test_the_figure_is_redrawn_as_often_as_its_motion_needs() -> None:
    spec = figure("hold")
    moving, breathing = 1 / MOVING_FPS, 1 / BREATHING_FPS
    hold = Segment(Kind.HOLD, 10.0, 70.0, 1, 0)
    assert redraw_in(spec, hold, 10.5) == pytest.approx(moving)  # easing into the stretch
    assert redraw_in(spec, hold, 10 + EASE_INTO_S + 1) == pytest.approx(breathing)
    assert redraw_in(spec, hold, 69.95) == pytest.approx(0.05)  # not past the segment's end
    assert redraw_in(spec, Segment(Kind.REP_UP, 0, 2, 1, 1), 1.0) == pytest.approx(moving)
    assert redraw_in(spec, Segment(Kind.REP_DOWN, 0, 2, 1, 1), 1.0) == pytest.approx(moving)
    assert redraw_in(spec, Segment(Kind.REP_HOLD, 0, 5, 1, 1), 1.0) == pytest.approx(breathing)
    # Standing still: nothing to draw until the segment ends.
    assert redraw_in(spec, Segment(Kind.REP_HOLD, 0, 2, 1, 1), 0.5) == pytest.approx(1.5)
    for kind in WAITING:
        assert redraw_in(spec, Segment(kind, 0, 20, 1, 0), 4.0) == pytest.approx(16)
    assert redraw_in(spec, Segment(Kind.DONE, 90, 90, 0, 0), 90) is None
    cycle = figure("cycle", period=1.2)
    assert redraw_in(cycle, hold, 40.0) == pytest.approx(moving)


def frames_over(spec: FigureSpec, segment: Segment) -> int:
    """How many frames a figure that draws when ``redraw_in`` says makes over ``segment``."""
    frames, position = 0, segment.start
    while (wait := redraw_in(spec, segment, position)) is not None:
        frames += 1
        position += wait
    return frames


def test_a_minute_of_stretch_costs_a_few_frames_a_second_and_a_rest_one_frame() -> None:
    spec = figure("hold")
    easing = EASE_INTO_S * MOVING_FPS
    held = frames_over(spec, Segment(Kind.HOLD, 0, 60, 1, 0))
    assert held == pytest.approx(easing + (60 - EASE_INTO_S) * BREATHING_FPS, abs=2)
    assert frames_over(spec, Segment(Kind.REST, 0, 30, 1, 0)) == 1


def test_a_minute_of_breathing_is_a_few_dozen_different_frames() -> None:
    """So a figure can keep the drawings of a breath and show them again: however the frames
    fall (here a little late, differently each time), the breath takes one of 41 steps."""
    spec = figure("hold")
    hold = Segment(Kind.HOLD, 0.0, 60.0, 1, 0)
    times = [EASE_INTO_S + i / BREATHING_FPS + (i * 7919 % 13) / 1000 for i in range(560)]
    frames = {frame_at(spec, Sides.BOTH, hold, t).key() for t in times}
    assert len(frames) <= 2 * BREATH_STEPS + 1
    assert frame_at(spec, Sides.BOTH, hold, 20.0).key() == \
        frame_at(spec, Sides.BOTH, hold, 20.0 + BREATH_S).key()
