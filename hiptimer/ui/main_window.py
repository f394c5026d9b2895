"""The main window: Routines, Session and History tabs, menus, and remembering where it was."""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, __version__
from ..core.catalog import Catalog, Category
from ..core.plan import compile_plan
from ..core.progression import SessionPain, Suggestion, suggest
from ..core.record import Outcome, SessionRecord
from ..core.reminders import strength_note
from ..core.routine import Frequency, Routine, find
from ..speech import RenderResult, Voice, VoiceSettings
from ..store.db import StoreError
from ..store.keeper import HistoryKeeper
from ..store.routines import UserRoutines
from ..store.settings import Settings, Theme
from ..system.inhibit import ScreenInhibitor
from ..system.sleep import SleepWatch

if TYPE_CHECKING:
    from .cue_player import CuePlayer
    from .editor_window import EditorWindow
    from .history_controller import HistoryController
    from .history_page import HistoryPage
from .reminders import Reminders
from .routine_actions import RoutineActions
from .routines_page import RoutinesPage
from .safety import SafetyDialog
from .session_controller import SessionController, SpeechSource
from .session_page import SessionPage, keys_html
from .settings_dialog import SettingsDialog
from .tasks import run_in_background
from .theme import ThemeSwitcher, app_icon

SAMPLE_PHRASE = "This is how HipTimer will sound. Ten seconds left."
SUGGESTION_DAYS = 60  # advice looks at this routine's sessions of the last two months


@dataclass
class Services:
    """What the window needs from outside, built once in ``main()`` (fakes in tests)."""

    settings: Settings
    save_settings: Callable[[Settings], None]
    speech_for: Callable[[Settings], SpeechSource | None]  # None: no voice at all
    list_voices: Callable[[], list[Voice]]
    make_player: Callable[[], tuple[CuePlayer, list[str]]]  # the player, and any problems
    sounds: dict[str, Path]
    clock: Callable[[], float]
    to_monotonic: Callable[[float], float]
    inhibitor: ScreenInhibitor
    sleep_watch: SleepWatch
    history: HistoryKeeper
    problems: list[str] = field(default_factory=list)  # shown in the session banner
    data_folder: Path | None = None  # shown in the settings, with a button to open it
    routines_folder: Path | None = None  # the user's own routines, one file each


