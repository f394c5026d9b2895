"""The Routines tab shows every built-in routine, its exercises and their steps."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.plan import compile_plan
from hiptimer.core.progression import Advice, Suggestion
from hiptimer.core.routine_file import read_routine_text
from hiptimer.core.routine_load import builtin_routines
from hiptimer.ui.routines_page import RoutinesPage
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
    assert first.startswith("Gentle first steps (start here)\n8 min")


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
    assert "Sides: a set on each side in turn, left first" in shown
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
