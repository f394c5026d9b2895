"""The audio engine against a simulated output on a fake clock: cues sound on their sample,
a cue for a moment already written is placed by taking the stream back, a cancel silences
at once, and a stream that ran dry skips ahead rather than making everything after late.
(The real outputs on a real server: test_cue_player.py and test_pulse_output.py.)"""

from __future__ import annotations

from array import array

import pytest
from pytestqt.qtbot import QtBot

from hiptimer.core.mixer import LATE_LIMIT_S, RATE
from hiptimer.ui.session.audio_engine import AudioEngine

SINK_S = 0.15  # a sample leaves the server's queue this long before it sounds
AHEAD_S = 0.42  # how far ahead of the speaker the engine is asked to write
TICK_S = 0.04


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class SimulatedStream:
    """A server stream with ``prebuf`` 0: sample k of the stream sounds at ``opened + SINK_S
    + k / RATE`` whatever happens; one written after its time is lost; a flush drops what
    is still queued."""

    dry = False
    tick_s = TICK_S

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.opened = 0.0
        self.written = 0  # the stream's write index
        self.heard: dict[int, int] = {}  # stream sample -> value, for samples that sound
        self.flushes = 0

    def reachable(self) -> bool:
        return True

    def open(self) -> None:
        self.opened = self.clock.now

    def close(self) -> None:
        pass

    def _read(self) -> int:  # the sample leaving the queue now
        return round((self.clock.now - self.opened) * RATE)

    def latency_s(self) -> float:
        ahead = self.written - self._read() + round(SINK_S * RATE)  # of the sample sounding
        self.dry = ahead <= 0 and self.written > 0
        return max(0, ahead) / RATE

    def room(self) -> int:
        return max(0, round((AHEAD_S - self.latency_s()) * RATE))

    def write(self, data: bytes) -> None:
        samples = array("h", data)
        read = self._read()
        for i, value in enumerate(samples):
            if self.written + i >= read and value:
                self.heard[self.written + i] = value
        self.written += len(samples)

    def flush(self) -> bool:
        self.flushes += 1
        read = self._read()
        for k in [k for k in self.heard if k >= read]:
            del self.heard[k]
        self.written = read
        return True

    def onsets(self) -> list[float]:
        """When each run of sound starts, on the fake monotonic clock."""
        starts = [k for k in sorted(self.heard) if k - 1 not in self.heard]
        return [self.opened + SINK_S + k / RATE for k in starts]


@pytest.fixture
def engine(qtbot: QtBot) -> tuple[AudioEngine, SimulatedStream, FakeClock]:
    clock = FakeClock()
    stream = SimulatedStream(clock)
    engine = AudioEngine(outputs=lambda: stream, now=clock)
    engine.expect("session")
    engine.add("session", {"beep": array("h", [8000] * 50), "long": array("h", [4000] * 4000)})
    run(engine, clock, 0.5)
    return engine, stream, clock


def run(engine: AudioEngine, clock: FakeClock, seconds: float) -> None:
    """Tick the engine for ``seconds`` of fake time, as its timer would."""
    for _ in range(round(seconds / TICK_S)):
        clock.now += TICK_S
        engine.top_up()


def close_to(times: list[float], expected: list[float]) -> bool:
    return len(times) == len(expected) and all(
        abs(a - b) <= 1.5 / RATE for a, b in zip(times, expected, strict=True))


def test_cues_sent_ahead_sound_on_their_sample_and_take_nothing_back(
        engine: tuple[AudioEngine, SimulatedStream, FakeClock]) -> None:
    engine_, stream, clock = engine
    due = [clock.now + 3 + 0.5 * i for i in range(4)]
    engine_.schedule("session", [(d, "beep") for d in due])
    run(engine_, clock, 6)
    assert close_to(stream.onsets(), due) and stream.flushes == 0


def test_a_cue_for_a_moment_already_written_is_placed_by_taking_the_stream_back(
        engine: tuple[AudioEngine, SimulatedStream, FakeClock], qtbot: QtBot) -> None:
    engine_, stream, clock = engine
    due = clock.now + 0.3  # Start: the lead time is shorter than the stream is written ahead
    with qtbot.waitSignal(engine_.played, timeout=1000) as played:
        engine_.schedule("session", [(due, "beep")])
        run(engine_, clock, 1)
    assert stream.flushes == 1 and close_to(stream.onsets(), [due])
    assert played.args is not None and abs(played.args[3] - due) <= 1.5 / RATE