class MainWindow(QMainWindow):
    def __init__(self, catalog: Catalog, routines: tuple[Routine, ...], services: Services,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        self.services = services
        self.routines_page = RoutinesPage((), {})
        store = (UserRoutines(services.routines_folder, catalog)
                 if services.routines_folder is not None else None)
        self.routine_actions = RoutineActions(self.routines_page, catalog, routines, store, self)
        self._notices = self.routine_actions.load()  # routine files that could not be read
        self.routines = self.routine_actions.routines
        self.routines_page.set_routines(self.routines, _durations(self.routines))
        self.session_page = SessionPage()
        self.controller = SessionController(
            self.session_page, catalog=catalog, settings=services.settings,
            speech_for=services.speech_for,
            make_player=services.make_player, sounds=services.sounds, clock=services.clock,
            to_monotonic=services.to_monotonic, inhibitor=services.inhibitor,
            sleep_watch=services.sleep_watch, save_record=self.keep,
            problems=services.problems)
        self._catalog = catalog
        self._history: HistoryController | None = None  # built when first needed
        self.history_tab = QWidget()
        QVBoxLayout(self.history_tab).setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.routines_page, "&Routines")
        self.tabs.addTab(self.session_page, "&Session")
        self.tabs.addTab(self.history_tab, "&History")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)
        self._told_unsaved = False
        self._leave_unsaved = False  # the user chose to quit without them
        self.routines_page.start_requested.connect(self.start_routine)
        self.session_page.start_view.start_button.clicked.connect(self._save_next_day)
        self.controller.finished.connect(self._session_finished)
        self.controller.closed.connect(lambda: self.tabs.setCurrentWidget(self.routines_page))
        self._build_menus()
        self._restore_geometry()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.themes = ThemeSwitcher(app)
        if services.settings.theme is not Theme.SYSTEM:
            self.themes.apply(services.settings.theme)
        self.reminders = Reminders(app_icon(), self._exercised_today, parent=self)
        self.reminders.configure(services.settings.remind, services.settings.remind_at)
        self.reminders.start_requested.connect(self.start_todays_routine)
        self.reminders.show_requested.connect(lambda: self.bring_forward([]))
        self.update_strength_note()
        self._dismissed: set[str] = set()  # routines whose advice the user put off
        self.routines_page.routine_chosen.connect(self.show_suggestion)
        self.routines_page.suggestion_dismissed.connect(self._dismiss_suggestion)
        self.routines_page.suggestion_accepted.connect(self.accept_suggestion)
        self.routine_actions.changed.connect(self.set_routines)
        self.routine_actions.edit.connect(self.edit_routine)
        self._editor: EditorWindow | None = None
        current = self.routines_page.current_routine()
        if current is not None:
            self.show_suggestion(current.id)

    def start_routine(self, routine_id: str) -> bool:
        """Open the start screen of a routine; False if there is no such routine."""
        routine = find(self.routines, routine_id)
        if routine is None:
            return False
        self.tabs.setCurrentWidget(self.session_page)
        self.controller.prepare(routine)
        self._ask_next_day()
        return True

    def _ask_next_day(self) -> None:
        """If the last session (within a week, before today) had pain scores but nobody has
        said how the hip was the next morning, ask on the start screen."""
        start = self.session_page.start_view
        today = date.today()
        recent = self.services.history.summaries(first=today - timedelta(days=7),
                                                 last=today - timedelta(days=1))
        last = recent[0] if recent else None
        if last is None or last.pain_next_day is not None or (
                last.pain_before is None and last.pain_after is None):
            start.ask_next_day(None)
            return
        start.ask_next_day(last.uid, (
            f"How did your hip feel the morning after your last session ("
            f"{last.routine_name}, {last.started_at:%A %d %B})? (0–10)"))

    def _save_next_day(self) -> None:
        start = self.session_page.start_view
        score = start.next_day.value()
        if start.next_day_uid is not None and score is not None:
            self.keep_next_day(start.next_day_uid, score)
        start.ask_next_day(None)

    def keep_next_day(self, uid: str, score: int) -> None:
        self.services.history.set_next_day(uid, score)
        self._history_changed()

    def set_routines(self, routines: tuple[Routine, ...], select: str | None = None) -> None:
        """The routines changed (made, copied, edited, deleted, imported)."""
        self.routines = routines
        self.routines_page.set_routines(routines, _durations(routines), select)

    def edit_routine(self, routine: Routine) -> EditorWindow:
        """Open the editor (made the first time: most sessions never need it)."""
        if self._editor is None:
            from .editor_window import EditorWindow

            self._editor = EditorWindow(self._catalog, self.routine_actions.save,
                                        self._copy_to_edit, self)
        self._editor.open_routine(routine)
        return self._editor

    def _copy_to_edit(self, routine: Routine) -> Routine | None:
        """A saved copy of the routine in the editor, to go on editing."""
        actions = self.routine_actions
        copy = actions.copy_of(routine, f"{routine.name} (my copy)")
        return copy if actions.save(copy) else None

    def accept_suggestion(self, routine_id: str) -> Routine | None:
        """Make the suggested copy of a routine and show it."""
        suggestion = self.suggestion_for(routine_id)
        if suggestion is None or not suggestion.changes:
            return None
        return self.routine_actions.accept(routine_id, suggestion)

    def _session_finished(self, record: SessionRecord) -> None:
        self.tabs.setCurrentWidget(self.routines_page)

    @property
    def history(self) -> HistoryController:
        """The History tab, built the first time it is needed: its charts are slow to load,
        and most starts go straight to a session."""
        if self._history is None:
            from .history_controller import HistoryController
            from .history_page import HistoryPage

            page = HistoryPage(self._catalog)
            layout = self.history_tab.layout()
            assert layout is not None
            layout.addWidget(page)
            page.show()  # at once, not at the next turn of the event loop
            self._history = HistoryController(page, self.services.history, self._catalog)
        return self._history

    @property
    def history_page(self) -> HistoryPage:
        return self.history.page

    def _history_changed(self) -> None:
        if self._history is not None:  # else it loads when first shown
            self._history.changed()
        self.update_strength_note()
        current = self.routines_page.current_routine()
        if current is not None:
            self.show_suggestion(current.id)

    def suggestion_for(self, routine_id: str) -> Suggestion | None:
        """Progress, hold or ease off, from this routine's recent sessions; None before the
        first session or when the user has put it off."""
        routine = find(self.routines, routine_id)
        if routine is None or routine_id in self._dismissed:
            return None
        recent = self.services.history.summaries(
            routine_id, first=date.today() - timedelta(days=SUGGESTION_DAYS))
        sessions = [SessionPain.from_summary(s) for s in reversed(recent)
                    if s.outcome is not Outcome.RUNNING]
        return suggest(routine, sessions) if sessions else None

    def show_suggestion(self, routine_id: str) -> None:
        self.routines_page.show_suggestion(self.suggestion_for(routine_id))

    def _dismiss_suggestion(self, routine_id: str) -> None:
        self._dismissed.add(routine_id)
        self.show_suggestion(routine_id)

    def _exercised_today(self) -> bool:
        today = date.today()
        return any(s.sets_done for s in self.services.history.summaries(first=today,
                                                                        last=today))

    def update_strength_note(self) -> None:
        """A gentle word on the Routines tab when this week's strengthening lags."""
        today = date.today()
        monday = today - timedelta(days=today.weekday())
        days = {day for day, exercise in self.services.history.work_done(None, monday, today)
                if exercise in self._catalog
                and self._catalog[exercise].category is Category.STRENGTH}
        self.routines_page.show_note(strength_note(len(days), today))

    def start_todays_routine(self) -> None:
        """The routine last done (in the past month), or the first daily one."""
        today = date.today()
        recent = self.services.history.summaries(first=today - timedelta(days=30))
        ids = [s.routine_id for s in recent if find(self.routines, s.routine_id)]
        daily = [r.id for r in self.routines if r.frequency is Frequency.DAILY]
        choice = (ids or daily or [r.id for r in self.routines])[:1]
        self.bring_forward([])
        if choice and not self.controller.running:
            self.start_routine(choice[0])

    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.history_tab:
            self.history.showing()

    def keep(self, record: SessionRecord) -> bool:
        """Save a session's progress; if it cannot be written, say so once and keep it."""
        saved = self.services.history.save(record)
        problem = self.services.history.problem
        if not saved and problem is not None and not self._told_unsaved:
            self._told_unsaved = True
            self.controller.add_problem(
                f"{problem.message} Your session is kept in memory and will be saved as soon "
                "as possible; you can also export it from the History tab.")
        if saved:
            self._told_unsaved = False
        self._history_changed()
        return saved

    def check_history(self) -> QMessageBox | None:
        """After start-up: tell what went wrong with the history file, then offer to keep any
        session the app closed during. Returns the box shown, if any (for tests)."""
        keeper = self.services.history
        messages = [*self._notices, *keeper.notices]
        keeper.notices.clear()
        self._notices.clear()
        if keeper.problem is not None:
            messages.append(f"{keeper.problem.message} Sessions you do now are kept while "
                            "HipTimer is open, and can be exported from the History tab.")
        if messages:
            box = QMessageBox(QMessageBox.Icon.Warning, "Please note", "\n\n".join(messages),
                              QMessageBox.StandardButton.Ok, self)
            box.finished.connect(self.offer_recovery)
            box.open()
            return box
        return self.offer_recovery()

    def offer_recovery(self) -> QMessageBox | None:
        """Ask about the first session left unfinished when the app last closed, if any."""
        unfinished = self.services.history.unfinished()
        if not unfinished:
            return None
        record = unfinished[0]
        box = QMessageBox(QMessageBox.Icon.Question, "Unfinished session", (
            f"HipTimer closed during your {record.routine_name} session of "
            f"{record.started_at:%A %d %B at %H:%M}. {record.sets_done} of {len(record.sets)} "
            "sets were done by then.\n\nKeep it in your history as an unfinished session?"),
            QMessageBox.StandardButton.NoButton, self)
        keep = box.addButton("Keep it", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Discard it", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)

        def answered(button: QPushButton) -> None:
            try:
                if button is keep:
                    self.services.history.recover(record)
                else:
                    self.services.history.delete(record.uid)
            except StoreError as exc:
                QMessageBox.warning(self, "Unfinished session", exc.message)
                return
            self._history_changed()
            self.offer_recovery()

        box.buttonClicked.connect(answered)
        box.open()
        return box

    def open_settings(self) -> SettingsDialog:
        """Show the settings dialog; accepted changes apply from the next session on."""
        dialog = SettingsDialog(self.services.settings, self.services.list_voices, self,
                                data_folder=self.services.data_folder,
                                tray_available=Reminders.available())
        dialog.test_requested.connect(self.test_voice)
        dialog.accepted.connect(lambda: self._apply_settings(dialog.settings()))
        dialog.open()
        return dialog

    def _apply_settings(self, settings: Settings) -> None:
        self.services.settings = self.controller.settings = settings
        self.themes.apply(settings.theme)
        self.reminders.configure(settings.remind, settings.remind_at)
        try:
            self.services.save_settings(settings)
        except OSError as exc:
            QMessageBox.warning(self, "Settings not saved", (
                f"Your settings apply now but could not be saved for next time: {exc}"))

    def test_voice(self, voice: VoiceSettings) -> None:
        """Say a sample phrase with ``voice`` (not during a session: the player is busy)."""
        if self.controller.running:
            return
        settings = dataclasses.replace(self.services.settings, voice=voice.voice,
                                       rate=voice.rate, volume=voice.volume)
        speech = self.services.speech_for(settings)
        if speech is None:
            return
        player = self.controller.player

        def play(result: RenderResult) -> None:
            clip = result.clips.get(SAMPLE_PHRASE)
            if clip is None:
                complain(result.error or next(iter(result.failed.values()),
                                              "The sample could not be spoken."))
                return
            player.load({SAMPLE_PHRASE: clip.path})
            player.schedule([(time.monotonic() + 0.3, SAMPLE_PHRASE)])

        def complain(message: object) -> None:
            QMessageBox.warning(self, "Voice test", str(message))

        run_in_background(lambda progress: speech.render([SAMPLE_PHRASE], progress), play,
                          complain, parent=self)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        settings_action = QAction("&Settings…", self)
        settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        settings_action.triggered.connect(self.open_settings)
        file_menu.addAction(settings_action)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        keys = QAction("&Keys during a session", self)
        keys.triggered.connect(self._show_keys)
        help_menu.addAction(keys)
        safety = QAction("&Safety", self)
        safety.triggered.connect(self.show_safety)
        help_menu.addAction(safety)
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def show_safety(self) -> SafetyDialog:
        dialog = SafetyDialog(self, read_only=True)
        dialog.open()
        return dialog

    def _show_keys(self) -> None:
        QMessageBox.information(self, "Keys", keys_html())

    def _about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}", (
            f"<h3>{APP_NAME} {__version__}</h3><p>A spoken timer for hip exercises at home.</p>"
            "<p>This is not medical advice. See a clinician before you start, and stop any "
            "exercise that hurts.</p><p>Licensed under the GNU GPL, version 3 or later.</p>"))

    def _restore_geometry(self) -> None:
        saved = self.services.settings.window_geometry
        if not saved or not self.restoreGeometry(QByteArray.fromHex(saved.encode("ascii"))):
            self.resize(1100, 720)

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
        keeper = self.services.history
        if keeper.unsaved and not self._leave_unsaved and not keeper.retry():
            event.ignore()
            self.ask_about_unsaved()
            return
        geometry = bytes(self.saveGeometry().toHex().data()).decode("ascii")
        settings = dataclasses.replace(self.services.settings, window_geometry=geometry)
        # Losing the window position is not worth stopping the user from quitting.
        with contextlib.suppress(OSError):
            self.services.save_settings(settings)
        self.controller.shutdown()
        self.services.history.close()
        event.accept()

    def ask_about_unsaved(self) -> QMessageBox:
        """Before quitting with sessions the history file would not take: offer to export
        them; the window closes once they are exported or the user says to quit anyway."""
        keeper = self.services.history
        count = len(keeper.unsaved)
        box = QMessageBox(QMessageBox.Icon.Warning, "Sessions not saved", (
            f"{count} session{'s' if count != 1 else ''} could not be saved to your history. "
            f"{keeper.problem.message if keeper.problem else ''}\n\nExport "
            f"{'them' if count != 1 else 'it'} to a CSV file before you quit?"),
            QMessageBox.StandardButton.NoButton, self)
        export = box.addButton("Export…", QMessageBox.ButtonRole.AcceptRole)
        quit_anyway = box.addButton("Quit without saving", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(export)

        def answered(button: QPushButton) -> None:
            if button is quit_anyway or (button is export and self.history.export_unsaved()):
                self._leave_unsaved = True
                self.close()

        box.buttonClicked.connect(answered)
        box.open()
        return box

    def bring_forward(self, args: list[str]) -> None:
        """Another start of HipTimer asked for this window (with its command line)."""
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()
        self.statusBar().showMessage("HipTimer is already open: here it is.", 8000)
        if "--start" in args[:-1]:
            self.start_routine(args[args.index("--start") + 1])


def _durations(routines: tuple[Routine, ...]) -> dict[str, float]:
    return {r.id: compile_plan(r).duration if r.blocks else 0.0 for r in routines}
