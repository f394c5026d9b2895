"""The Routines tab's advice in the window: the next-morning question comes first, a flare
shows "pause and check" and softens the reminders, what hurt is remembered, the warning
signs are rechecked before a session with high pain, and hip-replacement precautions show."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hiptimer.core import safety
from hiptimer.core.record import Outcome, SessionSummary
from hiptimer.core.routine_load import builtin_routines
from hiptimer.store.history import HistoryStore
from hiptimer.store.settings import Settings
from hiptimer.ui.routines.next_morning import NextMorningDialog
from hiptimer.ui.routines.recheck import RecheckDialog
from tests.core.helpers import CATALOG
from tests.store.records import session_record

from .fakes import make_window

ROUTINES = builtin_routines(CATALOG)
TH = "strength-and-stretch"


def history(folder: Path, *rows: tuple[int, tuple[int, int], int | None],
            hurts: tuple[float, ...] = ()) -> None:
    """Sessions of the six-exercise routine: (days ago, (pain before, after), next morning)."""
    store = HistoryStore.open(folder / "history.sqlite3")
    for n, (days_ago, pain, next_day) in enumerate(rows):
        last = n == len(rows) - 1
        record = session_record(TH, uid=f"s{n}", pain=pain, at=time(9),
                                day=date.today() - timedelta(days=days_ago),
                                hurts=hurts if last else ())
        store.save(dataclasses.replace(record, pain_next_day=next_day))
    store.close()


def show(window: object, routine_id: str = TH) -> None:
    page = window.routines_page  # type: ignore[attr-defined]
    page.routine_list.setCurrentRow([r.id for r in ROUTINES].index(routine_id))


def morning_dialog(qtbot: QtBot, window: object) -> NextMorningDialog:
    window.check_history()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), NextMorningDialog),
                    timeout=3000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, NextMorningDialog)
    return dialog


def test_the_next_morning_is_asked_at_launch_before_any_advice(qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    history(tmp_path, (3, (3, 2), 2), (1, (3, 2), None))
    window = make_window(ROUTINES, tmp_path).window
    qtbot.addWidget(window)
    show(window)
    page = window.routines_page
    assert not page.advice_box.isVisibleTo(page)  # nothing until the morning is known
    dialog = morning_dialog(qtbot, window)
    assert "morning after your last session" in dialog.scale.question.text()
    assert not dialog.save.isEnabled()
    qtbot.mouseClick(dialog.scale.group.button(2), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert window.services.history.record("s1").pain_next_day == 2  # type: ignore[union-attr]
    assert page.advice_box.isVisibleTo(page)
    assert "Ready for a little more" in page.advice.text()
    assert window.coach.morning_to_ask() is None  # not asked again


def test_the_window_knows_the_day_from_its_services_clock(qtbot: QtBot,
                                                         tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    store.save(session_record(TH, uid="march", day=date(2026, 3, 10), at=time(9)))
    store.close()
    then = datetime(2026, 3, 11, 8, 30).astimezone()  # the morning after, long ago
    window = make_window(ROUTINES, tmp_path, now=lambda: then).window
    qtbot.addWidget(window)
    last = window.coach.morning_to_ask()
    assert last is not None and last.uid == "march"
    assert window.coach.todays_routine() == TH
    assert window.coach.exercised_today() is False
    assert window.start_routine(TH)  # the start screen asks about the same morning
    start = window.session_page.start_view
    assert start.next_day_uid == "march" and "Tuesday 10 March" in start.next_day.question.text()
    window.activity_logger.show_dialog = lambda dialog: True  # as if accepted at once
    log = window.activity_logger.ask()
    assert log is not None and log.logged_at == then and log.day == then.date()
    window.controller.stop_now()
    today = make_window(ROUTINES, tmp_path).window  # the real day: that morning is long past
    qtbot.addWidget(today)
    assert today.coach.morning_to_ask() is None


def test_not_remembering_the_morning_holds_the_advice(qtbot: QtBot, tmp_path: Path) -> None:
    history(tmp_path, (3, (3, 2), 2), (1, (3, 2), None))
    window = make_window(ROUTINES, tmp_path).window
    qtbot.addWidget(window)
    show(window)
    dialog = morning_dialog(qtbot, window)
    qtbot.mouseClick(dialog.skip, Qt.MouseButton.LeftButton)
    page = window.routines_page
    assert "Keep going as you are" in page.advice.text()
    assert "does not know how your hip was the next morning" in page.advice.text()


def test_a_painful_morning_is_a_flare_pause_and_check(qtbot: QtBot, tmp_path: Path) -> None:
    history(tmp_path, (3, (3, 2), 2), (1, (3, 2), None))
    reminded: list[tuple[str, str]] = []
    window = make_window(ROUTINES, tmp_path, settings=Settings(remind=True)).window
    qtbot.addWidget(window)
    window.reminders._notify = lambda title, text: reminded.append((title, text))
    show(window)
    dialog = morning_dialog(qtbot, window)
    qtbot.mouseClick(dialog.scale.group.button(8), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    page = window.routines_page
    text = page.advice.text()
    assert "Pause and check" in text and "pain was 8 out of 10 the morning after" in text
    assert "recheck the warning signs" in text and "physiotherapist" in text
    assert page.recheck_advice.isVisibleTo(page)
    assert "can wait until it settles" in page.note.text()  # no nudge to do more
    show(window, "daily-stretches")  # every routine pauses, not just the one that flared
    assert "Pause and check" in page.advice.text()
    window.reminders.enabled, window.reminders.remind_at = True, time(0, 0)
    window.reminders.last_reminded = None
    window.reminders._exercised_today = lambda: False
    assert window.reminders.check()
    assert reminded[-1][0] == "Go gently today"
    page.recheck_advice.click()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RecheckDialog),
                    timeout=3000)
    recheck = QApplication.activeModalWidget()
    assert isinstance(recheck, RecheckDialog) and not recheck.starting
    recheck.reject()


def test_what_hurt_is_remembered_with_what_to_try(qtbot: QtBot, tmp_path: Path) -> None:
    history(tmp_path, (3, (3, 2), 2), (1, (3, 2), 2), hurts=(100,))  # clamshell, left side
    window = make_window(ROUTINES, tmp_path).window
    qtbot.addWidget(window)
    show(window)
    text = window.routines_page.advice.text()
    assert "Time to ease off" in text
    assert "Clamshell (left leg) hurt" in text
    assert CATALOG["clamshell"].easier in text
    assert "Last time this hurt, left leg." in window.coach.hurt_words()["clamshell"]


def test_high_pain_before_a_session_rechecks_the_warning_signs(qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    rig = make_window(ROUTINES, tmp_path)
    window = rig.window
    qtbot.addWidget(window)
    window.start_routine("start-here")
    start = window.session_page.start_view
    qtbot.waitUntil(start.start_button.isEnabled, timeout=5000)
    qtbot.mouseClick(start.pain.group.button(8), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(start.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RecheckDialog),
                    timeout=3000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, RecheckDialog)
    dialog.answer([q.signs == ("calf",) for q in safety.RECHECK])
    dialog.check.click()
    assert safety.Tier.TODAY.action in dialog.outcome.text()
    dialog.close_button.click()
    assert window.session_page.currentWidget() is start  # nothing started
    qtbot.mouseClick(start.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RecheckDialog),
                    timeout=3000)
    again = QApplication.activeModalWidget()
    assert isinstance(again, RecheckDialog)
    again.answer([False] * len(safety.RECHECK))
    again.check.click()
    again.gently.click()
    assert window.session_page.currentWidget() is window.session_page.run_view
    window.controller.stop_now()  # so that closing the window asks nothing


def test_hip_replacement_precautions_show_and_are_said(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window(ROUTINES, tmp_path, settings=Settings(hip_replaced_months=3))
    window = rig.window
    qtbot.addWidget(window)
    page = window.routines_page
    show(window, "floor-stretches")
    page.exercise_list.setCurrentRow(1)  # knees to chest
    assert "it bends the hip past a right angle" in page.preview.toPlainText()
    window.settings_actions.apply(Settings(hip_replaced_months=0))
    assert "right angle" not in page.preview.toPlainText()
    window.settings_actions.apply(Settings(hip_replaced_months=3))
    window.start_routine("floor-stretches")
    qtbot.waitUntil(window.session_page.start_view.start_button.isEnabled, timeout=5000)
    assert any(n.startswith("After a hip replacement, check this one") for n in rig.player.loaded)


def test_the_morning_question_takes_a_typed_score_and_shows_whole(qtbot: QtBot) -> None:
    at = datetime(2026, 12, 2, 9, tzinfo=timezone.utc)
    last = SessionSummary("u", "r", "Six-exercise strength and stretch series", at, at, 1, 1,
                          Outcome.FINISHED, 2, 2, "", 1, 1, 0, 0)
    dialog = NextMorningDialog(last)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    question = dialog.scale.question
    assert "Wednesday 2 December" in question.text()
    assert question.height() >= question.heightForWidth(question.width())  # nothing cut off
    qtbot.keyClick(dialog.scale.group.button(0), Qt.Key.Key_8)
    assert dialog.scale.value() == 8 and dialog.save.isEnabled()
