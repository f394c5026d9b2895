"""The history database file: open it, migrate it, and say in plain words what is wrong with it.

Errors split in two. Problems of the user's environment (a damaged, locked, read-only or
too-new file, a full disk) become a ``StoreError`` that names the file and what to do; the
app shows it and carries on. Anything else is a bug and is left to propagate.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from pathlib import Path
from urllib.parse import quote

from .files import set_aside

BUSY_TIMEOUT_S = 1.0  # how long a write waits for another program to let go of the file

# One entry per schema version: the statements that bring version N-1 to N.
# Never edit a released entry; add a new one, and a fixture database of the old version.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            routine_id TEXT NOT NULL,
            routine_name TEXT NOT NULL,
            started_at TEXT NOT NULL,  -- ISO 8601 with the user's UTC offset at the time
            ended_at TEXT NOT NULL,  -- while running: the last checkpoint
            planned_seconds REAL NOT NULL,
            active_seconds REAL NOT NULL,
            outcome TEXT NOT NULL
                CHECK (outcome IN ('running', 'finished', 'stopped', 'interrupted')),
            pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
            pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
            note TEXT NOT NULL DEFAULT '',
            -- counts of the entries below, kept with them so the history list needs no join
            sets_planned INTEGER NOT NULL,
            sets_done INTEGER NOT NULL,
            sets_skipped INTEGER NOT NULL,
            sets_for_pain INTEGER NOT NULL
        )""",
        "CREATE INDEX sessions_by_start ON sessions (started_at)",
        "CREATE INDEX sessions_by_outcome ON sessions (outcome)",
        """CREATE TABLE entries (
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,  -- the set's place in the plan
            block INTEGER NOT NULL,
            exercise_id TEXT NOT NULL,
            side TEXT CHECK (side IN ('left', 'right')),
            set_number INTEGER NOT NULL,
            planned_reps INTEGER NOT NULL,
            min_reps INTEGER NOT NULL,
            done_reps INTEGER NOT NULL,
            planned_seconds REAL NOT NULL,
            done_seconds REAL NOT NULL,
            skipped INTEGER NOT NULL,
            stopped_for_pain INTEGER NOT NULL,
            finished_early INTEGER NOT NULL,
            completed INTEGER NOT NULL,
            PRIMARY KEY (session_id, position)
        ) WITHOUT ROWID""",
    ),
    (  # 2: how the hip felt the next morning, asked at the start of the next session
        "ALTER TABLE sessions ADD COLUMN pain_next_day INTEGER "
        "CHECK (pain_next_day BETWEEN 0 AND 10)",
    ),
    (  # 3: activities logged rather than timed (a walk, a ride), each on the day it was done
        """CREATE TABLE activities (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            day TEXT NOT NULL,  -- YYYY-MM-DD, the user's day
            logged_at TEXT NOT NULL,  -- ISO 8601 with the user's UTC offset at the time
            activity_id TEXT NOT NULL,
            minutes REAL NOT NULL CHECK (minutes > 0),
            pain INTEGER CHECK (pain BETWEEN 0 AND 10),
            note TEXT NOT NULL DEFAULT '',
            routine_id TEXT
        )""",
        "CREATE INDEX activities_by_day ON activities (day)",
    ),
    (  # 4: every "this hurts": which exercise, side and set, and when
        """CREATE TABLE pain_events (
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,  -- the order it was pressed in, within the session
            exercise_id TEXT NOT NULL,
            side TEXT CHECK (side IN ('left', 'right')),
            set_number INTEGER NOT NULL,
            at TEXT NOT NULL,  -- ISO 8601 with the user's UTC offset at the time
            PRIMARY KEY (session_id, position)
        ) WITHOUT ROWID""",
        "CREATE INDEX pain_events_by_time ON pain_events (at)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class Problem(Enum):
    CORRUPT = "damaged"
    TOO_NEW = "too new"
    READ_ONLY = "read-only"
    FOLDER_READ_ONLY = "folder read-only"  # no file yet, and none can be made
    NO_PERMISSION = "no permission"  # the file is there, but this user may not read it
    LOCKED = "locked"
    DISK_FULL = "disk full"
    UNAVAILABLE = "unavailable"  # missing folder, no permission, an I/O error


class StoreError(Exception):
    """The history file cannot be used as it is; ``message`` says why in plain words."""

    def __init__(self, problem: Problem, path: Path, detail: str = "") -> None:
        super().__init__(f"{path}: {problem.value}{': ' + detail if detail else ''}")
        self.problem = problem
        self.path = path
        self.detail = detail

    @property
    def message(self) -> str:
        where = f"Your history file is {self.path}."
        return {
            Problem.CORRUPT: f"Your history file is damaged and cannot be read. {where}",
            Problem.TOO_NEW: "Your history was saved by a newer version of HipTimer, which this "
                             f"version cannot read. It is left as it is. {where} Update "
                             "HipTimer to see it.",
            Problem.READ_ONLY: f"Your history file cannot be written to (it is read-only). "
                               f"{where} Check its permissions, or that the disk is not "
                               "write-protected.",
            Problem.FOLDER_READ_ONLY: "Your history file cannot be made: its folder "
                                      f"{self.path.parent} cannot be written to. Check the "
                                      "folder's permissions, or that the disk is not "
                                      "write-protected.",
            Problem.NO_PERMISSION: "HipTimer may not open your history file: permission "
                                   f"denied. {where} Check that it belongs to you and that "
                                   "you may read and write it.",
            Problem.LOCKED: "Your history file is busy: another program is using it. "
                            f"{where} If another HipTimer is open, close one of them.",
            Problem.DISK_FULL: f"The disk that holds your history is full. {where} Free some "
                               "space on it.",
            Problem.UNAVAILABLE: "Your history file cannot be opened"
                                 f"{' (' + self.detail + ')' if self.detail else ''}. {where}",
        }[self.problem]


# SQLite primary result codes (https://sqlite.org/rescode.html).
_PROBLEM_OF_CODE = {3: Problem.READ_ONLY, 5: Problem.LOCKED, 6: Problem.LOCKED,
                    8: Problem.READ_ONLY, 11: Problem.CORRUPT, 13: Problem.DISK_FULL,
                    26: Problem.CORRUPT}
# Before Python 3.11 the code is not on the exception: fall back on SQLite's fixed messages.
_PROBLEM_OF_MESSAGE = {"database is locked": Problem.LOCKED,
                       "database table is locked": Problem.LOCKED,
                       "attempt to write a readonly database": Problem.READ_ONLY,
                       "database disk image is malformed": Problem.CORRUPT,
                       "file is not a database": Problem.CORRUPT,
                       "database or disk is full": Problem.DISK_FULL}
_PROBLEM_OF_ERRNO = {errno.ENOSPC: Problem.DISK_FULL, errno.EROFS: Problem.READ_ONLY,
                     errno.EACCES: Problem.READ_ONLY, errno.EPERM: Problem.READ_ONLY}


def classify(exc: sqlite3.Error | OSError, path: Path) -> StoreError:
    """The plain-words problem behind an error from SQLite or the file system.

    Raises:
        sqlite3.Error: ``exc`` itself, when it is a programming error (bad SQL, misuse),
            which no message to the user would help with.
    """
    if isinstance(exc, OSError):
        return StoreError(_PROBLEM_OF_ERRNO.get(exc.errno or 0, Problem.UNAVAILABLE), path,
                          exc.strerror or str(exc))
    if isinstance(exc, sqlite3.ProgrammingError | sqlite3.InterfaceError):
        raise exc
    code = getattr(exc, "sqlite_errorcode", None)
    problem = (_PROBLEM_OF_CODE.get(code & 0xFF) if code is not None
               else _PROBLEM_OF_MESSAGE.get(str(exc)))
    if problem is None:
        if isinstance(exc, sqlite3.OperationalError | sqlite3.DatabaseError) and (
                code is None or code & 0xFF in (10, 14)):  # I/O error, cannot open
            return StoreError(Problem.UNAVAILABLE, path, str(exc))
        raise exc
    return StoreError(problem, path, str(exc))


def connect(path: Path, *, read_only: bool = False, timeout: float = BUSY_TIMEOUT_S,
            migrations: Sequence[Sequence[str]] = MIGRATIONS) -> sqlite3.Connection:
    """Open the history at ``path`` (creating it, private to the user), checked and migrated.

    Before any migration of an existing history, a copy is saved beside it.

    Raises:
        StoreError: the file is damaged, too new, read-only, locked, or the disk is full.
    """
    if read_only:
        try:
            return _open_read_only(path, timeout, migrations)
        except _Empty:
            return _empty_history(migrations)
    try:
        _create_private(path)
    except OSError as exc:
        error = _explain(exc, path)
        if error.problem is Problem.READ_ONLY:
            raise StoreError(Problem.FOLDER_READ_ONLY, path, error.detail) from exc
        raise error from exc
    return _open(path, "mode=rw", read_only, timeout, migrations)


def _open_read_only(path: Path, timeout: float,
                    migrations: Sequence[Sequence[str]]) -> sqlite3.Connection:
    try:
        return _open(path, "mode=ro", True, timeout, migrations)
    except StoreError as exc:
        if exc.problem not in (Problem.UNAVAILABLE, Problem.READ_ONLY):
            raise  # locked, damaged, too new, forbidden: reading it unlocked won't help
        # In a read-only folder SQLite cannot make the shared-memory file that a
        # write-ahead log needs; reading the file as it stands still works.
        return _open(path, "mode=ro&immutable=1", True, timeout, migrations)


class _Empty(Exception):
    """The file holds no database yet (empty, or left by a first start that failed)."""


def _empty_history(migrations: Sequence[Sequence[str]]) -> sqlite3.Connection:
    """A history with no sessions, in memory: what an empty file reads as."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    migrate(connection, 0, migrations)
    return connection


def _open(path: Path, options: str, read_only: bool, timeout: float,
          migrations: Sequence[Sequence[str]]) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(f"file:{quote(str(path))}?{options}", uri=True,
                                     timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise _explain(exc, path) from exc
    try:
        _prepare(connection, path, read_only, migrations)
    except BaseException as exc:
        connection.close()
        if isinstance(exc, sqlite3.Error | OSError):
            raise _explain(exc, path) from exc
        raise
    return connection


def _explain(exc: sqlite3.Error | OSError, path: Path) -> StoreError:
    """``classify``, knowing that SQLite says only "unable to open" for a file it may read
    but not write."""
    error = classify(exc, path)
    if error.problem in (Problem.UNAVAILABLE, Problem.READ_ONLY) and path.exists():
        if not os.access(path, os.R_OK):
            return StoreError(Problem.NO_PERMISSION, path, error.detail)
        if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            return StoreError(Problem.READ_ONLY, path, error.detail)
    return error


def _create_private(path: Path) -> None:
    """Create an empty file readable by its owner only; SQLite gives its -wal and -shm files
    the same permissions."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def _prepare(connection: sqlite3.Connection, path: Path, read_only: bool,
             migrations: Sequence[Sequence[str]]) -> None:
    connection.execute("PRAGMA foreign_keys = ON")
    # A damaged file often opens fine and fails later; look at every page now.
    problems = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
    if problems != "ok":
        raise StoreError(Problem.CORRUPT, path, problems)
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > len(migrations):
        raise StoreError(Problem.TOO_NEW, path,
                         f"schema {version}, this version reads up to {len(migrations)}")
    if read_only:
        if version == 0 and not connection.execute("SELECT 1 FROM sqlite_master").fetchone():
            raise _Empty
        if version < len(migrations):
            raise StoreError(Problem.READ_ONLY, path, "it needs updating to the new format")
        return
    if connection.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
        raise StoreError(Problem.UNAVAILABLE, path, "it cannot use write-ahead logging")
    # FULL: a committed checkpoint survives a power cut, not just a crash of the app.
    connection.execute("PRAGMA synchronous = FULL")
    if version < len(migrations):
        if version > 0:
            backup(connection, path, version)
        migrate(connection, version, migrations)


def migrate(connection: sqlite3.Connection, version: int,
            migrations: Sequence[Sequence[str]] = MIGRATIONS) -> None:
    """Bring the schema from ``version`` to the newest, all in one transaction."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        for statements in migrations[version:]:
            for statement in statements:
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {len(migrations)}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def backup(connection: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the history beside itself, named by its schema version and the time."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}-v{version}-backup-{stamp}{path.suffix}")
    _create_private(target)
    copy = sqlite3.connect(target)
    try:
        connection.backup(copy)
    finally:
        copy.close()
    return target


def keep_aside(path: Path) -> Path:
    """Move a damaged history (and its -wal and -shm files) out of the way, untouched.

    Returns:
        Where the file now is.

    Raises:
        OSError: it cannot be moved (a read-only folder, say).
    """
    target = set_aside(path, "damaged")
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(target.with_name(target.name + suffix))
    return target
