"""A short routine end to end through the window, on a fake clock: what the view shows at chosen
instants, which cues the player was given for when, and the record at the end."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from hiptimer.core.record import Outcome, SessionRecord
from hiptimer.core.routine import Routine, Side, Sides, Tempo
from hiptimer.store.history import HistoryStore
from hiptimer.store.settings import Settings
from hiptimer.ui.window.main_window import MainWindow
from tests.core.helpers import block, routine

from .fakes import FakeSpeech, Rig, make_window

# Bridge: get into position 0-10, get ready 10-15, three reps of up 1 / hold 1 / down 1 with
# 1 s between (15-26). Piriformis: position 26-36, ready 36-41, left 41-61, switch 61-71,
# right 71-91, done at 91.
FLOW = routine(
    block("bridge", reps=(2, 3), tempo=Tempo(up=1, hold=1, down=1, between=1),
          transition_s=10, lead_in_s=5),
    block("piriformis-stretch", hold_s=20, sides=Sides.EACH, transition_s=10, lead_in_s=5,
          switch_s=10),
    routine_id="flow")


def stop_session(window: MainWindow) -> None:
    """So that closing the window at the end of a test does not stop to ask."""
    if window.controller.session is not None:
        window.controller.session.stop()


def open_start_screen(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.addWidget(window, before_close_func=stop_session)
    window.show()
    assert window.start_routine("flow")
    start = window.session_page.start_view
    qtbot.waitUntil(start.start_button.isEnabled, timeout=5000)


def started(qtbot: QtBot, folder: Path, flow: Routine = FLOW) -> Rig:
    """A window over fakes with ``flow``'s session started, as by a click on Start."""
    rig = make_window((flow,), folder)
    open_start_screen(qtbot, rig.window)
    qtbot.mouseClick(rig.window.session_page.start_view.start_button, Qt.MouseButton.LeftButton)
    return rig


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key) -> None:
    qtbot.keyClick(widget, key)


def stored_records(folder: Path) -> list[SessionRecord]:
    """What another process would find in the history file now."""
    store = HistoryStore.open(folder / "history.sqlite3", read_only=True)
    try:
        return [r for r in map(store.record, store.uids()) if r is not None]
    finally:
        store.close()


def test_a_short_routine_end_to_end(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path)
    window, clock, player, inhibitor = rig.window, rig.clock, rig.player, rig.inhibitor
    open_start_screen(qtbot, window)
    page, controller = window.session_page, window.controller
    run = page.run_view
    assert page.currentWidget() is page.start_view
    assert page.start_view.title.text() == "Test routine"
    assert "tick" in player.loaded and any(n.startswith("First: Bridge") for n in player.loaded)
    qtbot.mouseClick(page.start_view.pain.group.button(3), Qt.MouseButton.LeftButton)
    t0 = clock.now
    qtbot.mouseClick(page.start_view.start_button, Qt.MouseButton.LeftButton)

    assert page.currentWidget() is run and inhibitor.active
    assert run.exercise.text() == "Bridge" and run.phase.text() == "Get into position"
    assert run.ring.number == "10"
    announcement = next(name for deadline, name in player.pending if deadline == t0)
    assert announcement.startswith("First: Bridge, 2 to 3 reps. ")

    clock.advance(16.5)  # rep 1, holding at the top
    controller.refresh()
    assert run.where.text() == "Set 1 of 1 · Rep 1 of 3 (at least 2)"
    assert run.phase.text() == "Hold" and run.ring.number == "1"
    assert run.ring.caption == "rep 1 of 3"
    assert (t0 + 17, "Lower.") in player.pending and (t0 + 19, "Lift.") in player.pending
    assert (t0 + 19, "Rep 2 of 3.") in {(d + 0.5, n) for d, n in player.pending}  # ends on 19
    assert all(t0 + 16.25 <= d <= t0 + 19.5 for d, _ in player.pending)

    clock.advance(5)  # 21.5: rep 2 is on its way down: the low end of the range
    controller.refresh()
    assert run.buttons["done"].isEnabled()
    press(qtbot, run, Qt.Key.Key_D)
    assert run.exercise.text() == "Piriformis stretch" and run.phase.text() == "Get into position"
    (checkpoint,) = stored_records(tmp_path)  # the finished set is on disk already
    assert checkpoint.outcome is Outcome.RUNNING and checkpoint.pain_before == 3
    assert checkpoint.sets[0].completed and checkpoint.sets[0].done_reps == 2
    assert player.cancels >= 1  # the jump voided what was scheduled

    clock.advance(19)  # 45: left side, 16 s of the hold left
    controller.refresh()
    assert run.where.text() == "Left leg · Set 1 of 1"
    assert (run.phase.text(), run.ring.number) == ("Hold", "16")
    assert run.next_up.text() == "Next: Right leg"
    assert not run.buttons["done"].isEnabled()  # no reps to finish early in a hold

    press(qtbot, run, Qt.Key.Key_Space)
    assert run.phase.text() == "PAUSED" and player.pending == []
    assert run.ring.paused and run.cue_caption.text() == "Paused. Press Space to carry on."
    clock.advance(30)
    controller.refresh()
    assert run.ring.number == "16"
    press(qtbot, run, Qt.Key.Key_Space)
    assert run.phase.text() == "Hold"

    press(qtbot, run, Qt.Key.Key_Right)  # skip to the right side
    assert run.where.text() == "Right leg · Set 1 of 1"
    assert run.phase.text() == "Switch sides"

    press(qtbot, run, Qt.Key.Key_Escape)  # first Esc asks
    assert run.phase.text() == "PAUSED" and "Esc" in page.banner.text()
    press(qtbot, run, Qt.Key.Key_Escape)
    assert page.currentWidget() is page.end_view and not inhibitor.active

    end = page.end_view
    assert end.title.text() == "Session stopped"
    summary = end.summary.toPlainText()
    assert "done: 2 reps, the set ended early" in summary
    assert "stopped at 4 of 20 s" in summary and "not reached" in summary
    assert end.headline.text().startswith("Test routine: 40 s, 1 of 3 sets done, 1 part-done.")
    assert "Your streak: a new streak starts today · 1 day this week." in end.headline.text()
    assert end.pain_line.text() == "Pain before: 3 of 10"
    qtbot.mouseClick(end.pain.group.button(2), Qt.MouseButton.LeftButton)
    assert end.pain_line.text() == "Pain 3 → 2 (down 1)"
    end.note.setPlainText("Right hip a bit stiff")
    qtbot.mouseClick(end.finish_button, Qt.MouseButton.LeftButton)

    (record,) = stored_records(tmp_path)
    assert (record.pain_before, record.pain_after) == (3, 2)
    assert record.note == "Right hip a bit stiff" and not record.completed
    bridge, left, right = record.sets
    assert bridge.finished_early and bridge.done_reps == 2 and bridge.completed
    assert left.skipped and left.done_seconds == 4
    assert not (right.skipped or right.completed) and right.done_seconds == 0
    assert window.tabs.currentWidget() is window.routines_page
    window.tabs.setCurrentWidget(window.history_tab)  # and there it is, with its pain
    listed = window.history_page.model
    assert [s.uid for s in listed.sessions] == [record.uid]
    assert listed.index(0, 2).data() == "1 of 3 sets, stopped early"
    assert listed.index(0, 1).data() == "3 → 2"


