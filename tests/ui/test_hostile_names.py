"""Names, descriptions, notes and file names from files and the database are shown as plain
text on every screen: a routine called ``<h1 style='color:red'>STOP</h1>`` reads exactly so,
an ``<img src=…>`` loads nothing, and control characters change nothing but themselves."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QMessageBox,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from hiptimer.core.record import Outcome
from hiptimer.core.routine import Routine
from hiptimer.store.history import HistoryStore
from hiptimer.store.routines import UserRoutines
from hiptimer.store.settings import load_settings
from hiptimer.ui.window.main_window import MainWindow
from hiptimer.ui.window.settings_dialog import SettingsDialog
from tests.core.helpers import CATALOG
from tests.store.records import session_record

from .fakes import Rig, make_window
from .test_session_flow import FLOW, stop_session

# What a hostile file or database may hold, each with a word that shows if any of it shows.
NAME = "<h1 style='color:red'>STOP</h1><img src='pic.png'>"  # a routine file's name
DESCRIPTION = "<img src='file:///etc/pic.png'><b>BOLD</b> & <a href='x'>LINK</a>"
STORED = "\x1b]0;pwned\x07<h2>TITLE</h2>\u202eREVERSED\u202c"  # a name in the history
NOTE = "<img src='pic.png'><h2>NOTED</h2>"
FILE = "<b>FILENAME<img src=x.png>.toml"  # a routine file's own name
PLANTED = {"STOP": NAME, "BOLD": DESCRIPTION, "TITLE": STORED, "NOTED": NOTE,
           "FILENAME": FILE.removesuffix(".toml")}
YESTERDAY = date.today() - timedelta(days=1)
HOSTILE = dataclasses.replace(FLOW, id="hostile", name=NAME, description=DESCRIPTION,
                              built_in=False)


def rendered(text: str, text_format: Qt.TextFormat) -> str:
    """What a label, message box or tooltip draws of ``text``: as HTML if it takes it as
    HTML (Qt guesses, unless told the format), else as it is."""
    rich = text_format is Qt.TextFormat.RichText or (
        text_format is Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text))
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def shown(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text drawn) for every text a user can see in ``widget`` and its children."""
    for w in [widget, *widget.findChildren(QWidget)]:
        where = f"{type(w).__name__} {w.objectName()}"
        if w.isWindow():
            yield f"{where} title", w.windowTitle()
        if w.toolTip():
            yield f"{where} tooltip", rendered(w.toolTip(), Qt.TextFormat.AutoText)
        if isinstance(w, QMessageBox):
            yield f"{where} text", rendered(w.text(), w.textFormat())
        elif isinstance(w, QLabel):
            yield where, rendered(w.text(), w.textFormat())
        elif isinstance(w, QTextEdit):
            yield where, w.document().toPlainText()
            assert "<img" not in w.document().toHtml().replace("&lt;img", ""), where
        elif isinstance(w, QAbstractButton):
            yield where, w.text()
        elif isinstance(w, QComboBox):
            yield from ((where, w.itemText(i)) for i in range(w.count()))
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            for row in range(model.rowCount(QModelIndex())):
                column = 0
                while (index := model.index(row, column)).isValid():
                    column += 1
                    yield where, str(index.data() or "")
                    tip = index.data(Qt.ItemDataRole.ToolTipRole)
                    if tip:
                        yield f"{where} tooltip", rendered(str(tip), Qt.TextFormat.AutoText)


def assert_plain(*widgets: QWidget) -> set[str]:
    """Wherever a planted text shows at all, it shows whole, tags and all; the words seen."""
    seen = set()
    for widget in widgets:
        for where, text in shown(widget):
            for word, planted in PLANTED.items():
                if word in text:
                    seen.add(word)
                    tags = planted.split(word)[0][-12:]  # the markup just before the word
                    assert tags in text, f"{where} drew {planted!r} as {text!r}"
    return seen


def windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    """Every modal message box, checked as it shows and answered with its default."""
    ran: list[QMessageBox] = []

    def run(box: QMessageBox) -> int:
        ran.append(box)
        assert_plain(box)
        button = box.defaultButton()
        return int(box.standardButton(button).value) if button else 0

    monkeypatch.setattr(QMessageBox, "exec", run)
    return ran


def hostile_data(folder: Path) -> None:
    """User routines and a history as a hostile file or database would have them."""
    store = UserRoutines(folder / "routines", CATALOG)
    store.save(HOSTILE)
    (folder / "routines" / FILE).write_text("not a routine", encoding="utf-8")
    history = HistoryStore.open(folder / "history.sqlite3")
    history.save(dataclasses.replace(session_record(uid="yesterday", day=YESTERDAY),
                                     routine_name=STORED, note=NOTE))
    history.save(dataclasses.replace(session_record(uid="left", run_for=200),
                                     routine_name=STORED, outcome=Outcome.RUNNING))
    history.close()


