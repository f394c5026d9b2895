"""The real window on a real X display (Xvfb), over the test fakes and a fake clock, driven
from outside: by xdotool for keys, and by lines on stdin for what a test must read back.

``python -m tests.gui.app_child FOLDER [light|dark]``. It opens the start screen of a test
routine and prints one JSON line {"ready": ..., "display", "xauthority", "window", "pid"}
once Start is enabled. Then, for each line read:

- ``state``: the session's state as JSON (page, phase, pain, help, full screen, focus)
- ``advance S``: move the fake clock S seconds on and refresh
- ``goto STATE``: move the clock on to the middle of a running state of ``RUNNING_STATES``
- ``dump``: the accessibility tree as a screen reader reads it (see atspi_dump.py)
- ``shot PATH``: a screenshot of the window into PATH
- ``quit``
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from hiptimer.store.settings import Settings, Theme
from tests.ui.fakes import Rig, make_window
from tests.ui.session_states import RUNNING_STATES, STATES_ROUTINE

DUMP = Path(__file__).with_name("atspi_dump.py")
SYSTEM_PYTHON = "/usr/bin/python3"  # the one Debian's python3-pyatspi is installed for


def state(rig: Rig) -> dict[str, object]:
    window = rig.window
    page = window.session_page
    current = page.currentWidget()
    names = {id(page.start_view): "start", id(page.run_view): "run",
             id(page.end_view): "end", id(page.empty): "empty"}
    focus = QApplication.focusWidget()
    session = window.controller.session
    return {
        "tab": window.tabs.currentIndex(),
        "page": names.get(id(current), "?"),
        "phase": page.run_view.phase.text(),
        "status": session.status.value if session is not None else None,
        "pain_before": page.start_view.pain.value(),
        "pain_after": page.end_view.pain.value(),
        "note": page.end_view.note.toPlainText(),
        "help": page.run_view.help_overlay.isVisible(),
        "fullscreen": page.fullscreen and window.isFullScreen(),
        "banner": page.banner.text() if page.banner.isVisible() else "",
        "focus": (focus.accessibleName() or getattr(focus, "text", lambda: "")()
                  if focus is not None else None),
        "active": window.isActiveWindow(),
        "saved": [(r.pain_before, r.pain_after, r.note)
                  for r in (rig.history.record(s.uid) for s in rig.history.summaries())
                  if r is not None and r.outcome.value != "running"],
    }


def dump(app: QApplication) -> str:
    """The tree from a helper process, while this one goes on answering its questions."""
    result: list[str] = []

    def run() -> None:
        done = subprocess.run([SYSTEM_PYTHON, str(DUMP), str(os.getpid())],
                              capture_output=True, text=True, timeout=120)
        result.append(done.stdout.strip() or json.dumps({"error": done.stderr[-2000:]}))

    thread = threading.Thread(target=run)
    thread.start()
    while thread.is_alive():
        app.processEvents()
        thread.join(0.01)
    return result[0]


def main() -> None:
    folder = Path(sys.argv[1])
    theme = Theme.DARK if sys.argv[2:] == ["dark"] else Theme.LIGHT
    app = QApplication(sys.argv)
    rig = make_window((STATES_ROUTINE,), folder, settings=Settings(theme=theme, lead_in_s=5))
    window = rig.window
    window.setGeometry(app.primaryScreen().availableGeometry())  # as a maximised window
    window.show()
    window.activateWindow()
    assert window.start_routine(STATES_ROUTINE.id)
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in sys.stdin:
            lines.put(line)
        lines.put("quit")  # the test is gone: so is the window, and its X server with it

    threading.Thread(target=read, daemon=True).start()

    def say(text: str) -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    def poll() -> None:
        if not getattr(poll, "ready", False):
            if not window.session_page.start_view.start_button.isEnabled():
                return
            poll.ready = True  # type: ignore[attr-defined]
            say(json.dumps({"ready": True, "display": os.environ.get("DISPLAY"),
                            "xauthority": os.environ.get("XAUTHORITY", ""),
                            "window": int(window.winId()), "pid": os.getpid()}))
        while not lines.empty():
            command, _, argument = lines.get().strip().partition(" ")
            if command == "state":
                say(json.dumps(state(rig)))
            elif command == "advance":
                rig.clock.advance(float(argument))
                window.controller.refresh()
                say("{}")
            elif command == "goto":
                session = window.controller.session
                assert session is not None
                kind = RUNNING_STATES[argument]
                segment = next(s for s in session.plan.segments if s.kind is kind)
                rig.clock.advance(max(0.0, segment.start + segment.duration / 2
                                      - session.position()))
                window.controller.refresh()
                say("{}")
            elif command == "dump":
                say(dump(app))
            elif command == "shot":
                say(json.dumps({"saved": window.grab().save(argument)}))
            elif command == "quit":
                if window.controller.session is not None:
                    window.controller.session.stop()
                app.quit()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(20)
    app.exec()
    rig.history.close()


if __name__ == "__main__":
    main()
