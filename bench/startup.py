"""Start-up time: launch to the first painted main window, against a bare PySide6 window.

Each run is a fresh process timed from just before it starts to the moment the window's first
paint event arrives (offscreen platform). Prints the medians and their ratio.

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

# Both children report the first paint of their window the same way.
PAINTED = """
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True); app.quit()
        return False
app = QApplication([])
"""

BARE = PAINTED + """
from PySide6.QtWidgets import QLabel, QMainWindow
window = QMainWindow(); window.setCentralWidget(QLabel("hello")); window.resize(1100, 720)
watch = Painted(); window.installEventFilter(watch); window.show(); app.exec()
"""

HIPTIMER = PAINTED + """
import sys
from pathlib import Path
from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.routine_load import builtin_routines
from hiptimer.gui import build_services
from hiptimer.paths import Paths
from hiptimer.ui.main_window import MainWindow
services = build_services(Paths.under(Path(sys.argv[1])), 1.0)
catalog = builtin_catalog()
window = MainWindow(catalog, builtin_routines(catalog), services)
watch = Painted(); window.installEventFilter(watch); window.show(); app.exec()
window.controller.shutdown()
"""


def launch(code: str, data_dir: str) -> float:
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, data_dir], stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    child.wait(timeout=30)
    if line.strip() != "painted":
        raise SystemExit(f"the child did not paint (exit {child.returncode})")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    bare, ours = [], []
    with tempfile.TemporaryDirectory() as data_dir:
        launch(HIPTIMER, data_dir)  # warm the file cache once
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            bare.append(launch(BARE, data_dir))
            ours.append(launch(HIPTIMER, data_dir))
    b, h = statistics.median(bare), statistics.median(ours)
    print(f"bare PySide6 window: median {b * 1000:.0f} ms over {args.runs} runs")
    print(f"HipTimer main window: median {h * 1000:.0f} ms over {args.runs} runs")
    print(f"ratio: {h / b:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
