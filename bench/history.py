"""History at ten years of daily use: the database, a checkpoint write, the History tab, its charts.

Builds a history of 3,650 sessions on consecutive days ending today (built-in routines run on a
fake clock, so about 40,000 set rows) in a temporary folder on a real disk, through
``HistoryStore.save``, and prints:

1. how long writing it took, and its size on disk (after the write-ahead log is folded in);
2. the time of one checkpoint, ``save(record, previous=last)`` after each set of a running
   session, on that database (WAL, synchronous=FULL: a real fsync per checkpoint);
3. the History tab ready: in a fresh process per run (offscreen), from just before the keeper
   opens the file to the first paint of the page loaded with "All time", split into opening
   the keeper (its quick_check included), the queries, filling the page and the first paint;
4. the charts drawn: ``grab()`` of each chart at the size it gets in a 1366×768 window;

and the peak RSS of the History-tab process. The figures are medians over the runs (a shared
machine is noisy), with the targets they are held against.

    .venv/bin/python bench/history.py [--runs 9] [--profile]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.plan import Plan, compile_plan
from hiptimer.core.record import SessionRecord, record_of
from hiptimer.core.routine_load import builtin_routines
from hiptimer.core.session import Session
from hiptimer.store.history import HistoryStore

DAYS = 3650
# Routine ids and weights, chosen so that the sets average about 11 a session.
MIX = (("strength-and-stretch", 40), ("hip-strengthening", 32), ("daily-stretches", 18),
       ("standing-chair-series", 4), ("movement-snack", 3), ("floor-stretches", 3))
NOTES = ("Left hip tight this morning.", "Felt good, walked the dog after.",
         "Sore after yesterday's long walk; went gently.", "Skipped the bridge, knee niggle.",
         "Physio said to add a second set next week.", "Tired, short one today.",
         "Much easier than last month!", "Bit of a pinch at the end of the range.")
CHECKPOINT_ROUTINE = "strength-and-stretch"  # the most sets: the most checkpoints a session
CHECKPOINTS = 300
WINDOW = (1366, 768)
TARGETS = {"ready": 300, "charts": 100, "size": 20, "checkpoint": 5}  # ms, ms, MB, ms

HISTORY_TAB = """
import cProfile, json, pstats, resource, statistics, sys, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget
from hiptimer.core.catalog import builtin_catalog
from hiptimer.store.keeper import HistoryKeeper
from hiptimer.system.clock import local_now
from hiptimer.ui.history.history_controller import HistoryController
from hiptimer.ui.history.history_page import HistoryPage

path, grabs, profile = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "profile"
app = QApplication([])

class Painted(QObject):
    painted = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            app.quit()
        return False

# The window as main_window.py builds it: a menu bar, three tabs, History the current one.
begin = time.perf_counter()
catalog = builtin_catalog()
window = QMainWindow()
for menu in ("&File", "&Session", "&Help"):
    window.menuBar().addMenu(menu)
tabs = QTabWidget()
tabs.addTab(QWidget(), "&Routines")
tabs.addTab(QWidget(), "&Session")
page = HistoryPage(catalog)
tabs.addTab(page, "&History")
tabs.setCurrentWidget(page)
window.setCentralWidget(tabs)
window.resize(%(width)d, %(height)d)
keeper = HistoryKeeper(path)
controller = HistoryController(page, keeper, catalog, local_now)
watch = Painted()
page.installEventFilter(watch)
built = time.perf_counter() - begin

queries = {}
def timed(name, method):
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            queries[name] = queries.get(name, 0.0) + time.perf_counter() - start
    return run
for name in ("routines", "first_day", "summaries", "work_done"):
    setattr(keeper, name, timed(name, getattr(keeper, name)))

profiler = cProfile.Profile() if profile else None
QTimer.singleShot(20000, app.quit)  # never hang on a paint that does not come
if profiler:
    profiler.enable()
