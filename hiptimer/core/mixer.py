"""Cue sounds mixed into one continuous output stream, each placed at the sample of its deadline.

The output stream plays silence between cues, so nothing ever waits for a device to start or
wake. ``OutputClock`` learns when each sample of the stream will reach the speaker, from how
many samples the output had taken at which time; ``Mixer`` keeps the sounds and the items due,
and renders the stream block by block, starting each sound at the sample of its deadline. Two
sounds due at once are added together, never raced. Pure Python: tested with a fake clock.
"""

from __future__ import annotations

import bisect
from array import array
from collections import deque
from dataclasses import dataclass
from enum import Enum

RATE = 22_050  # samples a second: the speech engine's own rate, so speech is never resampled
SAME_ITEM_S = 0.005  # a resent item within this of one already handled is that item
FORGET_S = 10.0  # handled items are remembered this long, to ignore resends
LATE_LIMIT_S = 0.25  # an item found later than this is dropped; less late, it plays at once
FADE_S = 0.005  # a cancelled sound fades out over this, so that it stops without a click
KEEP_S = 2.0  # a sound is kept this long after its end, in case the stream is made again

def to_stream(samples: array[int], channels: int, rate: int, stream_rate: int = RATE
              ) -> array[int]:
    """Interleaved 16-bit samples as mono at ``stream_rate`` (channels averaged, linear
    interpolation). Runs once per clip when it is loaded, never while the stream plays."""
    mono = samples
    if channels > 1:
        frames = [samples[c::channels] for c in range(channels)]
        mono = array("h", (sum(frame) // channels for frame in zip(*frames, strict=False)))
    if rate == stream_rate or not mono:
        return array("h", mono)
    count = max(1, len(mono) * stream_rate // rate)
    step = rate / stream_rate
    last = len(mono) - 1
    out = array("h", bytes(2 * count))
    for i in range(count):
        x = i * step
        j = min(int(x), last)
        k = min(j + 1, last)
        out[i] = round(mono[j] + (mono[k] - mono[j]) * (x - j))
    return out


class OutputClock:
    """When each sample of the stream sounds, on the monotonic clock.

    The output is told how many samples it had ``taken`` (handed on to the sound server) at a
    time ``now``; a sample it takes sounds ``latency_frames`` later. A single observation is
    late by up to one of the server's requests (the taking happens in bursts, and the reading
    may come later still), so the clock keeps the earliest of the last ``window_s`` seconds.
    A gap in the output (it ran dry, the machine slept) moves every later sample: when the
    recent observations all sit later than the window's best by more than ``jump_s``, the
    older ones are forgotten.
    """

    def __init__(self, rate: int = RATE, latency_frames: int = 0, *, window_s: float = 2.0,
                 recent_s: float = 0.5, jump_s: float = 0.010) -> None:
        self.rate = rate
        self.latency_s = latency_frames / rate
        self._window_s = window_s
        self._recent_s = recent_s
        self._jump_s = jump_s
        self._seen: deque[tuple[float, float]] = deque()  # (now, when sample 0 was taken)

    def observe(self, now: float, taken: int) -> None:
        seen = self._seen
        seen.append((now, now - taken / self.rate))
        while seen[0][0] < now - self._window_s:
            seen.popleft()
        recent = [origin for at, origin in seen if at >= now - self._recent_s]
        if len(recent) < len(seen) and (min(recent) - min(o for _, o in seen) > self._jump_s):
            while seen[0][0] < now - self._recent_s:
                seen.popleft()

    def reset(self) -> None:
        """Forget every observation: the output starts again from nothing."""
        self._seen.clear()

    @property
    def known(self) -> bool:
        return bool(self._seen)

    def _zero(self) -> float:
        """When sample 0 sounds (or would have)."""
        return min(origin for _, origin in self._seen) + self.latency_s

    def frame_at(self, t: float) -> int:
        """The sample that sounds at monotonic time ``t``."""
        return round((t - self._zero()) * self.rate)

    def time_of(self, frame: int) -> float:
        """When sample ``frame`` sounds, on the monotonic clock."""
        return self._zero() + frame / self.rate


class Outcome(str, Enum):
    PLAYED = "played"  # started; ``at`` is when its first sample sounds
    LATE = "late"  # found too late to start near its deadline: dropped
    MISSING = "missing"  # no sound of that name in its set


@dataclass(frozen=True)
class Event:
    outcome: Outcome
    clip_set: str
    name: str
    deadline: float
    at: float = 0.0


@dataclass
class _Voice:
    clip_set: str
    name: str
    deadline: float
    samples: array[int]
    start: int  # the stream sample its first sample goes to
    end: int


class Mixer:
    """Named sets of sounds, the items due from each set, and the stream they make.

    A set's items are replaced by each ``schedule`` for that set; items already played (or
    dropped) are recognised when sent again and not repeated. ``render`` makes the next block;
    ``seek`` makes the stream again from an earlier sample (or skips ahead), for an output that
    can take back what it was given and not yet played.
    """

    def __init__(self, rate: int = RATE) -> None:
        self.rate = rate
        self.frame = 0  # the next sample render() makes
        self._sets: dict[str, dict[str, array[int]] | None] = {}  # None: still loading
        self._pending: dict[str, list[tuple[float, str]]] = {}
        self._voices: list[_Voice] = []
        self._handled: list[tuple[float, str, str]] = []  # (deadline, set, name)
        self._missing: set[tuple[str, str]] = set()  # reported already

    # --- sets ------------------------------------------------------------------------------

    def expect(self, clip_set: str) -> None:
        """``clip_set`` is being loaded: keep its items waiting until it is."""
        self._sets[clip_set] = None

    def add(self, clip_set: str, sounds: dict[str, array[int]]) -> None:
        """Use ``sounds`` for ``clip_set`` (replacing its old ones); other sets are untouched."""
        self._sets[clip_set] = dict(sounds)
        self._missing = {key for key in self._missing if key[0] != clip_set}

    def remove(self, clip_set: str) -> None:
        self._sets.pop(clip_set, None)
        self.cancel(clip_set)

    def loaded(self, clip_set: str) -> bool:
        return self._sets.get(clip_set) is not None

    @property
    def sets(self) -> list[str]:
        return list(self._sets)

    @property
    def busy(self) -> bool:
        """Something is sounding or waiting to."""
        return self.sounding(self.frame) or any(self._pending.values())

    def sounding(self, frame: int, clip_set: str | None = None) -> bool:
        """Some sound (of ``clip_set``, if given) has samples at or after ``frame``."""
        return any(v.end > frame for v in self._voices
                   if clip_set is None or v.clip_set == clip_set)

    # --- items -----------------------------------------------------------------------------

    def schedule(self, clip_set: str, items: list[tuple[float, str]], now: float) -> None:
        """From now on, play exactly these (deadline, name) items of ``clip_set``."""
        self._handled = [h for h in self._handled if h[0] >= now - FORGET_S]
        self._pending[clip_set] = sorted(
            (deadline, name) for deadline, name in items
            if not self._was_handled(deadline, clip_set, name))

    def cancel(self, clip_set: str) -> None:
        """Drop the set's waiting items and fade out its sounds already playing."""
        self._pending.pop(clip_set, None)
        fade = max(1, round(FADE_S * self.rate))
        for voice in self._voices:
            if voice.clip_set == clip_set and voice.end > self.frame + fade:
                done = max(0, self.frame - voice.start)
                tail = voice.samples[done:done + fade]
                voice.samples = voice.samples[:done] + array(
                    "h", (round(s * (fade - i) / fade) for i, s in enumerate(tail)))
                voice.end = voice.start + len(voice.samples)

    def first_waiting(self) -> float | None:
        """The earliest deadline of the items waiting to be placed (of sets loaded)."""
        return min((items[0][0] for clip_set, items in self._pending.items()
                    if items and self.loaded(clip_set)), default=None)

    def _was_handled(self, deadline: float, clip_set: str, name: str) -> bool:
        return any(n == name and s == clip_set and abs(d - deadline) <= SAME_ITEM_S
                   for d, s, n in self._handled)

    # --- the stream ------------------------------------------------------------------------

    def render(self, count: int, clock: OutputClock) -> tuple[bytes, list[Event]]:
        """The next ``count`` samples of the stream, and what started or was dropped in them."""
        start, end = self.frame, self.frame + count
        events = self._start_due(start, end, clock) if clock.known else []
        self.frame = end
        live = [v for v in self._voices if v.start < end and v.end > start]
        keep = end - round(KEEP_S * self.rate)
        self._voices = [v for v in self._voices if v.end > keep]
        if not live:
            return bytes(2 * count), events
        block = array("h", bytes(2 * count))
        for n, voice in enumerate(live):
            lo, hi = max(start, voice.start), min(end, voice.end)
            part = voice.samples[lo - voice.start:hi - voice.start]
            if n == 0:
                block[lo - start:hi - start] = part
            else:  # rare: sounds that overlap are added, clipped at full scale
                here = block[lo - start:hi - start]
                block[lo - start:hi - start] = array(
                    "h", (max(-32768, min(32767, a + b)) for a, b in zip(here, part,
                                                                         strict=True)))
        return block.tobytes(), events

    def seek(self, frame: int) -> None:
        """Make the stream from ``frame`` on: the output dropped what it had from there, or
        skipped to there. Back, a sound that started from ``frame`` on is taken back and its
        item waits again (unless its set was cancelled); ahead, sounds go on from where they
        are, and items passed over are late."""
        if frame < self.frame:
            undone = [v for v in self._voices if v.start >= frame]
            self._voices = [v for v in self._voices if v.start < frame]
            for voice in undone:
                key = (voice.deadline, voice.clip_set, voice.name)
                if key in self._handled:
                    self._handled.remove(key)
                if voice.clip_set in self._pending:
                    bisect.insort(self._pending[voice.clip_set], (voice.deadline, voice.name))
        self.frame = frame

    def _start_due(self, start: int, end: int, clock: OutputClock) -> list[Event]:
        events: list[Event] = []
        for clip_set, items in self._pending.items():
            sounds = self._sets.get(clip_set)
            if sounds is None:
                continue  # still loading (or gone): its items wait
            while items and (frame := clock.frame_at(items[0][0])) < end:
                deadline, name = items.pop(0)
                event = self._start(clip_set, sounds, name, deadline, frame, start, clock)
                if event is not None:
                    events.append(event)
        return events

    def _start(self, clip_set: str, sounds: dict[str, array[int]], name: str, deadline: float,
               frame: int, start: int, clock: OutputClock) -> Event | None:
        self._handled.append((deadline, clip_set, name))
        sound = sounds.get(name)
        if sound is None:  # told once per name: the same cue may come many times
            if (clip_set, name) in self._missing:
                return None
            self._missing.add((clip_set, name))
            return Event(Outcome.MISSING, clip_set, name, deadline)
        if frame < start and (start - frame) / self.rate > LATE_LIMIT_S:
            return Event(Outcome.LATE, clip_set, name, deadline, clock.time_of(start))
        at = max(frame, start)
        voice = _Voice(clip_set, name, deadline, sound, at, at + len(sound))
        bisect.insort(self._voices, voice, key=lambda v: v.start)
        return Event(Outcome.PLAYED, clip_set, name, deadline, clock.time_of(at))
