"""The PulseAudio stream on a real (null-sink) server: it holds about as much as asked, says
how far ahead it is written, takes back what it has not played, keeps its place when it runs
dry, and fails plainly when the server goes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hiptimer.system.pulse_output import AHEAD_S, OutputError, PulseOutput

from .pulse import Monitor, PulseServer, pulse_server, wait_for

RATE = 22_050


def sink_inputs(server: PulseServer) -> list[str]:
    out = subprocess.run(["pactl", "list", "short", "sink-inputs"], env=server.env(),
                         capture_output=True, text=True, check=True).stdout
    return out.splitlines()


def test_the_stream_is_written_ahead_and_takes_back_what_it_has_not_played(
        pulse: tuple[PulseServer, Monitor]) -> None:
    server, _ = pulse
    output = PulseOutput(RATE)
    output.open()
    try:
        assert len(sink_inputs(server)) == 1
        for _ in range(2):  # the stream plays from the start: the first samples may be past
            output.latency_s()
            output.write(bytes(2 * output.room()))
        written = output.latency_s()
        assert 0.5 * AHEAD_S < written <= AHEAD_S + 0.05 and not output.dry
        assert output.room() < 0.5 * AHEAD_S * RATE  # nearly full
        assert output.flush()
        after_flush = output.latency_s()  # what the sink already holds stays
        assert 0 < after_flush < written and output.room() > 0
        wait_for(lambda: output.latency_s() == 0, 5, "the stream to run dry")
        assert output.dry  # and it says so, rather than waiting to refill
    finally:
        output.close()
    wait_for(lambda: not sink_inputs(server), 5, "the stream to close")


def test_a_server_that_goes_away_is_an_error_not_a_hang(tmp_path: Path) -> None:
    with pulse_server(tmp_path, monitor=False) as (server, _), \
            pytest.MonkeyPatch.context() as patch:
        patch.setenv("PULSE_SERVER", server.server)
        output = PulseOutput(RATE)
        output.open()
        output.write(bytes(2 * output.room()))
        server.stop()
        with pytest.raises(OutputError):
            for _ in range(1000):  # the library notices the socket closing at its own pace
                output.write(bytes(2 * 441))
                output.latency_s()
        output.close()
        assert not PulseOutput(RATE).reachable()
