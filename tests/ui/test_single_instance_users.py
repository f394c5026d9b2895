"""Another local user can neither receive HipTimer's arguments nor keep it from starting:
the socket lives in a folder only this user may enter, and a peer of another user is never
obeyed nor told anything."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hiptimer.ui.window.single_instance import InstanceGuard, encode, server_name
from tests.other_user import NOBODY, another_user, another_user_env, needs_another_user

from .test_single_instance import SECOND_START

START_ARGS = ["--start", "daily-stretches"]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="Unix sockets and users")

# Listens on a socket path and answers "ok" to any caller, as HipTimer would; prints what
# it was sent.
SQUATTER = """
import os, socket, sys
server = socket.socket(socket.AF_UNIX)
server.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o777)
server.listen()
print("listening", flush=True)
while True:
    caller, _ = server.accept()
    caller.settimeout(5)
    try:
        print("sent", caller.recv(65536), flush=True)
        caller.sendall(b"ok\\n")
    except OSError:
        pass
    caller.close()
"""

# Calls a socket as a second start would; prints the answer.
CALLER = """
import socket, sys
caller = socket.socket(socket.AF_UNIX)
caller.settimeout(5)
caller.connect(sys.argv[1])
caller.sendall(sys.argv[2].encode())
try:
    print("answer", caller.recv(100), flush=True)
except OSError as exc:
    print("answer", exc, flush=True)
"""


@pytest.fixture
def elsewhere(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The temporary and cache folders moved into one of the test's own (with a short path,
    as a socket's must be), and no runtime folder."""
    folder = Path(tempfile.mkdtemp(prefix="ht-", dir="/tmp"))
    (folder / "tmp").mkdir()
    (folder / "tmp").chmod(0o1777)  # as /tmp is
    monkeypatch.setattr("tempfile.tempdir", str(folder / "tmp"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder / "cache"))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    yield folder
    shutil.rmtree(folder)


@pytest.fixture
def squatter(shared_folder: Path) -> Iterator[subprocess.Popen[str]]:
    needs_another_user()
    process = subprocess.Popen(another_user(SQUATTER, str(shared_folder / "hiptimer")),
                               stdout=subprocess.PIPE, text=True, env=another_user_env())
    assert process.stdout is not None and process.stdout.readline() == "listening\n"
    yield process
    process.kill()
    process.wait()
    process.stdout.close()


def test_the_socket_is_in_the_users_runtime_folder(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    assert Path(server_name(tmp_path)).parent == runtime


def test_a_runtime_folder_others_may_enter_is_not_used(elsewhere: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    shared = elsewhere / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))
    folder = Path(server_name(elsewhere)).parent
    assert folder == elsewhere / "tmp" / f"hiptimer-{os.getuid()}"
    assert os.stat(folder).st_mode & 0o777 == 0o700 and os.stat(folder).st_uid == os.getuid()


def test_a_folder_another_user_made_in_its_place_is_not_used(elsewhere: Path) -> None:
    needs_another_user()
    squatted = elsewhere / "tmp" / f"hiptimer-{os.getuid()}"
    squatted.mkdir(mode=0o777)
    os.chown(squatted, NOBODY, NOBODY)
    folder = Path(server_name(elsewhere)).parent
    assert folder == elsewhere / "cache" / "HipTimer" / "run"
    assert os.stat(folder).st_mode & 0o777 == 0o700


def test_a_squatter_on_the_name_gets_nothing_and_stops_nothing(
        qtbot: QtBot, shared_folder: Path, squatter: subprocess.Popen[str]) -> None:
    guard = InstanceGuard(str(shared_folder / "hiptimer"))
    try:
        assert guard.claim(START_ARGS)  # this start goes on: nobody of ours is running
        assert guard.listening
    finally:
        guard.close()
    squatter.kill()
    assert squatter.stdout is not None
    assert "--start" not in squatter.stdout.read()


def test_a_call_from_another_user_is_not_obeyed(qtbot: QtBot, shared_folder: Path) -> None:
    needs_another_user()
    name = str(shared_folder / "hiptimer")
    guard = InstanceGuard(name)
    asked: list[list[str]] = []
    guard.activated.connect(asked.append)
    try:
        assert guard.claim()
        os.chmod(name, 0o777)  # as a socket in a shared place would be
        caller = subprocess.Popen(another_user(CALLER, name, encode(START_ARGS).decode()),
                                  stdout=subprocess.PIPE, text=True, env=another_user_env())
        qtbot.waitUntil(lambda: caller.poll() is not None, timeout=15_000)
        answer, _ = caller.communicate()
        assert "ok" not in answer and asked == []
        ours = subprocess.Popen([sys.executable, "-c", SECOND_START, name,
                                 json.dumps(START_ARGS)], stdout=subprocess.PIPE, text=True)
        with qtbot.waitSignal(guard.activated, timeout=15_000):  # ours is still heard
            qtbot.waitUntil(lambda: ours.poll() is not None, timeout=15_000)
        assert ours.communicate()[0].strip() == "false"  # told, so it goes no further
    finally:
        guard.close()
