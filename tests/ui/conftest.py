"""UI test fixtures: a private PulseAudio server for the tests that play real sound."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from .pulse import Monitor, PulseServer, pulse_server, pulseaudio_installed


@pytest.fixture(scope="session")
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PulseServer, Monitor]]:
    """A null-sink server and a recorder of its output, for the whole test session.

    Qt connects to the sound server the first time it looks for audio devices, once per
    process: PULSE_SERVER must be set before that, and stay valid while Qt runs.
    """
    if not pulseaudio_installed():
        missing = "PulseAudio (pulseaudio, pactl, parec) is not installed"
        if os.environ.get("CI"):
            pytest.fail(missing)  # CI installs it: its absence is a broken setup, not a skip
        pytest.skip(missing)
    folder = tmp_path_factory.mktemp("pulse")
    with pytest.MonkeyPatch.context() as patch, pulse_server(folder) as (server, monitor):
        patch.setenv("PULSE_SERVER", server.server)
        yield server, monitor