def test_this_hurts_stops_the_exercise_and_offers_the_easier_one(
        qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path)
    window, clock = rig.window, rig.clock
    open_start_screen(qtbot, window)
    qtbot.mouseClick(window.session_page.start_view.start_button, Qt.MouseButton.LeftButton)
    run = window.session_page.run_view
    clock.advance(17)
    window.controller.refresh()
    press(qtbot, run, Qt.Key.Key_H)
    banner = window.session_page.banner.text()
    assert "Stopped Bridge because it hurt" in banner and "pelvic tilt" in banner
    assert "Lift your hips only a little way" in banner  # the easier way, not just "stop"
    assert "side is next" not in banner  # the bridge works both legs at once
    assert run.exercise.text() == "Piriformis stretch" and run.phase.text() == "PAUSED"
    press(qtbot, run, Qt.Key.Key_Space)
    clock.advance(200)
    window.controller.refresh()
    record = window.controller.record
    assert record is not None and record.completed
    [event] = record.pain_events
    assert (event.exercise_id, event.side, event.set) == ("bridge", None, 1)
    assert record.sets[0].stopped_for_pain
    assert "Bridge hurt. Next time: Lift your hips only a little way" in (
        window.session_page.end_view.summary.toPlainText())
    qtbot.mouseClick(window.session_page.end_view.finish_button, Qt.MouseButton.LeftButton)
    [stored] = stored_records(tmp_path)
    assert stored.pain_events == (event,)  # remembered across restarts


def test_this_hurts_on_one_side_goes_on_to_the_other_and_is_said_next_time(
        qtbot: QtBot, tmp_path: Path) -> None:
    rig = started(qtbot, tmp_path)
    window, clock, player = rig.window, rig.clock, rig.player
    run = window.session_page.run_view
    press(qtbot, run, Qt.Key.Key_Right)  # on to the piriformis stretch, left side
    clock.advance(12)
    window.controller.refresh()
    assert run.where.text().startswith("Left leg")
    press(qtbot, run, Qt.Key.Key_H)
    banner = window.session_page.banner.text()
    assert "Stopped Piriformis stretch (left leg) because it hurt" in banner
    assert "Next: Right leg. Do it only if it feels fine" in banner
    assert run.where.text().startswith("Right leg")
    press(qtbot, run, Qt.Key.Key_Escape)
    press(qtbot, run, Qt.Key.Key_Escape)
    summary = window.session_page.end_view.summary.toPlainText()
    assert "Piriformis stretch (left leg), set 1" in summary  # sides as the session said them
    qtbot.mouseClick(window.session_page.end_view.finish_button, Qt.MouseButton.LeftButton)
    [stored] = stored_records(tmp_path)
    assert [(e.exercise_id, e.side) for e in stored.pain_events] == [
        ("piriformis-stretch", Side.LEFT)]
    window.controller.session = None
    window.start_routine("flow")  # next time, the announcement says what to try
    qtbot.waitUntil(window.session_page.start_view.start_button.isEnabled, timeout=5000)
    assert any(n.startswith("Ease off if your leg tingles. Last time this hurt, left leg. "
                            "Try it easier: Draw the thigh") for n in player.loaded)


