"""What reaches stderr of all Qt says: chatter held back, real warnings kept, and nothing
repeated without end (a fake clock drives the minutes)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, qInstallMessageHandler, qWarning
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from hiptimer import qt_messages
from hiptimer.qt_messages import Level, QtMessages, RepeatLimit

SOCKET = "QSocketNotifier: Invalid socket {} and type 'Read', disabling..."


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def flood(limit: RepeatLimit, text: str, times: int) -> list[str]:
    return [line for _ in range(times) for line in limit.admit(text)]


def test_a_message_prints_five_times_a_minute_then_is_counted() -> None:
    clock = Clock()
    limit = RepeatLimit(clock)
    assert flood(limit, SOCKET.format(39), 1_000_000) == [SOCKET.format(39)] * 5
    clock.now += 60
    assert limit.admit(SOCKET.format(39)) == [
        f"(repeated 999995 more times within 60 s: {SOCKET.format(39)})", SOCKET.format(39)]


def test_a_flood_lasting_hours_writes_a_few_lines_a_minute() -> None:
    clock = Clock()
    limit = RepeatLimit(clock)
    lines = 0
    for _minute in range(600):  # ten hours, 1,000 a minute (the bug that wrote 7.7 GB)
        lines += len(flood(limit, SOCKET.format(39), 1000))
        clock.now += 60
    assert lines <= 600 * 6  # five of each minute and one summary
    assert len(limit.flush()) == 1


def test_numbers_do_not_make_a_new_message() -> None:
    limit = RepeatLimit(Clock())
    printed = [line for n in range(100) for line in limit.admit(SOCKET.format(n))]
    assert printed == [SOCKET.format(n) for n in range(5)]
    assert limit.admit("QObject 0x55d3a1b0 was destroyed") == ["QObject 0x55d3a1b0 was destroyed"]


def test_many_different_messages_are_capped_in_all() -> None:
    clock = Clock()
    limit = RepeatLimit(clock, overall=50)
    printed = [line for n in range(500) for line in limit.admit(f"warning {chr(65 + n % 26)}"
                                                                f"{chr(65 + n // 26)}")]
    assert len(printed) == 50
    clock.now += 60
    assert limit.admit("later") == ["(450 more messages held back: over 50 within 60 s)",
                                    "later"]


def test_flush_says_what_was_held_back_and_the_window_goes_on() -> None:
    clock = Clock()
    limit = RepeatLimit(clock)
    flood(limit, "again", 7)
    assert limit.flush() == ["(repeated 2 more times within 60 s: again)"]
    assert limit.flush() == []
    assert limit.admit("again") == ["again"]  # a new window began


def test_chatter_is_held_back_unless_asked_for() -> None:
    for verbose, expected in ((False, ["qt.core: a real warning\n"]),
                              (True, ["Using Qt multimedia with FFmpeg 7\n",
                                      "qt.multimedia: Couldn't load pipewire-0.3 library\n",
                                      "This plugin does not support propagateSizeHints()\n",
                                      "qt.core: a real warning\n"])):
        written: list[str] = []
        messages = QtMessages(written.append, Clock(), verbose=verbose)
        messages.handle(Level.INFO, "default", "Using Qt multimedia with FFmpeg 7")
        messages.handle(Level.WARNING, "qt.multimedia", "Couldn't load pipewire-0.3 library")
        messages.handle(Level.WARNING, "default",
                        "This plugin does not support propagateSizeHints()")
        messages.handle(Level.WARNING, "qt.core", "a real warning")
        assert written == expected


def test_a_fatal_message_always_prints_whatever_the_limit() -> None:
    written: list[str] = []
    messages = QtMessages(written.append, Clock(), verbose=False)
    for _ in range(10):
        messages.handle(Level.FATAL, "default", "Could not connect to display")
    assert len(written) == 10


def test_debug_switch_from_the_environment() -> None:
    assert not qt_messages.wants_everything({})
    assert not qt_messages.wants_everything({"HIPTIMER_DEBUG": "0"})
    assert qt_messages.wants_everything({"HIPTIMER_DEBUG": "1"})


@pytest.fixture
def handler_restored() -> Iterator[None]:
    previous = qInstallMessageHandler(None)
    qInstallMessageHandler(previous)
    yield
    qInstallMessageHandler(previous)


def size_hints_changed_on_screen(qtbot: QtBot) -> None:
    """What makes the offscreen plugin say "This plugin does not support
    propagateSizeHints()", as every window of HipTimer's does."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.setMinimumSize(100, 100)


@pytest.mark.usefixtures("handler_restored")
def test_real_qt_messages_go_through_the_installed_handler(qtbot: QtBot) -> None:
    stream = io.StringIO()
    messages = qt_messages.install(stream, verbose=False)
    QObject().startTimer(-1)  # Qt itself warns about this
    qWarning("from Python, too")
    for _ in range(20):
        qWarning("the same again")
    size_hints_changed_on_screen(qtbot)
    messages.flush()
    lines = stream.getvalue().splitlines()
    assert [line for line in lines if line.startswith("QObject::startTimer: ")]
    assert "from Python, too" in lines
    assert lines.count("the same again") == 5
    assert "(repeated 15 more times within 60 s: the same again)" in lines
    assert not [line for line in lines if "propagateSizeHints" in line]


@pytest.mark.usefixtures("handler_restored")
def test_verbose_lets_the_chatter_through(qtbot: QtBot) -> None:
    stream = io.StringIO()
    qt_messages.install(stream, verbose=True)
    size_hints_changed_on_screen(qtbot)
    assert "This plugin does not support propagateSizeHints()" in stream.getvalue()