t0 = time.perf_counter()
keeper.open()
t1 = time.perf_counter()
controller.reload()
t2 = time.perf_counter()
window.show()
app.exec()
t3 = time.perf_counter()
if profiler:
    profiler.disable()
if not watch.painted:
    raise SystemExit("the History page did not paint")
assert keeper.problem is None, keeper.problem

charts = {}
for name in ("pain_chart", "adherence_chart", "calendar"):
    chart = getattr(page, name)
    times = []
    for _ in range(grabs):
        start = time.perf_counter()
        chart.grab()
        times.append(time.perf_counter() - start)
    charts[name] = [statistics.median(times), chart.width(), chart.height()]
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "sessions": page.model.rowCount(), "built": built, "open": t1 - t0, "reload": t2 - t1,
    "queries": queries, "paint": t3 - t2, "ready": t3 - t0, "charts": charts,
    "rss_mb": rss / (1024 * 1024 if sys.platform == "darwin" else 1024)}), flush=True)
if profiler:
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
"""


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def filesystem(path: Path) -> str:
    """The type of the file system that holds ``path`` ("?" where /proc/mounts is not)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return "?"
    best, kind = "", "?"
    for line in mounts:
        fields = line.split()
        point = fields[1].replace("\\040", " ")
        if len(point) > len(best) and (str(path) == point
                                       or str(path).startswith(point.rstrip("/") + "/")):
            best, kind = point, fields[2]
    return kind


def scratch_folder(given: str | None) -> Path:
    """A new folder on a real disk: the temporary folder unless it lives in memory."""
    if given:
        parent = Path(given)
    else:
        parent = Path(tempfile.gettempdir()).resolve()
        if filesystem(parent) in ("tmpfs", "ramfs"):
            parent = Path(__file__).resolve().parents[2]  # beside the project
    return Path(tempfile.mkdtemp(prefix="hiptimer-bench-", dir=parent))


def clamp(value: float) -> int:
    return max(0, min(10, round(value)))


def one_day(plan: Plan, rng: random.Random, n: int, day: date) -> SessionRecord:
    """The session of day ``n``: sometimes a block skipped, one that hurt, or stopped early;
    pain slowly easing, the odd score left out, now and then a note."""
    clock = FakeClock()
    session = Session(plan, (), clock)
    session.start()
    if rng.random() < 0.05:
        session.skip()
    if rng.random() < 0.04:
        clock.now += rng.uniform(0.1, 0.6) * plan.duration
        session.hurt()
    if rng.random() < 0.10:
        clock.now += rng.uniform(0.1, 0.8) * plan.duration
        session.stop()
    else:
        clock.now += plan.duration + 1
    zone = datetime.now().astimezone().tzinfo
    started = datetime.combine(day, clock_time(rng.randint(6, 21), rng.randint(0, 59)), zone)
    before = None if rng.random() < 0.05 else clamp(6 - 4 * n / DAYS + rng.gauss(0, 1.5))
    after = (None if rng.random() < 0.08 or before is None
             else clamp(before - rng.randint(-1, 3)))
    record = record_of(session, uuid.UUID(int=rng.getrandbits(128), version=4).hex, started,
                       started + timedelta(seconds=clock.now - 1000), before)
    note = rng.choice(NOTES) if rng.random() < 0.15 else ""
    return dataclasses.replace(record, pain_after=after, note=note)


def ten_years(plans: dict[str, Plan], rng: random.Random) -> list[SessionRecord]:
    ids = [routine_id for routine_id, _ in MIX]
    weights = [weight for _, weight in MIX]
    last = date.today()
    return [one_day(plans[rng.choices(ids, weights)[0]], rng, n,
                    last - timedelta(days=DAYS - 1 - n)) for n in range(DAYS)]


