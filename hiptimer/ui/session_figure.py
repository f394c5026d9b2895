"""Keeps the session page's figure in step with the session clock."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from ..core.figure.motion import frame_at
from ..core.session import Session, Status
from .widgets.figure import FRAME_MS, FigureView, figure_for


class SessionFigure(QObject):
    """Draws the figure for the session's current moment: about 30 times a second while the
    session runs, once when asked otherwise (paused, it stands still)."""

    def __init__(self, view: FigureView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self._session: Session | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self.update)

    def follow(self, session: Session | None) -> None:
        self._session = session
        self.update()

    def update(self) -> None:
        session = self._session
        if session is None:
            self.timer.stop()
            self.view.set_drawing(None)
            return
        snap = session.snapshot()
        block = session.plan.routine.blocks[snap.segment.block]
        figure = figure_for(block.exercise.id)
        self.view.set_drawing(None if figure is None else figure.draw_frame(
            frame_at(figure.spec, block.sides, snap.segment, snap.position,
                     session.plan.side_of(snap.segment))))
        seen = self.view.isVisible() and not self.view.window().isMinimized()
        if snap.status is Status.RUNNING and seen:  # hidden or minimised: no frames to draw
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()
