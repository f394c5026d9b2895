"""The mixer and the output clock: each sound starts at the sample of its deadline, sounds
that meet are added, and the clock follows the output through its jitter and its gaps."""

from __future__ import annotations

import itertools
import math
from array import array

from hypothesis import given
from hypothesis import strategies as st

from hiptimer.core.mixer import (
    FADE_S,
    LATE_LIMIT_S,
    Event,
    Mixer,
    Outcome,
    OutputClock,
    to_stream,
)

RATE = 1000  # one sample a millisecond keeps the arithmetic readable
ZERO = 100.0  # sample 0 sounds at this monotonic time in most tests


def clock_at(zero: float = ZERO, rate: int = RATE) -> OutputClock:
    clock = OutputClock(rate)
    clock.observe(zero, 0)
    return clock


def tone(length: int, value: int = 1000) -> array[int]:
    return array("h", [value] * length)


def render_all(mixer: Mixer, clock: OutputClock, blocks: list[int]
               ) -> tuple[array[int], list[Event]]:
    samples: array[int] = array("h")
    events: list[Event] = []
    for count in blocks:
        data, new = mixer.render(count, clock)
        assert len(data) == 2 * count
        samples.frombytes(data)
        events += new
    return samples, events


def onsets(samples: array[int]) -> list[int]:
    return [i for i, s in enumerate(samples) if s and (i == 0 or not samples[i - 1])]


def mixer_with(sounds: dict[str, array[int]], clip_set: str = "session") -> Mixer:
    mixer = Mixer(RATE)
    mixer.add(clip_set, sounds)
    return mixer


@given(st.lists(st.integers(1, 97), min_size=30, max_size=30),
       st.floats(0.05, 0.9))
def test_a_sound_starts_on_the_sample_of_its_deadline_whatever_the_blocks(
        blocks: list[int], due_in: float) -> None:
    mixer = mixer_with({"beep": tone(20)})
    mixer.schedule("session", [(ZERO + due_in, "beep")], now=ZERO)
    samples, events = render_all(mixer, clock_at(), blocks)
    if len(samples) < round(due_in * RATE) + 20:
        return  # the blocks did not reach it
    assert onsets(samples) == [round(due_in * RATE)]
    assert events == [Event(Outcome.PLAYED, "session", "beep", ZERO + due_in,
                            ZERO + round(due_in * RATE) / RATE)]


def test_silence_between_cues_is_zeros_and_costs_no_mixing() -> None:
    mixer = mixer_with({"beep": tone(20)})
    data, events = mixer.render(500, clock_at())
    assert data == bytes(1000) and events == []


def test_sounds_due_together_are_added_and_clipped_not_raced() -> None:
    mixer = mixer_with({"beep": tone(10, 20_000), "word": tone(30, 15_000)})
    mixer.schedule("session", [(ZERO + 0.1, "beep"), (ZERO + 0.1, "word")], now=ZERO)
    samples, events = render_all(mixer, clock_at(), [64, 64, 64])
    assert samples[100:110] == tone(10, 32767)  # 35 000 is clipped at full scale
    assert samples[110:130] == tone(20, 15_000)
    assert {e.name for e in events} == {"beep", "word"}
    assert {e.at for e in events} == {ZERO + 0.1}


def test_a_resent_item_plays_once_and_a_moved_one_again() -> None:
    mixer = mixer_with({"beep": tone(5)})
    clock = clock_at()
    mixer.schedule("session", [(ZERO + 0.05, "beep")], now=ZERO)
    render_all(mixer, clock, [100])
    mixer.schedule("session", [(ZERO + 0.052, "beep"), (ZERO + 0.15, "beep")], now=ZERO + 0.1)
    samples, events = render_all(mixer, clock, [100])
    assert [e.deadline for e in events] == [ZERO + 0.15]  # within 5 ms: the same item
    assert onsets(samples) == [50]


