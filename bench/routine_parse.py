"""Time and peak memory to read routine files, from a physiotherapist's programme to the worst
a 256 KiB file can hold: medians of several runs, and what the file came to.

    python bench/routine_parse.py
"""

from __future__ import annotations

import re
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hiptimer.core.catalog import builtin_catalog  # noqa: E402
from hiptimer.core.review import preview  # noqa: E402
from hiptimer.core.routine_file import MAX_BYTES, read_routine_text  # noqa: E402
from hiptimer.core.routine_load import RoutineFileError  # noqa: E402

HEADER = 'format = "hiptimer-routine"\nversion = 2\nid = "b"\nname = "B"\n'
DOC = (ROOT / "docs" / "routine-format.md").read_text(encoding="utf-8")
EXAMPLE = re.findall(r"```toml\n(.*?)```", DOC, re.S)[0]
LARGEST = HEADER + ('[[block]]\nexercise = "clamshell"\nreps = 50\nsets = 10\n'
                    'sides = "each"\n') * 200
MANY_BLOCKS = HEADER + ('[[block]]\nexercise = "bridge"\n' * (MAX_BYTES // 40))[
    : MAX_BYTES - len(HEADER) - 1]
CASES = {
    "the example programme": EXAMPLE,
    "200 blocks of 10 × 50 reps (refused)": LARGEST,
    "a 41 KB dotted key (refused before reading)": HEADER + "a" + ".a" * 20_990 + " = 1\n",
    "an 81 KB dotted key (refused before reading)": HEADER + "a" + ".a" * 41_470 + " = 1\n",
    "256 KiB of blocks (refused: too many)": MANY_BLOCKS,
}


def measure(text: str, runs: int = 5) -> tuple[float, float, str]:
    catalog = builtin_catalog()
    times, peaks, outcome = [], [], ""
    for _ in range(runs):
        tracemalloc.start()
        start = time.perf_counter()
        try:
            imported = read_routine_text(text.encode(), catalog, source="bench.toml")
            preview(imported.routine, imported.defaulted)
            outcome = "read"
        except RoutineFileError as exc:
            outcome = f"refused: {exc.problem[:60]}"
        times.append(time.perf_counter() - start)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(times) * 1000, statistics.median(peaks) / 1e6, outcome


def main() -> None:
    print(f"{'file':48} {'size':>8} {'median ms':>10} {'peak MB':>8}  outcome")
    for name, text in CASES.items():
        ms, mb, outcome = measure(text)
        print(f"{name:48} {len(text.encode()) / 1024:7.0f}K {ms:10.1f} {mb:8.1f}  {outcome}")


if __name__ == "__main__":
    main()
