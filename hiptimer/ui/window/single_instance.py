"""One HipTimer per user and data folder: a second start hands its arguments to the first."""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import logging
import os
import socket as pysocket
import stat
import struct
import tempfile
import time
from collections.abc import Sequence
from enum import Enum
from pathlib import Path

import platformdirs
from PySide6.QtCore import QDir, QLockFile, QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from ... import APP_NAME
from ...store.files import make_private_folder

log = logging.getLogger(__name__)

MAX_MESSAGE = 64 * 1024  # bytes; a longer message is dropped unread
REPLY = b"ok\n"
READ_TIMEOUT_MS = 5000  # a caller that says nothing for this long is hung up on
REPLY_TIMEOUT_MS = 1000  # how long a second start waits for the first to answer
MAX_FOLDER_BYTES = 80  # a socket's path must fit in 107 bytes, its name included


def server_name(data_dir: Path) -> str:
    """Where the running HipTimer listens: one name per user and data folder, as a socket
    in a folder only this user may enter (on Windows, a pipe name: its pipes are per user).
    """
    key = f"{_user()}:{data_dir.resolve()}"
    name = "hiptimer-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    if os.name != "posix":
        return name
    folder = private_runtime_folder()
    return str(folder / name) if folder is not None else name


def private_runtime_folder() -> Path | None:
    """A folder for sockets that only this user can enter: ``$XDG_RUNTIME_DIR`` when it is
    private as it should be, else one of ours in the temporary folder, else one in the
    user's cache. A folder someone else made in its place is never used. None if there is
    no such folder (the socket then goes where Qt puts it: the peer check still holds)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    ours = [Path(tempfile.gettempdir()) / f"hiptimer-{os.getuid()}",
            platformdirs.user_cache_path(APP_NAME, appauthor=False) / "run"]
    given = [Path(runtime)] if os.path.isabs(runtime) else []
    for folder in given + ours:
        if folder in ours:
            with contextlib.suppress(OSError):  # made 0700, or checked as found
                make_private_folder(folder)
        if not _private(folder):
            log.warning("Not using %s for HipTimer's socket: it is not a private folder of "
                        "this user's", folder)
        elif len(os.fsencode(folder)) > MAX_FOLDER_BYTES:
            log.warning("Not using %s for HipTimer's socket: its path is too long", folder)
        else:
            return folder
    return None


def _private(folder: Path) -> bool:
    try:
        found = os.lstat(folder)
    except OSError:
        return False
    return (stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid()
            and not found.st_mode & 0o077)


def _peer_uid(socket: QLocalSocket) -> int | None:
    """The user id of the process at the other end of a connected local socket; None where
    the system cannot say (not Linux)."""
    so_peercred = getattr(pysocket, "SO_PEERCRED", None)
    fd = int(socket.socketDescriptor())
    if so_peercred is None or fd < 0:
        return None
    try:
        with pysocket.socket(fileno=os.dup(fd)) as peer:
            _pid, uid, _gid = struct.unpack("3i", peer.getsockopt(
                pysocket.SOL_SOCKET, so_peercred, struct.calcsize("3i")))
    except OSError:
        return None
    return int(uid)


def _someone_else(socket: QLocalSocket) -> bool:
    """Whether another user's process is at the other end: never obeyed, never told."""
    uid = _peer_uid(socket)
    return uid is not None and uid != os.getuid()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in the environment or the password database
        getuid = getattr(os, "getuid", None)
        return str(getuid()) if getuid is not None else "user"


def encode(args: Sequence[str]) -> bytes:
    """A message: the arguments as a JSON list on one line, UTF-8."""
    return json.dumps(list(args), ensure_ascii=False).encode("utf-8") + b"\n"


def decode(line: bytes) -> list[str] | None:
    """The arguments in a message line (newline excluded), or None if it is not one."""
    try:
        args = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: "[[[[..."
        return None
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        return None
    return args


class _Answer(Enum):
    NOBODY = "nobody"  # no one listens under the name
    SILENT = "silent"  # someone took the call but has not answered yet
    OK = "ok"


