"""Screenshots of the real app for the AppStream metainfo, drawn offscreen at 1366 × 768.

    python tools/take_screenshots.py [OUT_DIR]

Builds HipTimer's main window over a throwaway data folder that holds some weeks of sample
sessions, with the real speech but no sound and a session clock that this script moves, then
grabs the Routines tab, the History tab, a session part-way through and the routine editor as
routines.png, history.png, session.png and editor.png in OUT_DIR (default
packaging/linux/screenshots/).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1366, 768)
SESSION_ROUTINE, SESSION_AT = "daily-stretches", 203  # s: into the kneeling hip flexor stretch
ROUTINE_SHOWN, EXERCISE_SHOWN = "strength-and-stretch", 5  # the bridge


class ShotClock:
    """The session's monotonic clock, moved only by this script."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def sample_history(folder: Path, days: int = 70) -> None:
    """Write ``days`` days of plausible sessions, ending yesterday: daily stretches most
    mornings, strengthening three days a week, pain easing over the weeks."""
    from hiptimer.core.catalog import builtin_catalog
    from hiptimer.core.plan import compile_plan
    from hiptimer.core.record import record_of
    from hiptimer.core.routine import find
    from hiptimer.core.routine_load import builtin_routines
    from hiptimer.core.session import Session
    from hiptimer.store.history import HistoryStore

    routines = builtin_routines(builtin_catalog())
    rng = random.Random(7)
    store = HistoryStore.open(folder / "history.sqlite3")
    today = date.today()
    for n in range(days, 0, -1):
        day = today - timedelta(days=n)
        pain = 2 + 4 * n / days + rng.uniform(-0.8, 0.8)  # from about 6 down to about 2
        plans: list[tuple[str, clock_time, float | None]] = []
        if rng.random() < 0.85:
            plans.append(("daily-stretches", clock_time(7, rng.randint(0, 40)), None))
        if day.weekday() in (0, 2, 4) and rng.random() < 0.9:
            cut = 600.0 if rng.random() < 0.15 else None  # now and then stopped early
            plans.append(("strength-and-stretch", clock_time(18, rng.randint(0, 50)), cut))
        for routine_id, at, run_for in plans:
            routine = find(routines, routine_id)
            assert routine is not None
            clock = ShotClock()
            session = Session(compile_plan(routine), (), clock)
            session.start()
            clock.now += session.plan.duration + 1 if run_for is None else run_for
            if run_for is not None:
                session.stop()
            started = datetime.combine(day, at).astimezone()
            ended = started + timedelta(seconds=clock.now - 1000)
            before = max(0, min(10, round(pain)))
            record = record_of(session, f"{routine_id}-{n}", started, ended, before)
            after = max(0, before - rng.choice((0, 1, 1, 2)))
            store.save(dataclasses.replace(record, pain_after=after))
    store.close()


def settle(app: QApplication, seconds: float = 0.3) -> None:
    """Let Qt lay out and paint for a moment."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def wait_for(app: QApplication, ready: Callable[[], bool], timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > end:
            raise SystemExit("timed out waiting for the app")
        app.processEvents()
        time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path,
                        default=ROOT / "packaging" / "linux" / "screenshots")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from hiptimer import APP_ID, APP_NAME
    from hiptimer.core.routine import find
    from hiptimer.gui import build_services
    from hiptimer.paths import Paths
    from hiptimer.ui.session.cue_player import NullCuePlayer
    from hiptimer.ui.window.main_window import MainWindow
    from hiptimer.ui.window.theme import app_icon

    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hiptimer-shots-") as tmp:
        folder = Path(tmp)
        sample_history(folder)
        clock = ShotClock()
        services = dataclasses.replace(
            build_services(Paths.under(folder), 1.0), clock=clock,
            to_monotonic=lambda t: t, make_player=lambda: (NullCuePlayer(), []))
        window = MainWindow(services)
        window.resize(*SIZE)
        window.show()
        settle(app)

        def shoot(name: str, widget: QWidget = window) -> None:
            settle(app)
            path = args.out / f"{name}.png"
            if not widget.grab().save(str(path)):
                raise SystemExit(f"cannot write {path}")
            print(path)

        page = window.routines_page
        page.routine_list.setCurrentRow([r.id for r in window.routines].index(ROUTINE_SHOWN))
        page.exercise_list.setCurrentRow(EXERCISE_SHOWN)
        shoot("routines")

        window.tabs.setCurrentWidget(window.history_tab)
        settle(app, 0.8)
        sessions = window.history_page.model.sessions
        window.history_page.table.selectRow(
            next(n for n, s in enumerate(sessions) if s.routine_id == ROUTINE_SHOWN))
        shoot("history")

        assert window.start_routine(SESSION_ROUTINE)
        start = window.session_page.start_view
        wait_for(app, start.start_button.isEnabled)
        start.pain.set_value(3)
        start.start_button.click()
        window.controller.follow_clock = False  # the script says when to look at the clock
        window.controller.timer.stop()
        for _ in range(SESSION_AT):  # a second at a time, as the timer would see it
            clock.now += 1.0
            window.controller.refresh()
        app.processEvents()
        shoot("session")
        window.controller.stop_now()

        actions = window.routine_actions
        shown = find(window.routines, ROUTINE_SHOWN)
        assert shown is not None
        mine = actions.copy_of(shown, "My evening strength routine")
        assert actions.save(mine)
        editor = window.edit_routine(mine)
        editor.resize(*SIZE)
        editor.editor.block_list.setCurrentRow(EXERCISE_SHOWN)
        shoot("editor", editor)
        editor.close()
        if services.problems:  # they would show in the session's banner
            print("problems:", services.problems, file=sys.stderr)
        window.close()


if __name__ == "__main__":
    main()
