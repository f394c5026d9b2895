"""The system tray icon: "Start today's routine", and a daily reminder at the chosen time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from ...core.reminders import parse_time, reminder_due, reminder_words

CHECK_MS = 30_000  # reminders are to the minute; twice a minute is plenty

Notify = Callable[[str, str], None]


class Reminders(QObject):
    """Shows the tray icon (where the desktop has a tray) and reminds once a day.

    Signals:
        start_requested(): the user chose "Start today's routine".
        show_requested(): the user clicked the icon or the reminder.
    """

    start_requested = Signal()
    show_requested = Signal()

    def __init__(self, icon: QIcon, exercised_today: Callable[[], bool],
                 now: Callable[[], datetime], notify: Notify | None = None,
                 parent: QObject | None = None,
                 flaring: Callable[[], bool] = lambda: False) -> None:
        """Remind once a day; during a flare (``flaring``), gently and asking for nothing."""
        super().__init__(parent)
        self._exercised_today = exercised_today
        self._flaring = flaring
        self._now = now
        self.enabled = False
        self.remind_at = parse_time("18:00")
        self.last_reminded: date | None = None
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = self._make_tray(icon)
        self._notify = notify or self._show_in_tray
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)

    @staticmethod
    def available() -> bool:
        """Whether the desktop has a system tray to remind from."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def _make_tray(self, icon: QIcon) -> QSystemTrayIcon:
        tray = QSystemTrayIcon(icon, self)
        tray.setToolTip("HipTimer")
        menu = QMenu()
        start = QAction("Start today's routine", menu)
        start.triggered.connect(self.start_requested)
        show = QAction("Open HipTimer", menu)
        show.triggered.connect(self.show_requested)
        menu.addAction(start)
        menu.addAction(show)
        tray.setContextMenu(menu)
        self._menu = menu  # the tray does not own its menu
        tray.activated.connect(lambda _reason: self.show_requested.emit())
        tray.messageClicked.connect(self.show_requested)
        tray.show()
        return tray

    def configure(self, enabled: bool, remind_at: str) -> None:
        """Turn the daily reminder on or off, at ``remind_at`` (HH:MM)."""
        self.enabled = enabled
        self.remind_at = parse_time(remind_at)
        if enabled:
            self.timer.start()
        else:
            self.timer.stop()

    def check(self) -> bool:
        """Remind now if it is due; True if a reminder was given."""
        now = self._now()
        if not self.enabled or not reminder_due(now, self.remind_at, self.last_reminded,
                                                self._exercised_today()):
            return False
        self.last_reminded = now.date()
        self._notify(*reminder_words(self._flaring()))
        return True

    def _show_in_tray(self, title: str, text: str) -> None:
        if self.tray is not None:
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information,
                                  15_000)
