"""The Routines tab's buttons on real files: duplicate, delete and undo, import, export, and a
progression suggestion taken up as a copy."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from hiptimer.core.review import preview
from hiptimer.core.routine import find
from hiptimer.core.routine_file import parse_routine_text, read_routine_text
from hiptimer.core.routine_load import builtin_routines
from hiptimer.store.history import HistoryStore
from hiptimer.ui.routines.import_preview import ImportPreview, ImportProblems
from hiptimer.ui.routines.routine_actions import RoutineActions
from hiptimer.ui.window.main_window import MainWindow
from tests.core.helpers import CATALOG
from tests.core.test_routine_v2 import EXAMPLE
from tests.store.records import session_record

from .fakes import make_window, shown_messages

ROUTINES = builtin_routines(CATALOG)


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return shown_messages(monkeypatch)


def window_in(qtbot: QtBot, folder: Path) -> MainWindow:
    window = make_window(ROUTINES, folder).window
    qtbot.addWidget(window)
    return window


def listed(window: MainWindow) -> list[str]:
    page = window.routines_page
    return [page.routine_list.item(i).text().split("\n")[0]
            for i in range(page.routine_list.count())]


def test_duplicate_a_built_in_then_delete_and_undo(qtbot: QtBot, tmp_path: Path) -> None:
    window = window_in(qtbot, tmp_path)
    page = window.routines_page
    assert not page.buttons["edit"].isEnabled()  # built-in: read-only
    page.buttons["duplicate"].click()
    assert "Gentle first steps (start here) (my copy)" in listed(window)
    mine = page.current_routine()
    assert mine is not None and not mine.built_in and mine.name.endswith("(my copy)")
    assert page.buttons["edit"].isEnabled() and page.buttons["delete"].isEnabled()
    saved = tmp_path / "routines" / f"{mine.id}.toml"
    assert saved.exists()
    assert dataclasses.replace(parse_routine_text(saved.read_bytes(), CATALOG, source="x"),
                               id=mine.id) == mine
    page.buttons["delete"].click()
    assert "Gentle first steps (start here) (my copy)" not in listed(window) and not saved.exists()
    assert page.undo_button.isVisibleTo(page) and "Deleted" in page.undo_label.text()
    page.undo_button.click()
    assert "Gentle first steps (start here) (my copy)" in listed(window) and saved.exists()
    again = window_in(qtbot, tmp_path)  # and it is there at the next start
    assert "Gentle first steps (start here) (my copy)" in listed(again)


def answering(actions: RoutineActions, accept: bool, replace: bool | None = None
              ) -> list[QDialog]:
    """Answer every dialog of the import: Import (or Cancel), and replace or keep both."""
    shown: list[QDialog] = []

    def answer(dialog: QDialog) -> bool:
        shown.append(dialog)
        if isinstance(dialog, ImportPreview) and replace is not None:
            (dialog.replace_choice if replace else dialog.keep_choice).setChecked(True)
        return accept and isinstance(dialog, ImportPreview)
    actions.show_dialog = answer
    return shown


def test_import_a_good_file_and_refuse_a_broken_one(qtbot: QtBot, tmp_path: Path) -> None:
    window = window_in(qtbot, tmp_path)
    actions = window.routine_actions
    target = tmp_path / "from-physio.toml"
    actions.ask_save = lambda _title, _name: target
    assert actions.export("movement-snack")
    text = target.read_text(encoding="utf-8").replace('name = "Desk movement snack"',
                                                      'name = "From my physio"')
    target.write_text(text, encoding="utf-8")
    actions.ask_open = lambda _title, _name: target
    dialogs = answering(actions, accept=True)
    imported = actions.import_file()
    assert imported is not None and imported.name == "From my physio"
    assert imported.id != "movement-snack"  # the built-in keeps its id
    assert "From my physio" in listed(window)
    [preview] = dialogs
    assert isinstance(preview, ImportPreview)
    assert not preview.replace_choice.isEnabled() and preview.keep_choice.isChecked()

    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace("reps = [10, 20]", "reps = [10, 900]")
                      .replace("sets = 1", "sets = 0", 1), encoding="utf-8")
    actions.ask_open = lambda _title, _name: broken
    before = sorted(p.name for p in (tmp_path / "routines").iterdir())
    dialogs = answering(actions, accept=True)
    assert actions.import_file() is None
    [problems] = dialogs
    assert isinstance(problems, ImportProblems)
    listing = problems.body.toPlainText()
    assert "block[1].sets" in listing and "block[1].reps.high" in listing  # all at once
    assert "line 14" in listing
    assert sorted(p.name for p in (tmp_path / "routines").iterdir()) == before


def test_the_same_file_twice_replaces_or_keeps_both_as_asked(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    window = window_in(qtbot, tmp_path)
    actions = window.routine_actions
    handed = tmp_path / "programme.toml"
    handed.write_text(EXAMPLE, encoding="utf-8")
    actions.ask_open = lambda _title, _name: handed
    answering(actions, accept=True)
    first = actions.import_file()
    assert first is not None and first.id == "left-hip-oa"
    dialogs = answering(actions, accept=True, replace=True)
    again = actions.import_file()
    assert again is not None and again.id == "left-hip-oa"
    assert listed(window).count("Left hip programme") == 1
    assert dialogs[0].replace_choice.isChecked()  # type: ignore[attr-defined]
    answering(actions, accept=True, replace=False)
    both = actions.import_file()
    assert both is not None and (both.id, both.name) == ("left-hip-oa-2",
                                                          "Left hip programme (2)")
    assert {"Left hip programme", "Left hip programme (2)"} <= set(listed(window))
    before = listed(window)
    answering(actions, accept=False)
    assert actions.import_file() is None and listed(window) == before  # Cancel


def test_a_suggestion_to_step_up_makes_a_copy(qtbot: QtBot, tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    for n, days_ago in enumerate((3, 1)):
        record = session_record("strength-and-stretch", uid=f"s{n}", pain=(3, 2),
                                day=date.today() - timedelta(days=days_ago), at=time(9))
        store.save(dataclasses.replace(record, pain_next_day=2))  # settled by the morning
    store.close()
    window = window_in(qtbot, tmp_path)
    page = window.routines_page
    page.routine_list.setCurrentRow(
        [r.id for r in window.routines].index("strength-and-stretch"))
    assert page.advice_box.isVisibleTo(page) and "Ready for a little more" in page.advice.text()
    assert page.accept_advice.isVisibleTo(page)
    page.accept_advice.click()
    copy = page.current_routine()
    assert copy is not None and copy.name.endswith("(stepped up)") and not copy.built_in
    original = find(window.routines, "strength-and-stretch")
    assert original is not None and original.built_in
    # Already at the top of the sources' 10-15 reps: the bridge takes its ladder's first step
    # (a hold at the top) instead of more reps; the stretch holds longer, within 30-60 s.
    [bridge] = [b for b in copy.blocks if b.exercise.id == "bridge"]
    assert bridge.dose.reps is not None and bridge.dose.reps.high == 15
    assert bridge.dose.tempo.hold == 5
    [stretch] = [b for b in copy.blocks if b.exercise.id == "hip-flexor-stretch"]
    assert stretch.dose.hold_s == 35 and stretch.dose.sets == 3
    page.routine_list.setCurrentRow([r.id for r in window.routines].index(original.id))
    page.dismiss_advice.click()
    assert not page.advice_box.isVisibleTo(page)


def test_a_routine_file_using_a_built_in_id_is_skipped_and_said(qtbot: QtBot,
                                                                tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    from hiptimer.core.routine_file import to_toml

    builtin = find(ROUTINES, "movement-snack")
    assert builtin is not None
    (folder / "movement-snack.toml").write_text(
        to_toml(dataclasses.replace(builtin, name="Impostor")), encoding="utf-8")
    window = window_in(qtbot, tmp_path)
    assert "Impostor" not in listed(window)
    box = window.check_history()
    assert box is not None and "Impostor" in box.text() and "built-in" in box.text()
    box.close()


def test_enter_in_the_preview_imports(qtbot: QtBot) -> None:
    imported = read_routine_text(EXAMPLE.encode(), CATALOG, source="x.toml")
    dialog = ImportPreview(preview(imported.routine, imported.defaulted), "x.toml")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    results: list[int] = []
    dialog.finished.connect(results.append)
    qtbot.keyClick(dialog.body, Qt.Key.Key_Return)
    assert results == [QDialog.DialogCode.Accepted.value]
    assert "19 values not in the file" in dialog.summary.text()
