"""The real window on its own Xvfb display and D-Bus session (with the accessibility bus),
driven by xdotool as a user's keyboard would drive it."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[2]
HANG_S = 60.0  # a guard against a hung child, not a measure of anything
NEEDED = {"xvfb-run": "xvfb", "xauth": "xauth", "xdotool": "xdotool",
          "dbus-run-session": "dbus"}


def missing_tools() -> list[str]:
    """The Debian packages of the tools a real-window test needs that are not installed."""
    return [package for tool, package in NEEDED.items() if shutil.which(tool) is None]


def require_tools() -> None:
    missing = missing_tools()
    if missing:
        reason = ("a real window needs " + ", ".join(missing)
                  + " (sh tools/system-packages.sh --tests installs them)")
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI installs them: their absence is a broken setup
        pytest.skip(reason)


class RealWindow:
    """A HipTimer window (over the test fakes) in a child process on its own X display."""

    def __init__(self, folder: Path, theme: str = "light", size: tuple[int, int] = (1366, 768),
                 scale: float | None = None) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
               "PYTHONPATH": str(ROOT)}
        env.pop("QT_SCALE_FACTOR", None)
        if scale is not None:
            env["QT_SCALE_FACTOR"] = str(scale)
        screen = f"-screen 0 {size[0]}x{size[1]}x24"
        self.process = subprocess.Popen(
            ["dbus-run-session", "--", "xvfb-run", "-a", "-s", screen, sys.executable, "-m",
             "tests.gui.app_child", str(folder), theme],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=env, cwd=ROOT, start_new_session=True)
        self.info = self._read()
        if not self.info.get("ready"):
            raise RuntimeError(f"the window did not open: {self.info}")
        self.x_env = {**os.environ, "DISPLAY": self.info["display"],
                      "XAUTHORITY": self.info["xauthority"]}
        subprocess.run(["xdotool", "windowfocus", "--sync", str(self.info["window"])],
                       env=self.x_env, check=True, timeout=HANG_S)

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = " "
        while line and not line.startswith("{"):  # D-Bus services started by the child
            ready, _, _ = select.select([self.process.stdout], [], [], HANG_S)  # talk too
            line = self.process.stdout.readline() if ready else ""
        if not line:
            self.close()
            raise RuntimeError(f"the window said nothing: {self.errors()}")
        result: dict[str, Any] = json.loads(line)
        return result

    def errors(self) -> str:
        stderr = self.process.stderr
        if self.process.poll() is None or stderr is None or stderr.closed:
            return ""
        return stderr.read()[-3000:]

    def ask(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self._read()

    def state(self) -> dict[str, Any]:
        return self.ask("state")

    def keys(self, *keys: str) -> None:
        """Press keys as a user would (xdotool names: "Return", "space", "F1", "3")."""
        for key in keys:
            subprocess.run(["xdotool", "key", "--clearmodifiers", key], env=self.x_env,
                           check=True, timeout=HANG_S)

    def type(self, text: str) -> None:
        subprocess.run(["xdotool", "type", text], env=self.x_env, check=True, timeout=HANG_S)

    def wait_for(self, ok: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The state once ``ok`` holds (keys reach the window in their own time)."""
        give_up = time.monotonic() + HANG_S
        while True:
            now = self.state()
            if ok(now) or time.monotonic() > give_up:
                return now
            time.sleep(0.05)

    def screenshot(self, path: Path) -> None:
        """The whole X screen, as a user would see it."""
        subprocess.run(["import", "-window", "root", str(path)], env=self.x_env, check=True,
                       timeout=HANG_S)

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                assert self.process.stdin is not None
                self.process.stdin.write("quit\n")
                self.process.stdin.flush()
                self.process.wait(timeout=HANG_S)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                os.killpg(self.process.pid, signal.SIGKILL)  # its own group: Xvfb too
                self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()
