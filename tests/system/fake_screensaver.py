"""A stand-in org.freedesktop.ScreenSaver service for the tests: prints each call."""

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaver(QObject):
    @Slot(str, str, result="uint")
    def Inhibit(self, app: str, reason: str) -> int:  # named as the D-Bus method
        print(f"inhibit|{app}|{reason}", flush=True)
        return 42


if __name__ == "__main__":
    app = QCoreApplication([])
    bus = QDBusConnection.sessionBus()
    service = ScreenSaver()
    bus.registerObject("/org/freedesktop/ScreenSaver", service,
                       QDBusConnection.RegisterOption.ExportAllSlots)
    print("ready" if bus.registerService("org.freedesktop.ScreenSaver") else "failed",
          flush=True)
    app.exec()
