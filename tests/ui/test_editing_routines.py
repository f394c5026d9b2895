"""Building the routine a physiotherapist wrote down, in the real window: new routine, add
exercises, save, run it, and never lose unsaved changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from hiptimer.core.routine import find
from hiptimer.core.routine_load import builtin_routines
from tests.core.helpers import CATALOG

from .fakes import make_window

ROUTINES = builtin_routines(CATALOG)


def test_a_new_routine_is_built_saved_and_run(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window(ROUTINES, tmp_path)
    window = rig.window
    qtbot.addWidget(window)
    window.routines_page.buttons["new"].click()
    editor_window = window._editor
    assert editor_window is not None and editor_window.isVisible()
    editor_window.ask = lambda: QMessageBox.StandardButton.Discard  # never block the test
    editor = editor_window.editor
    assert not editor.save_button.isEnabled()  # no exercises yet
    panel = editor.catalog_panel
    qtbot.keyClicks(panel.search, "clamshell")
    panel.add_button.click()
    panel.search.clear()
    qtbot.keyClicks(panel.search, "bridge")
    panel.add_button.click()
    editor.name.selectAll()
    qtbot.keyClicks(editor.name, "Physio plan, week 1")
    assert editor.is_modified() and editor.save_button.isEnabled()
    editor.save_button.click()
    assert not editor.is_modified()
    mine = find(window.routines, editor.routine().id)
    assert mine is not None and mine.name == "Physio plan, week 1"
    assert [b.exercise.id for b in mine.blocks][:2] in (["clamshell", "bridge"],
                                                        ["bridge", "clamshell"])
    assert (tmp_path / "routines" / f"{mine.id}.toml").exists()
    assert window.start_routine(mine.id)
    assert window.session_page.start_view.title.text() == "Physio plan, week 1"


def test_unsaved_changes_are_asked_about_before_closing(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window(ROUTINES, tmp_path)
    window = rig.window
    qtbot.addWidget(window)
    window.routine_actions.duplicate("daily-stretches")
    copy = window.routines_page.current_routine()
    assert copy is not None and not copy.built_in
    editor_window = window.edit_routine(copy)
    editor = editor_window.editor
    editor.name.selectAll()
    qtbot.keyClicks(editor.name, "Renamed")
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        editor_window.ask = lambda: asked.append("asked") or button  # type: ignore[func-returns-value]

    answer(QMessageBox.StandardButton.Cancel)
    assert not editor_window.close() and editor_window.isVisible() and asked
    assert not window.close()  # quitting is held up too: the routine is still unsaved
    answer(QMessageBox.StandardButton.Save)
    assert editor_window.close()
    saved = find(window.routines, copy.id)
    assert saved is not None and saved.name == "Renamed"

    window.edit_routine(saved)
    editor.name.selectAll()
    qtbot.keyClicks(editor.name, "Thrown away")
    answer(QMessageBox.StandardButton.Discard)
    assert editor_window.close()
    assert find(window.routines, copy.id).name == "Renamed"  # type: ignore[union-attr]


def test_a_built_in_opens_read_only_and_duplicates_to_edit(qtbot: QtBot,
                                                           tmp_path: Path) -> None:
    rig = make_window(ROUTINES, tmp_path)
    window = rig.window
    qtbot.addWidget(window)
    builtin = find(window.routines, "hip-strengthening")
    assert builtin is not None
    editor_window = window.edit_routine(builtin)
    editor_window.ask = lambda: QMessageBox.StandardButton.Discard
    editor = editor_window.editor
    assert not editor.name.isEnabled()
    editor.duplicate_button.click()
    assert editor.routine().name == "Hip strengthening (my copy)" and editor.name.isEnabled()
    assert find(window.routines, editor.routine().id) is not None
