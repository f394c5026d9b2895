"""Running the real app for a benchmark: a private data folder, the launcher's command line,
and a load on every core. Qt-free: the app runs in a process of its own."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hiptimer.core.safety import SAFETY_VERSION
from hiptimer.paths import Paths
from hiptimer.store.settings import Settings, save_settings
from tests.ui.pulse import PulseServer, orphan_proof

LAUNCHER = Path(__file__).resolve().with_name("app_launcher.py")
SCREEN = "-screen 0 1366x768x24"


def private_data(folder: Path, cache: Path | None = None) -> Path:
    """A data folder whose settings acknowledge the safety notice; its rendered speech in
    ``cache`` if given, to share it with other runs."""
    data = folder / "data"
    data.mkdir()
    save_settings(Paths.under(data).settings_file, Settings(safety_read=SAFETY_VERSION))
    if cache is not None:
        cache.mkdir(exist_ok=True)
        (data / "cache").symlink_to(cache)
    return data


def launcher_command(server: PulseServer, data: Path, routine: str, report: Path, *,
                     minutes: float = float("inf"), scale: float = 1.0, stall: bool = False,
                     press_after: float | None = None, display: str | None = None,
                     offscreen: bool = False) -> tuple[list[str], dict[str, str]]:
    """The command and environment that run the app's window through bench/app_launcher.py
    against ``server``: under ``xvfb-run -a``, on ``display``, or offscreen."""
    env = {**server.env(), "HIPTIMER_TIME_SCALE": f"{scale:g}"}
    command = [sys.executable, str(LAUNCHER), "--data-dir", str(data), "--routine", routine,
               "--report", str(report), "--minutes", f"{minutes:g}"]
    if stall:
        command.append("--stall")
    if press_after is not None:
        command += ["--press-after", f"{press_after:g}"]
    if offscreen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    elif display:
        env["DISPLAY"] = display
    else:  # the app as well as xvfb-run ends with this process
        command = ["xvfb-run", "-a", "-s", SCREEN, *orphan_proof(command)]
    return orphan_proof(command), env


def start(command: list[str], env: dict[str, str], **streams: Any) -> subprocess.Popen[bytes]:
    """Start the app (and its X server) in a process group of its own, for ``kill_all``."""
    return subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, start_new_session=True,
                            **streams)


def kill_all(process: subprocess.Popen[bytes]) -> int:
    """End a hung or flooding app with everything ``start`` started; its exit status."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    return process.wait()


def end_on_sigterm() -> None:
    """Let SIGTERM unwind this process, so that what it started is ended too."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


@contextmanager
def cores_busy(busy: bool = True) -> Iterator[None]:
    """A spinning process per core while inside, if ``busy``."""
    spin = [sys.executable, "-c", "while True: pass"]
    hogs = [subprocess.Popen(orphan_proof(spin)) for _ in range(os.cpu_count() or 1)
            ] if busy else []
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
