"""Sessions and their exercise entries in SQLite: written at every checkpoint, read for History.

Every method raises ``StoreError`` for problems of the file or disk (see ``db.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..core.activity import ActivityLog
from ..core.dose import Side
from ..core.record import Outcome, PainEvent, SessionRecord, SessionSummary, SetRecord
from .db import BUSY_TIMEOUT_S, Problem, StoreError, classify, connect

_SUMMARY_COLUMNS = ("uid, routine_id, routine_name, started_at, ended_at, planned_seconds, "
                    "active_seconds, outcome, pain_before, pain_after, note, sets_planned, "
                    "sets_done, sets_skipped, sets_for_pain, pain_next_day")
_ACTIVITY_COLUMNS = "uid, day, logged_at, activity_id, minutes, pain, note, routine_id"
_ENTRY_COLUMNS = ("position, block, exercise_id, side, set_number, planned_reps, min_reps, "
                  "done_reps, planned_seconds, done_seconds, skipped, stopped_for_pain, "
                  "finished_early, completed")
_PAIN_COLUMNS = "exercise_id, side, set_number, at"


class HistoryStore:
    """One open history file. Not thread-safe: use it from one thread."""

    def __init__(self, connection: sqlite3.Connection, path: Path, writable: bool,
                 timeout: float = BUSY_TIMEOUT_S) -> None:
        self._db = connection
        self.path = path
        self.writable = writable
        self._timeout = timeout

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, timeout: float = BUSY_TIMEOUT_S,
             patient: bool = True) -> HistoryStore:
        """Open the history; each write waits up to ``timeout`` for another program's lock.

        Args:
            patient: False to open without waiting for a lock (the writes later still wait).

        Raises:
            StoreError: see ``db.connect``.
        """
        store = cls(connect(path, read_only=read_only, timeout=timeout if patient else 0),
                    path, not read_only, timeout)
        if not patient:
            store._wait(timeout)
        return store

    def check_writable(self) -> None:
        """Try a write that changes nothing, so that a read-only or locked file is known now
        rather than at the first set (SQLite opens a write-protected file for reading
        without a word).

        Raises:
            StoreError: the file cannot be written now (read-only, locked, …).
        """
        if not self.writable:
            raise StoreError(Problem.READ_ONLY, self.path)
        version = int(self._read("PRAGMA user_version", ())[0][0])
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(f"PRAGMA user_version = {version}")
            finally:
                self._db.execute("ROLLBACK")
        except sqlite3.Error as exc:
            raise classify(exc, self.path) from exc

    @contextmanager
    def impatient(self) -> Iterator[None]:
        """Inside this block, a file another program has locked fails at once instead of
        after waiting for it (for retries, which come again soon)."""
        self._wait(0)
        try:
            yield
        finally:
            self._wait(self._timeout)

    def _wait(self, seconds: float) -> None:
        self._db.execute(f"PRAGMA busy_timeout = {round(seconds * 1000)}")

    def close(self) -> None:
        self._db.close()

    # --- writing --------------------------------------------------------------------------

    def save(self, record: SessionRecord, previous: SessionRecord | None = None) -> None:
        """Write ``record`` whole, in one transaction, replacing any earlier version of it.

        Args:
            previous: the version of this session last written, if known: then only the
                sets that changed since are written (a checkpoint touches one or two).
        """
        if not self.writable:
            raise StoreError(Problem.READ_ONLY, self.path)
        changed = [(position, s) for position, s in enumerate(record.sets)
                   if previous is None or position >= len(previous.sets)
                   or previous.sets[position] != s]
        with self._transaction():
            session_id = self._upsert_session(record)
            if previous is None:
                self._db.execute("DELETE FROM entries WHERE session_id = ?", (session_id,))
            self._db.executemany(
                f"INSERT OR REPLACE INTO entries (session_id, {_ENTRY_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(session_id, position, *_entry_row(s)) for position, s in changed])
            if previous is None or previous.pain_events != record.pain_events:
                self._db.execute("DELETE FROM pain_events WHERE session_id = ?", (session_id,))
                self._db.executemany(
                    f"INSERT INTO pain_events (session_id, position, {_PAIN_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [(session_id, position, e.exercise_id, e.side.value if e.side else None,
                      e.set, e.at.isoformat()) for position, e in enumerate(record.pain_events)])

    def _upsert_session(self, r: SessionRecord) -> int:
        row = (r.uid, r.routine_id, r.routine_name, r.started_at.isoformat(),
               r.ended_at.isoformat(), r.planned_seconds, r.active_seconds, r.outcome.value,
               r.pain_before, r.pain_after, r.note, len(r.sets), r.sets_done, r.sets_skipped,
               r.sets_for_pain, r.pain_next_day)
        self._db.execute(
            f"INSERT INTO sessions ({_SUMMARY_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (uid) DO UPDATE SET ended_at = excluded.ended_at, "
            "active_seconds = excluded.active_seconds, outcome = excluded.outcome, "
            "pain_before = excluded.pain_before, pain_after = excluded.pain_after, "
            "note = excluded.note, sets_planned = excluded.sets_planned, "
            "sets_done = excluded.sets_done, sets_skipped = excluded.sets_skipped, "
            "sets_for_pain = excluded.sets_for_pain, pain_next_day = excluded.pain_next_day",
            row)
        found = self._db.execute("SELECT id FROM sessions WHERE uid = ?", (r.uid,)).fetchone()
        return int(found[0])

    def delete(self, uid: str) -> bool:
        """Remove a session and its entries; False if there was none."""
        if not self.writable:
            raise StoreError(Problem.READ_ONLY, self.path)
        with self._transaction():
            return self._db.execute("DELETE FROM sessions WHERE uid = ?", (uid,)).rowcount > 0

    def save_activity(self, log: ActivityLog) -> None:
        """Write a logged activity, replacing an earlier version of it (same uid)."""
        if not self.writable:
            raise StoreError(Problem.READ_ONLY, self.path)
        with self._transaction():
            self._db.execute(
                f"INSERT OR REPLACE INTO activities ({_ACTIVITY_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (log.uid, log.day.isoformat(), log.logged_at.isoformat(), log.activity_id,
                 log.minutes, log.pain, log.note, log.routine_id))

    def delete_activity(self, uid: str) -> bool:
        """Remove a logged activity; False if there was none."""
        if not self.writable:
            raise StoreError(Problem.READ_ONLY, self.path)
        with self._transaction():
            return self._db.execute("DELETE FROM activities WHERE uid = ?",
                                    (uid,)).rowcount > 0

    # --- reading --------------------------------------------------------------------------

    def activities(self, first: date | None = None, last: date | None = None
                   ) -> list[ActivityLog]:
        """Logged activities of days ``first``..``last`` (inclusive), newest first."""
        clauses = [c for c, v in (("day >= ?", first), ("day <= ?", last)) if v is not None]
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        rows = self._read(f"SELECT {_ACTIVITY_COLUMNS} FROM activities {where} "
                          "ORDER BY day DESC, logged_at DESC, id DESC",
                          tuple(v.isoformat() for v in (first, last) if v is not None))
        try:
            return [_activity(row) for row in rows]
        except (ValueError, TypeError) as exc:
            raise StoreError(Problem.CORRUPT, self.path, f"an activity row: {exc}") from exc

    def summaries(self, routine_id: str | None = None, first: date | None = None,
                  last: date | None = None) -> list[SessionSummary]:
        """Sessions newest first, optionally of one routine and within local days
        ``first``..``last`` (inclusive)."""
        where, args = _filters(routine_id, first, last)
        rows = self._read(f"SELECT {_SUMMARY_COLUMNS} FROM sessions {where} "
                          "ORDER BY started_at DESC, id DESC", args)
        return [_summary(row, self.path) for row in rows]

    def record(self, uid: str) -> SessionRecord | None:
        """A whole session with every set, or None if there is no such session."""
        rows = self._read(f"SELECT id, {_SUMMARY_COLUMNS} FROM sessions WHERE uid = ?", (uid,))
        if not rows:
            return None
        session_id, *summary_row = rows[0]
        entries = self._read(f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE session_id = ? "
                             "ORDER BY position", (session_id,))
        pains = self._read(f"SELECT {_PAIN_COLUMNS} FROM pain_events WHERE session_id = ? "
                           "ORDER BY position", (session_id,))
        summary = _summary(tuple(summary_row), self.path)
        try:
            sets = tuple(_set_record(row) for row in entries)
            pain_events = tuple(_pain_event(row) for row in pains)
        except (ValueError, TypeError) as exc:
            raise StoreError(Problem.CORRUPT, self.path, f"session {uid}: {exc}") from exc
        return SessionRecord.from_summary(summary, sets, pain_events)

    def pain_events(self, first: date) -> list[PainEvent]:
        """Every "this hurts" from local day ``first`` on, oldest first."""
        rows = self._read(f"SELECT {_PAIN_COLUMNS} FROM pain_events WHERE at >= ? "
                          "ORDER BY at", (first.isoformat(),))
        try:
            return [_pain_event(row) for row in rows]
        except (ValueError, TypeError) as exc:
            raise StoreError(Problem.CORRUPT, self.path, f"a pain event: {exc}") from exc

    def uids(self, outcome: Outcome | None = None) -> list[str]:
        """Every session's uid (of one outcome if given), oldest first."""
        where, args = ("WHERE outcome = ?", (outcome.value,)) if outcome else ("", ())
        return [row[0] for row in self._read(
            f"SELECT uid FROM sessions {where} ORDER BY started_at, id", args)]

    def work_done(self, routine_id: str | None = None, first: date | None = None,
                  last: date | None = None) -> list[tuple[date, str]]:
        """(local day, exercise id) for every day an exercise had a completed set."""
        where, args = _filters(routine_id, first, last)
        rows = self._read(
            "SELECT DISTINCT substr(started_at, 1, 10), e.exercise_id "
            f"FROM sessions s JOIN entries e ON e.session_id = s.id {where} "
            f"{'AND' if where else 'WHERE'} e.completed", args)
        try:
            return [(date.fromisoformat(day), exercise_id) for day, exercise_id in rows]
        except ValueError as exc:
            raise StoreError(Problem.CORRUPT, self.path, str(exc)) from exc

    def first_day(self) -> date | None:
        """The local day of the first session, if any."""
        rows = self._read("SELECT MIN(started_at) FROM sessions", ())
        try:
            return date.fromisoformat(rows[0][0][:10]) if rows[0][0] else None
        except ValueError as exc:
            raise StoreError(Problem.CORRUPT, self.path, str(exc)) from exc

    def routines(self) -> list[tuple[str, str]]:
        """(id, name) of every routine in the history, by name; the latest name of each."""
        rows = self._read("SELECT routine_id, routine_name FROM sessions "
                          "GROUP BY routine_id HAVING started_at = MAX(started_at) "
                          "ORDER BY routine_name COLLATE NOCASE", ())
        return [(str(i), str(n)) for i, n in rows]

    # --- plumbing -------------------------------------------------------------------------

    def _read(self, sql: str, args: Sequence[object]) -> list[Any]:
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise classify(exc, self.path) from exc

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise classify(exc, self.path) from exc
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException as exc:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise classify(exc, self.path) from exc
            raise


