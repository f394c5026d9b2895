"""The main window: Routines, Session and History tabs, menus, and remembering where it was."""

from __future__ import annotations

import contextlib
import dataclasses
from typing import TYPE_CHECKING

from PySide6 import QtCore  # its Qt namespace costs ~20 ms to make: only after the first paint
from PySide6.QtCore import QByteArray, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ... import APP_NAME
from ...store.settings import Theme
from ..widgets.plain import ask
from ..widgets.steady_tabs import SteadyTabWidget
from .menus import build_menus
from .parts import Part
from .services import Services
from .theme import ThemeSwitcher, app_icon

if TYPE_CHECKING:
    from ...core.activity import ActivityLog
    from ...core.catalog import Catalog
    from ...core.record import SessionRecord
    from ...core.routine import Activity, Routine
    from ...speech import VoiceSettings
    from ..editor.editor_window import EditorWindow
    from ..history.history_controller import HistoryController
    from ..history.history_page import HistoryPage
    from ..routines.coach import Coach
    from ..routines.log_activity import ActivityLogger
    from ..routines.routine_actions import RoutineActions
    from ..routines.routines_page import RoutinesPage
    from ..session.session_controller import SessionController
    from ..session.session_page import SessionPage
    from ..widgets.safety import SafetyDialog
    from .history_guard import HistoryGuard
    from .reminders import Reminders
    from .settings_actions import SettingsActions
    from .settings_dialog import SettingsDialog

__all__ = ["MainWindow", "Services"]  # Services lives in .services; imported from here too

BUILD_ANYWAY_MS = 1000  # the pages are built after the first paint, or this long after showing


