"""The window starts whatever is in the settings file's place, says what it could not use,
and writes the file only when a setting changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hiptimer.core.routine_load import builtin_routines
from hiptimer.gui import build_services
from hiptimer.paths import Paths
from hiptimer.ui.window.main_window import MainWindow
from tests.core.helpers import CATALOG

from .fakes import RecordingPlayer


def open_window(qtbot: QtBot, folder: Path) -> MainWindow:
    services = build_services(Paths.under(folder), 1.0)
    # Qt looks for sound devices once per process: not here, before the sound tests' server.
    services.make_player = lambda: (RecordingPlayer(), [])
    window = MainWindow(services, CATALOG, builtin_routines(CATALOG))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize(("text", "said"), [
    ('{"window_geometry": "é€中"}', "Setting window_geometry is 'é€中', not a saved window"),
    ('{"rate": ' + "9" * 5000 + "}", "holds a number too long to read"),
    ("[" * 100_000 + "]" * 100_000, "larger than 64 KiB"),
])
def test_the_window_opens_and_says_what_it_could_not_use(qtbot: QtBot, tmp_path: Path,
                                                         text: str, said: str) -> None:
    (tmp_path / "settings.json").write_text(text, encoding="utf-8")
    window = open_window(qtbot, tmp_path)
    assert window.start_routine("movement-snack")
    assert said in window.session_page.banner.text()


@pytest.mark.skipif(os.name != "posix", reason="named pipes are POSIX")
def test_a_pipe_named_settings_json_does_not_hang_the_start(qtbot: QtBot,
                                                            tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "settings.json")
    window = open_window(qtbot, tmp_path)
    assert window.start_routine("movement-snack")
    assert "is not a file" in window.session_page.banner.text()


def test_quitting_without_a_change_leaves_the_file_alone(qtbot: QtBot, tmp_path: Path) -> None:
    for _ in range(2):  # saved, then saved again as the small offscreen screen fits it
        window = open_window(qtbot, tmp_path)
        window.close()
    settings = tmp_path / "settings.json"
    before = os.stat(settings)
    window = open_window(qtbot, tmp_path)
    window.close()  # nothing changed: nothing is written
    after = os.stat(settings)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
