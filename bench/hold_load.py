"""CPU and memory while the app runs a 60-second stretch hold, as a user would see it.

Opens the real window (offscreen), starts "Daily hip stretches", waits for its first hold,
then measures CPU time (all threads) and resident memory for the 60 s of the hold.
Run it with a sound server for the full picture (PULSE_SERVER=...), or without for the
no-audio path. ``--figure hidden`` hides the exercise figure, so that the difference between
the two runs is the figure's share. The machine's other work shows in one run: quote medians.

    python bench/hold_load.py [--figure shown|hidden] [--seconds 60]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from hiptimer.core.plan import Kind
from hiptimer.gui import build_services
from hiptimer.paths import Paths
from hiptimer.ui.window.main_window import MainWindow


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def thread_cpu() -> dict[str, float]:
    """CPU seconds so far of each thread of this process, by "name (id)" (Linux only)."""
    ticks = os.sysconf("SC_CLK_TCK")
    seconds: dict[str, float] = {}
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(OSError):  # a thread may end while it is read
            name = (task / "comm").read_text().strip()
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
            if task.name == str(os.getpid()):
                name = "GUI"
            seconds[f"{name} ({task.name})"] = (int(fields[11]) + int(fields[12])) / ticks
    return seconds


def run_for(seconds: float, until: Callable[[], bool] | None = None,
            every: Callable[[], None] | None = None) -> None:
    """Run the event loop, as app.exec() would, for ``seconds`` or until ``until()``."""
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    check = QTimer()
    check.setInterval(1000 if every else 100)
    check.timeout.connect(lambda: (every and every(), until and until() and loop.quit()))
    check.start()
    loop.exec()
    check.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--figure", choices=("shown", "hidden"), default="shown")
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as data_dir:
        services = build_services(Paths.under(Path(data_dir)), 1.0)
        print("problems:", services.problems or "none")
        window = MainWindow(services)
        window.resize(1366, 768)
        window.show()
        window.session_page.run_view.figure.setVisible(args.figure == "shown")
        window.start_routine("daily-stretches")
        start = window.session_page.start_view.start_button
        run_for(30, until=start.isEnabled)
        start.click()
        controller = window.controller

        def in_hold() -> bool:
            return (controller.session is not None
                    and controller.session.snapshot().segment.kind is Kind.HOLD)

        run_for(60, until=in_hold)
        threads0 = thread_cpu()
        cpu0, wall0 = time.process_time(), time.monotonic()
        samples: list[float] = []
        run_for(args.seconds, every=lambda: samples.append(rss_mb()))
        cpu = time.process_time() - cpu0
        wall = time.monotonic() - wall0
        threads = thread_cpu()
        print(f"hold measured for {wall:.1f} s, figure {args.figure}")
        print(f"CPU: {100 * cpu / wall:.2f} % of one core on average (target < 2 %)")
        for name, seconds in sorted(threads.items(), key=lambda item: -item[1]):
            share = 100 * (seconds - threads0.get(name, 0.0)) / wall
            if share >= 0.05:
                print(f"  thread {name}: {share:.2f} %")
        print(f"RSS: median {sorted(samples)[len(samples) // 2]:.0f} MB, "
              f"max {max(samples):.0f} MB (target < 150 MB)")
        controller.shutdown()
    app.quit()


if __name__ == "__main__":
    main()