def _filters(routine_id: str | None, first: date | None,
             last: date | None) -> tuple[str, tuple[object, ...]]:
    # started_at begins with the local date, so whole days compare as text and use the index.
    clauses: list[str] = []
    args: list[object] = []
    if routine_id is not None:
        clauses.append("routine_id = ?")
        args.append(routine_id)
    if first is not None:
        clauses.append("started_at >= ?")
        args.append(first.isoformat())
    if last is not None:
        clauses.append("started_at < ?")
        args.append((last + timedelta(days=1)).isoformat())
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(args)


def _entry_row(s: SetRecord) -> tuple[object, ...]:
    return (s.block, s.exercise_id, s.side.value if s.side else None, s.set, s.planned_reps,
            s.min_reps, s.done_reps, s.planned_seconds, s.done_seconds, int(s.skipped),
            int(s.stopped_for_pain), int(s.finished_early), int(s.completed))


def _set_record(row: Sequence[Any]) -> SetRecord:
    (_, block, exercise_id, side, set_number, planned_reps, min_reps, done_reps,
     planned_seconds, done_seconds, skipped, for_pain, finished_early, _) = row
    return SetRecord(
        block=int(block), exercise_id=str(exercise_id),
        side=Side(side) if side is not None else None, set=int(set_number),
        planned_reps=int(planned_reps), min_reps=int(min_reps),
        done_reps=int(done_reps), planned_seconds=float(planned_seconds),
        done_seconds=float(done_seconds), skipped=bool(skipped),
        stopped_for_pain=bool(for_pain), finished_early=bool(finished_early))


