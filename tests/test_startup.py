"""Starting on a bare machine: what is missing is named in plain words (exit 1), the self-test
catches text that draws as boxes, and Qt's chatter stays off stderr unless asked for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hiptimer import syslibs
from hiptimer.app import main

from .test_syslibs import FakeLoader

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux libraries")


def self_test(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``hiptimer --self-test`` in a process of its own, with no sound server."""
    return subprocess.run(
        [sys.executable, "-m", "hiptimer", "--self-test", *args], capture_output=True,
        text=True, timeout=120, check=False,
        env={**os.environ, "PULSE_SERVER": str(tmp_path / "no-sound-server"), **env})


@linux
def test_the_self_test_fails_when_letters_draw_as_boxes(tmp_path: Path) -> None:
    no_fonts = tmp_path / "fonts.conf"
    no_fonts.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    result = self_test(tmp_path, FONTCONFIG_FILE=str(no_fonts))
    assert result.returncode == 1
    assert ("FAIL text: RuntimeError: letters draw as empty boxes: no usable font was found "
            "(on Debian or Ubuntu: sudo apt-get install fonts-dejavu-core)") in result.stdout
    assert "ok   window" in result.stdout  # the window draws; only its text is unreadable


def test_a_normal_self_test_is_quiet_and_verbose_brings_qt_back(tmp_path: Path) -> None:
    quiet = self_test(tmp_path)
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
    assert quiet.stderr == ""
    loud = self_test(tmp_path, "--verbose")
    assert "This plugin does not support propagateSizeHints()" in loud.stderr
    debug = self_test(tmp_path, HIPTIMER_DEBUG="1")
    assert "This plugin does not support propagateSizeHints()" in debug.stderr


@linux
def test_the_self_test_names_missing_libraries_once(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from hiptimer import selftest

    monkeypatch.setattr(syslibs, "_load", FakeLoader("libEGL.so.1", "libpulse.so.0"))
    monkeypatch.setattr(selftest, "CHECKS", [
        (n, c) for n, c in selftest.CHECKS if n in ("routines compile", "window", "text",
                                                    "sound")])
    assert selftest.run_self_test(sys.stdout) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("ok   routines compile")
    assert lines[1] == ("FAIL window: The window needs system libraries that are missing or "
                        "cannot be loaded:")
    assert lines[2:5] == ["  libEGL.so.1 (package libegl1)", "On Debian or Ubuntu, install "
                          "them with:", "  sudo apt-get install libegl1"]
    assert lines[5] == "FAIL text: the same as above"
    assert lines[6].startswith("FAIL sound: Sound needs")
    assert lines[-2] == "  sudo apt-get install libegl1 libpulse0"
    assert lines[-1] == "3 check(s) failed"


@linux
def test_print_with_a_missing_library_says_which_and_exits_1(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    monkeypatch.setattr(syslibs, "_load", FakeLoader("libfontconfig.so.1"))
    status = main(["print", "daily-stretches", "--pdf", str(tmp_path / "x.pdf")])
    out, err = capsys.readouterr()
    assert status == 1 and out == ""
    assert err == ("hiptimer: Writing a handout needs system libraries that are missing or "
                   "cannot be loaded:\n  libfontconfig.so.1 (package libfontconfig1)\n"
                   "On Debian or Ubuntu, install them with:\n"
                   "  sudo apt-get install libfontconfig1\n")
    assert not (tmp_path / "x.pdf").exists()


@linux
def test_the_window_with_a_missing_x11_library_says_which_and_exits_1(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    monkeypatch.setattr(syslibs, "_load", FakeLoader("libxcb-shape.so.0"))
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("DISPLAY", ":99")
    assert main(["--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "libxcb-shape.so.0 (package libxcb-shape0)" in err
    assert err.endswith("sudo apt-get install libxcb-shape0\n")
    assert not list(tmp_path.iterdir())  # nothing was started


@linux
def test_the_window_without_a_display_says_so_and_exits_1(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        tmp_path: Path) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert main(["--data-dir", str(tmp_path)]) == 1
    assert "there is no display here" in capsys.readouterr().err


def test_an_import_failing_on_an_unlisted_library_is_explained(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from hiptimer import cli

    def run(_args: object) -> int:
        raise ImportError("libsomething.so.7: cannot open shared object file: No such file")

    monkeypatch.setattr(cli, "run", run)
    assert main(["routines"]) == 1
    assert capsys.readouterr().err.startswith(
        "hiptimer: a system library is missing: libsomething.so.7.")
