"""Starting HipTimer while it is already open on the same data brings the open one forward."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hiptimer.ui.window.single_instance import server_name

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="signals differ on Windows")


def hiptimer(folder: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PULSE_SERVER": str(folder / "no-sound-server")}
    return subprocess.Popen([sys.executable, "-m", "hiptimer", "--data-dir", str(folder),
                             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)


def wait_until_up(folder: Path, process: subprocess.Popen[str]) -> None:
    """Until the app is past the single-instance check: it listens for a second start."""
    deadline = time.monotonic() + 60
    listening = Path(server_name(folder))
    assert listening.is_absolute()  # a socket in a private folder (see server_name)
    while not listening.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the app never came up"
        time.sleep(0.05)


def test_a_second_start_hands_over_and_exits(tmp_path: Path) -> None:
    first = hiptimer(tmp_path)
    other = None
    try:
        wait_until_up(tmp_path, first)
        second = hiptimer(tmp_path, "--start", "daily-stretches")
        _, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        assert "already open" in err
        assert first.poll() is None
        elsewhere = tmp_path / "elsewhere"
        other = hiptimer(elsewhere)  # other data: a HipTimer of its own
        wait_until_up(elsewhere, other)
        assert first.poll() is None and other.poll() is None
    finally:
        for process in (first, other):
            if process is not None:
                process.terminate()
                process.communicate(timeout=60)
