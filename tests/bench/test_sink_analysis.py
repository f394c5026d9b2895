"""The sink benchmark's arithmetic on a synthetic recording whose truth is known."""

from __future__ import annotations

import math
import wave
from array import array
from pathlib import Path

import pytest

from bench.sink_analysis import (
    Cue,
    Figures,
    SampleClock,
    click_offset,
    clip_onset,
    find_onsets,
    group_cues,
    is_clean,
    match,
    per_minute,
)

RATE = 8000


def tone(n: int, peak: float = 0.5) -> list[int]:
    """A 440 Hz sine: it crosses zero every few samples, which must not count as onsets."""
    return [round(peak * 32767 * math.sin(2 * math.pi * 440 * i / RATE)) for i in range(n)]


def recording(starts: list[int], length: int = RATE // 5, total: int = 10 * RATE) -> array[int]:
    samples = array("h", bytes(2 * total))
    for start in starts:
        samples[start:start + length] = array("h", tone(length))
    return samples


def test_onsets_are_the_starts_of_sounds_after_quiet() -> None:
    starts = [RATE, 3 * RATE + 17, 3 * RATE + RATE // 5 + RATE // 100, 7 * RATE]
    # The third follows the second after 10 ms of quiet: too short a gap to be a new onset.
    found = find_onsets(recording(starts), RATE, threshold=0.02, gap_s=0.03)
    assert found == [RATE + 1, 3 * RATE + 18, 7 * RATE + 1]  # sin(0) is silent


def test_samples_are_dated_by_the_fastest_reads_though_the_sink_runs_fast_and_loses_some(
        ) -> None:
    origin, block, fast = 100.0, 40, 240e-6  # the sink plays 240 ppm more than RATE
    lost_at, lost = 1000, 400  # 50 ms never came
    slow = [*range(1500, 1600), *range(2740, 2840)]  # 0.5 s read late, twice

    def truth(sample: int) -> float:
        return origin + (sample + (lost if sample >= lost_at * block - lost else 0)) / (
            RATE * (1 + fast))

    stall = range(2500, 2740)  # the recorder is not scheduled for 1.2 s, then reads them all
    ends, reads = [], []
    for k in range(1, 4000):  # 20 s of 5 ms blocks
        end = k * block - (lost if k >= lost_at else 0)
        delay = 0.0004 if k % 7 == 0 and k not in slow else 0.003 + (k % 5) * 0.001
        ends.append(end)
        reads.append(truth(stall[-1] * block - lost) + 0.001 if k in stall else
                     truth(end) + delay)
    clock = SampleClock(ends, reads, RATE, window_s=0.5)
    for sample in (300 * block, 999 * block - 100, 1200 * block, 1550 * block, 2780 * block,
                   3900 * block):
        assert clock.time_of(sample) == pytest.approx(truth(sample) + 0.0004, abs=0.00015)
    # A sample read after the stall is late by the sink's drift over the stall, at most.
    stalled = 2600 * block - lost
    assert clock.time_of(stalled) == pytest.approx(truth(stalled) + 0.0004, abs=0.0003)
    assert clock.steps == 1
    assert clock.drift_ppm == pytest.approx(240, abs=5)


def test_a_clips_onset_is_its_first_sample_above_the_threshold_at_the_played_volume(
        tmp_path: Path) -> None:
    path = tmp_path / "clip.wav"
    samples = array("h", [0] * 80 + [300] * 80 + [3000] * 80)  # 10 ms quiet, 10 ms soft
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(samples.tobytes())
    assert clip_onset(path, threshold=0.02) == pytest.approx(0.02)  # 300 is below 655
    assert clip_onset(path, threshold=0.02, gain=4.0) == pytest.approx(0.01)  # 1200 is not


def cue(due: float, kind: str = "phase", length: float = 0.3, onset: float = 0.0) -> Cue:
    return Cue(due, due - 1000.0, kind, kind, length, onset)


def test_cues_due_together_are_one_onset_led_by_the_beep() -> None:
    groups = group_cues([cue(1012.0, "countdown", onset=0.015),
                         cue(1012.0, "beep_tick", 0.08, 0.0005), cue(1010.0, "get_ready")])
    assert [g.label for g in groups] == ["get_ready", "beep_tick+countdown"]
    assert groups[1].expected == pytest.approx(1012.0005)
    assert groups[1].beep_led and not groups[0].beep_led
    assert groups[0].quiet_before == math.inf
    assert groups[1].quiet_before == pytest.approx(1.7)


def test_only_cues_with_quiet_around_them_are_clean() -> None:
    groups = group_cues([cue(1000.0, length=1.0), cue(1001.1), cue(1003.0), cue(1003.3),
                         cue(1005.0)])
    clean = [is_clean(groups, i) for i in range(len(groups))]
    # 1001.1 follows a sound only 0.1 s after it ends; 1003.0 is followed 0.3 s later,
    # so 1003.3 is heard over it.
    assert clean == [True, False, False, False, True]


def test_each_cue_is_matched_to_the_first_onset_near_it() -> None:
    groups = group_cues([cue(1000.0, onset=0.01), cue(1002.0), cue(1004.0), cue(1006.0)])
    onsets = [1000.045, 1000.3, 1001.9, 1006.5]
    errors = match(groups, onsets, early_s=0.15, late_s=0.4)
    assert errors[0] == pytest.approx(0.035)  # its second word, 1000.3, is not the onset
    assert errors[1] == pytest.approx(-0.1)
    assert errors[2] is None and errors[3] is None  # not heard; heard too late to be it


def test_figures_give_the_drift_of_errors_that_grow_with_session_time() -> None:
    positions = [float(s) for s in range(0, 600, 10)]
    errors = [1.0 + p / 60 for p in positions]  # 1 ms later every minute
    figures = Figures.of(positions, errors)
    assert figures.drift == pytest.approx(10.0)
    assert figures.max_abs == pytest.approx(errors[-1])
    assert figures.n == 60
    assert Figures.of([0.0, 60.0], [1.0, 2.0]).drift is None  # too short a span to say
    assert per_minute(positions[:12], errors[:12]) == pytest.approx(
        {0: 1.0 + 25 / 60, 1: 1.0 + 85 / 60})


def test_the_calibration_is_the_median_offset_of_the_clicks_heard() -> None:
    due = [10.0, 10.3, 10.6, 10.9, 11.2, 11.5]
    # One was heard late (its stream ran dry), and the last not at all.
    heard = [9.0, 9.9952, 10.2946, 10.5948, 10.9349, 11.1950, 13.0]
    offset, spread = click_offset(due, heard)
    assert offset == pytest.approx(-0.0050)
    assert spread == pytest.approx(0.0004)  # leaving out the late one, and the earliest
    with pytest.raises(ValueError, match="2 of 6 clicks"):
        click_offset(due, heard[:3])
