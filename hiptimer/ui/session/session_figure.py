"""Keeps the session page's figure in step with the session clock."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer

from ...core.figure.drawing import Drawing, Figure
from ...core.figure.motion import Frame
from ...core.figure.session_frame import next_frame_in, session_frame
from ...core.session import Session, Snapshot, Status
from ..widgets.figure import UNSEEN_POLL_MS, FigureView, figure_for, frame_wait_ms, seen

KEPT_DRAWINGS = 128  # easing into a stretch (50 frames), then a breath's 41 steps, over and over


class SessionFigure(QObject):
    """Draws the figure for the session's current moment, as often as its motion needs (see
    ``redraw_in``): a few frames a second while it breathes in a stretch, more while a leg
    moves, none while it stands still, is paused, or cannot be seen."""

    def __init__(self, view: FigureView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self._session: Session | None = None
        self._shown: tuple[int, Status, int] | None = None  # generation, status, segment drawn
        self.frames = 0  # frames drawn, for tests and benchmarks
        # The figure on screen, and its last drawings by frame: each breath of a stretch
        # comes round again, and is then not worked out anew.
        self._figure: Figure | None = None
        self._drawings: dict[tuple[object, ...], Drawing] = {}
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(lambda: self.draw())

    def follow(self, session: Session | None) -> None:
        self._session = session
        self._shown = None
        if session is None:
            self.update()
        else:
            self.draw(force=True)

    def update(self, snap: Snapshot | None = None) -> None:
        """Draw now if the session changed in a way the timer does not know of (paused,
        carried on, jumped, into a new segment, seen again); otherwise the timer will.
        ``snap``: the snapshot the view was just drawn from, if there is one."""
        session = self._session
        if session is None:
            self.timer.stop()
            self.view.set_drawing(None)
            return
        snap = snap or session.snapshot()
        if self._shown != (session.generation, snap.status, snap.index):
            self.draw(snap=snap)

    def draw(self, force: bool = False, snap: Snapshot | None = None) -> None:
        """Draw the figure as it is now, and set the timer for the next frame. Unless
        ``force``d (just shown: the window may not know yet), only if it can be seen."""
        session = self._session
        if session is None:
            return
        if not (force or seen(self.view)):  # hidden, minimised or covered: look again later
            self._shown = None
            self.timer.start(UNSEEN_POLL_MS)
            return
        snap = snap or session.snapshot()
        figure = figure_for(session.plan.routine.blocks[snap.segment.block].exercise.id)
        self._shown = (session.generation, snap.status, snap.index)
        if figure is None:
            self.timer.stop()
            self.view.set_drawing(None)
            return
        self.frames += 1
        self.view.set_drawing(self._drawing(figure, session_frame(session.plan, snap,
                                                                  figure.spec)))
        wait = frame_wait_ms(next_frame_in(snap, figure.spec))
        if wait is None:
            self.timer.stop()  # paused or over: the controller says when that changes
        else:
            self.timer.start(wait)

    def _drawing(self, figure: Figure, frame: Frame) -> Drawing:
        if figure is not self._figure:
            self._figure = figure
            self._drawings.clear()
        key = frame.key()
        drawing = self._drawings.get(key)
        if drawing is None:
            if len(self._drawings) >= KEPT_DRAWINGS:  # the oldest goes
                del self._drawings[next(iter(self._drawings))]
            drawing = self._drawings[key] = figure.draw_frame(frame)
        return drawing