def test_cancel_drops_what_waits_and_fades_out_what_plays() -> None:
    mixer = mixer_with({"long": tone(400, 10_000), "later": tone(10)})
    clock = clock_at()
    mixer.schedule("session", [(ZERO, "long"), (ZERO + 0.3, "later")], now=ZERO)
    render_all(mixer, clock, [100])
    mixer.cancel("session")
    samples, events = render_all(mixer, clock, [100, 200])
    fade = round(FADE_S * RATE)
    assert events == []
    assert list(samples[:fade]) == sorted(samples[:fade], reverse=True)  # no click
    assert 0 < samples[0] <= 10_000 and not any(samples[fade:])


def test_a_late_item_plays_at_once_if_barely_late_and_is_dropped_if_not() -> None:
    mixer = mixer_with({"beep": tone(5)})
    clock = clock_at()
    render_all(mixer, clock, [500])  # the stream is 500 ms ahead of sample 0
    barely, very = ZERO + 0.5 - LATE_LIMIT_S / 2, ZERO + 0.5 - 2 * LATE_LIMIT_S
    mixer.schedule("session", [(very, "beep"), (barely, "beep")], now=ZERO)
    samples, events = render_all(mixer, clock, [100])
    assert [(e.outcome, e.deadline) for e in events] == [(Outcome.LATE, very),
                                                         (Outcome.PLAYED, barely)]
    assert events[1].at == ZERO + 0.5 and onsets(samples) == [0]


def test_the_stream_made_again_from_an_earlier_sample_places_the_new_items_exactly() -> None:
    # A stream written 300 ms ahead; a cue comes for 150 ms, inside what was written: the
    # output takes back from 100 ms on, and the stream is made again from there.
    mixer = mixer_with({"long": tone(120, 3000), "beep": tone(5), "later": tone(5, 500)})
    clock = clock_at()
    mixer.schedule("session", [(ZERO + 0.05, "long"), (ZERO + 0.2, "later")], now=ZERO)
    first, placed = render_all(mixer, clock, [300])
    items = [(ZERO + 0.15, "beep"), (ZERO + 0.2, "later")]
    mixer.schedule("session", items[1:], now=ZERO + 0.05)
    assert mixer.first_waiting() is None  # placed already
    mixer.schedule("session", items, now=ZERO + 0.05)
    assert mixer.first_waiting() == ZERO + 0.15
    mixer.seek(100)
    again, events = render_all(mixer, clock, [200])
    stream = first[:100] + again
    assert stream[50:150] + stream[155:170] == tone(115, 3000)  # playing across the seek
    assert stream[150:155] == tone(5, 4000) and stream[200:205] == tone(5, 500)
    assert not any(stream[170:200]) and not any(stream[205:])
    assert [(e.name, e.at) for e in placed + events] == [
        ("long", ZERO + 0.05), ("later", ZERO + 0.2), ("beep", ZERO + 0.15),
        ("later", ZERO + 0.2)]  # the second "later" replaces the first, taken back


def test_a_seek_back_forgets_a_cancelled_sets_sounds_and_a_seek_ahead_makes_items_late(
        ) -> None:
    mixer = mixer_with({"beep": tone(5)})
    clock = clock_at()
    mixer.schedule("session", [(ZERO + 0.2, "beep"), (ZERO + 0.35, "beep")], now=ZERO)
    render_all(mixer, clock, [300])
    assert mixer.sounding(100, "session") and not mixer.sounding(205, "session")
    mixer.seek(100)
    mixer.cancel("session")
    samples, events = render_all(mixer, clock, [300])
    assert not any(samples) and events == []
    mixer.schedule("session", [(ZERO + 0.45, "beep"), (ZERO + 0.7, "beep")], now=ZERO + 0.4)
    mixer.seek(mixer.frame + 350)  # the output ran dry and skipped ahead to 750 ms
    _, events = render_all(mixer, clock, [100])
    assert [(e.outcome, e.deadline) for e in events] == [(Outcome.LATE, ZERO + 0.45),
                                                         (Outcome.PLAYED, ZERO + 0.7)]
    assert events[1].at == ZERO + 0.75  # late by no more than the gap


