"""The Routines tab's advice at ten years of daily use: what the window does at launch and each
time a routine is chosen.

Builds the ten-year history of ``bench/history.py`` (3,650 sessions, "this hurts" in about one
in twenty-five, so their pain events too) in a temporary folder, then times, as medians over
the runs:

1. reading the person as a whole (``Coach.person``): the last 35 days' "this hurts", scores and
   exercises done, and the flare found in them;
2. one routine's advice (``Coach.suggestion_for`` without the page): its last two months of
   sessions, its last two records whole, and ``suggest``;

for each built-in routine, and prints the slowest.

    .venv/bin/python bench/advice.py [--runs 15]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.history import ten_years  # noqa: E402
from hiptimer.core.catalog import builtin_catalog  # noqa: E402
from hiptimer.core.flare import Hurt, Scores, find_flare  # noqa: E402
from hiptimer.core.plan import compile_plan  # noqa: E402
from hiptimer.core.progression import Person, SessionPain, suggest  # noqa: E402
from hiptimer.core.record import Outcome  # noqa: E402
from hiptimer.core.routine_load import builtin_routines  # noqa: E402
from hiptimer.store.history import HistoryStore  # noqa: E402
from hiptimer.store.keeper import HistoryKeeper  # noqa: E402


def person(keeper: HistoryKeeper, now: datetime) -> Person:
    first = now.date() - timedelta(days=35)
    hurts = tuple(Hurt(e.at, e.exercise_id, e.side) for e in keeper.pain_events(first))
    scores = [Scores.of(s) for s in keeper.summaries(first=first)
              if s.outcome is not Outcome.RUNNING]
    return Person(now, hurts, frozenset(keeper.work_done(first=first)),
                  find_flare(scores, hurts, now))


def advice(keeper: HistoryKeeper, routine_id: str, who: Person) -> object:
    recent = [s for s in keeper.summaries(routine_id, first=who.now.date() - timedelta(days=60))
              if s.outcome is not Outcome.RUNNING]
    sessions = [SessionPain.from_record(r) for r in keeper.records(s.uid for s in recent[:2])]
    return suggest(ROUTINES[routine_id], sessions, CATALOG, who)


def median_ms(action: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


CATALOG = builtin_catalog()
ROUTINES = {r.id: r for r in builtin_routines(CATALOG)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hiptimer-advice-"))
    path = folder / "history.sqlite3"
    plans = {r.id: compile_plan(r) for r in ROUTINES.values()}
    records = ten_years(plans, random.Random(13))
    store = HistoryStore.open(path)
    for record in records:
        store.save(record)
    store.close()
    events = sum(len(r.pain_events) for r in records)
    keeper = HistoryKeeper(path)
    keeper.open()
    now = datetime.now().astimezone()
    who = person(keeper, now)
    print(f"history: {len(records)} sessions, {events} \u201cthis hurts\u201d")
    print(f"person (hurts, scores, work done, flare): "
          f"{median_ms(lambda: person(keeper, now), args.runs):.1f} ms median")
    slowest = max((median_ms(lambda r=r: advice(keeper, r, who), args.runs), r) for r in plans)
    print(f"one routine's advice, slowest of {len(plans)}: {slowest[0]:.1f} ms median "
          f"({slowest[1]})")
    keeper.close()
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
