"""A tab widget that lays itself out again only when something of its own changed.

Qt's tab widget repaints the whole of itself on every layout request it gets, and a label
whose text changes sends one all the way up (each layout passes it on to its parent, changed or
not). During a hold the countdown and the time left change every second, so the whole window
was painted again every second: most of the window's work while a person holds a stretch.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QTabWidget


class SteadyTabWidget(QTabWidget):
    """A QTabWidget that lets a layout request through only when its size hints, or its tab
    bar's size or visibility, changed (a resize lays it out as always)."""

    def __init__(self) -> None:
        super().__init__()
        self._hints: tuple[QSize | bool, ...] | None = None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            bar = self.tabBar()
            hints = (self.sizeHint(), self.minimumSizeHint(), bar.sizeHint(), bar.isVisibleTo(self))
            if hints == self._hints:
                return True  # the pages lay themselves out; nothing here moves
            self._hints = hints
        return super().event(event)
