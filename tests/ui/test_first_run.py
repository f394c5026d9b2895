"""The safety notice is shown at the first start, must be acknowledged, and then not again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hiptimer.core.routine_load import builtin_routines
from hiptimer.core.safety import SAFETY_VERSION
from hiptimer.gui import acknowledge_safety
from hiptimer.ui.widgets.safety import SafetyDialog
from tests.core.helpers import CATALOG

from .fakes import make_window


def answer_when_shown(agree: bool) -> list[str]:
    """Answer the notice once it is up; returns the titles of the dialogs seen."""
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SafetyDialog):
            QTimer.singleShot(10, answer)
            return
        seen.append(dialog.windowTitle())
        if agree:
            assert dialog.agree is not None and dialog.start_button is not None
            assert not dialog.start_button.isEnabled()
            dialog.agree.setChecked(True)
            dialog.start_button.click()
        else:
            dialog.reject()

    QTimer.singleShot(0, answer)
    return seen


def test_the_notice_is_shown_once_and_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window(builtin_routines(CATALOG), tmp_path)
    qtbot.addWidget(rig.window)
    services = rig.window.services
    seen = answer_when_shown(agree=True)
    assert acknowledge_safety(services)
    assert seen == ["Before you start"]
    assert rig.saved[-1].safety_read == SAFETY_VERSION
    assert services.settings.safety_read == SAFETY_VERSION
    saves = len(rig.saved)
    assert acknowledge_safety(services)  # not asked again: nothing to answer, no wait
    assert len(rig.saved) == saves


def test_quitting_at_the_notice_starts_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window(builtin_routines(CATALOG), tmp_path)
    qtbot.addWidget(rig.window)
    seen = answer_when_shown(agree=False)
    assert not acknowledge_safety(rig.window.services)
    assert seen == ["Before you start"] and rig.saved == []


def test_help_shows_the_notice_to_read_again(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window(builtin_routines(CATALOG), tmp_path)
    qtbot.addWidget(rig.window)
    dialog = rig.window.show_safety()
    assert dialog.read_only and dialog.agree is None
    assert "Call emergency services now" in dialog.text.toPlainText()
    dialog.close()
