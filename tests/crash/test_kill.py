"""Kill HipTimer (SIGKILL) at random moments of a real session; every set that had ended is
still there at the next start, which offers to keep the session."""

from __future__ import annotations

import json
import os
import queue
import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROUTINE, SCALE = "strength-and-stretch", 100.0  # 15 sets in 22:36, so 13.6 s here
# A set that ended this long before the kill must be on disk: the window checkpoints on
# its 200 ms refresh, then writes in a few milliseconds.
MARGIN_S = 0.5
ROUNDS = int(os.environ.get("HIPTIMER_CRASH_ROUNDS", "3"))

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32",
                                                   reason="SIGKILL is POSIX")]


def command(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "tests.crash.child", str(folder), *args]


def environment(folder: Path) -> dict[str, str]:
    # No sound server: the session runs with its silent player, as it would on a quiet box.
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen",
            "PULSE_SERVER": str(folder / "no-sound-server"), "PYTHONPATH": str(ROOT)}


def recover(folder: Path) -> dict[str, Any]:
    """Start the app again, keep the unfinished session; the history it then holds."""
    result = subprocess.run(command(folder, "recover"), capture_output=True, text=True,
                            env=environment(folder), cwd=ROOT, timeout=120, check=True)
    found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def lines_of(process: subprocess.Popen[str]) -> queue.Queue[str]:
    found: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            found.put(line)

    threading.Thread(target=read, daemon=True).start()
    return found


@contextmanager
def running_session(folder: Path) -> Iterator[queue.Queue[str]]:
    """The app running a session at ``SCALE``, and the lines it prints; killed (SIGKILL)
    when the block ends."""
    process = subprocess.Popen(command(folder, "run", ROUTINE, str(SCALE)),
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env=environment(folder), cwd=ROOT)
    try:
        yield lines_of(process)
    finally:
        process.kill()
        process.wait()
        assert process.stdout is not None
        process.stdout.close()


def progress_of(line: str) -> tuple[float, int]:
    stamp, over = line.split()
    return float(stamp), int(over)


def sets_safe(progress: list[tuple[float, int]], killed_at: float) -> int:
    """The sets that had ended ``MARGIN_S`` before the kill."""
    return max((over for stamp, over in progress if stamp < killed_at - MARGIN_S), default=0)


def run_and_kill(folder: Path, after: float) -> tuple[int, float]:
    """Start a session, kill the app ``after`` seconds into it; the number of sets that
    had ended ``MARGIN_S`` before the kill, and the kill time."""
    with running_session(folder) as lines:
        progress = [progress_of(lines.get(timeout=120))]  # the voice is prepared first
        deadline = progress[0][0] + after
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(deadline - time.monotonic(), 0.001))
            except queue.Empty:
                break
            progress.append(progress_of(line))
        killed_at = time.monotonic()
    return sets_safe(progress, killed_at), killed_at


def test_a_killed_session_keeps_every_set_that_ended(tmp_path: Path) -> None:
    rng = random.Random(os.environ.get("HIPTIMER_CRASH_SEED", "4"))
    kept: set[str] = set()
    for _ in range(ROUNDS):
        safe, _ = run_and_kill(tmp_path, rng.uniform(0.3, 13.0))
        history = recover(tmp_path)
        new = [s for s in history["sessions"] if s["uid"] not in kept]
        if safe == 0 and not new:
            continue  # killed before the first set ended and before the first write
        [session] = new
        assert session["outcome"] == "interrupted"
        assert "closed during your Six-exercise strength and stretch series" \
            in history["offered"]
        settled = session["sets"]
        assert len(settled) == 15
        assert all(settled[:safe]), (safe, settled)
        kept.add(session["uid"])
    assert kept, "every round was killed before the session began: nothing was tested"


def test_a_kill_after_a_lock_cleared_keeps_every_set_that_ended(tmp_path: Path) -> None:
    """Another program holds the history while the session starts and for a few sets; a kill
    some seconds after it lets go loses nothing that had ended."""
    from hiptimer.store.history import HistoryStore

    path = tmp_path / "history.sqlite3"
    HistoryStore.open(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("PRAGMA user_version = 2")  # a write: the lock is held as a writer's
    progress: list[tuple[float, int]] = []
    with running_session(tmp_path) as lines:

        def read_until(done: Callable[[], bool]) -> None:
            while not done():
                progress.append(progress_of(lines.get(timeout=120)))

        read_until(lambda: bool(progress) and progress[-1][1] >= 3)  # three sets in memory
        other.execute("ROLLBACK")
        other.close()
        released = time.monotonic()
        # The next try comes within seconds; then the kill.
        read_until(lambda: progress[-1][0] > released + 5)
        killed_at = time.monotonic()
    safe = sets_safe(progress, killed_at)
    history = recover(tmp_path)
    [session] = history["sessions"]
    assert session["outcome"] == "interrupted"
    assert all(session["sets"][:safe]), (safe, session["sets"])
