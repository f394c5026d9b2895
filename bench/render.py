"""Benchmark: render every phrase of the longest built-in routine, cold and from a warm cache."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.cues import CueOptions, phrases
from hiptimer.core.plan import compile_plan
from hiptimer.core.routine_load import builtin_routines
from hiptimer.speech import CueCache, RenderResult, VoiceSettings

RUNS = 3


def longest_routine_phrases() -> tuple[str, list[str]]:
    plans = [compile_plan(r) for r in builtin_routines(builtin_catalog())]
    longest = max(plans, key=lambda p: len(phrases(p, CueOptions())))
    return longest.routine.name, sorted(phrases(longest, CueOptions()))


def timed_render(folder: Path, texts: list[str]) -> tuple[float, RenderResult]:
    begin = time.perf_counter()
    result = CueCache(folder, VoiceSettings()).render(texts)
    return time.perf_counter() - begin, result


def main() -> None:
    name, texts = longest_routine_phrases()
    print(f"routine: {name}; phrases: {len(texts)}")
    cold: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(RUNS):
            seconds, result = timed_render(Path(tmp) / f"cold{run}", texts)
            assert result.error is None and not result.failed, (result.error, result.failed)
            cold.append(seconds)
        warm = [timed_render(Path(tmp) / "cold0", texts)[0] for _ in range(RUNS)]
        sound = sum(clip.length for clip in result.clips.values())
    print(f"seconds of speech: {sound:.1f}")
    print(f"cold render (fresh cache): median {statistics.median(cold):.3f} s, "
          f"runs {', '.join(f'{s:.3f}' for s in cold)}")
    print(f"warm render (all hits):    median {statistics.median(warm) * 1000:.1f} ms "
          f"of {RUNS} runs")


if __name__ == "__main__":
    main()