def hostile_window(qtbot: QtBot, folder: Path) -> Rig:
    hostile_data(folder)
    (folder / "settings.json").write_text(json.dumps({"theme": NAME}), encoding="utf-8")
    _, problems = load_settings(folder / "settings.json")
    rig = make_window((), folder, problems=problems)
    qtbot.addWidget(rig.window, before_close_func=stop_session)
    rig.window.show()
    return rig


def routine_row(window: MainWindow, routine: Routine) -> int:
    return [r.id for r in window.routines].index(routine.id)


def test_start_up_notices_and_the_routines_tab(qtbot: QtBot, tmp_path: Path,
                                               boxes: list[QMessageBox]) -> None:
    rig = hostile_window(qtbot, tmp_path)
    window = rig.window
    notice = window.check_history()  # a routine file that could not be read, by its name
    assert notice is not None
    assert {"FILENAME"} <= assert_plain(notice)
    notice.done(0)  # then: the session left unfinished, by its stored name
    recovery = window.findChildren(QMessageBox)[-1]
    assert recovery is not notice and {"TITLE"} <= assert_plain(recovery)
    recovery.done(0)
    page = window.routines_page
    page.routine_list.setCurrentRow(routine_row(window, HOSTILE))
    assert {"STOP", "BOLD"} <= assert_plain(*windows())
    page.buttons["delete"].click()
    assert "Deleted" in page.undo_label.text()
    assert {"STOP"} <= assert_plain(page.undo_label)


def test_the_session_from_start_to_end(qtbot: QtBot, tmp_path: Path,
                                       boxes: list[QMessageBox]) -> None:
    rig = hostile_window(qtbot, tmp_path)
    window = rig.window
    assert window.start_routine("hostile")
    start = window.session_page.start_view
    qtbot.waitUntil(start.start_button.isEnabled, timeout=10_000)
    # The title, the banner quoting the settings file, the morning-after question.
    assert {"STOP", "TITLE"} <= assert_plain(*windows())
    start.start_button.click()
    rig.clock.advance(30)
    window.controller.refresh()
    assert_plain(*windows())
    rig.clock.advance(100)
    window.controller.refresh()
    assert window.session_page.currentWidget() is window.session_page.end_view
    assert {"STOP"} <= assert_plain(*windows())


def test_the_history_tab(qtbot: QtBot, tmp_path: Path, boxes: list[QMessageBox]) -> None:
    rig = hostile_window(qtbot, tmp_path)
    window = rig.window
    window.tabs.setCurrentWidget(window.history_tab)
    page = window.history_page
    row = [s.uid for s in page.model.sessions].index("yesterday")
    page.table.selectRow(row)
    assert {"TITLE", "NOTED"} <= assert_plain(*windows())
    page.delete_button.click()
    assert {"TITLE"} <= assert_plain(page.undo_label)


def test_the_editor_and_its_questions(qtbot: QtBot, tmp_path: Path,
                                      boxes: list[QMessageBox]) -> None:
    rig = hostile_window(qtbot, tmp_path)
    editor = rig.window.edit_routine(HOSTILE)
    qtbot.addWidget(editor)
    assert NAME in editor.windowTitle()
    assert {"STOP"} <= assert_plain(editor)
    editor.editor.description.setPlainText("changed")
    editor.close()  # unsaved changes: asked, naming the routine
    assert boxes and "STOP" in boxes[-1].text()


def test_import_and_settings_messages(qtbot: QtBot, tmp_path: Path,
                                      boxes: list[QMessageBox]) -> None:
    rig = hostile_window(qtbot, tmp_path)
    actions = rig.window.routine_actions
    shown_dialogs: list[QWidget] = []

    def show(dialog: QDialog) -> bool:
        shown_dialogs.append(dialog)
        return False  # cancelled

    actions.show_dialog = show
    actions.ask_open = lambda _title, _name: tmp_path / "routines" / FILE  # not a routine
    assert actions.import_file() is None
    assert {"FILENAME"} <= assert_plain(shown_dialogs[-1])
    again = tmp_path / "again.toml"
    actions.store.export(HOSTILE, again)  # type: ignore[union-attr]
    actions.ask_open = lambda _title, _name: again  # the same routine: its name is asked about
    assert actions.import_file() is None
    assert {"STOP", "BOLD"} <= assert_plain(shown_dialogs[-1])
    folder = tmp_path / FILE.removesuffix(".toml")
    dialog = SettingsDialog(rig.window.services.settings, lambda: [], rig.window,
                            data_folder=folder)
    qtbot.addWidget(dialog)
    assert {"FILENAME"} <= assert_plain(dialog)