def test_without_a_speech_engine_the_session_runs_on_screen(qtbot: QtBot, tmp_path: Path) -> None:
    speech = FakeSpeech(error="The speech engine could not start (no espeak-ng library).")
    rig = make_window((FLOW,), tmp_path, speech=speech)
    window, clock, player = rig.window, rig.clock, rig.player
    open_start_screen(qtbot, window)
    page = window.session_page
    assert "Voice is off" in page.banner.text() and "espeak-ng" in page.banner.text()
    assert page.banner.isVisible()
    assert set(player.loaded) == {"tick", "phase"}  # beeps still play
    qtbot.mouseClick(page.start_view.start_button, Qt.MouseButton.LeftButton)
    clock.advance(10.2)
    window.controller.refresh()
    assert page.run_view.cue_caption.text() == FLOW.blocks[0].exercise.say  # shown instead
    assert {n for _, n in player.pending} <= {"tick", "phase"}


def test_a_phrase_that_failed_is_shown_not_spoken(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window((FLOW,), tmp_path, speech=FakeSpeech(failing={"Get ready."})).window
    open_start_screen(qtbot, window)
    assert "1 of 16 phrases could not be prepared" in window.session_page.banner.text()


def test_no_audio_output_is_said_plainly(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window((FLOW,), tmp_path, problems=["No sound output was found."]).window
    open_start_screen(qtbot, window)
    assert "No sound output" in window.session_page.banner.text()
    assert window.session_page.banner.isVisible()
    assert window.session_page.start_view.start_button.isEnabled()


def test_the_session_pauses_itself_after_the_machine_slept(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path)
    window, clock, gap = rig.window, rig.clock, rig.gap
    open_start_screen(qtbot, window)
    qtbot.mouseClick(window.session_page.start_view.start_button, Qt.MouseButton.LeftButton)
    clock.advance(5)
    gap.value += 600  # ten minutes asleep: the monotonic clock did not move
    window.controller.refresh()
    assert window.session_page.run_view.phase.text() == "PAUSED"
    assert "asleep" in window.session_page.banner.text()


def test_help_overlay_lists_the_keys(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path)
    window = rig.window
    open_start_screen(qtbot, window)
    qtbot.mouseClick(window.session_page.start_view.start_button, Qt.MouseButton.LeftButton)
    run = window.session_page.run_view
    press(qtbot, run, Qt.Key.Key_F1)
    assert run.help_overlay.isVisible()
    for key in ("Space", "←", "→", "D", "Esc", "H"):
        assert f"<b>{key}</b>" in run.help_overlay.text()
    assert "Space" in run.buttons["pause"].toolTip()


def test_the_window_remembers_its_size(qtbot: QtBot, tmp_path: Path) -> None:
    rig = make_window((FLOW,), tmp_path)
    window = rig.window
    qtbot.addWidget(window)
    window.resize(700, 520)  # within the offscreen platform's 800 x 600 screen
    window.close()
    geometry = rig.saved[-1].window_geometry
    assert geometry
    again = make_window((FLOW,), tmp_path, settings=Settings(window_geometry=geometry)).window
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 520)


# Clamshell, two sets a side taking turns (L, R, L, R), then nothing else.
TURNS = routine(block("clamshell", reps=(2, 2), sets=2, tempo=Tempo(1, 0, 1, 0),
                      sides=Sides.EACH_BY_SET, lead_in_s=5, switch_s=5, transition_s=5),
                routine_id="flow")


def test_this_hurts_with_sides_taking_turns_leaves_that_side_out(
        qtbot: QtBot, tmp_path: Path) -> None:
    rig = started(qtbot, tmp_path, TURNS)
    window, clock, player = rig.window, rig.clock, rig.player
    run = window.session_page.run_view
    session = window.controller.session
    assert session is not None
    left_1, right_1, _left_2, right_2 = session.plan.units
    clock.advance(left_1.start + 6)
    window.controller.refresh()
    press(qtbot, run, Qt.Key.Key_H)
    assert "The later sets for your left leg are left out." in window.session_page.banner.text()
    press(qtbot, run, Qt.Key.Key_Space)  # carry on: the right leg
    window.controller.refresh()
    assert run.next_up.text().startswith("Next: Right leg")  # not the left leg's set 2
    told = {n for _, n in player.pending}
    assert not any(n.startswith("Left leg") for n in told)
    clock.advance(right_1.end - right_1.start - 1)  # into the right leg's set 2 straight on
    window.controller.refresh()
    clock.advance(2)
    window.controller.refresh()
    assert run.where.text().startswith("Right leg") and "Set 2 of 2" in run.where.text()
    clock.advance(right_2.end)
    window.controller.refresh()
    summary = window.session_page.end_view.summary.toPlainText()
    assert "Clamshell (left leg), set 2" in summary and "skipped" in summary