def checkpoints(plan: Plan, rng: random.Random) -> list[SessionRecord]:
    """What a running session writes: at its start, then after every set (the last one
    finishes it)."""
    clock = FakeClock()
    session = Session(plan, (), clock)
    session.start()
    uid = uuid.UUID(int=rng.getrandbits(128), version=4).hex
    started = datetime.now().astimezone()

    def now() -> SessionRecord:
        return record_of(session, uid, started, started + timedelta(seconds=clock.now - 1000), 4)

    out = [now()]
    for span in plan.sets:
        clock.now = 1000 + span.end + 0.05
        out.append(now())
    return out


def fold_in(path: Path) -> dict[str, int]:
    """Fold the write-ahead log into the file; what stays on disk, and a few counts."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = {
            "sessions": db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0],
            "entries": db.execute("SELECT COUNT(*) FROM entries").fetchone()[0],
            "page_size": db.execute("PRAGMA page_size").fetchone()[0],
            "free_pages": db.execute("PRAGMA freelist_count").fetchone()[0]}
        try:
            for name, size in db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
                counts[f"table {name}"] = size
        except sqlite3.Error:
            pass  # SQLite built without the dbstat table
    finally:
        db.close()
    wal = path.with_name(path.name + "-wal")
    counts["bytes"] = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    return counts


def fsync_ms(folder: Path, times: int = 100) -> float:
    """The median cost of one fsync of a small write in ``folder``: what the disk charges
    each commit under synchronous=FULL (virtual disks often answer from a cache)."""
    probe = folder / "fsync-probe"
    handle = os.open(probe, os.O_WRONLY | os.O_CREAT, 0o600)
    spent = []
    try:
        for _ in range(times):
            os.write(handle, b"x" * 4096)
            start = time.perf_counter()
            os.fsync(handle)
            spent.append(time.perf_counter() - start)
    finally:
        os.close(handle)
        probe.unlink()
    return statistics.median(spent) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def history_tab(path: Path, grabs: int, profile: bool = False) -> tuple[dict, str]:
    code = HISTORY_TAB % {"width": WINDOW[0], "height": WINDOW[1]}
    child = subprocess.run(
        [sys.executable, "-c", code, str(path), str(grabs), "profile" if profile else "-"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    if child.returncode != 0:
        raise SystemExit(f"the History-tab process failed (exit {child.returncode}):\n"
                         f"{child.stderr}")
    first, _, rest = child.stdout.partition("\n")
    return json.loads(first), rest


def mark(value: float, target: float) -> str:
    return f"(target < {target:g}: {'met' if value < target else 'MISSED'})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--dir", help="where to make the scratch folder (default: the "
                        "temporary folder, unless it is in memory)")
    parser.add_argument("--profile", action="store_true",
                        help="profile one more History-tab load and print the top functions")
    args = parser.parse_args()
    began = time.perf_counter()
    catalog = builtin_catalog()
    plans = {r.id: compile_plan(r) for r in builtin_routines(catalog)}
    rng = random.Random(2026)
    folder = scratch_folder(args.dir)
    path = folder / "history.sqlite3"
    try:
        print(f"scratch folder {folder} ({filesystem(folder)}, fsync {fsync_ms(folder):.2f} ms); "
              f"{args.runs} runs, medians")

        # 1. Ten years of sessions, each written whole as the end of a session writes it.
        start = time.perf_counter()
        records = ten_years(plans, rng)
        made = time.perf_counter() - start
        store = HistoryStore.open(path)
        start = time.perf_counter()
        for record in records:
            store.save(record)
        written = time.perf_counter() - start
        store.close()
        counts = fold_in(path)
        megabytes = counts["bytes"] / 1e6
        print(f"\n1. database: {counts['sessions']} sessions, {counts['entries']} entries "
              f"({counts['entries'] / counts['sessions']:.1f} a session)")
        print(f"   records made in {made:.1f} s; written in {written:.1f} s "
              f"({written / len(records) * 1000:.2f} ms a session, one transaction each)")
        print(f"   size on disk {megabytes:.2f} MB {mark(megabytes, TARGETS['size'])}; "
              f"page size {counts['page_size']}, {counts['free_pages']} free pages")
        tables = {k[6:]: v for k, v in counts.items() if k.startswith("table ")}
        if tables:
            print("   by table/index: " + ", ".join(
                f"{name} {size / 1e6:.2f} MB" for name, size in
                sorted(tables.items(), key=lambda item: -item[1])))

        # 2. Checkpoints of running sessions, on the ten-year file.
        store = HistoryStore.open(path)
        firsts, times, uids = [], [], []
        while len(times) < CHECKPOINTS:
            versions = checkpoints(plans[CHECKPOINT_ROUTINE], rng)
            uids.append(versions[0].uid)
            start = time.perf_counter()
            store.save(versions[0])
            firsts.append(time.perf_counter() - start)
            for last, record in itertools.pairwise(versions):
                start = time.perf_counter()
                store.save(record, previous=last)
                times.append(time.perf_counter() - start)
        for uid in uids:
            store.delete(uid)
        store.close()
        fold_in(path)
        median = statistics.median(times) * 1000
        print(f"\n2. checkpoint save(record, previous=last): {len(times)} checkpoints of "
              f"{len(uids)} sessions")
        print(f"   median {median:.2f} ms {mark(median, TARGETS['checkpoint'])}, "
              f"p95 {percentile(times, 0.95) * 1000:.2f} ms, max {max(times) * 1000:.1f} ms; "
              f"first whole write median {statistics.median(firsts) * 1000:.2f} ms")

        # 3 and 4. The History tab, a fresh process each run.
        history_tab(path, 1)  # warm the file cache once
        runs = [history_tab(path, args.runs)[0] for _ in range(args.runs)]

        def med(key: str) -> float:
            return statistics.median(r[key] for r in runs) * 1000

        def med_query(name: str) -> float:
            return statistics.median(r["queries"].get(name, 0.0) for r in runs) * 1000

        queries = [sum(r["queries"].values()) * 1000 for r in runs]
        fills = [(r["reload"] - sum(r["queries"].values())) * 1000 for r in runs]
        ready = med("ready")
        print(f"\n3. History tab, \"All time\" ({runs[0]['sessions']} sessions listed), "
              f"window {WINDOW[0]}×{WINDOW[1]}")
        print(f"   ready (keeper open → first paint): median {ready:.0f} ms "
              f"{mark(ready, TARGETS['ready'])}")
        print(f"     keeper open (quick_check)  {med('open'):7.1f} ms")
        print(f"     queries                    {statistics.median(queries):7.1f} ms  ("
              + ", ".join(f"{name} {med_query(name):.1f}" for name in
                          ("routines", "first_day", "summaries", "work_done")) + ")")
        print(f"     filling the page           {statistics.median(fills):7.1f} ms")
        print(f"     show → first paint done    {med('paint'):7.1f} ms")
        print(f"   (before that, building the window took {med('built'):.0f} ms, not counted)")
        rss = [r["rss_mb"] for r in runs]
        print(f"   peak RSS of the process: median {statistics.median(rss):.0f} MB, "
              f"max {max(rss):.0f} MB")

        print(f"\n4. charts drawn, grab() with the data loaded ({args.runs} grabs a run)")
        for name in ("pain_chart", "adherence_chart", "calendar"):
            width, height = runs[0]["charts"][name][1:]
            print(f"   {name:16} {width}×{height}: median "
                  f"{statistics.median(r['charts'][name][0] for r in runs) * 1000:6.2f} ms")
        total = [sum(c[0] for c in r["charts"].values()) * 1000 for r in runs]
        print(f"   all three: median {statistics.median(total):.2f} ms "
              f"{mark(statistics.median(total), TARGETS['charts'])}")

        if args.profile:
            print("\nprofile of one History-tab load (keeper open → first paint):")
            print(history_tab(path, 1, profile=True)[1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\ntotal run time {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
