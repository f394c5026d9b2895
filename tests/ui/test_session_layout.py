"""The Session tab read from a mat: in every state and at every window size, each text fits
its box, no two widgets overlap, and the countdown's number is the largest text, a quarter
of the window's height at 1366×768. At 200 % the same sweep runs in a child process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hiptimer.store.settings import Settings
from tests.ui.test_session_flow import stop_session

from .fakes import make_window
from .layout_check import largest_text_problems, layout_problems
from .session_states import RUNNING_STATES, STATES, STATES_ROUTINE, walk

SIZES = ((1366, 768), (1024, 600), (800, 600))
NUMBER_SHARE = {(1366, 768): 0.25}  # of the window's height, where the issue asks for it
SCALED = os.environ.get("HIPTIMER_LAYOUT_SCALED") == "1"  # the child at 200 %
SCALED_SIZES = ((683, 384),)  # a 1366×768 screen at 200 %


def sweep(qtbot: QtBot, folder: Path, size: tuple[int, int]) -> dict[str, list[str]]:
    """The problems found in each state of a session in a window of ``size``."""
    rig = make_window((STATES_ROUTINE,), folder, settings=Settings(lead_in_s=5))
    window = rig.window
    qtbot.addWidget(window, before_close_func=stop_session)
    window.show()
    window.resize(*size)
    qtbot.waitUntil(window.isVisible)
    found: dict[str, list[str]] = {}
    page = window.session_page
    for state in walk(rig, lambda ok: qtbot.waitUntil(ok, timeout=10_000)):
        QApplication.processEvents()
        problems = layout_problems(window)
        if window.size().toTuple() != size:  # it would not shrink to the screen
            problems.append(f"the window is {window.size().toTuple()}, not {size}")
        if state in RUNNING_STATES or state == "paused":
            share = NUMBER_SHARE.get(size, 0) * window.height()
            run = page.run_view
            problems += largest_text_problems(run, run.ring, run.phase, share)
        found[state] = problems
    return found


@pytest.mark.skipif(SCALED, reason="the child process sweeps its own sizes")
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_session_state_fits_the_window(qtbot: QtBot, tmp_path: Path,
                                             size: tuple[int, int]) -> None:
    found = sweep(qtbot, tmp_path, size)
    assert list(found) == list(STATES)
    assert {state: problems for state, problems in found.items() if problems} == {}


@pytest.mark.skipif(not SCALED, reason="run by test_the_sweep_holds_at_200_percent")
@pytest.mark.parametrize("size", SCALED_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_session_state_fits_at_200_percent(qtbot: QtBot, tmp_path: Path,
                                                 size: tuple[int, int]) -> None:
    assert QApplication.primaryScreen().devicePixelRatio() == 2
    found = sweep(qtbot, tmp_path, size)
    assert {state: problems for state, problems in found.items() if problems} == {}


@pytest.mark.slow
@pytest.mark.skipif(SCALED, reason="this is the child")
def test_the_sweep_holds_at_200_percent() -> None:
    """Qt reads its scale once per process: the 200 % sweep runs in a child."""
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "HIPTIMER_LAYOUT_SCALED": "1",
           "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__,
         "-k", "200_percent"], env=env, capture_output=True, text=True, timeout=300,
        cwd=Path(__file__).parents[2])
    assert child.returncode == 0, child.stdout[-4000:] + child.stderr[-2000:]
    assert "1 passed" in child.stdout
