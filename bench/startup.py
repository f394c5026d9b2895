"""Start-up time: launch to the first painted main window, against a bare PySide6 window.

Each run is a fresh process timed from just before it starts to the moment the window's first
paint event arrives (offscreen platform), and for HipTimer also to the first paint of its
Routines page, once the pages are built ("ready"). Both children run from compiled bytecode, as
an installed app does, even where PYTHONDONTWRITEBYTECODE is set (it is kept in a temporary
folder). Prints the medians, their spread, and the ratio of the medians.

    python bench/startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Both children report the first paint of their window the same way.
PAINTED = """
import time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
class Painted(QObject):
    def __init__(self, word, last):
        super().__init__()
        self.word, self.last = word, last
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and self.word:
            print(self.word, time.process_time(), flush=True); self.word = ""
            if self.last: app.quit()
        return False
app = QApplication([])
"""

BARE = PAINTED + """
from PySide6.QtWidgets import QLabel, QMainWindow
window = QMainWindow(); window.setCentralWidget(QLabel("hello")); window.resize(1100, 720)
watch = Painted("painted", True); window.installEventFilter(watch); window.show(); app.exec()
"""

HIPTIMER = PAINTED + """
import sys
from pathlib import Path
from hiptimer.gui import build_services
from hiptimer.paths import Paths
from hiptimer.ui.window.main_window import MainWindow
services = build_services(Paths.under(Path(sys.argv[1])), 1.0)
window = MainWindow(services)
watch, ready = Painted("painted", False), Painted("ready", True)
window.installEventFilter(watch)
window.ready.connect(lambda: window.routines_page.installEventFilter(ready))
window.show(); app.exec()
window.controller.shutdown()
"""


def launch(code: str, data_dir: str, words: tuple[str, ...]) -> list[tuple[float, float]]:
    """Seconds from launch until the child says each of ``words``, in order, wall-clock and
    of the child's CPU time (less shaken by the machine's other work)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPYCACHEPREFIX": str(Path(data_dir) / "bytecode")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, data_dir], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None and child.stderr is not None
    times = []
    for word in words:
        said, _, cpu = child.stdout.readline().partition(" ")
        times.append((time.perf_counter() - start, float(cpu or "nan")))
        if said != word:
            child.kill()
            raise SystemExit(f"the child did not say {word!r}: {child.stderr.read()}")
    child.communicate(timeout=30)
    return times


def spread(name: str, runs: list[tuple[float, float]]) -> tuple[float, float]:
    """Print the median and range of the runs' wall-clock and CPU times; return the medians."""
    medians = []
    for kind, seconds in zip(("wall", "CPU"), zip(*runs, strict=True), strict=True):
        middle = statistics.median(seconds)
        medians.append(middle)
        print(f"{name}, {kind}: median {middle * 1000:.0f} ms, {min(seconds) * 1000:.0f}–"
              f"{max(seconds) * 1000:.0f} ms over {len(seconds)} runs")
    return medians[0], medians[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    bare, ours, ready = [], [], []
    with tempfile.TemporaryDirectory() as data_dir:
        launch(BARE, data_dir, ("painted",))  # warm the file cache and the bytecode once
        launch(HIPTIMER, data_dir, ("painted", "ready"))
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            bare += launch(BARE, data_dir, ("painted",))
            painted, built = launch(HIPTIMER, data_dir, ("painted", "ready"))
            ours.append(painted)
            ready.append(built)
    b = spread("bare PySide6 window, first paint", bare)
    h = spread("HipTimer main window, first paint", ours)
    r = spread("HipTimer Routines page, first paint", ready)
    for i, kind in enumerate(("wall", "CPU")):
        print(f"ratio, {kind}: {h[i] / b[i]:.2f}x (target <= 1.5x); "
              f"the Routines page shown: {r[i] / b[i]:.2f}x")


if __name__ == "__main__":
    main()
