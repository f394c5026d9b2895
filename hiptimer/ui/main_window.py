"""The main window and the function that runs the application."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget

from .. import APP_NAME
from ..core.catalog import builtin_catalog
from ..core.plan import compile_plan
from ..core.routine import Routine, builtin_routines
from .routines_page import RoutinesPage


class MainWindow(QMainWindow):
    def __init__(self, routines: tuple[Routine, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        durations = {r.id: compile_plan(r).duration for r in routines}
        self.tabs = QTabWidget()
        self.routines_page = RoutinesPage(routines, durations)
        self.tabs.addTab(self.routines_page, "&Routines")
        self.setCentralWidget(self.tabs)
        self.resize(1100, 700)


def run_app(argv: Sequence[str]) -> int:
    """Build the window from the shipped catalog and routines and run the event loop."""
    app = QApplication(list(argv))
    app.setApplicationName(APP_NAME)
    window = MainWindow(builtin_routines(builtin_catalog()))
    window.show()
    return app.exec()
