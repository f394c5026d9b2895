"""UI test fixtures: a private PulseAudio server for the tests that play real sound."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from .pulse import Monitor, PulseServer, pulse_server, pulseaudio_installed


def _to_stderr(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    sys.stderr.write(f"{message}\n")


# pytest-qt installs a Python message handler for each test and puts back the one it found.
# With Qt's own handler there, PySide6 puts back an empty one, and a message from the cue
# player's thread between two tests then crashes the interpreter (seen in CI). A Python
# handler for the whole run is always there to put back.
qInstallMessageHandler(_to_stderr)


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
