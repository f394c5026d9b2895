"""Light, dark, or the system's own look, switched while the app runs."""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from ... import APP_ID
from ...store.settings import Theme

DARK = {
    QPalette.ColorRole.Window: "#2b2d30", QPalette.ColorRole.WindowText: "#e8e8e8",
    QPalette.ColorRole.Base: "#1f2023", QPalette.ColorRole.AlternateBase: "#292a2d",
    QPalette.ColorRole.Text: "#e8e8e8", QPalette.ColorRole.Button: "#3a3c40",
    QPalette.ColorRole.ButtonText: "#e8e8e8", QPalette.ColorRole.Highlight: "#3d7fd9",
    QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#3a3c40",
    QPalette.ColorRole.ToolTipText: "#e8e8e8", QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    QPalette.ColorRole.Link: "#7fb2ff", QPalette.ColorRole.Mid: "#55575b",
    QPalette.ColorRole.Dark: "#202124", QPalette.ColorRole.Light: "#4a4c50",
}


class ThemeSwitcher:
    """Remembers the system's style and palette before the first switch, so "system" can go
    back to them; every style gets a clear ring round the focused control."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._system: tuple[str, QPalette] | None = None  # not read at start: it is slow
        self._ringed = False  # the ring comes once the window's pages exist (ring_focus)

    def _remember_system(self) -> tuple[str, QPalette]:
        if self._system is None:
            self._system = self._app.style().name(), self._app.palette()  # a copy
        return self._system

    def _use(self, name: str) -> None:
        """The named style, with a clear ring round the focused control once it has one."""
        style = QStyleFactory.create(name)
        if self._ringed:
            from ..widgets.focus_ring import FocusRingStyle  # makes Qt's style enums: ~10 ms

            style = FocusRingStyle(style)
        self._app.setStyle(style)

    def ring_focus(self) -> None:
        """Give the style in use, and every later one, its focus ring (the window calls it
        once its pages exist, so the first paint does not wait for it)."""
        from ..widgets.focus_ring import FocusRingStyle

        self._ringed = True
        if not isinstance(self._app.style(), FocusRingStyle):
            self._use(self._app.style().name())

    def apply(self, theme: Theme) -> None:
        style, palette = self._remember_system()
        if theme is Theme.SYSTEM:
            self._use(style)
            self._app.setPalette(palette)
            return
        self._use("Fusion")
        palette = QStyleFactory.create("Fusion").standardPalette()
        if theme is Theme.DARK:
            for role, colour in DARK.items():
                palette.setColor(role, QColor(colour))
            disabled = QColor("#8f8f8f")  # 4.5:1 on the window colour: greyed, still readable
            for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                         QPalette.ColorRole.ButtonText):
                palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
            # A disabled check box or field lighter than the window, not a dark hole in it.
            palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base,
                             QColor("#3a3c40"))
        self._app.setPalette(palette)


def app_icon() -> QIcon:
    """HipTimer's icon, from the PNGs drawn for each size (the small ones by hand)."""
    folder = resources.files("hiptimer.assets") / "icons" / "hicolor"
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon.addFile(str(folder / f"{size}x{size}" / "apps" / f"{APP_ID}.png"), QSize(size, size))
    return icon
