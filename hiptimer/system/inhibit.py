"""Keep the screen from blanking during a session, on each platform, or quietly not at all."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Protocol

from .. import APP_NAME

if TYPE_CHECKING:
    import subprocess


class ScreenInhibitor(Protocol):
    def inhibit(self, reason: str) -> bool:
        """Ask that the screen stay on; True if the system agreed."""

    def release(self) -> None:
        """Let the screen blank again; safe to call when not inhibiting."""


class NullInhibitor:
    """Used where no method works: the session runs, the screen may blank."""

    def inhibit(self, reason: str) -> bool:
        return False

    def release(self) -> None:
        pass


class DBusInhibitor:
    """The freedesktop ScreenSaver interface on the session bus (GNOME, KDE, Xfce, ...).

    It uses a connection of its own and releases by closing it: the screen savers drop an
    inhibition when its caller leaves the bus, which also covers a crash. (PySide6 cannot send
    the unsigned cookie that ``UnInhibit`` takes.)
    """

    SERVICE = "org.freedesktop.ScreenSaver"
    PATHS = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")
    CONNECTION = "hiptimer-screen-inhibitor"

    def __init__(self) -> None:
        from PySide6.QtDBus import QDBusConnection  # noqa: F401 - fail early if QtDBus is missing

        self.cookie: int | None = None

    def inhibit(self, reason: str) -> bool:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

        if self.cookie is not None:
            return True
        bus = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, self.CONNECTION)
        if not bus.isConnected():
            return False
        for path in self.PATHS:
            iface = QDBusInterface(self.SERVICE, path, self.SERVICE, bus)
            if not iface.isValid():
                continue
            reply = iface.call("Inhibit", APP_NAME, reason)
            if reply.type() == QDBusMessage.MessageType.ReplyMessage and reply.arguments():
                self.cookie = int(reply.arguments()[0])
                return True
        self.release()
        return False

    def release(self) -> None:
        from PySide6.QtDBus import QDBusConnection

        QDBusConnection.disconnectFromBus(self.CONNECTION)
        self.cookie = None

    @property
    def connected(self) -> bool:
        from PySide6.QtDBus import QDBusConnection

        return QDBusConnection(self.CONNECTION).isConnected()


class WindowsInhibitor:
    """SetThreadExecutionState: keep the display on while the flag is set."""

    ES_CONTINUOUS, ES_DISPLAY_REQUIRED = 0x80000000, 0x00000002

    def inhibit(self, reason: str) -> bool:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        return bool(kernel32.SetThreadExecutionState(self.ES_CONTINUOUS |
                                                      self.ES_DISPLAY_REQUIRED))

    def release(self) -> None:
        import ctypes

        ctypes.windll.kernel32.SetThreadExecutionState(self.ES_CONTINUOUS)  # type: ignore[attr-defined]


class MacInhibitor:
    """`caffeinate -d` keeps the display awake for as long as it runs."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None

    def inhibit(self, reason: str) -> bool:
        if self._process is None:
            import subprocess  # here, not at the top: only macOS needs it, and it is slow to load

            try:
                self._process = subprocess.Popen(["caffeinate", "-d"])
            except OSError:
                return False
        return True

    def release(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=5)
            self._process = None


def screen_inhibitor() -> ScreenInhibitor:
    """The platform's inhibitor; it may still fail at ``inhibit()``, which then returns False."""
    if sys.platform == "win32":
        return WindowsInhibitor()
    if sys.platform == "darwin":
        return MacInhibitor()
    try:
        return DBusInhibitor()
    except ImportError:
        return NullInhibitor()
