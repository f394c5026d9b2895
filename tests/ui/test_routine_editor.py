"""The routine editor: adding, reordering and dosing exercises, refusals with reasons, undo."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from hiptimer.core.plan import total_duration
from hiptimer.core.routine import Frequency, Routine, Sides, Tempo
from hiptimer.ui.editor.fields import PROBLEM_STYLE
from hiptimer.ui.editor.routine_editor import BUILT_IN_NOTE, RoutineEditor
from hiptimer.ui.text import minutes
from tests.core.helpers import CATALOG, block

CTRL = Qt.KeyboardModifier.ControlModifier


def three_blocks() -> Routine:
    return Routine("mine", "My routine", "For the mornings", Frequency.DAILY, (
        block("bridge", reps=(10, 15), sets=2, rest_s=30),
        block("piriformis-stretch", hold_s=60, sides=Sides.EACH),
        block("clamshell", reps=(8, 12), sides=Sides.EACH, tempo=Tempo(2, 5, 2, 1)),
    ))


def names(editor: RoutineEditor) -> list[str]:
    return [b.exercise.id for b in editor.routine().blocks]


def listed(editor: RoutineEditor) -> list[str]:
    return [editor.block_list.item(i).text() for i in range(editor.block_list.count())]


@pytest.fixture
def editor(qtbot: QtBot) -> RoutineEditor:
    widget = RoutineEditor(CATALOG)
    qtbot.addWidget(widget)
    widget.edit(three_blocks())
    widget.resize(1300, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)  # shortcuts need an active window
    return widget


def type_into(qtbot: QtBot, field: object, text: str) -> None:
    """Select what the field shows, type over it, press Enter."""
    field.setFocus()  # type: ignore[attr-defined]
    field.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_it_shows_the_routine_with_numbered_doses_and_the_total(editor: RoutineEditor) -> None:
    assert editor.name.text() == "My routine"
    assert editor.description.toPlainText() == "For the mornings"
    assert editor.frequency.currentText() == "Daily"
    assert listed(editor) == ["1. Bridge — 2 × 10–15 reps",
                              "2. Piriformis stretch — 60 s hold, each side",
                              "3. Clamshell — 8–12 reps, 5 s hold, each side"]
    assert editor.total.text() == f"Total: {minutes(total_duration(three_blocks()))}"
    assert not editor.note.isVisible()
    assert not editor.is_modified()
    assert editor.routine() == three_blocks()


def test_adding_from_the_searchable_catalog(qtbot: QtBot, editor: RoutineEditor) -> None:
    panel = editor.catalog_panel
    editor.block_list.setCurrentRow(0)
    qtbot.keyClicks(panel.search, "bridge")
    assert panel.shown_ids() == ["bridge", "single-leg-bridge"]
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)  # from the search field into the list
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    added = CATALOG["single-leg-bridge"]
    assert names(editor) == ["bridge", "single-leg-bridge", "piriformis-stretch", "clamshell"]
    new = editor.routine().blocks[1]
    assert (new.dose, new.sides) == (added.dose, added.sides)  # the catalog's defaults
    assert listed(editor)[1] == "2. Single-leg bridge — 8–12 reps, each side"
    assert editor.current_row() == 1
    assert editor.undo_button.text() == "Undo add Single-leg bridge"
    assert editor.total.text() == f"Total: {minutes(total_duration(editor.routine()))}"

    panel.search.clear()
    panel.category.setCurrentIndex(panel.category.findText("Stretch"))
    panel.position.setCurrentIndex(panel.position.findText("Sitting on the floor"))
    assert panel.shown_ids() == ["butterfly-stretch"]
    panel.add_button.click()
    assert names(editor)[2] == "butterfly-stretch"

    panel.position.setCurrentIndex(0)
    item = panel.list.item(panel.shown_ids().index("hamstring-stretch"))
    rect = panel.list.visualItemRect(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert names(editor)[3] == "hamstring-stretch"

    qtbot.keyClicks(panel.search, "no such exercise")
    assert panel.shown_ids() == []
    assert panel.nothing.isVisible()
    assert not panel.add_button.isEnabled()


def test_reordering_by_keyboard(qtbot: QtBot, editor: RoutineEditor) -> None:
    editor.block_list.setFocus()
    editor.block_list.setCurrentRow(0)
    qtbot.keyClick(editor.block_list, Qt.Key.Key_Down, CTRL)
    assert names(editor) == ["piriformis-stretch", "bridge", "clamshell"]
    assert editor.current_row() == 1  # the selection follows the moved exercise
    assert listed(editor)[1] == "2. Bridge — 2 × 10–15 reps"
    qtbot.keyClick(editor.block_list, Qt.Key.Key_Down, CTRL)
    qtbot.keyClick(editor.block_list, Qt.Key.Key_Down, CTRL)  # already last: nothing
    assert names(editor) == ["piriformis-stretch", "clamshell", "bridge"]
    qtbot.keyClick(editor.block_list, Qt.Key.Key_Up, CTRL)
    assert names(editor) == ["piriformis-stretch", "bridge", "clamshell"]
    assert editor.undo_button.text() == "Undo move Bridge up"
    qtbot.keyClick(editor.block_list, Qt.Key.Key_Delete)
    assert names(editor) == ["piriformis-stretch", "clamshell"]
    assert editor.undo_button.text() == "Undo remove Bridge"


def test_reordering_and_removing_with_the_buttons(editor: RoutineEditor) -> None:
    editor.block_list.setCurrentRow(2)
    assert not editor.down_button.isEnabled()
    editor.up_button.click()
    assert names(editor) == ["bridge", "clamshell", "piriformis-stretch"]
    editor.up_button.click()
    assert names(editor) == ["clamshell", "bridge", "piriformis-stretch"]
    assert not editor.up_button.isEnabled()
    editor.down_button.click()
    assert names(editor) == ["bridge", "clamshell", "piriformis-stretch"]
    editor.remove_button.click()
    assert names(editor) == ["bridge", "piriformis-stretch"]
    assert editor.current_row() == 1


def test_a_drop_in_the_list_moves_the_block(editor: RoutineEditor) -> None:
    # A real drag runs QDrag's own event loop, which cannot be driven offscreen; a drop with
    # InternalMove ends in the list model's moveRow, which is what this calls.
    model = editor.block_list.model()
    assert model.moveRow(QModelIndex(), 0, QModelIndex(), 3)
    assert names(editor) == ["piriformis-stretch", "clamshell", "bridge"]
    assert listed(editor) == ["1. Piriformis stretch — 60 s hold, each side",
                              "2. Clamshell — 8–12 reps, 5 s hold, each side",
                              "3. Bridge — 2 × 10–15 reps"]
    assert editor.undo_button.text() == "Undo move Bridge to 3"
    editor.undo_action.trigger()
    assert editor.routine() == three_blocks()
    assert listed(editor)[0] == "1. Bridge — 2 × 10–15 reps"


def test_a_dose_within_bounds_is_applied_and_the_total_follows(
        qtbot: QtBot, editor: RoutineEditor) -> None:
    editor.block_list.setCurrentRow(1)
    panel = editor.dose_panel
    before = editor.total.text()
    assert panel.boxes["hold_s"].hint.text() == "5 to 3600 s"
    type_into(qtbot, panel.inputs["hold_s"], "90")
    assert editor.routine().blocks[1].dose.hold_s == 90
    assert editor.total.text() == f"Total: {minutes(total_duration(editor.routine()))}"
    assert editor.total.text() != before
    assert listed(editor)[1] == "2. Piriformis stretch — 90 s hold, each side"
    type_into(qtbot, panel.inputs["sets"], "3")
    type_into(qtbot, panel.inputs["rest_s"], "12,5")  # a decimal comma is fine
    assert (editor.routine().blocks[1].dose.sets, editor.routine().blocks[1].dose.rest_s) == (
        3, 12.5)
    type_into(qtbot, panel.inputs["transition_s"], "20 s")
    assert editor.routine().blocks[1].transition_s == 20

    editor.block_list.setCurrentRow(2)
    type_into(qtbot, panel.inputs["tempo.hold"], "8")
    assert editor.routine().blocks[2].dose.tempo == Tempo(2, 8, 2, 1)
    assert editor.undo_button.text() == "Undo change hold at the top of Clamshell"
    assert editor.undo_stack.count() == 5


def test_an_out_of_bounds_hold_is_refused_with_the_reason(
        qtbot: QtBot, editor: RoutineEditor) -> None:
    editor.block_list.setCurrentRow(1)
    box = editor.dose_panel.boxes["hold_s"]
    type_into(qtbot, editor.dose_panel.inputs["hold_s"], "4000")
    assert box.problem.isVisible()
    assert box.problem.text() == "1 h is the most: 3600 s — kept 60 s"
    assert box.hint.text() == "5 to 3600 s"  # the range stays in view
    assert editor.routine() == three_blocks()
    assert not editor.is_modified()
    assert editor.undo_stack.count() == 0

    editor.name.setFocus()
    qtbot.keyClicks(editor.name, "!")  # another edit leaves the refusal in view
    assert box.problem.text() == "1 h is the most: 3600 s — kept 60 s"
    type_into(qtbot, editor.dose_panel.inputs["hold_s"], "two")
    assert box.problem.text() == "“two” is not a number — kept 60 s"
    type_into(qtbot, editor.dose_panel.inputs["hold_s"], "4")
    assert box.problem.text().startswith("5 s is the least")
    type_into(qtbot, editor.dose_panel.inputs["hold_s"], "45")
    assert not box.problem.isVisible()
    assert editor.routine().blocks[1].dose.hold_s == 45


def test_whole_sets_only(qtbot: QtBot, editor: RoutineEditor) -> None:
    type_into(qtbot, editor.dose_panel.inputs["sets"], "2.5")
    assert editor.dose_panel.boxes["sets"].problem.text() == "Whole sets only — kept 2 sets"
    assert editor.routine() == three_blocks()


def test_reps_running_backwards_are_refused(qtbot: QtBot, editor: RoutineEditor) -> None:
    panel = editor.dose_panel
    box = panel.boxes["reps"]
    type_into(qtbot, panel.reps_low, "20")
    assert box.problem.text().startswith("The fewest reps (20) can't be more than the most (15)")
    assert editor.routine() == three_blocks()
    type_into(qtbot, panel.reps_high, "60")
    assert box.problem.text().startswith("50 reps is the most")
    type_into(qtbot, panel.reps_high, "25")
    type_into(qtbot, panel.reps_low, "20")
    assert not box.problem.isVisible()
    reps = editor.routine().blocks[0].dose.reps
    assert reps is not None and (reps.low, reps.high) == (20, 25)
    type_into(qtbot, panel.reps_high, "19")
    assert box.problem.text().startswith("The fewest reps (20) can't be more than the most (19)")
    assert editor.routine().blocks[0].dose.reps == reps


def test_escape_puts_back_the_value(qtbot: QtBot, editor: RoutineEditor) -> None:
    field = editor.dose_panel.inputs["rest_s"]
    type_into(qtbot, field, "999")
    assert editor.dose_panel.boxes["rest_s"].problem.isVisible()
    assert field.text() == "30"  # refused: put back at once
    qtbot.keyClicks(field, "5")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == "30"
    assert not editor.dose_panel.boxes["rest_s"].problem.isVisible()


def test_switching_between_a_hold_and_reps(editor: RoutineEditor) -> None:
    panel = editor.dose_panel
    assert panel.boxes["reps"].isVisible() and not panel.boxes["hold_s"].isVisible()
    panel.timed.click()
    bridge = editor.routine().blocks[0]
    assert bridge.dose.hold_s == 30 and bridge.dose.reps is None
    assert panel.boxes["hold_s"].isVisible() and not panel.boxes["reps"].isVisible()
    assert not panel.boxes["tempo.up"].isVisible()
    panel.reps_kind.click()
    assert editor.routine().blocks[0].dose.reps == CATALOG["bridge"].dose.reps


EDITS: dict[str, Callable[[RoutineEditor, QtBot], None]] = {
    "add": lambda e, bot: e.catalog_panel.add_requested.emit("walking"),
    "remove": lambda e, bot: e.remove_button.click(),
    "move": lambda e, bot: e.down_button.click(),
    "dose": lambda e, bot: type_into(bot, e.dose_panel.inputs["sets"], "4"),
    "kind": lambda e, bot: e.dose_panel.timed.click(),
    "sides": lambda e, bot: e.dose_panel.sides_chosen.emit(Sides.ALTERNATING),
    "name": lambda e, bot: bot.keyClicks(e.name, " plus"),
    "description": lambda e, bot: bot.keyClicks(e.description, " and evenings"),
    "frequency": lambda e, bot: e.frequency.activated.emit(
        e.frequency.findData(Frequency.STRENGTH.value)),
    "affected side": lambda e, bot: e.affected_side.activated.emit(
        e.affected_side.findData("right")),
    "note": lambda e, bot: type_into(bot, e.details.texts["note"], "Keep your back flat"),
    "equipment": lambda e, bot: type_into(bot, e.details.texts["equipment"], "a yoga block"),
    "first side": lambda e, bot: e.details.first_side.activated.emit(
        e.details.first_side.findData("right")),
    "block frequency": lambda e, bot: e.details.frequency.activated.emit(
        e.details.frequency.findData("5-per-week")),
    "next step": lambda e, bot: e.details.progress_to.activated.emit(
        e.details.progress_to.findData("single-leg-bridge")),
}


@pytest.mark.parametrize("kind", EDITS)
def test_every_kind_of_edit_undoes_and_redoes(qtbot: QtBot, editor: RoutineEditor,
                                              kind: str) -> None:
    changes: list[None] = []
    editor.changed.connect(lambda: changes.append(None))
    editor.block_list.setCurrentRow(0)
    editor.description.moveCursor(editor.description.textCursor().MoveOperation.End)
    EDITS[kind](editor, qtbot)
    edited = editor.routine()
    assert edited != three_blocks()
    assert editor.undo_stack.count() == 1  # typing several letters is one step
    assert all(isinstance(b.sides, Sides) for b in edited.blocks)
    assert isinstance(edited.frequency, Frequency)
    assert editor.is_modified()
    assert editor.undo_button.text().startswith("Undo ")
    assert changes
    changes.clear()
    focus = {"name": editor.name, "description": editor.description,
             "note": editor.details.texts["note"]}.get(kind, editor.block_list)
    focus.setFocus()  # the editor's undo wins over a text field's own
    qtbot.keyClick(focus, Qt.Key.Key_Z, CTRL)
    assert editor.routine() == three_blocks()
    assert not editor.is_modified()
    assert editor.name.text() == "My routine"
    assert editor.redo_button.isEnabled()
    qtbot.keyClick(focus, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert editor.routine() == edited
    editor.undo_button.click()
    assert editor.routine() == three_blocks()
    qtbot.keyClick(focus, Qt.Key.Key_Y, CTRL)
    assert editor.routine() == edited
    assert len(changes) == 4  # undo, redo, undo, redo


def test_modified_follows_the_undo_stacks_clean_state(qtbot: QtBot,
                                                      editor: RoutineEditor) -> None:
    states: list[bool] = []
    editor.modified_changed.connect(states.append)
    assert not editor.save_button.isEnabled()
    editor.down_button.click()
    assert editor.is_modified() and editor.save_button.isEnabled()
    with qtbot.waitSignal(editor.save_requested):
        qtbot.keyClick(editor.block_list, Qt.Key.Key_S, CTRL)
    editor.mark_saved()
    assert not editor.is_modified() and not editor.save_button.isEnabled()
    editor.undo_button.click()  # back past the save: modified again
    assert editor.is_modified()
    editor.redo_button.click()
    assert not editor.is_modified()
    assert states == [True, False, True, False]


def test_a_nameless_or_empty_routine_cannot_be_saved(qtbot: QtBot,
                                                     editor: RoutineEditor) -> None:
    editor.name.setFocus()
    editor.name.selectAll()
    qtbot.keyClick(editor.name, Qt.Key.Key_Delete)
    assert editor.routine().name == ""
    assert editor.is_modified() and not editor.save_button.isEnabled()
    assert editor.problem_label.text() == "Give the routine a name."
    assert editor.problem_label.styleSheet() == PROBLEM_STYLE
    saves: list[None] = []
    editor.save_requested.connect(lambda: saves.append(None))
    qtbot.keyClick(editor.name, Qt.Key.Key_S, CTRL)
    assert saves == []
    qtbot.keyClicks(editor.name, "Evening")
    for _ in range(3):
        editor.remove_button.click()
    assert editor.problem_label.text() == "Add at least one exercise."
    assert editor.problem_label.styleSheet() == ""  # a hint to start, not an error
    assert editor.dose_panel.title.text() == "No exercises yet"
    assert "search field and press Enter" in editor.dose_panel.empty.text()
    assert not editor.save_button.isEnabled()
    assert editor.total.text() == "Total: 0 s"
    assert not editor.dose_panel.fields.isVisible()


def test_a_built_in_routine_is_read_only_and_can_be_duplicated(
        qtbot: QtBot, editor: RoutineEditor) -> None:
    built_in = dataclasses.replace(three_blocks(), built_in=True)
    editor.edit(built_in)
    assert editor.note.isVisible() and editor.note.text() == BUILT_IN_NOTE
    for widget in (editor.name, editor.description, editor.frequency, editor.catalog_panel,
                   editor.dose_panel.inputs["sets"], editor.dose_panel.reps_low,
                   editor.dose_panel.sides, editor.up_button, editor.down_button,
                   editor.remove_button, editor.save_button):
        assert not widget.isEnabled(), widget
    editor.block_list.setCurrentRow(1)  # still free to look at each dose
    assert editor.dose_panel.inputs["hold_s"].text() == "60"
    editor.block_list.setFocus()
    qtbot.keyClick(editor.block_list, Qt.Key.Key_Delete)
    qtbot.keyClick(editor.block_list, Qt.Key.Key_Up, CTRL)
    editor.catalog_panel.add_requested.emit("walking")
    assert editor.routine() == three_blocks()  # built_in=False: a copy is the user's own
    assert not editor.is_modified()
    assert editor.duplicate_button.isEnabled()
    with qtbot.waitSignal(editor.duplicate_requested):
        editor.duplicate_button.click()

    editor.edit(three_blocks())  # an own routine is editable again
    assert not editor.note.isVisible() and editor.name.isEnabled()
    assert editor.dose_panel.inputs["sets"].isEnabled()


def test_the_physiotherapist_s_details_reach_the_block(qtbot: QtBot,
                                                       editor: RoutineEditor) -> None:
    editor.block_list.setCurrentRow(0)
    details = editor.details
    type_into(qtbot, details.texts["note"], "  Squeeze your buttocks first ")
    details.progress_to.activated.emit(details.progress_to.findData("single-leg-bridge"))
    type_into(qtbot, details.texts["progress_when"], "when 3 × 12 feels easy")
    bridge = editor.routine().blocks[0]
    assert bridge.note == "Squeeze your buttocks first"
    assert bridge.progress_to is CATALOG["single-leg-bridge"]
    assert bridge.progress_when == "when 3 × 12 feels easy"
    assert not details.first_side.isVisible()  # both legs at once: no side to start on
    assert not editor.dose_panel.boxes["switch_s"].isVisible()  # nor sides to switch
    editor.block_list.setCurrentRow(1)
    assert details.first_side.isVisible() and details.texts["note"].text() == ""
    assert editor.dose_panel.boxes["switch_s"].isVisible()
    assert "lead_in_s" not in editor.dose_panel.inputs  # one get-ready time: in Settings
    details.progress_to.activated.emit(details.progress_to.findData("piriformis-stretch"))
    assert editor.routine().blocks[1].progress_to is None  # not its own next step
    assert "Not changed: the next step must be another exercise" in \
        editor.problem_label.text()
    assert details.progress_to.currentText() == "None"


def test_a_routine_too_big_to_run_cannot_be_saved(editor: RoutineEditor) -> None:
    big = block("clamshell", reps=(50, 50), sets=10, sides=Sides.EACH, rest_s=300)
    editor.edit(dataclasses.replace(three_blocks(), blocks=(big,) * 12))
    assert "at most 4 hours" in editor.problem_label.text()
    assert not editor.save_button.isEnabled()
