"""HipTimer's real window, offscreen, for the crash test: run a session or recover one.

    python -m tests.crash.child DATA_DIR run ROUTINE SCALE
        Starts ROUTINE at SCALE times real speed and, every 20 ms, prints
        "<monotonic time> <sets whose time is up>" as the session itself sees it, until killed.
    python -m tests.crash.child DATA_DIR recover
        Starts the app as a user would after a crash, answers "Keep it" to the offer to keep
        the unfinished session, and prints the history as JSON.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hiptimer.gui import build_services
from hiptimer.paths import Paths
from hiptimer.ui.window.main_window import MainWindow


def window_for(folder: Path, scale: float) -> MainWindow:
    window = MainWindow(build_services(Paths.under(folder), scale))
    window.show()
    return window


def run(app: QApplication, folder: Path, routine_id: str, scale: float) -> None:
    window = window_for(folder, scale)
    assert window.start_routine(routine_id)
    controller = window.controller
    start = window.session_page.start_view.start_button

    def report() -> None:
        if controller.session is None or not controller.running:
            if start.isEnabled():
                start.click()
            return
        session = controller.session
        over = session.plan.sets_over_by(session.position())
        print(f"{time.monotonic():.4f} {over}", flush=True)

    ticker = QTimer(app)
    ticker.timeout.connect(report)
    ticker.start(20)
    app.exec()


def recover(app: QApplication, folder: Path) -> None:
    window = window_for(folder, 1.0)
    box = window.check_history()
    offered = ""
    if isinstance(box, QMessageBox):
        offered = box.text()
        keep = next(b for b in box.buttons() if b.text() == "Keep it")
        keep.click()
    app.processEvents()
    keeper = window.services.history
    sessions = [
        {"uid": r.uid, "outcome": r.outcome.value,
         "sets": [s.completed or s.skipped for s in r.sets]}
        for r in keeper.records(s.uid for s in keeper.summaries())]
    print(json.dumps({"offered": offered, "sessions": sessions}), flush=True)
    window.close()


def main() -> None:
    app = QApplication(sys.argv[:1])
    folder, mode = Path(sys.argv[1]), sys.argv[2]
    if mode == "run":
        run(app, folder, sys.argv[3], float(sys.argv[4]))
    else:
        recover(app, folder)


if __name__ == "__main__":
    main()
