"""Looks after the history file for the window: saving, start-up notices, recovery, quitting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from ...core.record import SessionRecord
from ...core.today import ask_window, session_to_ask_about
from ...store.db import StoreError
from ...store.keeper import HistoryKeeper
from ..session.start_view import StartView
from ..widgets.plain import message_box, warn

RETRY_MS = 3_000  # how often sessions that could not be written are tried again


class HistoryGuard(QObject):
    """Saves sessions (trying again every few seconds while any could not be written),
    tells about trouble with the history file, and asks what to do about sessions left
    unfinished or unsaved, and how the hip felt the morning after.

    Signals:
        changed(): what the history file holds changed (a session saved, recovered or
            discarded, or a next-day score given).
        problem(str): a session could not be saved; say so during the session.
        solved(str): the sessions that could not be saved now are: the message given by
            ``problem`` no longer holds.
        leave(): the user settled the unsaved sessions (exported, or chose to lose them):
            close the window.
        checked(): the start-up notices and recovery questions are all answered.
    """

    changed = Signal()
    problem = Signal(str)
    solved = Signal(str)
    leave = Signal()
    checked = Signal()

    def __init__(self, keeper: HistoryKeeper, start_view: StartView, notices: list[str],
                 export_unsaved: Callable[[], bool], now: Callable[[], datetime],
                 parent: QWidget) -> None:
        """Guard ``keeper`` for the window ``parent``.

        Args:
            keeper: the history file.
            start_view: the session's start screen, where the next-day question is asked.
            notices: messages to show with the start-up notices (e.g. routine files that
                could not be read); emptied once shown.
            export_unsaved: ask for a file and export the unsaved sessions; True once done.
            now: the local time (``Services.now``): which day it is.
            parent: the window, over which the message boxes open.
        """
        super().__init__(parent)
        self._keeper = keeper
        self._start = start_view
        self._notices = notices
        self._export_unsaved = export_unsaved
        self._now = now
        self._window = parent
        self._told: str | None = None  # the problem told during the session, until solved
        self._leave_unsaved = False  # the user chose to quit without them
        # A crash or a kill loses what waits in memory: a lock that clears is noticed
        # within seconds, not at the next set, which may be minutes away.
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(RETRY_MS)
        self.retry_timer.timeout.connect(self.retry)

    def keep(self, record: SessionRecord) -> bool:
        """Save a session's progress; if it cannot be written, say so once, keep it in
        memory and try again every few seconds."""
        saved = self._after_writing(self._keeper.save(record))
        self.changed.emit()
        return saved

    def retry(self) -> bool:
        """Try again to write the sessions waiting in memory; True once none waits."""
        saved = self._after_writing(self._keeper.retry())
        if saved:
            self.changed.emit()
        return saved

    def _after_writing(self, saved: bool) -> bool:
        if saved:
            self.retry_timer.stop()
            if self._told is not None:
                self.solved.emit(self._told)
                self._told = None
            return True
        if not self.retry_timer.isActive():
            self.retry_timer.start()
        problem = self._keeper.problem
        if problem is not None and self._told is None:
            self._told = (f"{problem.message} Your session is kept in memory and will be "
                          "saved as soon as possible; you can also export it from the "
                          "History tab.")
            self.problem.emit(self._told)
        return False

    def check_history(self) -> QMessageBox | None:
        """After start-up: tell what went wrong with the history file, then offer to keep any
        session the app closed during. Returns the box shown, if any (for tests)."""
        keeper = self._keeper
        messages = [*self._notices, *keeper.notices]
        keeper.notices.clear()
        self._notices.clear()
        if keeper.problem is not None:
            messages.append(f"{keeper.problem.message} Sessions you do meanwhile are kept "
                            "while HipTimer is open, saved as soon as the file can take "
                            "them, and can be exported from the History tab.")
        if messages:
            box = message_box(QMessageBox.Icon.Warning, "Please note", "\n\n".join(messages),
                              self._window)
            box.finished.connect(self.offer_recovery)
            box.open()
            return box
        return self.offer_recovery()

    def offer_recovery(self) -> QMessageBox | None:
        """Ask about the first session left unfinished when the app last closed, if any."""
        unfinished = self._keeper.unfinished()
        if not unfinished:
            self.checked.emit()
            return None
        record = unfinished[0]
        box = message_box(QMessageBox.Icon.Question, "Unfinished session", (
            f"HipTimer closed during your {record.routine_name} session of "
            f"{record.started_at:%A %d %B at %H:%M}. {record.sets_done} of {len(record.sets)} "
            "sets were done by then.\n\nKeep it in your history as an unfinished session?"),
            self._window, QMessageBox.StandardButton.NoButton)
        keep = box.addButton("Keep it", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Discard it", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)

        def answered(button: QPushButton) -> None:
            try:
                if button is keep:
                    self._after_writing(self._keeper.recover(record))
                else:
                    self._keeper.delete(record.uid)
            except StoreError as exc:
                warn(self._window, "Unfinished session", exc.message)
                return
            self.changed.emit()
            self.offer_recovery()

        box.buttonClicked.connect(answered)
        box.open()
        return box

    def ask_next_day(self) -> None:
        """If nobody has said how the hip was the morning after the last session (within a
        week, before today), ask on the start screen: the question the launch asks."""
        today = self._now().date()
        first, last_day = ask_window(today)
        last = session_to_ask_about(self._keeper.summaries(first=first, last=last_day), today)
        if last is None:
            self._start.ask_next_day(None)
            return
        self._start.ask_next_day(last.uid, (
            f"How did your hip feel the morning after your last session ("
            f"{last.routine_name}, {last.started_at:%A %d %B})? (0–10)"))

    def save_next_day(self) -> None:
        """Keep the next-day score given on the start screen, if any, and stop asking."""
        start = self._start
        score = start.next_day.value()
        if start.next_day_uid is not None and score is not None:
            self.keep_next_day(start.next_day_uid, score)
        start.ask_next_day(None)

    def keep_next_day(self, uid: str, score: int) -> None:
        self._after_writing(self._keeper.set_next_day(uid, score))
        self.changed.emit()

    def ready_to_quit(self) -> bool:
        """Whether every session is saved (or the user chose to lose them); if not, ask about
        the unsaved ones and return False."""
        keeper = self._keeper
        if keeper.unsaved and not self._leave_unsaved and not keeper.retry(patient=True):
            self.ask_about_unsaved()
            return False
        return True

    def ask_about_unsaved(self) -> QMessageBox:
        """Before quitting with sessions the history file would not take: offer to export
        them; ``leave`` is emitted once they are exported or the user says to quit anyway."""
        keeper = self._keeper
        count = len(keeper.unsaved)
        box = message_box(QMessageBox.Icon.Warning, "Sessions not saved", (
            f"{count} session{'s' if count != 1 else ''} could not be saved to your history. "
            f"{keeper.problem.message if keeper.problem else ''}\n\nExport "
            f"{'them' if count != 1 else 'it'} to a CSV file before you quit?"),
            self._window, QMessageBox.StandardButton.NoButton)
        export = box.addButton("Export…", QMessageBox.ButtonRole.AcceptRole)
        quit_anyway = box.addButton("Quit without saving", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(export)

        def answered(button: QPushButton) -> None:
            if button is quit_anyway or (button is export and self._export_unsaved()):
                self._leave_unsaved = True
                self.leave.emit()

        box.buttonClicked.connect(answered)
        box.open()
        return box
