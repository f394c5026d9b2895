"""The window paints its frame before it loads what only its pages need."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hiptimer.paths import Paths
from hiptimer.store.settings import Settings, SettingsFile, Theme

CHILD = """
import json, sys
from pathlib import Path
import PySide6.QtCore as QtCore
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
app = QApplication([])
from hiptimer.gui import build_services
from hiptimer.paths import Paths
from hiptimer.ui.window.main_window import MainWindow
window = MainWindow(build_services(Paths.under(Path(sys.argv[1])), 1.0))
seen = {}
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen["modules"] = sorted(sys.modules)
            seen["qt_namespace"] = "Qt" in vars(QtCore)
            seen["history_file"] = Path(sys.argv[1], "history.sqlite3").exists()
            window.ready.connect(app.quit)
        return False
watch = Painted()
window.installEventFilter(watch)
window.show()
app.exec()
seen["routines"] = len(window.routines)
print(json.dumps(seen))
"""

LATER = ("hiptimer.core.catalog", "hiptimer.core.plan", "hiptimer.core.cues",
         "hiptimer.store.history", "hiptimer.speech", "PySide6.QtMultimedia",
         "hiptimer.ui.session.session_page", "hiptimer.ui.routines.routines_page",
         "hiptimer.ui.widgets.focus_ring")


@pytest.mark.parametrize("theme", [Theme.SYSTEM, Theme.DARK])
def test_the_first_paint_comes_before_the_exercises_the_history_and_the_pages(
        tmp_path: Path, theme: Theme) -> None:
    SettingsFile(Paths.under(tmp_path).settings_file).save(Settings(theme=theme))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PULSE_SERVER": str(tmp_path / "no-sound-server")}
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)], capture_output=True,
                          text=True, env=env, timeout=120, check=True)
    seen = json.loads(done.stdout.splitlines()[-1])
    assert [m for m in LATER if m in seen["modules"]] == []
    assert not seen["qt_namespace"] and not seen["history_file"]
    assert seen["routines"] >= 6  # and then the pages came, with the built-in routines
    assert (tmp_path / "history.sqlite3").exists()
