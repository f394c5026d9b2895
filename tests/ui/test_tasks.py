"""Background work hands its result back to the GUI thread, or to nobody once the asker is gone."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThreadPool
from pytestqt.qtbot import QtBot

from hiptimer.ui import tasks
from hiptimer.ui.tasks import run_in_background


def test_the_result_and_progress_reach_the_gui_thread(qtbot: QtBot) -> None:
    got: list[object] = []
    progress: list[tuple[int, int]] = []
    gui = threading.get_ident()

    def work(report: object) -> int:
        report(1, 2)  # type: ignore[operator]
        return 42

    run_in_background(work, lambda v: got.append((v, threading.get_ident() == gui)),
                      got.append, lambda d, t: progress.append((d, t)))
    qtbot.waitUntil(lambda: bool(got))
    assert got == [(42, True)] and progress == [(1, 2)]
    qtbot.waitUntil(lambda: not tasks._RUNNING)  # nothing kept once delivered


def test_an_error_is_handed_over_as_an_exception(qtbot: QtBot) -> None:
    errors: list[Exception] = []

    def work(_report: object) -> None:
        raise OSError("disk gone")

    run_in_background(work, lambda _v: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0]) == "disk gone"


def test_a_window_closed_while_the_work_runs_is_never_called_back(qtbot: QtBot) -> None:
    release = threading.Event()
    called: list[object] = []
    asker = QObject()

    def work(_report: object) -> str:
        release.wait(5)
        return "late"

    run_in_background(work, called.append, called.append, parent=asker)
    asker.deleteLater()
    qtbot.waitUntil(lambda: not _alive(asker))
    release.set()  # the worker now emits while the asker is gone: the relay is still there
    QThreadPool.globalInstance().waitForDone(5000)
    qtbot.waitUntil(lambda: not tasks._RUNNING)
    assert called == []


def _alive(obj: QObject) -> bool:
    try:
        obj.objectName()
    except RuntimeError:
        return False
    return True
