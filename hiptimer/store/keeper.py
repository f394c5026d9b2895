"""Keeps every session: in the history file when it can, in memory until it can.

The window talks only to the keeper. When the file cannot take a write (locked, read-only, disk
full, too new), the session waits in memory, is shown and exported like any other, and goes to
the file at the next write or retry. A damaged file is moved aside, never deleted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .db import Problem, StoreError, keep_aside

if TYPE_CHECKING:  # the core and the file's own module load when the history is first used:
    # the window is made, and paints, before that
    from ..core.activity import ActivityLog
    from ..core.record import PainEvent, SessionRecord, SessionSummary
    from .history import HistoryStore

Opener = Callable[..., "HistoryStore"]
T = TypeVar("T")


class HistoryKeeper:
    """The history as the user sees it: the file's sessions plus any not written yet.

    Attributes:
        problem: why writes are not reaching the file right now, or None when they are.
        notices: things that happened once and should be told (a damaged file moved aside).
    """

    def __init__(self, path: Path, opener: Opener | None = None) -> None:
        self.path = path
        self._opener = opener or _open_store
        self.store: HistoryStore | None = None
        self.problem: StoreError | None = None
        self.notices: list[str] = []
        self._pending: dict[str, SessionRecord] = {}  # newest version not yet in the file
        self._written: dict[str, SessionRecord] = {}  # last version written, while it runs
        self._pending_activities: dict[str, ActivityLog] = {}  # logged, not in the file yet
        self.opened = False  # open() was called (whether or not the file could be used)

    # --- the file -------------------------------------------------------------------------

    def open(self, *, patient: bool = True) -> None:
        """Open the file (again); on trouble, remember why and carry on without it. A file
        that can be read but not written now (read-only, locked) is kept open for reading.

        Args:
            patient: False not to wait for another program's lock (when trying again soon).
        """
        self.close()
        self.opened = True
        self._written.clear()  # a different file may be opened: write sessions whole
        try:
            self.store = (self._opener(self.path) if patient
                          else self._opener(self.path, patient=False))
            with self._maybe_impatient(patient):
                self.store.check_writable()  # said at start, not at the first set
            self.problem = None
        except StoreError as exc:
            self.problem = exc
            if exc.problem is Problem.CORRUPT:
                self.close()
                self._start_afresh(exc)
            elif exc.problem is Problem.READ_ONLY:
                self.close()
                self._open_read_only()

    def _start_afresh(self, damage: StoreError) -> None:
        try:
            kept = keep_aside(self.path)
        except OSError as exc:
            self.notices.append(f"{damage.message} It could not be moved aside to start a new "
                                f"one ({exc.strerror}); it is left as it is.")
            return
        self.notices.append(f"Your history file was damaged and could not be read. It has "
                            f"been kept, untouched, as {kept}, and a new history was started.")
        try:
            self.store = self._opener(self.path)
            self.problem = None
        except StoreError as exc:
            self.problem = exc

    def _open_read_only(self) -> None:
        try:
            self.store = self._opener(self.path, read_only=True)
        except StoreError:
            self.store = None  # not even readable: the read-only problem stands

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    @property
    def unsaved(self) -> list[SessionRecord]:
        """Sessions that are only in memory, oldest first."""
        return sorted(self._pending.values(), key=lambda r: r.started_at)

    # --- writing --------------------------------------------------------------------------

    def save(self, record: SessionRecord) -> bool:
        """Write a session (a checkpoint or its end); True if it and every waiting session
        reached the file, False if they wait in memory (``problem`` says why).

        While another program holds the file locked, this does not wait for the lock (the
        window must not freeze at every set): the sessions wait for the next ``retry()``.
        """
        self._pending[record.uid] = record
        return self.retry()

    def retry(self, *, patient: bool = False) -> bool:
        """Write every waiting session and activity, reopening the file first if it was
        unusable.

        Args:
            patient: wait for another program's lock even if the file was locked last
                time (before quitting, say). Otherwise a locked file is tried without
                waiting, and the next retry comes soon.
        """
        from ..core.record import Outcome

        patient = patient or self.problem is None or self.problem.problem is not Problem.LOCKED
        if self.store is None or not self.store.writable:
            self.open(patient=patient)
        if self.store is None or not self.store.writable:
            return not (self._pending or self._pending_activities)
        with self._maybe_impatient(patient):
            for uid, record in list(self._pending.items()):
                try:
                    self.store.save(record, previous=self._written.get(uid))
                except StoreError as exc:
                    self.problem = exc
                    return False
                del self._pending[uid]
                if record.outcome is Outcome.RUNNING:
                    self._written[uid] = record
                else:
                    self._written.pop(uid, None)
            self.problem = None
            return self._write_activities()

    def log_activity(self, log: ActivityLog) -> bool:
        """Keep a logged activity: True if it reached the file, False if it waits in memory
        (``problem`` says why) to be written with the next save or retry."""
        self._pending_activities[log.uid] = log
        return self.retry()

    def _write_activities(self) -> bool:
        assert self.store is not None
        for uid, log in list(self._pending_activities.items()):
            try:
                self.store.save_activity(log)
            except StoreError as exc:
                self.problem = exc
                return False
            del self._pending_activities[uid]
        return True

    def _maybe_impatient(self, patient: bool) -> AbstractContextManager[None]:
        if patient or self.store is None:
            return nullcontext()
        return self.store.impatient()

    def delete_activity(self, uid: str) -> bool:
        """Remove a logged activity; False if there was none.

        Raises:
            StoreError: the file cannot be changed (read-only, locked, …).
        """
        if self._pending_activities.pop(uid, None) is not None:
            return True
        return self._require_store().delete_activity(uid)

    def delete(self, uid: str) -> SessionRecord | None:
        """Remove a session; returns it whole, so it can be put back.

        Raises:
            StoreError: the file cannot be changed (read-only, locked, …).
        """
        record = self.record(uid)
        if record is None:
            return None
        if uid in self._pending:
            del self._pending[uid]
        else:
            self._require_store().delete(uid)
        self._written.pop(uid, None)
        return record

    def set_next_day(self, uid: str, score: int) -> bool:
        """Record how the hip was the morning after session ``uid``; False if not written."""
        record = self.record(uid)
        if record is None:
            return False
        return self.save(dataclasses.replace(record, pain_next_day=score))

    def recover(self, record: SessionRecord) -> bool:
        """Keep a session the app closed during, as it was at its last checkpoint."""
        from ..core.record import Outcome

        return self.save(dataclasses.replace(record, outcome=Outcome.INTERRUPTED))

    # --- reading --------------------------------------------------------------------------

    def summaries(self, routine_id: str | None = None, first: date | None = None,
                  last: date | None = None) -> list[SessionSummary]:
        """Sessions newest first, those waiting in memory included (``saved`` False)."""
        from ..core.record import SessionSummary

        stored = self._read(lambda s: s.summaries(routine_id, first, last)) or []
        waiting = {r.uid: SessionSummary.of(r, saved=False) for r in self._pending.values()
                   if _within(r, routine_id, first, last)}
        merged = [s for s in stored if s.uid not in waiting] + list(waiting.values())
        return sorted(merged, key=lambda s: s.started_at, reverse=True)

    def activities(self, first: date | None = None, last: date | None = None
                   ) -> list[ActivityLog]:
        """Logged activities of days ``first``..``last``, newest first, those waiting in
        memory included."""
        stored = self._read(lambda s: s.activities(first, last)) or []
        waiting = [a for a in self._pending_activities.values()
                   if (first is None or a.day >= first) and (last is None or a.day <= last)]
        merged = [a for a in stored if a.uid not in self._pending_activities] + waiting
        return sorted(merged, key=lambda a: (a.day, a.logged_at), reverse=True)

    def record(self, uid: str) -> SessionRecord | None:
        if uid in self._pending:
            return self._pending[uid]
        return self._read(lambda s: s.record(uid))

    def records(self, uids: Iterable[str]) -> list[SessionRecord]:
        found = (self.record(uid) for uid in uids)
        return [r for r in found if r is not None]

    def work_done(self, routine_id: str | None = None, first: date | None = None,
                  last: date | None = None) -> set[tuple[date, str]]:
        """(local day, exercise id) for each exercise done on each day."""
        done = set(self._read(lambda s: s.work_done(routine_id, first, last)) or [])
        for record in self._pending.values():
            if _within(record, routine_id, first, last):
                day = record.started_at.date()
                done.update((day, s.exercise_id) for s in record.sets if s.completed)
        return done

    def pain_events(self, first: date) -> list[PainEvent]:
        """Every "this hurts" from local day ``first`` on, oldest first, waiting ones too."""
        stored = self._read(lambda s: s.pain_events(first)) or []
        waiting = [e for r in self._pending.values() for e in r.pain_events
                   if e.at.date() >= first]
        # A session waiting in memory may be in the file at an older checkpoint.
        stored = [e for e in stored if e not in waiting]
        return sorted([*stored, *waiting], key=lambda e: e.at)

    def first_day(self) -> date | None:
        """The local day of the first session, if any."""
        days = [r.started_at.date() for r in self._pending.values()]
        stored = self._read(lambda s: s.first_day())
        return min([*days, stored] if stored else days, default=None)

    def routines(self) -> list[tuple[str, str]]:
        """(id, name) of every routine with a session, by name."""
        names = dict(self._read(lambda s: s.routines()) or [])
        names.update((r.routine_id, r.routine_name) for r in self._pending.values())
        return sorted(names.items(), key=lambda item: item[1].casefold())

    def unfinished(self) -> list[SessionRecord]:
        """Sessions left running when the app last closed (not the one running now)."""
        from ..core.record import Outcome

        uids = self._read(lambda s: s.uids(Outcome.RUNNING)) or []
        mine = set(self._written) | set(self._pending)
        return self.records(uid for uid in uids if uid not in mine)

    def _read(self, read: Callable[[HistoryStore], T]) -> T | None:
        """What ``read`` finds in the file; None when there is no file or it fails."""
        if self.store is None:
            return None
        try:
            return read(self.store)
        except StoreError as exc:
            self.problem = exc
            return None

    def _require_store(self) -> HistoryStore:
        if self.store is None:
            assert self.problem is not None
            raise self.problem
        return self.store


def _within(record: SessionRecord, routine_id: str | None, first: date | None,
            last: date | None) -> bool:
    day = record.started_at.date()
    return ((routine_id is None or record.routine_id == routine_id)
            and (first is None or day >= first) and (last is None or day <= last))


def _open_store(path: Path, **options: bool) -> HistoryStore:
    from .history import HistoryStore

    return HistoryStore.open(path, **options)
