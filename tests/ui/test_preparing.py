"""A routine is compiled, its voice rendered and its cues placed off the GUI thread, so the
window answers while a long routine is prepared; the banner says exactly how much voice
there is."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from hiptimer.core import plan
from hiptimer.core.routine import Routine
from hiptimer.speech import Clip, RenderResult
from hiptimer.store.routines import UserRoutines
from hiptimer.ui.session import preparation
from tests.core.helpers import CATALOG, block, routine

from .fakes import make_window
from .test_session_flow import FLOW, stop_session

MINE = dataclasses.replace(FLOW, id="mine", name="Mine", built_in=False)


def threads_of(monkeypatch: pytest.MonkeyPatch, module: object, *names: str
               ) -> list[tuple[str, bool]]:
    """Wraps functions of ``module`` to note, for each call, whether it ran on the GUI
    thread."""
    calls: list[tuple[str, bool]] = []
    for name in names:
        real = getattr(module, name)

        def wrapper(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            calls.append((_name, threading.current_thread() is threading.main_thread()))
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)
    return calls


def test_compiling_and_placing_cues_happen_off_the_gui_thread(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = threads_of(monkeypatch, preparation, "compile_plan", "schedule", "Session")
    window = make_window((FLOW,), tmp_path).window
    qtbot.addWidget(window, before_close_func=stop_session)
    assert window.start_routine("flow")
    start = window.session_page.start_view
    qtbot.waitUntil(start.start_button.isEnabled, timeout=10_000)
    assert {name for name, _ in calls} == {"compile_plan", "schedule", "Session"}
    assert not any(on_gui for _, on_gui in calls)


def test_the_window_answers_while_a_routine_is_prepared(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A compile that takes as long as the test likes: the start screen is up meanwhile."""
    go_on = threading.Event()
    real = preparation.compile_plan

    def slow(routine: Routine) -> Any:
        assert go_on.wait(60)
        return real(routine)

    monkeypatch.setattr(preparation, "compile_plan", slow)
    window = make_window((FLOW,), tmp_path).window
    qtbot.addWidget(window, before_close_func=stop_session)
    assert window.start_routine("flow")  # returns with the compile still under way
    start = window.session_page.start_view
    assert window.session_page.currentWidget() is start
    assert start.title.text() == "Test routine" and "Preparing" in start.status.text()
    assert not start.start_button.isEnabled()
    window.tabs.setCurrentWidget(window.routines_page)  # the window still does as it is told
    assert window.tabs.currentWidget() is window.routines_page
    go_on.set()
    qtbot.waitUntil(start.start_button.isEnabled, timeout=10_000)
    assert start.summary.text().startswith("1 min 31 s · 2 exercises")


class PartlySpoken:
    """A speech engine that dies after rendering the first ``spoken`` phrases."""

    def __init__(self, spoken: int) -> None:
        self.spoken = spoken

    def render(self, texts: Iterable[str],
               progress: Callable[[int, int], None] | None = None) -> RenderResult:
        texts = list(texts)
        clips = {t: Clip(t, Path(f"/nonexistent/{i}.wav"), 0.5)
                 for i, t in enumerate(texts[:self.spoken])}
        failed = dict.fromkeys(texts[self.spoken:], "The speech engine stopped.")
        return RenderResult(clips, failed, "The speech engine quit unexpectedly.")


def test_voice_that_is_partly_there_is_not_called_off(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path, speech=PartlySpoken(5))  # type: ignore[arg-type]
    qtbot.addWidget(rig.window, before_close_func=stop_session)
    assert rig.window.start_routine("flow")
    start = rig.window.session_page.start_view
    qtbot.waitUntil(start.start_button.isEnabled, timeout=10_000)
    banner = rig.window.session_page.banner.text()
    assert "Voice is off" not in banner
    assert "11 of 16 phrases could not be prepared" in banner and "the other 5 are spoken" \
        in banner and "quit unexpectedly" in banner
    assert start.status.text() == "Ready. Get your mat and press Start."
    assert len([n for n in rig.player.loaded if n not in {"tick", "phase"}]) == 5


def test_opening_the_window_compiles_no_routine_on_the_gui_thread(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The start-up cost must not grow with the size of the user's routines."""
    UserRoutines(tmp_path / "routines", CATALOG).save(MINE)
    calls = threads_of(monkeypatch, plan._Builder, "add")  # every compile goes through it
    window = make_window((), tmp_path).window
    qtbot.addWidget(window)
    assert not any(on_gui for _, on_gui in calls)
    assert "about 2 min" in window.routines_page.routine_list.item(0).text()
    assert "1 min 31 s" in window.routines_page.summary.text()


class Crashing:
    def render(self, texts: Iterable[str],
               progress: Callable[[int, int], None] | None = None) -> RenderResult:
        raise OSError("The cue cache could not be read.")


def test_a_speech_engine_that_crashes_leaves_a_session_without_voice(
        qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path, speech=Crashing())  # type: ignore[arg-type]
    qtbot.addWidget(rig.window, before_close_func=stop_session)
    assert rig.window.start_routine("flow")
    start = rig.window.session_page.start_view
    qtbot.waitUntil(start.start_button.isEnabled, timeout=10_000)
    assert "Voice is off: The cue cache could not be read." in \
        rig.window.session_page.banner.text()
    assert start.status.text() == "Ready, without voice."


def test_a_long_routine_names_its_first_exercises_and_counts_the_rest(
        qtbot: QtBot, tmp_path: Path) -> None:
    long = routine(*[block("clamshell", reps=(1, 1))] * 14, routine_id="long")
    window = make_window((long,), tmp_path).window
    qtbot.addWidget(window, before_close_func=stop_session)
    assert window.start_routine("long")
    summary = window.session_page.start_view.summary.text()
    assert summary.startswith("14 exercises: Clamshell, ") and summary.endswith(" and 2 more")
    assert summary.count("Clamshell") == 12
