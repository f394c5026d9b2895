"""A session walked through each of its states on a fake clock, for layout checks and
screenshots: start, get into position, get ready, rep, hold, rest, switch sides, paused,
help shown, end."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from PySide6.QtWidgets import QApplication

from hiptimer.core.plan import Kind, Segment
from hiptimer.core.routine import Sides, Tempo
from tests.core.helpers import block, routine

from .fakes import Rig

NOTE = ("Keep the top knee a little forward and stop two reps short of tiring; your hip "
        "should feel warm, not sore.")
# Long names and a note, to test what happens to long text: reps on each side with a rest,
# then a timed hold on each side whose name is the "Next:" for the whole first exercise.
STATES_ROUTINE = routine(
    dataclasses.replace(block("weighted-side-lying-hip-abduction", reps=(8, 12), sets=2,
                              rest_s=30, sides=Sides.EACH,
                              tempo=Tempo(up=2, hold=1, down=2, between=1)), note=NOTE),
    block("hamstring-stretch", hold_s=60, sides=Sides.EACH, sets=2, rest_s=20),
    routine_id="states")

RUNNING_STATES = {  # name: the kind of segment it is in
    "position": Kind.TRANSITION, "ready": Kind.PREPARE, "rep": Kind.REP_HOLD,
    "rest": Kind.REST, "switch": Kind.SWITCH_SIDE, "hold": Kind.HOLD,
}
STATES = ("start", *RUNNING_STATES, "paused", "help", "end")


def walk(rig: Rig, wait: Callable[[Callable[[], bool]], None]) -> Iterator[str]:
    """Put the window in each state of ``STATES`` in turn, yielding its name once there.

    ``wait(condition)``: returns once ``condition()`` holds (the voice is prepared off the
    GUI thread)."""
    window = rig.window
    controller, page = window.controller, window.session_page
    assert window.start_routine(STATES_ROUTINE.id)
    wait(page.start_view.start_button.isEnabled)
    yield "start"
    page.start_view.start_button.click()
    session = controller.session
    assert session is not None
    segments = session.plan.segments
    for name, kind in sorted(RUNNING_STATES.items(),
                             key=lambda item: _first(segments, item[1]).start):
        segment = _first(segments, kind)
        rig.clock.advance(segment.start + segment.duration / 2 - session.position())
        controller.refresh()
        QApplication.processEvents()
        yield name
    controller.toggle_pause()
    QApplication.processEvents()
    yield "paused"
    controller.toggle_pause()
    page.run_view.toggle_help()
    QApplication.processEvents()
    yield "help"
    page.run_view.toggle_help()
    controller.stop()
    controller.stop()
    QApplication.processEvents()
    yield "end"


def _first(segments: tuple[Segment, ...], kind: Kind) -> Segment:
    return next(s for s in segments if s.kind is kind)
