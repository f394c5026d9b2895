"""The arithmetic of the sink benchmark: dating recorded samples, finding sound onsets, matching
them to the cues that were due, and the figures. No audio, no Qt: checked on synthetic
recordings by tests/bench/.
"""

from __future__ import annotations

import bisect
import itertools
import math
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from hiptimer.speech.audio import read_audio

FULL_SCALE = 32767
DRIFT_SPAN_S = 120.0
STEP_S = 0.002
NEIGHBOURS = 6  # windows either side that can date a window read late


class SampleClock:
    """The ``time.monotonic()`` time of each recorded sample.

    The recorder notes when it read each block of samples. Every sample of a block was in the
    monitor by then, so ``read_at - samples_so_far / rate`` bounds the time of sample 0 from
    above; the smallest bound in a short window (the lower envelope) is the estimate, late by
    the fastest delivery seen. It is taken per ``window_s``, not once for the recording: the
    sink's sample clock does not keep time with the monotonic clock (the null sink here plays
    about 240 ppm more samples than it should, by a rate that changes as clients come and go),
    and lost samples (the recorder fell behind) would shift everything after them. A window
    whose fastest read came late (a busy machine stalled the recorder, up to 1.4 s seen) takes
    the dating its neighbours give it instead, when that is earlier and no samples were lost
    between them. The samples of a stall are dated by the window they were read in: late by
    the sink's drift over the stall (0.3 ms for 1.4 s).

    ``drift_ppm``: how much faster than its rate the sink played, against the monotonic clock.
    ``steps``: the places where the estimate jumped by more than 2 ms (lost samples).
    """

    def __init__(self, ends: Sequence[int], reads: Sequence[float], rate: int,
                 window_s: float = 0.5) -> None:
        if not ends:
            raise ValueError("nothing was recorded")
        self.rate = rate
        self._ends = list(ends)
        self._bins = [int((r - reads[0]) / window_s) for r in reads]
        lows: dict[int, float] = {}
        for end, read, b in zip(ends, reads, self._bins, strict=True):
            lows[b] = min(lows.get(b, math.inf), read - end / rate)
        keys = sorted(lows)
        self._origins = {b: min([lows[b], *self._between(lows, keys, i)])
                         for i, b in enumerate(keys)}
        moves = [(self._origins[b] - self._origins[a], (b - a) * window_s)
                 for a, b in itertools.pairwise(keys)]
        self.steps = sum(abs(move) > STEP_S for move, _ in moves)
        kept = [(move, span) for move, span in moves if abs(move) <= STEP_S]
        self.drift_ppm = -sum(m for m, _ in kept) / sum(s for _, s in kept) * 1e6 if kept else 0.0

    @staticmethod
    def _between(lows: dict[int, float], keys: list[int], i: int) -> Iterator[float]:
        """The datings of window ``keys[i]`` that pairs of windows around it give, each pair
        within ``NEIGHBOURS`` and with no lost samples between them."""
        b = keys[i]
        for p in keys[max(0, i - NEIGHBOURS):i]:
            for q in keys[i + 1:i + 1 + NEIGHBOURS]:
                if abs(lows[q] - lows[p]) < STEP_S:
                    yield lows[p] + (lows[q] - lows[p]) * (b - p) / (q - p)

    def time_of(self, sample: int) -> float:
        block = min(bisect.bisect_left(self._ends, sample + 1), len(self._ends) - 1)
        return self._origins[self._bins[block]] + sample / self.rate


def click_offset(due: Sequence[float], heard: Sequence[float]) -> tuple[float, float]:
    """Seconds from the dating of a calibration click to when it was due (to be subtracted
    from every dating), as the median over the clicks, and their spread: max - min, leaving
    out the highest and the lowest (a click that came late because the calibration stream ran
    dry, on a busy machine).

    Raises:
        ValueError: fewer than half of the clicks were heard within 200 ms of their time.
    """
    offsets = []
    for at in due:
        i = bisect.bisect_left(heard, at - 0.2)
        if i < len(heard) and heard[i] < at + 0.2:
            offsets.append(heard[i] - at)
    if not offsets or len(offsets) < len(due) / 2:
        raise ValueError(f"calibration: {len(offsets)} of {len(due)} clicks were heard")
    middle = sorted(offsets)[1:-1] if len(offsets) >= 5 else offsets
    return statistics.median(offsets), max(middle) - min(middle)


def find_onsets(samples: Sequence[int], rate: int, threshold: float = 0.02,
                gap_s: float = 0.03) -> list[int]:
    """Indexes of the samples where sound begins: louder than ``threshold`` (of full scale)
    after at least ``gap_s`` seconds no louder than it."""
    limit = threshold * FULL_SCALE
    gap = gap_s * rate
    chunk = 256
    found: list[int] = []
    last_loud = -math.inf
    for start in range(0, len(samples), chunk):
        part = samples[start:start + chunk]
        if max(part) <= limit and -min(part) <= limit:
            continue  # most of a recording is silence: skipped at C speed
        loud = [j for j, v in enumerate(part) if abs(v) > limit]
        for j in loud:
            if start + j - last_loud > gap:
                found.append(start + j)
            last_loud = start + j
    return found