class MainWindow(QMainWindow):
    """Lays out the tabs and menus and wires the pages to their controllers and helpers.

    The window paints its frame first and builds its pages just after (``build_parts``):
    importing and making them is most of the start-up time.

    Signals:
        ready(): the pages are built and wired.
    """

    ready = Signal()

    catalog: Part[Catalog] = Part()
    routines_page: Part[RoutinesPage] = Part()
    routine_actions: Part[RoutineActions] = Part()
    routines: Part[tuple[Routine, ...]] = Part()
    session_page: Part[SessionPage] = Part()
    controller: Part[SessionController] = Part()
    history_guard: Part[HistoryGuard] = Part()
    coach: Part[Coach] = Part()
    reminders: Part[Reminders] = Part()
    settings_actions: Part[SettingsActions] = Part()
    activity_logger: Part[ActivityLogger] = Part()

    def __init__(self, services: Services, catalog: Catalog | None = None,
                 builtins: tuple[Routine, ...] | None = None,
                 parent: QWidget | None = None) -> None:
        """``catalog`` and ``builtins``: the exercises and built-in routines, or None for
        HipTimer's own, read with the pages (they are not needed for the first paint)."""
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        self.services = services
        self._given = catalog, builtins
        self._built = False
        self._history: HistoryController | None = None  # built when first needed
        self._editor: EditorWindow | None = None  # likewise
        self.history_tab = QWidget()
        QVBoxLayout(self.history_tab).setContentsMargins(0, 0, 0, 0)
        self.tabs = SteadyTabWidget()
        self.tabs.setAccessibleName("Routines, session and history")
        self.tabs.addTab(QWidget(), "&Routines")  # a place kept for each page until it is built
        self.tabs.addTab(QWidget(), "&Session")
        self.tabs.addTab(self.history_tab, "Hist&ory")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)
        self._build_menus()
        self._restore_geometry()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.themes = ThemeSwitcher(app)
        if services.settings.theme is not Theme.SYSTEM:
            self.themes.apply(services.settings.theme)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._built:  # should no paint come soon (say, shown minimised)
            QTimer.singleShot(BUILD_ANYWAY_MS, self.build_parts)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._built:  # the frame is on screen: now the pages, at the next turn
            QTimer.singleShot(0, self.build_parts)

    def build_parts(self) -> None:
        """Make the pages and their helpers and wire them together (once)."""
        if self._built:
            return
        self._built = True
        from ...core.catalog import builtin_catalog
        from ...core.routine_load import builtin_routines
        from ...store.routines import UserRoutines
        from ..routines.coach import Coach
        from ..routines.log_activity import ActivityLogger
        from ..routines.routine_actions import RoutineActions
        from ..routines.routines_page import RoutinesPage
        from ..session.session_controller import SessionController
        from ..session.session_page import SessionPage
        from .history_guard import HistoryGuard
        from .reminders import Reminders
        from .settings_actions import SettingsActions

        catalog, builtins = self._given
        self.catalog = catalog = catalog if catalog is not None else builtin_catalog()
        builtins = builtins if builtins is not None else builtin_routines(catalog)
        services = self.services
        if not services.history.opened:
            services.history.open()  # its problems are told once the window shows
        self.routines_page = RoutinesPage((), {})
        store = (UserRoutines(services.routines_folder, catalog)
                 if services.routines_folder is not None else None)
        self.routine_actions = RoutineActions(self.routines_page, catalog, builtins, store,
                                              self)
        self.routine_actions.lead_in_s = lambda: self.services.settings.lead_in_s
        notices = self.routine_actions.load()  # routine files that could not be read
        self.routines = self.routine_actions.routines
        self.routines_page.set_routines(self.routines, self._durations(self.routines))
        self.session_page = SessionPage()
        self.controller = SessionController(self.session_page, catalog, services.settings,
                                            services.for_session(self.keep))
        self._place_tab(0, self.routines_page)
        self._place_tab(1, self.session_page)
        self.history_guard = HistoryGuard(services.history, self.session_page.start_view,
                                          notices, lambda: self.history.export_unsaved(),
                                          services.now, self)
        self.history_guard.changed.connect(self._history_changed)
        self.history_guard.problem.connect(self.controller.add_problem)
        self.history_guard.solved.connect(self._history_saved)
        self.history_guard.leave.connect(self.close)
        self.routines_page.start_requested.connect(self.start_routine)
        self.session_page.start_view.start_button.clicked.connect(self.history_guard.save_next_day)
        self.controller.finished.connect(self._session_finished)
        self.controller.closed.connect(lambda: self.tabs.setCurrentWidget(self.routines_page))
        self.coach = Coach(self.routines_page, catalog, services.history, self.routine_actions,
                           lambda: self.routines, services.now, self)
        self.controller.recheck = lambda pain, then: self.coach.recheck(pain, self, then)
        self.controller.hurt_words = self.coach.hurt_words
        self.history_guard.checked.connect(lambda: self.coach.ask_next_morning(self))
        self.reminders = Reminders(app_icon(), self.coach.exercised_today, services.now,
                                   parent=self, flaring=self.coach.flaring)
        self.reminders.configure(services.settings.remind, services.settings.remind_at)
        self.reminders.start_requested.connect(self.start_todays_routine)
        self.reminders.show_requested.connect(lambda: self.bring_forward([]))
        self.settings_actions = SettingsActions(services, self.controller, self.themes,
                                                self.reminders, self)
        self.routines_page.set_hip_replaced(services.settings.hip_replaced_months > 0)
        self.settings_actions.applied.connect(
            lambda s: self.routines_page.set_hip_replaced(s.hip_replaced_months > 0))
        self.settings_actions.applied.connect(lambda _s: self.set_routines(self.routines))
        self.routine_actions.changed.connect(self.set_routines)
        self.routine_actions.edit.connect(self.edit_routine)
        self.activity_logger = ActivityLogger(catalog, services.history, services.now, self)
        self.activity_logger.logged.connect(lambda _log: self._history_changed())
        self.routines_page.log_activity_requested.connect(self.log_activity)
        self.session_page.end_view.log_requested.connect(self._log_from_end)
        for action, key in self._shortcuts:
            action.setShortcut(key)
        self.themes.ring_focus()
        self.coach.refresh()
        self.ready.emit()

    def _place_tab(self, index: int, page: QWidget) -> None:
        """Put a page in the place its tab kept for it, leaving the same tab current."""
        kept, label, current = (self.tabs.widget(index), self.tabs.tabText(index),
                                self.tabs.currentIndex())
        assert kept is not None
        self.tabs.blockSignals(True)  # the tab shown does not change, though Qt says so
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, page, label)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        kept.deleteLater()

    def start_routine(self, routine_id: str) -> bool:
        """Open the start screen of a routine; False if there is no such routine, or if a
        session is under way and the user chose to go on with it."""
        from ...core.routine import find

        routine = find(self.routines, routine_id)
        if routine is None:
            return False
        session = self.controller.session
        if self.controller.running and session is not None:
            going_on = session.plan.routine.name
            self.tabs.setCurrentWidget(self.session_page)
            if not self.ask_end_session(going_on, routine.name):
                return False
            self.controller.stop_now()  # what was done so far is kept
        self.tabs.setCurrentWidget(self.session_page)
        self.controller.prepare(routine)
        self.history_guard.ask_next_day()
        return True

    def ask_end_session(self, going_on: str, wanted: str) -> bool:
        """True: end the session under way to start another routine. (Tests replace it.)"""
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        return ask(self, "A session is under way", f"{going_on} is still under way. End it "
                   f"now and start {wanted}? What you have done so far is kept in your history.",
                   yes | no, no) == yes  # plain text: the names come from routine files

    def set_routines(self, routines: tuple[Routine, ...], select: str | None = None) -> None:
        """The routines changed (made, copied, edited, deleted, imported)."""
        self.routines = routines
        self.routines_page.set_routines(routines, self._durations(routines), select)

    def edit_routine(self, routine: Routine) -> EditorWindow:
        """Open the editor (made the first time: most sessions never need it)."""
        if self._editor is None:
            from ..editor.editor_window import EditorWindow

            self._editor = EditorWindow(self.catalog, self.routine_actions.save,
                                        self._copy_to_edit, self)
        self._editor.editor.length = self._length
        self._editor.open_routine(routine)
        return self._editor

    def _copy_to_edit(self, routine: Routine) -> Routine | None:
        """A saved copy of the routine in the editor, to go on editing."""
        actions = self.routine_actions
        copy = actions.copy_of(routine, f"{routine.name} (my copy)")
        return copy if actions.save(copy) else None

    def log_activity(self, routine_id: str = "") -> ActivityLog | None:
        """Ask what activity was done, suggesting one of this routine's, and log it."""
        from ...core.routine import find

        chosen = find(self.routines, routine_id)
        others = [r for r in self.routines if r is not chosen and r.activities]
        return self.activity_logger.ask(([chosen] if chosen else []) + others)

    def _log_from_end(self, activity: Activity) -> None:
        session = self.controller.session
        routines = [session.plan.routine] if session is not None else []
        if self.activity_logger.ask(routines, activity.exercise.id, activity.minutes,
                                    activity.note) is not None:
            self.session_page.end_view.mark_logged(activity.exercise.id)

    def _session_finished(self, record: SessionRecord) -> None:
        self.tabs.setCurrentWidget(self.routines_page)

    @property
    def history(self) -> HistoryController:
        """The History tab, built the first time it is needed: its charts are slow to load,
        and most starts go straight to a session."""
        if self._history is None:
            from ..history.history_controller import HistoryController
            from ..history.history_page import HistoryPage

            page = HistoryPage(self.catalog, lambda: self.services.now().date())
            layout = self.history_tab.layout()
            assert layout is not None
            layout.addWidget(page)
            page.show()  # at once, not at the next turn of the event loop
            self._history = HistoryController(page, self.services.history, self.catalog,
                                              self.services.now, routines=lambda: self.routines)
        return self._history

    @property
    def history_page(self) -> HistoryPage:
        return self.history.page

    def _history_saved(self, problem: str) -> None:
        self.controller.remove_problem(problem)
        self.statusBar().showMessage("Your history file is working again: every session "
                                     "is saved.", 15_000)

    def _history_changed(self) -> None:
        if self._history is not None:  # else it loads when first shown
            self._history.changed()
        self.coach.refresh()

    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.history_tab:
            self.history.showing()

    def _build_menus(self) -> None:
        # Shortcuts are set with the parts: Qt's first one makes all its enums in Python.
        self._shortcuts = build_menus(self.menuBar(), self, self.open_settings, self.close,
                                      self.show_safety)

    def show_safety(self) -> SafetyDialog:
        from ..widgets.safety import SafetyDialog  # imported once asked for: most starts never are

        dialog = SafetyDialog(self, read_only=True)
        dialog.open()
        return dialog

    def _restore_geometry(self) -> None:
        saved = self.services.settings.window_geometry
        if not saved or not self.restoreGeometry(QByteArray.fromHex(saved.encode("ascii"))):
            room = self.screen().availableGeometry()  # a small screen gets all of itself
            self.resize(min(1100, room.width()), min(720, room.height()))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._editor is not None and self._editor.isVisible() and not self._editor.close():
            event.ignore()  # the user kept an unsaved routine open
            return
        if self.controller.running:
            answer = QMessageBox.question(
                self, "Stop the session?", "A session is running. Stop it and quit? What you "
                "have done so far is kept in your history.")
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.controller.stop_now()
        if not self.history_guard.ready_to_quit():
            event.ignore()  # the user is asked about the sessions not saved
            return
        geometry = bytes(self.saveGeometry().toHex().data()).decode("ascii")
        settings = dataclasses.replace(self.services.settings, window_geometry=geometry)
        # Losing the window position is not worth stopping the user from quitting.
        with contextlib.suppress(OSError):
            self.services.save_settings(settings)
        self.controller.shutdown()
        self.services.history.close()
        event.accept()

    def bring_forward(self, args: list[str]) -> None:
        """Another start of HipTimer asked for this window (with its command line)."""
        self.setWindowState(self.windowState() & ~QtCore.Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()
        self.statusBar().showMessage("HipTimer is already open: here it is.", 8000)
        if "--start" in args[:-1]:
            self.start_routine(args[args.index("--start") + 1])

    # The settings, done by the SettingsActions.

    def open_settings(self) -> SettingsDialog:
        """Show the settings dialog; accepted changes apply from the next session on."""
        return self.settings_actions.open_settings()

    def test_voice(self, voice: VoiceSettings) -> None:
        """Say a sample phrase with ``voice`` (not during a session: the player is busy)."""
        self.settings_actions.test_voice(voice)

    # The history file's side, done by the HistoryGuard.

    def keep(self, record: SessionRecord) -> bool:
        """Save a session's progress; if it cannot be written, say so once and keep it."""
        return self.history_guard.keep(record)

    def check_history(self) -> QMessageBox | None:
        """After start-up: tell what went wrong with the history file, then offer to keep any
        session the app closed during. Returns the box shown, if any (for tests)."""
        return self.history_guard.check_history()

    def start_todays_routine(self) -> None:
        """The routine last done (in the past month), or the first daily one."""
        choice = self.coach.todays_routine()
        self.bring_forward([])
        if choice is not None and not self.controller.running:
            self.start_routine(choice)

    def _durations(self, routines: tuple[Routine, ...]) -> dict[str, float]:
        return {r.id: self._length(r) for r in routines}

    def _length(self, routine: Routine) -> float:
        """A routine's length as it will run, with the get-ready time from the settings
        (worked out, not compiled)."""
        from ...core.plan import total_duration  # the core is loaded with the pages
        from ...core.session_rules import with_lead_in

        return total_duration(with_lead_in(routine, self.services.settings.lead_in_s))
