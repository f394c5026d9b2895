"""Runs the real HipTimer window for the benchmarks, with the hooks they measure by.

    python bench/app_launcher.py --data-dir DIR --routine ID --report FILE [--minutes M]
                                 [--stall] [--press-after S]

Opens the app as ``hiptimer --start ROUTINE --data-dir DIR`` does (a routine of the user's own,
which ``--start`` does not take, is opened the same way once the window shows) and presses
Start 2 s (--press-after) after it is enabled. The moment the session starts it reads every
cue, with the monotonic time it is due, off the session itself (core ``Session.upcoming``) and
later writes them to FILE as JSON. When the session ends, or reaches M minutes, it stops the
session and closes the window as a user would, so the app's own way out is measured too; the
exit status is the app's.
With ``--stall`` the GUI thread busy-waits 200 ms every 2 s, holding the GIL as slow Python
work would. The environment (HIPTIMER_TIME_SCALE, PULSE_SERVER, QT_QPA_PLATFORM) is the app's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path[0] = str(Path(__file__).resolve().parents[1])  # hiptimer from this checkout

from PySide6.QtCore import QTimer  # noqa: E402

from hiptimer import app, cli, gui  # noqa: E402
from hiptimer.core.session import Session, Status  # noqa: E402

STALL_EVERY_MS, STALL_S = 2000, 0.2
PRESS_AFTER_S = 2.0  # Start is pressed this long after it is enabled, as a person would
TAIL_S = 2.0  # after the session ends, the last cue is let sound before the window closes
SCALE = app.time_scale(os.environ)

report: dict[str, Any] = {"scale": SCALE, "pauses": []}
sessions: list[Session] = []


def _started(session: Session) -> None:
    """Note the session and when each cue is due on the monotonic clock."""
    report["started"] = time.monotonic()
    report["cues"] = [
        {"due": at / SCALE, "position": cue.start, "end": cue.end, "kind": cue.kind.value,
         "text": cue.text}
        for at, cue in session.upcoming(horizon=session.plan.duration + 1, grace=1.0)]
    sessions.append(session)


def _hook_session() -> None:
    start, pause = Session.start, Session.pause

    def started(self: Session) -> bool:
        done = start(self)
        if done:
            _started(self)
        return done

    def paused(self: Session) -> bool:
        done = pause(self)
        if done:  # the benchmarks never pause: the sleep watch did, or a control went astray
            report["pauses"].append({"at": time.monotonic(), "position": self.position()})
        return done

    Session.start = started  # type: ignore[method-assign]
    Session.pause = paused  # type: ignore[method-assign]


def _write(path: Path) -> None:
    path.write_text(json.dumps(report), encoding="utf-8")


class BenchWindow(gui.MainWindow):
    """The app's window, driven as the benchmark needs."""

    routine = ""
    report_path = Path()
    minutes = 0.0
    stall = False
    press_after = PRESS_AFTER_S

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._driver = QTimer(self)
        self._driver.timeout.connect(self._drive)
        self._driver.start(100)
        self._closing = False
        self._ready_since: float | None = None
        if self.stall:
            self._staller = QTimer(self)
            self._staller.timeout.connect(_busy_wait)
            self._staller.start(STALL_EVERY_MS)
        if not cli.routine_exists(self.routine):
            QTimer.singleShot(0, self._open_own_routine)

    def _open_own_routine(self) -> None:
        if not self.start_routine(self.routine):
            print(f"app_launcher: no routine {self.routine!r}", file=sys.stderr)
            self._driver.stop()
            self.close()

    def _drive(self) -> None:
        button = self.session_page.start_view.start_button
        if not sessions:
            ready = button.isVisible() and button.isEnabled()
            if not ready:
                self._ready_since = None
            elif self._ready_since is None:
                self._ready_since = time.monotonic()
            elif time.monotonic() - self._ready_since >= self.press_after:
                report["start_pressed"] = time.monotonic()
                button.click()
                QTimer.singleShot(3000, lambda: _write(self.report_path))
            return
        session = sessions[-1]
        if self._closing:
            return
        over = session.status in (Status.FINISHED, Status.STOPPED)
        if not over and session.position() < self.minutes * 60:
            return
        session.stop()  # does nothing if it finished by itself
        report.update(ended=time.monotonic(), end_position=session.position(),
                      status=session.status.value)
        _write(self.report_path)
        self._closing = True
        QTimer.singleShot(round(TAIL_S * 1000), self.close)


def _busy_wait() -> None:
    end = time.monotonic() + STALL_S
    while time.monotonic() < end:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--routine", required=True)
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--minutes", type=float, default=float("inf"),
                        help="stop the session after this many minutes of session time")
    parser.add_argument("--stall", action="store_true")
    parser.add_argument("--press-after", type=float, default=PRESS_AFTER_S,
                        help="seconds from Start being enabled to pressing it")
    args = parser.parse_args()
    BenchWindow.press_after = args.press_after
    BenchWindow.routine, BenchWindow.report_path = args.routine, args.report
    BenchWindow.minutes, BenchWindow.stall = args.minutes, args.stall
    gui.MainWindow = BenchWindow  # type: ignore[misc]
    _hook_session()
    command = ["--data-dir", str(args.data_dir)]
    if cli.routine_exists(args.routine):
        command += ["--start", args.routine]
    return app.main(command)


if __name__ == "__main__":
    sys.exit(main())
