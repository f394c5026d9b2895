"""The figure's frame for a moment of a session, and when it next needs drawing."""

from __future__ import annotations

from ..plan import Plan
from ..session import Snapshot, Status
from .motion import Frame, frame_at, redraw_in
from .spec import FigureSpec


def session_frame(plan: Plan, snap: Snapshot, spec: FigureSpec) -> Frame:
    """The pose the figure shows at ``snap``: read off the same segment and position as the
    cues, for the side the plan is on."""
    block = plan.routine.blocks[snap.segment.block]
    return frame_at(spec, block.sides, snap.segment, snap.position, plan.side_of(snap.segment))


def next_frame_in(snap: Snapshot, spec: FigureSpec) -> float | None:
    """Seconds until the figure changes enough to draw again; None while it stands still
    (paused, stopped or over: the session says when that changes)."""
    if snap.status is not Status.RUNNING:
        return None
    return redraw_in(spec, snap.segment, snap.position)