def test_a_missing_sound_is_told_once_and_the_rest_still_play() -> None:
    mixer = mixer_with({"beep": tone(5)})
    items = [(ZERO + 0.01 * i, "Up." if i % 2 else "beep") for i in range(1, 9)]
    mixer.schedule("session", items, now=ZERO)
    samples, events = render_all(mixer, clock_at(), [200])
    assert [e for e in events if e.outcome is Outcome.MISSING] == [
        Event(Outcome.MISSING, "session", "Up.", ZERO + 0.01)]
    assert onsets(samples) == [20, 40, 60, 80]


def test_sets_are_independent_and_a_loading_set_keeps_its_items() -> None:
    mixer = mixer_with({"Get ready.": tone(10)})
    mixer.expect("voice sample")
    mixer.schedule("voice sample", [(ZERO + 0.2, "sample")], now=ZERO)
    mixer.schedule("session", [(ZERO + 0.1, "Get ready."), (ZERO + 0.3, "Get ready.")],
                   now=ZERO)
    clock = clock_at()
    _, events = render_all(mixer, clock, [150])
    mixer.add("voice sample", {"sample": tone(10, 2000)})  # replaces nothing of the session's
    samples, more = render_all(mixer, clock, [250])
    assert [(e.clip_set, e.name) for e in events + more] == [
        ("session", "Get ready."), ("voice sample", "sample"), ("session", "Get ready.")]
    assert onsets(samples) == [50, 150] and samples[50] == 2000
    mixer.remove("voice sample")
    assert mixer.sets == ["session"] and mixer.loaded("session")


def test_nothing_is_placed_before_the_output_has_been_seen() -> None:
    mixer = mixer_with({"beep": tone(5)})
    clock = OutputClock(RATE)
    mixer.schedule("session", [(ZERO + 0.4, "beep")], now=ZERO)
    data, events = mixer.render(100, clock)  # the output has not started
    assert data == bytes(200) and events == []
    clock.observe(ZERO + 0.1, 0)  # it starts: sample 0 sounds at 100.1
    samples, events = render_all(mixer, clock, [400])
    assert onsets(samples) == [200] and events[0].at == ZERO + 0.3 + 0.1


def test_the_clock_keeps_the_earliest_reading_through_jitter() -> None:
    clock = OutputClock(RATE, latency_frames=30)
    for i in range(200):  # the output takes 10 samples every 10 ms; readings come 0-9 ms late
        now = ZERO + i * 0.01 + (i * 7 % 10) / 1000
        clock.observe(now, 10 * (i + 1))
    # sample 0 was taken 10 ms before the first reading, and sounds 30 ms after that
    assert clock.frame_at(ZERO + 2.0) == round((2.0 + 0.01 - 0.03) * RATE)
    assert math.isclose(clock.time_of(1000), ZERO - 0.01 + 0.03 + 1.0)


def test_the_clock_follows_a_gap_in_the_output_once_it_lasts() -> None:
    clock = OutputClock(RATE, window_s=2.0, recent_s=0.5, jump_s=0.010)
    for i in range(100):
        clock.observe(ZERO + i * 0.01, 10 * i)
    before = clock.frame_at(ZERO + 3)
    clock.observe(ZERO + 1.0 + 0.05, 10 * 100)  # one reading 50 ms late: a slow reader
    assert clock.frame_at(ZERO + 3) == before
    for i in range(100, 170):  # the output stalled 50 ms: every later sample sounds later
        clock.observe(ZERO + 0.05 + i * 0.01, 10 * i)
    assert clock.frame_at(ZERO + 3) == before - 50
    clock.reset()
    assert not clock.known


def test_stereo_and_other_rates_become_mono_at_the_stream_rate() -> None:
    stereo = array("h", [100, 300, -100, -300] * 4)
    assert to_stream(stereo, 2, 22_050, 22_050) == array("h", [200, -200] * 4)
    wave = array("h", (round(10_000 * math.sin(2 * math.pi * 441 * i / 44_100))
                       for i in range(44_100)))
    half = to_stream(wave, 1, 44_100, 22_050)
    assert len(half) == 22_050
    crossings = sum(1 for a, b in itertools.pairwise(half) if a < 0 <= b)
    assert crossings in (440, 441)  # still 441 Hz
    assert max(half) > 9_900