class InstanceGuard(QObject):
    """Claims the name for this process, or hands the arguments to the process that has it.

    Signals:
        activated(list): another start of the app asked for this one, with its arguments
            (a list of str, e.g. ``["--start", "daily-stretches"]``).
    """

    activated = Signal(list)
    read_timeout_ms = READ_TIMEOUT_MS

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server: QLocalServer | None = None
        self._callers: set[_Caller] = set()

    def claim(self, args: Sequence[str] = ()) -> bool:
        """Become the one instance, or tell the one that is running.

        Call it before the event loop starts: it may block for a few seconds at worst.

        Args:
            args: what to pass on to the running instance if there is one.

        Returns:
            True: this is the only instance and it now listens for others (or, if listening
            failed for a reason other than another instance, it runs unguarded).
            False: another instance is alive and has been sent ``args``; exit quietly.
        """
        # Two starts at once take turns, so neither removes the socket the other just made.
        # (A name that is a path keeps its lock beside it, in the same private folder.)
        lock = QLockFile(QDir(QDir.tempPath()).filePath(f"{self.name}.lock"))
        locked = lock.tryLock(3 * REPLY_TIMEOUT_MS)
        try:
            return self._claim(args)
        finally:
            if locked:
                lock.unlock()

    def _claim(self, args: Sequence[str]) -> bool:
        if self._send(args, REPLY_TIMEOUT_MS) is not _Answer.NOBODY:
            return False
        if self._listen():
            return True
        QLocalServer.removeServer(self.name)  # left by a process that was killed
        if not self._listen():
            assert self._server is not None
            log.warning("Cannot listen as %s (%s); running without the single-instance guard",
                        self.name, self._server.errorString())
            self.close()
        return True

    def notify(self, args: Sequence[str], timeout_ms: int = REPLY_TIMEOUT_MS) -> bool:
        """Send ``args`` to the instance listening under the name.

        Returns:
            True if it answered within ``timeout_ms``; False if nobody did.
        """
        return self._send(args, timeout_ms) is _Answer.OK

    def close(self) -> None:
        """Stop listening and hang up on callers; the name is free for the next start."""
        for caller in list(self._callers):
            caller.hang_up()
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def _listen(self) -> bool:
        if self._server is None:
            self._server = QLocalServer(self)
            self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            self._server.newConnection.connect(self._accept)
        return self._server.listen(self.name)

    def _send(self, args: Sequence[str], timeout_ms: int) -> _Answer:
        deadline = time.monotonic() + timeout_ms / 1000
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return _Answer.NOBODY
        if _someone_else(socket):
            log.warning("Another user's program listens as %s; it is not told anything",
                        self.name)
            socket.abort()
            return _Answer.NOBODY
        try:
            socket.write(encode(args))
            socket.flush()
            if socket.bytesToWrite() and not socket.waitForBytesWritten(_left(deadline)):
                return _Answer.SILENT
            reply = b""
            while b"\n" not in reply and len(reply) <= len(REPLY):
                left = _left(deadline)
                if left <= 0 or not socket.waitForReadyRead(left):
                    break
                reply += socket.readAll().data()
            return _Answer.OK if reply == REPLY else _Answer.SILENT
        finally:
            socket.abort()

    def _accept(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            caller = _Caller(socket, self)
            self._callers.add(caller)
            caller.done.connect(lambda c=caller: self._callers.discard(c))
            caller.read()


def _left(deadline: float) -> int:
    return max(0, int((deadline - time.monotonic()) * 1000))


class _Caller(QObject):
    """One connection from another start: reads its line, answers, passes the arguments on.

    Signals:
        done(): the connection is over, answered or not.
    """

    done = Signal()

    def __init__(self, socket: QLocalSocket, guard: InstanceGuard) -> None:
        super().__init__(guard)
        self._socket = socket
        self._guard = guard
        self._buffer = bytearray()
        self._over = False
        self._stranger = _someone_else(socket)  # never obeyed, never answered
        socket.readyRead.connect(self.read)
        socket.disconnected.connect(self._gone)
        QTimer.singleShot(guard.read_timeout_ms, self, self.hang_up)

    def read(self) -> None:
        if self._over:
            return
        if self._stranger:
            log.warning("Ignored a call from another user on %s", self._guard.name)
            self.hang_up()
            return
        self._buffer += self._socket.readAll().data()
        end = self._buffer.find(b"\n")
        if end < 0:
            if len(self._buffer) > MAX_MESSAGE:
                log.warning("Ignored an oversized message on %s", self._guard.name)
                self.hang_up()
            return
        args = decode(bytes(self._buffer[:end])) if end <= MAX_MESSAGE else None
        if args is None:
            log.warning("Ignored a malformed message on %s", self._guard.name)
            self.hang_up()
            return
        self._socket.write(REPLY)
        self._socket.flush()
        self.hang_up()
        self._guard.activated.emit(args)

    def _gone(self) -> None:
        self.read()  # what it sent before hanging up
        self.hang_up()

    def hang_up(self) -> None:
        if self._over:
            return
        self._over = True
        if self._socket.state() is not QLocalSocket.LocalSocketState.UnconnectedState:
            self._socket.disconnectFromServer()  # sends what is still buffered first
        self._socket.deleteLater()
        self.done.emit()
        self.deleteLater()

