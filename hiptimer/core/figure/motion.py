"""Which pose the figure is in at a moment of a session, or of a looping preview.

Read off the same timeline and position as the cues, so the figure rises on "up" and lowers
on "down"; a paused session's position stands still, and so does the figure.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from ..plan import Kind, Segment
from ..routine import Block, Side, Sides
from .skeleton import Pose, blend
from .spec import FigureSpec, Motion

BREATH_S = 5.0  # one slow breath in and out during a hold
EASE_INTO_S = 2.0  # a stretch is entered slowly at the start of a hold
MOVING_FPS = 25.0  # frames a second while a limb moves (a rep, a step, easing in)
BREATHING_FPS = 5.0  # a breath moves the chest by under a pixel a frame at this rate
BREATH_STEPS = 20  # a step moves the chest's outline by about a tenth of a pixel


@dataclass(frozen=True)
class Frame:
    """A pose and how to show it: for the other side, and how far through a breath."""

    pose: Pose
    mirrored: bool = False  # the other side, as in a mirror
    swap: bool = False  # the other leg's turn, facing the same way
    breath: float = 0.0  # -1..1
    turns: bool = False  # the legs take turns in this exercise

    def key(self) -> tuple[object, ...]:
        """The frame as a hashable value: equal for frames that draw the same."""
        pose = self.pose
        return (tuple(sorted(pose.angles.items())), pose.tilt, pose.roll, pose.turn,
                self.mirrored, self.swap, self.breath, self.turns)


def ease(f: float) -> float:
    """Slow out, slow in: 0 at 0, 1 at 1."""
    f = min(1.0, max(0.0, f))
    return f * f * (3 - 2 * f)


def along(spec: FigureSpec, f: float) -> Pose:
    """The pose a fraction ``f`` of the way from the first key pose through to the last."""
    last = len(spec.poses) - 1
    x = min(1.0, max(0.0, f)) * last
    k = min(int(x), last - 1)
    return blend(spec.poses[k], spec.poses[k + 1], x - k)


def around(spec: FigureSpec, phase: float) -> Pose:
    """The pose at ``phase`` (in loops) of a cycle through every key pose and back to the first."""
    count = len(spec.poses)
    x = (phase % 1.0) * count
    k = int(x) % count
    return blend(spec.poses[k], spec.poses[(k + 1) % count], x - int(x))


def passes_through(spec: FigureSpec, steps: int) -> list[Pose]:
    """Every key pose and ``steps - 1`` poses between each two, in the order the figure
    passes them (a cycle back round to its first)."""
    poses = [*spec.poses, *((spec.poses[0],) if spec.motion is Motion.CYCLE else ())]
    return [blend(a, b, i / steps) for a, b in itertools.pairwise(poses)
            for i in range(steps)] + [poses[-1]]


def breath(seconds: float) -> float:
    return math.sin(2 * math.pi * seconds / BREATH_S)


def frame_at(spec: FigureSpec, sides: Sides, segment: Segment, position: float,
             side: Side | None = None) -> Frame:
    """The figure at ``position`` (seconds into the plan) within ``segment``, on ``side``
    (``Plan.side_of(segment)``; the segment's own side when None).

    Rep phases move from the first key pose to the last ("up"), stay ("hold") and come back
    ("down"). A timed hold eases into the last pose, then breathes, or loops for a cycle.
    Between reps, in rests and while getting ready the figure waits in the first pose.
    """
    pose, breathing, _ = _moment(spec, segment, position)
    other = (side or segment.side) is Side.LEFT
    alternate = sides is Sides.ALTERNATING
    # The breath in steps too small to see, so that each breath draws the same frames.
    return Frame(pose, mirrored=other and not alternate, swap=other and alternate,
                 breath=round(breathing * BREATH_STEPS) / BREATH_STEPS, turns=alternate)


def redraw_in(spec: FigureSpec, segment: Segment, position: float) -> float | None:
    """Seconds from ``position`` until the figure should be drawn again: one frame at the
    rate its motion needs, or, standing still, the rest of the segment. None once it ends."""
    *_, rate = _moment(spec, segment, position)
    left = segment.end - position
    if left <= 0:
        return None
    return min(1 / rate, left) if rate else left


def _moment(spec: FigureSpec, segment: Segment, position: float) -> tuple[Pose, float, float]:
    """The pose, the breath (-1..1) and the frames a second that show the motion (0: still)."""
    t = min(max(position - segment.start, 0.0), segment.duration)
    progress = t / segment.duration if segment.duration > 0 else 1.0
    if segment.kind is Kind.REP_UP:
        return along(spec, ease(progress)), 0.0, MOVING_FPS
    if segment.kind is Kind.REP_DOWN:
        return along(spec, 1 - ease(progress)), 0.0, MOVING_FPS
    if segment.kind is Kind.REP_HOLD and segment.duration >= 3:
        return spec.poses[-1], breath(t), BREATHING_FPS
    if segment.kind is Kind.REP_HOLD:
        return spec.poses[-1], 0.0, 0.0
    if segment.kind is Kind.HOLD and spec.motion is Motion.CYCLE:
        return around(spec, t / spec.period), 0.0, MOVING_FPS
    if segment.kind is Kind.HOLD:
        easing = min(EASE_INTO_S, segment.duration / 3 or 1.0)
        into = ease(t / easing)
        return along(spec, into), into * breath(t), MOVING_FPS if t < easing else BREATHING_FPS
    return spec.poses[0], 0.0, 0.0  # getting ready, between reps, resting: the start pose


def preview_moment(spec: FigureSpec, block: Block, seconds: float) -> tuple[Segment, float]:
    """Where a looping demonstration of ``block`` is at ``seconds``: a made-up segment (one
    rep, the legs taking turns on alternate loops; or moving into a stretch, holding it a few
    breaths and easing out) and the position in it."""
    tempo = block.dose.tempo
    if block.dose.is_timed and spec.motion is Motion.CYCLE:
        phases = [(Kind.HOLD, 4 * spec.period)]
    elif block.dose.is_timed:
        phases = [(Kind.PREPARE, 1.0), (Kind.HOLD, 6.0), (Kind.REP_DOWN, 1.5)]  # then ease out
    else:
        phases = [(Kind.REP_PAUSE, 1.0), (Kind.REP_UP, _clamp(tempo.up, 0.8, 3)),
                  (Kind.REP_HOLD, _clamp(tempo.hold, 0.0, 2.5)),
                  (Kind.REP_DOWN, _clamp(tempo.down, 0.8, 3))]
    phases = [(kind, length) for kind, length in phases if length > 0]
    loop = sum(length for _, length in phases)
    turn, t = divmod(seconds, loop)
    side = Side.LEFT if block.sides is Sides.ALTERNATING and turn % 2 else Side.RIGHT
    start, (kind, length) = 0.0, phases[-1]
    for phase in phases:
        if t < start + phase[1]:
            kind, length = phase
            break
        start += phase[1]
    return Segment(kind, start, start + length, 0, 0, side), t


def preview_at(spec: FigureSpec, block: Block, seconds: float) -> Frame:
    """The looping demonstration of ``block`` at ``seconds`` (see ``preview_moment``)."""
    segment, t = preview_moment(spec, block, seconds)
    return frame_at(spec, block.sides, segment, t)


def _clamp(value: float, lo: float, hi: float) -> float:
    return min(hi, max(lo, value))
