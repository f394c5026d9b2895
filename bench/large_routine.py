"""A very large routine of the user's own: how long the window takes to start and to prepare
it, and the longest the GUI thread is ever stuck meanwhile.

Writes a routine file of BLOCKS blocks × SETS sets × REPS reps, each side, at a quick tempo
(by default about the largest a routine may be: 10,000 steps, under 4 hours) into a fresh
data folder, then, in a fresh process per run
(offscreen, no sound server, real speech engine), measures:

1. start: launch to the window's first paint, and to the routine's length shown;
2. prepare: ``start_routine`` to an enabled Start button.

For each, the longest gap between ticks of a 10 ms timer on the GUI thread: how long the
window could not repaint or answer. Medians over the runs.

    .venv/bin/python bench/large_routine.py [--runs 3] [--blocks 20 --sets 5 --reps 24]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
t0 = time.perf_counter()
app = QApplication([])
from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.routine_load import builtin_routines
from hiptimer.gui import build_services
from hiptimer.paths import Paths
from hiptimer.ui.window.main_window import MainWindow

gaps = []
last = [time.perf_counter()]
def tick():
    now = time.perf_counter()
    gaps.append(now - last[0])
    last[0] = now

def longest_stall():  # a stall that has just ended has had no tick after it yet
    return max([*gaps, time.perf_counter() - last[0]])
ticker = QTimer()
ticker.setInterval(10)
ticker.timeout.connect(tick)
ticker.start()

def wait(done, limit=900):
    end = time.perf_counter() + limit
    while not done():
        if time.perf_counter() > end:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.002)

window = MainWindow(build_services(Paths.under(Path(sys.argv[1])), 1.0))
window.show()
app.processEvents()
painted = time.perf_counter() - t0
page = window.routines_page
row = [r.id for r in window.routines].index("large")
wait(lambda: "…" not in page.routine_list.item(row).text())
length_shown = time.perf_counter() - t0
start_stall = longest_stall()
gaps.clear()
last[0] = time.perf_counter()
t1 = time.perf_counter()
window.start_routine("large")
wait(window.session_page.start_view.start_button.isEnabled)
prepared = time.perf_counter() - t1
print(json.dumps({"painted": painted, "length_shown": length_shown,
                  "start_stall": start_stall, "prepared": prepared,
                  "prepare_stall": longest_stall()}), flush=True)
window.controller.shutdown()
"""


def routine_file(blocks: int, sets: int, reps: int) -> str:
    lines = ['format = "hiptimer-routine"', "version = 1", 'id = "large"', 'name = "Large"']
    for _ in range(blocks):
        lines += ["[[block]]", 'exercise = "clamshell"', f"reps = {reps}", f"sets = {sets}",
                  "rest_s = 10", "tempo = { up = 1, hold = 0, down = 1, between = 0 }",
                  'sides = "each"']
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--blocks", type=int, default=20)
    parser.add_argument("--sets", type=int, default=5)
    parser.add_argument("--reps", type=int, default=24)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "routines").mkdir()
        (Path(folder) / "routines" / "large.toml").write_text(
            routine_file(args.blocks, args.sets, args.reps), encoding="utf-8")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               "PULSE_SERVER": str(Path(folder) / "no-sound-server")}
        runs = []
        for _ in range(args.runs):
            done = subprocess.run([sys.executable, "-c", CHILD, folder], capture_output=True,
                                  text=True, env=env, check=True)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"routine: {args.blocks} blocks × {args.sets} sets × {args.reps} reps, each side; "
          f"{len(runs)} runs, medians")
    for key, label in (("painted", "start to first paint"),
                       ("length_shown", "start to its length shown"),
                       ("start_stall", "longest GUI stall while starting"),
                       ("prepared", "start_routine to Start enabled"),
                       ("prepare_stall", "longest GUI stall while preparing")):
        print(f"  {label:<36} {statistics.median(r[key] for r in runs):8.2f} s")


if __name__ == "__main__":
    main()