def test_a_cancel_silences_a_sound_at_once_and_what_was_taken_back_is_never_told(
        engine: tuple[AudioEngine, SimulatedStream, FakeClock], qtbot: QtBot) -> None:
    engine_, stream, clock = engine
    start = clock.now + 0.3
    engine_.schedule("session", [(start, "long"), (start + 0.25, "beep")])
    run(engine_, clock, 0.32)  # "long" sounds; "beep" is written, not yet heard
    with qtbot.assertNotEmitted(engine_.played, wait=0):
        engine_.cancel("session")
        run(engine_, clock, 1)
    heard_until = stream.opened + SINK_S + max(stream.heard) / RATE
    assert heard_until < clock.now - 1 + SINK_S + 0.01  # faded out as the flush allows
    assert close_to(stream.onsets(), [start])  # the beep was taken back


def test_a_stream_that_ran_dry_skips_ahead_and_later_cues_are_not_late(
        engine: tuple[AudioEngine, SimulatedStream, FakeClock], qtbot: QtBot) -> None:
    engine_, stream, clock = engine
    gone = clock.now + 0.6
    engine_.schedule("session", [(gone, "beep"), (gone + 2, "beep"), (gone + 3, "beep")])
    with qtbot.waitSignal(engine_.dropped, timeout=1000):
        run(engine_, clock, 0.1)
        clock.now += 1.2  # the writer was starved for 1.2 s: the stream ran dry
        run(engine_, clock, 4)
    assert close_to(stream.onsets(), [gone + 2, gone + 3])
    assert LATE_LIMIT_S < 1.2 - AHEAD_S  # so the first was dropped, not played late


class HeldUpStream(SimulatedStream):
    """For a second, every reading holds the thread up 30 ms on its way back (another thread
    has the GIL): the reading is right, but the time read after it is late."""

    held_from = float("inf")

    def latency_s(self) -> float:
        latency = super().latency_s()
        if self.held_from <= self.clock.now < self.held_from + 1:
            self.clock.now += 0.03
        return latency


def test_readings_taken_while_the_thread_was_held_up_do_not_misdate_the_stream(
        qtbot: QtBot) -> None:
    clock = FakeClock()
    stream = HeldUpStream(clock)
    engine = AudioEngine(outputs=lambda: stream, now=clock)
    engine.expect("session")
    engine.add("session", {"beep": array("h", [8000] * 50)})
    run(engine, clock, 0.5)
    stream.held_from = clock.now + 0.5
    due = [stream.held_from + 1 + 0.1 * i for i in range(4)]  # written while it is held up
    engine.schedule("session", [(d, "beep") for d in due])
    run(engine, clock, 6)
    assert close_to(stream.onsets(), due)


def test_cues_that_waited_for_their_set_to_load_sound_on_their_sample(
        engine: tuple[AudioEngine, SimulatedStream, FakeClock]) -> None:
    engine_, stream, clock = engine
    engine_.expect("session")  # loaded again (the voice changed): its items wait meanwhile
    due = clock.now + 0.6
    engine_.schedule("session", [(due, "beep")])
    run(engine_, clock, 0.4)  # the stream is written past the cue while the set loads
    engine_.add("session", {"beep": array("h", [8000] * 50)})
    run(engine_, clock, 1)
    assert close_to(stream.onsets(), [due])


def test_a_sound_is_told_once_though_the_stream_is_made_again_after_it_was_written(
        engine: tuple[AudioEngine, SimulatedStream, FakeClock]) -> None:
    engine_, stream, clock = engine
    stream.tick_s = 0.25  # topped up less often than the sink's share of the stream lasts
    told: list[str] = []
    engine_.played.connect(lambda _set, name, *_: told.append(name))
    start = clock.now + 0.5
    engine_.schedule("session", [(start, "long")])
    run(engine_, clock, 0.32)  # "long" is written, and is about to sound
    beep = clock.now + 0.3  # a moment already written: the stream is taken back and made again
    engine_.schedule("session", [(start, "long"), (beep, "beep")])
    run(engine_, clock, 1)
    assert stream.flushes == 1 and told == ["long", "beep"]
    assert close_to(stream.onsets(), [start])  # the beep sounds within "long", mixed
