"""Noticing suspend, and keeping the screen on (or quietly not)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hiptimer.system.inhibit import NullInhibitor
from hiptimer.system.sleep import SleepWatch, clock_gap


class Gap:
    def __init__(self) -> None:
        self.value = 0.0

    def __call__(self) -> float:
        return self.value


def test_a_jump_in_the_clock_gap_means_the_machine_slept() -> None:
    gap = Gap()
    watch = SleepWatch(gap, threshold_s=3)
    assert not watch.slept()
    gap.value += 0.5  # drift, not sleep
    assert not watch.slept()
    gap.value += 120
    assert watch.slept()
    assert not watch.slept()  # reported once


def test_the_real_clock_gap_is_steady_while_awake() -> None:
    assert abs(clock_gap() - clock_gap()) < 0.1


def test_null_inhibitor_does_nothing_safely() -> None:
    inhibitor = NullInhibitor()
    assert inhibitor.inhibit("session") is False
    inhibitor.release()
    inhibitor.release()


def test_dbus_inhibitor_without_a_session_bus_reports_false_and_does_not_crash() -> None:
    code = ("import os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "os.environ.pop('DBUS_SESSION_BUS_ADDRESS', None)\n"
            "os.environ['DBUS_SESSION_BUS_ADDRESS'] = 'unix:path=/nonexistent/bus'\n"
            "from PySide6.QtCore import QCoreApplication; app = QCoreApplication([])\n"
            "from hiptimer.system.inhibit import DBusInhibitor\n"
            "i = DBusInhibitor(); print(i.inhibit('x')); i.release()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=30, check=True)
    assert out.stdout.strip() == "False"


@pytest.fixture
def session_bus(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A private D-Bus session bus with a stand-in screen saver service on it."""
    if shutil.which("dbus-daemon") is None:
        pytest.fail("dbus-daemon is not installed (Debian package dbus)")
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert daemon.stdout is not None
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": daemon.stdout.readline().strip(),
           "QT_QPA_PLATFORM": "offscreen"}
    service = subprocess.Popen([sys.executable, str(Path(__file__).with_name(
        "fake_screensaver.py"))], stdout=subprocess.PIPE, text=True, env=env)
    assert service.stdout is not None
    assert service.stdout.readline().strip() == "ready"
    try:
        yield env
    finally:
        for process in (service, daemon):
            process.kill()
            process.wait(10)
            if process.stdout is not None:
                process.stdout.close()


def test_dbus_inhibitor_asks_the_screen_saver_and_lets_go(session_bus: dict[str, str]) -> None:
    code = ("from PySide6.QtCore import QCoreApplication; app = QCoreApplication([])\n"
            "from hiptimer.system.inhibit import screen_inhibitor\n"
            "i = screen_inhibitor(); print(type(i).__name__, i.inhibit('A session'), i.cookie,"
            " i.connected)\n"
            "i.release(); print(i.connected, i.cookie)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=30, check=True, env=session_bus)
    assert out.stdout.splitlines() == ["DBusInhibitor True 42 True", "False None"]
