"""The routine editor in a real X window, keys pressed with xdotool as a person presses them.

    xvfb-run -a python -m tests.ui.editor_child

Offscreen tests send key events straight to a widget; a real window also passes keys through
the dialog around it, which once added an exercise twice per Enter. Prints one JSON line: the
number of exercises after each step.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QWidget

from hiptimer.ui.editor.editor_window import EditorWindow
from tests.core.helpers import CATALOG
from tests.ui.test_routine_editor import three_blocks


def main() -> None:
    app = QApplication([])
    window = EditorWindow(CATALOG, lambda _routine: True, lambda _routine: None)
    window.open_routine(three_blocks())
    editor = window.editor
    counts: dict[str, int] = {}

    def settle(done: Callable[[], bool]) -> None:
        """Run the event loop until ``done`` (a step's effect) is seen, or give up."""
        deadline = time.monotonic() + 10
        while not done() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        app.processEvents()

    def press(widget: QWidget, *keys: str, done: Callable[[], bool]) -> None:
        widget.activateWindow()
        widget.setFocus()
        settle(widget.hasFocus)
        for key in keys:
            command = ["xdotool", "type", key[1:]] if key.startswith("=") else ["xdotool",
                                                                                  "key", key]
            subprocess.run(command, check=True)
        settle(done)

    settle(window.isActiveWindow)
    blocks = lambda: len(editor.routine().blocks)  # noqa: E731
    press(editor.catalog_panel.search, "=bridge", "Return", done=lambda: blocks() != 3)
    counts["search"] = blocks()
    press(editor.catalog_panel.list, "Down", "Return", done=lambda: blocks() != counts["search"])
    counts["catalog"] = blocks()
    editor.block_list.setCurrentRow(0)
    reps = editor.dose_panel.reps_high
    high = lambda: editor.routine().blocks[0].dose.reps.high  # type: ignore[union-attr]  # noqa: E731
    press(reps, "ctrl+a", "=20", "Return", done=lambda: high() == 20)
    counts["reps field"] = blocks()
    counts["reps"] = high()
    press(editor.name, "End", "Return", done=lambda: True)
    counts["name field"] = blocks()
    print(json.dumps(counts), flush=True)
    editor.mark_saved()  # close without asking
    window.close()


if __name__ == "__main__":
    main()