def clip_onset(path: Path, threshold: float = 0.02, gain: float = 1.0) -> float:
    """Seconds from a clip's first sample to its first sample above ``threshold`` when played
    at ``gain`` (0 if it never gets that loud)."""
    pcm = read_audio(path)
    limit = threshold * FULL_SCALE / gain
    first = next((i for i, v in enumerate(pcm.samples) if abs(v) > limit), 0)
    return first // pcm.channels / pcm.rate


@dataclass(frozen=True)
class Cue:
    """A cue as the session scheduled it: ``due`` on the monotonic clock, ``position`` in
    session seconds; ``length`` and ``onset`` are its clip's, in seconds."""

    due: float
    position: float
    kind: str
    text: str
    length: float
    onset: float


@dataclass(frozen=True)
class Group:
    """Cues due together (a beep and the word it leads), heard as one onset."""

    cues: tuple[Cue, ...]
    quiet_before: float  # seconds since the previous sound was due to end

    @property
    def due(self) -> float:
        return self.cues[0].due

    @property
    def position(self) -> float:
        return self.cues[0].position

    @property
    def end(self) -> float:
        return max(c.due + c.length for c in self.cues)

    @property
    def expected(self) -> float:
        """When the first sound above the threshold is due."""
        return min(c.due + c.onset for c in self.cues)

    @property
    def label(self) -> str:
        """The kinds, beeps first: 'beep_tick+countdown'."""
        kinds = sorted({c.kind for c in self.cues}, key=lambda k: (not k.startswith("beep"), k))
        return "+".join(kinds)

    @property
    def beep_led(self) -> bool:
        return any(c.kind.startswith("beep") for c in self.cues)


def group_cues(cues: Sequence[Cue], together_s: float = 0.005) -> list[Group]:
    """Cues in order of their deadline, those due within ``together_s`` of each other as one."""
    groups: list[list[Cue]] = []
    for cue in sorted(cues, key=lambda c: c.due):
        if groups and cue.due - groups[-1][0].due <= together_s:
            groups[-1].append(cue)
        else:
            groups.append([cue])
    result: list[Group] = []
    sound_end = -math.inf
    for members in groups:
        group = Group(tuple(members), members[0].due - sound_end)
        result.append(group)
        sound_end = max(sound_end, group.end)
    return result


def is_clean(groups: Sequence[Group], index: int, before_s: float = 0.2,
             after_s: float = 0.4) -> bool:
    """Whether a group's onset can be told apart: no other sound is due to play from
    ``before_s`` before it until ``after_s`` after."""
    group = groups[index]
    if group.quiet_before < before_s:
        return False
    return index + 1 == len(groups) or groups[index + 1].due - group.due >= after_s


def match(groups: Sequence[Group], onsets: Sequence[float], early_s: float = 0.15,
          late_s: float = 0.4) -> list[float | None]:
    """Each group's error in seconds (the first onset heard from ``early_s`` before its
    expected onset to ``late_s`` after, minus the expected), or None if none was heard."""
    errors: list[float | None] = []
    for group in groups:
        expected = group.expected
        i = bisect.bisect_left(onsets, expected - early_s)
        heard = i < len(onsets) and onsets[i] <= expected + late_s
        errors.append(onsets[i] - expected if heard else None)
    return errors


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank ``p``-th percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The least-squares slope of ys against xs (0 with fewer than two distinct xs)."""
    if len(set(xs)) < 2:
        return 0.0
    return statistics.linear_regression(xs, ys).slope


@dataclass(frozen=True)
class Figures:
    """Errors in ms of one set of cues; drift in ms per 10 minutes of session, when they
    span at least ``DRIFT_SPAN_S`` of it."""

    n: int
    median: float
    median_abs: float
    p95_abs: float
    max_abs: float
    drift: float | None

    @classmethod
    def of(cls, positions: Sequence[float], errors_ms: Sequence[float]) -> Figures:
        magnitudes = [abs(e) for e in errors_ms]
        spans = max(positions) - min(positions) >= DRIFT_SPAN_S
        return cls(len(errors_ms), statistics.median(errors_ms), statistics.median(magnitudes),
                   percentile(magnitudes, 95), max(magnitudes),
                   slope(positions, errors_ms) * 600 if spans else None)


def per_minute(positions: Sequence[float], errors_ms: Sequence[float]) -> dict[int, float]:
    """The mean error in each minute of the session that has any."""
    by_minute: dict[int, list[float]] = {}
    for position, error in zip(positions, errors_ms, strict=True):
        by_minute.setdefault(int(position // 60), []).append(error)
    return {minute: statistics.mean(errors) for minute, errors in sorted(by_minute.items())}
