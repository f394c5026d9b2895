"""The Routines tab shows every built-in routine, its exercises and their steps."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pytestqt.qtbot import QtBot

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.plan import compile_plan
from hiptimer.core.progression import Advice, Suggestion
from hiptimer.core.routine_file import read_routine_text
from hiptimer.core.routine_load import builtin_routines
from hiptimer.ui.routines.routines_page import RoutinesPage, about_minutes
from tests.core.test_routine_v2 import EXAMPLE

from .fakes import make_window

CATALOG = builtin_catalog()
ROUTINES = builtin_routines(CATALOG)


def test_every_routine_is_listed_with_its_duration(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(ROUTINES, tmp_path).window
    qtbot.addWidget(window)
    page = window.routines_page
    assert page.routine_list.count() == len(ROUTINES)
    first = page.routine_list.item(0).text()
    assert first == "Gentle first steps (start here)\nabout 8 min · daily"  # 8 min 17 s
    assert "8 min 17 s in all" in page.summary.text()  # the exact time in the preview
    assert [about_minutes(s) for s in (20, 89, 91, 1357)] == [
        "about 1 min", "about 1 min", "about 2 min", "about 23 min"]


def test_choosing_a_routine_and_an_exercise_shows_its_steps_and_cautions(
        qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(ROUTINES, tmp_path).window
    qtbot.addWidget(window)
    page = window.routines_page
    index = next(i for i, r in enumerate(ROUTINES) if r.id == "daily-stretches")
    page.routine_list.setCurrentRow(index)
    routine = ROUTINES[index]
    assert page.title.text() == routine.name
    assert page.exercise_list.count() == len(routine.blocks)
    assert "10 min in all" in page.summary.text()
    piriformis = next(i for i, b in enumerate(routine.blocks)
                      if b.exercise.id == "piriformis-stretch")
    page.exercise_list.setCurrentRow(piriformis)
    shown = page.preview.toPlainText()
    exercise = routine.blocks[piriformis].exercise
    for step in exercise.steps:
        assert step in shown
    assert exercise.cautions[0] in shown
    assert "60 s hold, each side" in shown
    assert "If it hurts: " + exercise.easier in shown
    # Which source said what is for maintainers: never on screen.
    for leak in ("steps were lost", "standard practice", "we chose", "VW:", "BD:", "TH:"):
        assert leak not in shown
    assert exercise.dose_note not in shown
    assert compile_plan(routine).duration == 600


def example_page(qtbot: QtBot) -> RoutinesPage:
    routine = read_routine_text(EXAMPLE.encode(), CATALOG, source="x.toml").routine
    page = RoutinesPage((routine,), {routine.id: compile_plan(routine).duration})
    qtbot.addWidget(page)
    return page


def test_the_physiotherapist_s_words_show_with_each_exercise(qtbot: QtBot) -> None:
    page = example_page(qtbot)
    assert "Also, logged when done: Stationary bike, 15 min: seat high (3 days a week)" in \
        page.summary.text()
    page.exercise_list.setCurrentRow(1)
    shown = page.preview.toPlainText()
    assert "equipment: kitchen counter to hold" in shown and "chair" not in shown.split(
        "equipment:")[1].split("\n")[0]
    assert "Sides: a set on each side in turn, left leg first" in shown
    assert "Note: Stand tall and keep your toes pointing forward." in shown
    page.exercise_list.setCurrentRow(0)
    assert "Next step: Single-leg bridge — when 3 × 12 feels easy" in page.preview.toPlainText()


def test_the_step_up_advice_shows_the_physiotherapist_s_next_steps(qtbot: QtBot) -> None:
    page = example_page(qtbot)
    page.show_suggestion(Suggestion(Advice.PROGRESS, "Two easy sessions in a row."))
    assert "Your physiotherapist's next steps:" in page.advice.text()
    assert "Bridge → Single-leg bridge — when 3 × 12 feels easy" in page.advice.text()
    page.show_suggestion(Suggestion(Advice.HOLD, "Keep going."))
    assert "next steps" not in page.advice.text()


def test_starting_another_routine_mid_session_asks_first(qtbot: QtBot, tmp_path: Path) -> None:
    from hiptimer.core.session import Status

    from .test_session_flow import FLOW, open_start_screen

    other = dataclasses.replace(FLOW, id="other", name="Other routine")
    window = make_window((FLOW, other), tmp_path).window
    open_start_screen(qtbot, window)
    page = window.session_page
    page.start_view.start_button.click()
    session = window.controller.session
    assert window.controller.running and session is not None
    asked: list[tuple[str, str]] = []
    window.ask_end_session = lambda *names: asked.append(names) or False  # type: ignore[func-returns-value]
    window.tabs.setCurrentWidget(window.routines_page)
    assert not window.start_routine("other")  # going on with it: back to it, untouched
    assert asked == [("Test routine", "Other routine")]
    assert window.controller.session is session and window.controller.running
    assert window.tabs.currentWidget() is page and page.currentWidget() is page.run_view

    window.ask_end_session = lambda *_names: True
    assert window.start_routine("other")
    assert session.status is Status.STOPPED  # ended, what was done kept
    assert page.currentWidget() is page.start_view
    assert page.start_view.title.text() == "Other routine"


def test_the_routine_list_reads_as_separate_items(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtGui import QFontMetrics, QPalette

    window = make_window(ROUTINES, tmp_path).window
    qtbot.addWidget(window)
    window.show()
    listing = window.routines_page.routine_list
    listing.setCurrentRow(-1)  # nothing highlighted: the plain look
    image = listing.viewport().grab().toImage()
    rows = [listing.visualRect(listing.model().index(i, 0)) for i in range(3)]
    line = QFontMetrics(listing.font()).height()
    assert all(r.height() >= 2 * line + 8 for r in rows)  # a title line, a details line, room
    assert [r.top() for r in rows[1:]] == [r.bottom() + 1 for r in rows[:-1]]
    ratio = image.devicePixelRatio()
    rule = listing.palette().color(QPalette.ColorRole.Mid)
    base = listing.palette().color(QPalette.ColorRole.Base)
    for r in rows:  # a rule under each item, across it
        x, y = round(r.center().x() * ratio), round(r.bottom() * ratio)
        assert image.pixelColor(x, y).rgb() == rule.rgb() != base.rgb()


def test_tab_goes_from_the_list_to_start(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    window = make_window(ROUTINES, tmp_path).window
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page = window.routines_page
    page.routine_list.setFocus()
    qtbot.keyClick(page.routine_list, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.start_button
    qtbot.keyClick(page.start_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.exercise_list
    assert page.start_button.text() == "S&tart this routine"  # Alt+T from anywhere on the tab