def _activity(row: Sequence[Any]) -> ActivityLog:
    uid, day, logged_at, activity_id, minutes, pain, note, routine_id = row
    return ActivityLog(uid=str(uid), day=date.fromisoformat(str(day)),
                       logged_at=datetime.fromisoformat(str(logged_at)),
                       activity_id=str(activity_id), minutes=float(minutes),
                       pain=None if pain is None else int(pain), note=str(note),
                       routine_id=None if routine_id is None else str(routine_id))


def _pain_event(row: Sequence[Any]) -> PainEvent:
    exercise_id, side, set_number, at = row
    return PainEvent(exercise_id=str(exercise_id),
                     side=Side(side) if side is not None else None, set=int(set_number),
                     at=datetime.fromisoformat(str(at)))


def _summary(row: Sequence[Any], path: Path) -> SessionSummary:
    try:
        (uid, routine_id, routine_name, started, ended, planned, active, outcome, before,
         after, note, planned_sets, done, skipped, for_pain, next_day) = row
        return SessionSummary(
            uid=str(uid), routine_id=str(routine_id), routine_name=str(routine_name),
            started_at=datetime.fromisoformat(str(started)),
            ended_at=datetime.fromisoformat(str(ended)),
            planned_seconds=float(planned), active_seconds=float(active),
            outcome=Outcome(outcome), note=str(note),
            pain_before=None if before is None else int(before),
            pain_after=None if after is None else int(after),
            sets_planned=int(planned_sets), sets_done=int(done),
            sets_skipped=int(skipped), sets_for_pain=int(for_pain),
            pain_next_day=None if next_day is None else int(next_day))
    except (ValueError, TypeError) as exc:
        raise StoreError(Problem.CORRUPT, path, f"a session row: {exc}") from exc
