"""The editor window's keys as a person uses them: Enter adds once, or not at all from a field;
Esc closes (asking first when something is unsaved); the title follows the name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from hiptimer.core.routine import Routine
from hiptimer.ui.editor.editor_window import EditorWindow
from tests.core.helpers import CATALOG

from .test_routine_editor import three_blocks

Answer = QMessageBox.StandardButton


@pytest.fixture
def window(qtbot: QtBot) -> EditorWindow:
    saved: list[Routine] = []
    shown = EditorWindow(CATALOG, lambda r: saved.append(r) or True, lambda _r: None)
    qtbot.addWidget(shown)
    shown.ask = lambda: Answer.Cancel
    shown.open_routine(three_blocks())
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def count(window: EditorWindow) -> int:
    return len(window.editor.routine().blocks)


def test_enter_in_the_search_field_adds_the_exercise_once(qtbot: QtBot,
                                                          window: EditorWindow) -> None:
    search = window.editor.catalog_panel.search
    search.setFocus()
    qtbot.keyClicks(search, "bridge")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert count(window) == 4
    assert window.editor.undo_stack.count() == 1


def test_ctrl_f_goes_to_the_search_field(qtbot: QtBot, window: EditorWindow) -> None:
    field = window.editor.dose_panel.inputs["sets"]
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.catalog_panel.search.hasFocus()


def test_enter_on_a_catalog_item_adds_it_once(qtbot: QtBot, window: EditorWindow) -> None:
    catalog = window.editor.catalog_panel.list
    catalog.setFocus()
    catalog.setCurrentRow(2)
    qtbot.keyClick(catalog, Qt.Key.Key_Return)
    assert count(window) == 4


def test_enter_in_a_dose_field_changes_the_dose_and_adds_nothing(
        qtbot: QtBot, window: EditorWindow) -> None:
    field = window.editor.dose_panel.reps_high
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "20")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert count(window) == 3
    reps = window.editor.routine().blocks[0].dose.reps
    assert reps is not None and reps.high == 20
    for other in (window.editor.name, window.editor.dose_panel.inputs["sets"]):
        other.setFocus()
        qtbot.keyClick(other, Qt.Key.Key_Return)
    assert count(window) == 3


def test_a_refused_value_goes_back_in_the_field_with_its_reason(
        qtbot: QtBot, window: EditorWindow) -> None:
    panel = window.editor.dose_panel
    panel.reps_high.setFocus()
    panel.reps_high.selectAll()
    qtbot.keyClicks(panel.reps_high, "60")
    qtbot.keyClick(panel.reps_high, Qt.Key.Key_Return)
    assert panel.reps_high.text() == "15"
    assert panel.boxes["reps"].problem.isVisible()
    assert panel.boxes["reps"].problem.text() == "50 reps is the most — kept 15 reps"


def test_escape_in_a_dose_field_closes_the_window_when_nothing_is_typed(
        qtbot: QtBot, window: EditorWindow) -> None:
    field = window.editor.dose_panel.inputs["rest_s"]
    field.setFocus()
    qtbot.keyClicks(field, "5")
    qtbot.keyClick(field, Qt.Key.Key_Escape)  # first: put back what was there
    assert field.text() == "30" and window.isVisible()
    qtbot.keyClick(field, Qt.Key.Key_Escape)  # then: close, nothing to lose
    assert not window.isVisible()


def test_escape_asks_before_losing_changes(qtbot: QtBot, window: EditorWindow) -> None:
    asked: list[str] = []
    window.ask = lambda: asked.append("asked") or Answer.Cancel  # type: ignore[func-returns-value]
    field = window.editor.dose_panel.inputs["sets"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "3")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert asked == ["asked"] and window.isVisible()
    window.ask = lambda: Answer.Discard
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_the_title_follows_the_name_as_it_is_typed(qtbot: QtBot, window: EditorWindow) -> None:
    assert window.windowTitle() == "My routine — edit routine"
    window.editor.name.setFocus()
    window.editor.name.selectAll()
    qtbot.keyClicks(window.editor.name, "Evening")
    assert window.windowTitle() == "*Evening — edit routine"
    qtbot.keyClicks(window.editor.name, " plan")
    assert window.windowTitle() == "*Evening plan — edit routine"
