"""When the session view's count changes, against the second it stands for, in the real window.

    xvfb-run -a -s "-screen 0 1366x768x24" python bench/view_timing.py [--seconds 100]
        [--routine daily-stretches]

Opens the real main window (on the display it is given) with a private data folder, starts the
routine at real speed as soon as Start is enabled, and notes every time the view is drawn: the
large number, and the session's own seconds left in the segment at that moment. Each time the
count goes down by one within a timed segment, how long after its second it was drawn is
(the number now shown) - (seconds left): it prints the median, smallest and largest, and how
often the view looked at the clock during holds. Sound goes wherever PULSE_SERVER says.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hiptimer.core.display import Display  # noqa: E402
from hiptimer.core.plan import Kind  # noqa: E402
from hiptimer.gui import build_services  # noqa: E402
from hiptimer.paths import Paths  # noqa: E402
from hiptimer.ui.window.main_window import MainWindow  # noqa: E402

TIMED = (Kind.HOLD, Kind.REST, Kind.PREPARE, Kind.TRANSITION, Kind.SWITCH_SIDE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=100.0)
    parser.add_argument("--routine", default="daily-stretches")
    args = parser.parse_args()
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(build_services(Paths.under(Path(folder)), 1.0))
        window.resize(1366, 768)
        window.show()
        window.start_routine(args.routine)
        run_view, controller = window.session_page.run_view, window.controller
        drawn: list[tuple[float, str, float, Kind]] = []
        show = run_view.show_display

        def noted(d: Display, said: str | None = None) -> None:
            assert controller.session is not None
            snap = controller.session.snapshot()
            drawn.append((time.monotonic(), d.big, snap.remaining, snap.segment.kind))
            show(d, said)

        run_view.show_display = noted  # type: ignore[method-assign]
        start = window.session_page.start_view.start_button

        def press_start() -> None:
            if start.isEnabled():
                start.click()
            else:
                QTimer.singleShot(100, press_start)

        QTimer.singleShot(100, press_start)
        QTimer.singleShot(round(args.seconds * 1000), lambda: (controller.stop_now(), app.quit()))
        app.exec()
    late = [1000 * (int(b1) - left1)
            for (_, b0, _, k0), (_, b1, left1, k1) in itertools.pairwise(drawn)
            if k0 is k1 and k0 in TIMED and b0.isdigit() and b1.isdigit()
            and int(b1) == int(b0) - 1]
    holds = [t for t, _, _, kind in drawn if kind is Kind.HOLD]
    print(f"{len(drawn)} looks in {drawn[-1][0] - drawn[0][0]:.1f} s; during holds "
          f"{len(holds) / max(holds[-1] - holds[0], 1e-9):.2f} a second")
    print(f"{len(late)} changes of the count, drawn after their second: median "
          f"{statistics.median(late):.1f} ms, {min(late):.1f} to {max(late):.1f} ms")
    sys.stdout.flush()
    os._exit(0)  # the audio thread is left to the process's end, as the app leaves it


if __name__ == "__main__":
    main()
