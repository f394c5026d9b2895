"""The Routines tab shows every built-in routine, its exercises and their steps."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from hiptimer.core.catalog import builtin_catalog
from hiptimer.core.plan import compile_plan
from hiptimer.core.routine import builtin_routines

from .fakes import make_window

ROUTINES = builtin_routines(builtin_catalog())


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
