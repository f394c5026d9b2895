"""One instance per user and data folder: a second start hands its arguments to the first."""

from __future__ import annotations

import getpass
import json
import os
import select
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from pytestqt.qtbot import QtBot

from hiptimer.ui.window.single_instance import (
    MAX_MESSAGE,
    InstanceGuard,
    decode,
    encode,
    server_name,
)

START_ARGS = ["--start", "daily-stretches"]

# A second start of the app, in a process of its own: it prints what claim() returned.
SECOND_START = """
import json, sys
from PySide6.QtCore import QCoreApplication
from hiptimer.ui.window.single_instance import InstanceGuard
app = QCoreApplication([])
print(json.dumps(InstanceGuard(sys.argv[1]).claim(json.loads(sys.argv[2]))), flush=True)
"""

# A first start that claims the name and then waits to be killed.
FIRST_START = """
import sys
from PySide6.QtCore import QCoreApplication
from hiptimer.ui.window.single_instance import InstanceGuard
app = QCoreApplication([])
guard = InstanceGuard(sys.argv[1])
print(guard.claim(), flush=True)
sys.stdin.read()
"""


@pytest.fixture
def name() -> Iterator[str]:
    """A name no real HipTimer and no other test uses; its files are removed afterwards."""
    unique = f"hiptimer-test-{uuid.uuid4().hex[:12]}"
    yield unique
    QLocalServer.removeServer(unique)
    Path(QDir.tempPath(), f"{unique}.lock").unlink(missing_ok=True)


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    """Started processes, killed at the end of the test if they are still running."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)


@pytest.fixture
def guard(qtbot: QtBot, name: str) -> Iterator[InstanceGuard]:
    """A first instance that has claimed ``name``."""
    first = InstanceGuard(name)
    assert first.claim()
    yield first
    first.close()


def spawn(processes: list[subprocess.Popen[str]], script: str,
          *args: str) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", script, *args], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    processes.append(process)
    return process


def second_start(qtbot: QtBot, processes: list[subprocess.Popen[str]], name: str,
                 args: list[str]) -> bool:
    """Run a second start to its end while this process keeps handling events."""
    process = spawn(processes, SECOND_START, name, json.dumps(args))
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=15000)
    out, err = process.communicate()
    assert process.returncode == 0, err
    result = json.loads(out)
    assert isinstance(result, bool)
    return result


def connect(qtbot: QtBot, name: str) -> QLocalSocket:
    client = QLocalSocket()
    client.connectToServer(name)
    assert client.waitForConnected(1000)
    return client


def send(client: QLocalSocket, data: bytes) -> None:
    client.write(data)
    client.flush()


def hung_up(client: QLocalSocket) -> bool:
    return client.state() is QLocalSocket.LocalSocketState.UnconnectedState


def test_server_name_is_short_stable_and_one_per_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = server_name(tmp_path)
    assert Path(name).name.startswith("hiptimer-")
    assert len(Path(name).name) == len("hiptimer-") + 16
    assert server_name(tmp_path) == name
    assert server_name(tmp_path / "sub" / "..") == name  # the same folder, spelled otherwise
    assert server_name(tmp_path / "other") != name
    monkeypatch.setattr(getpass, "getuser", lambda: "someone-else")
    assert server_name(tmp_path) != name


def test_server_name_without_a_login_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_user() -> str:
        raise OSError("No username set in the environment")

    monkeypatch.setattr(getpass, "getuser", no_user)
    assert Path(server_name(tmp_path)).name.startswith("hiptimer-")


def test_messages_round_trip() -> None:
    args = ["--start", "Étirements du matin", "line\nbreak", ""]
    message = encode(args)
    assert message.endswith(b"\n")
    assert message.count(b"\n") == 1
    assert decode(message[:-1]) == args


@pytest.mark.parametrize("line", [
    b"", b"not json", b'{"args": []}', b"[1, 2]", b'["a", null]', b'"a"', b"\xff\xfe",
    b"[" * 60000,
])
def test_malformed_lines_decode_to_nothing(line: bytes) -> None:
    assert decode(line) is None


def test_a_second_start_hands_its_arguments_to_the_first(
        qtbot: QtBot, guard: InstanceGuard, name: str,
        processes: list[subprocess.Popen[str]]) -> None:
    assert guard.listening
    with qtbot.waitSignal(guard.activated, timeout=15000) as asked:
        assert second_start(qtbot, processes, name, START_ARGS) is False
    assert asked.args == [START_ARGS]


def test_different_names_do_not_interfere(
        qtbot: QtBot, guard: InstanceGuard, name: str,
        processes: list[subprocess.Popen[str]]) -> None:
    other_name = f"{name}-other"
    other = InstanceGuard(other_name)
    try:
        assert other.claim()
        other_asked: list[list[str]] = []
        other.activated.connect(other_asked.append)
        with qtbot.waitSignal(guard.activated, timeout=15000) as asked:
            assert second_start(qtbot, processes, name, ["--one"]) is False
        assert asked.args == [["--one"]]
        assert other_asked == []
    finally:
        other.close()
        QLocalServer.removeServer(other_name)


def test_nobody_listening_means_notify_fails(name: str) -> None:
    assert InstanceGuard(name).notify(START_ARGS, timeout_ms=200) is False


def test_a_busy_first_instance_still_gets_the_message(
        qtbot: QtBot, guard: InstanceGuard, name: str) -> None:
    # Both in one thread: the first cannot answer while the second waits, but it reads the
    # message once its event loop runs again.
    with qtbot.waitSignal(guard.activated, timeout=5000) as asked:
        assert InstanceGuard(name).notify(START_ARGS, timeout_ms=100) is False
    assert asked.args == [START_ARGS]


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes vanish with their process")
def test_a_socket_left_by_a_killed_instance_does_not_block_a_new_one(
        qtbot: QtBot, name: str, processes: list[subprocess.Popen[str]]) -> None:
    first = spawn(processes, FIRST_START, name)
    assert first.stdout is not None
    ready, _, _ = select.select([first.stdout], [], [], 15)
    assert ready, "the first instance did not start"
    assert first.stdout.readline().strip() == "True"
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert Path(QDir.tempPath(), name).exists()  # the socket file it could not remove

    guard = InstanceGuard(name)
    try:
        assert guard.claim()
        with qtbot.waitSignal(guard.activated, timeout=15000) as asked:
            assert second_start(qtbot, processes, name, START_ARGS) is False
        assert asked.args == [START_ARGS]
    finally:
        guard.close()


@pytest.mark.parametrize("data", [
    b"not json\n", b'{"args": ["--start"]}\n', b"[1, 2]\n", b"\xff\xfe\n",
    b"[" * 60000 + b"\n", b'["x"]' + b" " * MAX_MESSAGE + b"\n",  # a line too long
    b"x" * (MAX_MESSAGE + 100),  # too long, and no end in sight
])
def test_malformed_messages_are_ignored_and_the_guard_keeps_working(
        qtbot: QtBot, guard: InstanceGuard, name: str, data: bytes) -> None:
    asked: list[list[str]] = []
    guard.activated.connect(asked.append)
    bad = connect(qtbot, name)
    send(bad, data)
    qtbot.waitUntil(lambda: hung_up(bad), timeout=5000)
    assert bad.readAll().data() == b""  # no "ok" for it
    assert asked == []

    good = connect(qtbot, name)
    send(good, encode(START_ARGS))
    qtbot.waitUntil(lambda: hung_up(good), timeout=5000)
    assert good.readAll().data() == b"ok\n"
    assert asked == [START_ARGS]


def test_a_message_may_arrive_in_pieces(
        qtbot: QtBot, guard: InstanceGuard, name: str) -> None:
    message = encode(START_ARGS)
    client = connect(qtbot, name)
    send(client, message[:5])
    # Wait until the guard has read the first piece (it keeps it in a private buffer).
    qtbot.waitUntil(lambda: any(c._buffer for c in guard._callers), timeout=5000)
    with qtbot.waitSignal(guard.activated, timeout=5000) as asked:
        send(client, message[5:])
    assert asked.args == [START_ARGS]
    qtbot.waitUntil(lambda: hung_up(client), timeout=5000)
    assert client.readAll().data() == b"ok\n"


def test_a_caller_that_says_nothing_is_hung_up_on(
        qtbot: QtBot, guard: InstanceGuard, name: str) -> None:
    guard.read_timeout_ms = 200
    client = connect(qtbot, name)
    send(client, b'["--sta')  # and no more
    qtbot.waitUntil(lambda: hung_up(client), timeout=5000)
    assert client.readAll().data() == b""
    assert guard.listening


def test_close_frees_the_name(qtbot: QtBot, name: str) -> None:
    first = InstanceGuard(name)
    assert first.claim()
    first.close()
    assert not first.listening
    second = InstanceGuard(name)
    try:
        assert second.claim()
    finally:
        second.close()
