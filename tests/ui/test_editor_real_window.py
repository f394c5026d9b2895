"""Enter in the routine editor, in a real X window under Xvfb, keys sent by xdotool."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not (shutil.which("xvfb-run") and shutil.which("xdotool")),
                    reason="needs xvfb-run and xdotool (tools/system-packages.sh)")
def test_enter_adds_once_and_never_from_a_field_in_the_real_window() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    run = subprocess.run(["xvfb-run", "-a", sys.executable, "-m", "tests.ui.editor_child"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    counts = json.loads(run.stdout.strip().splitlines()[-1])
    # Three exercises to start; Enter in the search field adds one, Enter on a catalog item
    # one more; Enter in the Reps field changes the reps only; Enter in the name adds nothing.
    assert counts == {"search": 4, "catalog": 5, "reps field": 5, "reps": 20, "name field": 5}
