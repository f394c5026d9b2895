"""The Session tab: a start screen, the running session, and an end screen. Layout only."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QFrame,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..widgets.banner import Banner
from .end_view import EndView
from .run_view import RunView, keys_html
from .start_view import StartView, screen_label

__all__ = ["SessionPage", "keys_html"]  # keys_html: the Help menu shows it too

# Every button of the Session tab shows where the keyboard focus is, in light and dark.
FOCUS_STYLE = """
QPushButton { padding: 4px 10px; border-radius: 5px; border: 1px solid palette(mid);
              background: palette(button); color: palette(button-text); }
QPushButton:hover { border: 1px solid palette(highlight); }
QPushButton:pressed { background: palette(mid); }
QPushButton:disabled { color: palette(mid); }
QPushButton:focus { border: 3px solid palette(highlight); }
QPushButton#primary { background: palette(highlight); color: palette(highlighted-text);
                      font-weight: bold; }
QPushButton#primary:disabled { background: palette(button); color: palette(mid); }
QPushButton#primary:focus { border: 3px solid palette(window-text); }
"""


class ProblemBanner(Banner):
    """The session's banner: the problems that stand (no sound output, the history file
    busy), this session's own (the voice), and a passing notice (paused, it hurt)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.standing: list[str] = []
        self.of_session: list[str] = []

    def show_problems(self, notice: str | None = None) -> None:
        self.show_messages([*self.standing, *self.of_session, *([notice] if notice else [])])

    def add_problem(self, message: str) -> None:
        if message not in self.standing:
            self.standing.append(message)
            self.show_problems()

    def remove_problem(self, message: str) -> None:
        for problems in (self.standing, self.of_session):
            if message in problems:
                problems.remove(message)
        self.show_problems()


class SessionPage(QWidget):
    """The banner over the three screens; the controller decides which screen shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = ProblemBanner()
        self.start_view = StartView()
        self.run_view = RunView()
        self.end_view = EndView()
        self.empty = screen_label()
        self.empty.setText("Choose a routine on the Routines tab and press Start.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        # The start and end screens scroll on a small screen (200 % on a laptop); the
        # running session always fits.
        self._holders: dict[QWidget, QWidget] = {
            self.start_view: _scrolling(self.start_view), self.run_view: self.run_view,
            self.end_view: _scrolling(self.end_view), self.empty: self.empty}
        for holder in self._holders.values():
            self.stack.addWidget(holder)
        self.stack.setCurrentWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        for view in (self.start_view, self.run_view, self.end_view):
            view.setStyleSheet(FOCUS_STYLE)  # not on the scroll areas: they keep the theme
        self.fullscreen = False
        self._window_state = Qt.WindowState.WindowNoState
        self.run_view.fullscreen_requested.connect(
            lambda: self.set_fullscreen(not self.fullscreen))

    def set_fullscreen(self, full: bool) -> None:
        """Fill the screen with the session (no menus, no tabs), or go back to a window."""
        window = self.window()
        if full == self.fullscreen or window is self:
            return
        self.fullscreen = full
        if full:
            self._window_state = window.windowState() & ~Qt.WindowState.WindowFullScreen
            window.showFullScreen()
        else:
            window.setWindowState(self._window_state)
        if isinstance(window, QMainWindow):
            window.menuBar().setVisible(not full)
            window.statusBar().setVisible(not full)
        tabs = self.parentWidget()
        while tabs is not None and not isinstance(tabs, QTabWidget):
            tabs = tabs.parentWidget()
        if tabs is not None:
            tabs.tabBar().setVisible(not full)
        self.run_view.show_fullscreen(full)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # A style sheet keeps the palette its widgets had when it was applied: apply it
            # again, so light to dark (or back) reaches every label and button.
            for styled in self.findChildren(QWidget):
                sheet = styled.styleSheet()
                if sheet:
                    styled.setStyleSheet("")
                    styled.setStyleSheet(sheet)

    def hideEvent(self, event: QHideEvent) -> None:
        if not event.spontaneous():  # another tab, not a minimised window: give it back
            self.set_fullscreen(False)
        super().hideEvent(event)

    def setCurrentWidget(self, view: QWidget) -> None:
        self.stack.setCurrentWidget(self._holders[view])

    def currentWidget(self) -> QWidget | None:
        holder = self.stack.currentWidget()
        return next((v for v, h in self._holders.items() if h is holder), None)


def _scrolling(view: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(view)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


