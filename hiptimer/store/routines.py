"""The user's own routines: a file each in one folder, written atomically; deleting is undoable."""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
import stat
import unicodedata
from collections.abc import Collection, Iterable
from pathlib import Path

from ..core.catalog import Catalog
from ..core.fields import FieldError, Table
from ..core.routine import Routine
from ..core.routine_file import (
    MAX_BYTES,
    Imported,
    parse_routine_text,
    read_routine_text,
    to_toml,
)
from ..core.routine_load import RoutineFileError
from .files import make_private_folder, write_atomically

MAX_ID_LEN = 48  # as Table.identifier allows


class UserRoutines:
    """Routines kept as ``<id>.toml`` files in ``folder`` (0700, files 0600).

    A deleted routine's file waits in ``folder/.deleted/`` until ``restore`` puts it back or
    the next deletion of the same id replaces it. A file that cannot be read is reported by
    ``load`` and left alone: this class never deletes or overwrites a file it did not write or
    load itself.
    """

    def __init__(self, folder: Path, catalog: Catalog) -> None:
        self.folder = folder
        self._catalog = catalog
        self._files: dict[str, Path] = {}  # routine id -> the file it was loaded from or saved to

    @property
    def trash(self) -> Path:
        return self.folder / ".deleted"

    def load(self) -> tuple[tuple[Routine, ...], list[str]]:
        """Read every ``*.toml`` in the folder; a missing folder holds no routines.

        Returns:
            The routines sorted by name, and a plain message for each file that was skipped
            (unreadable, invalid, or repeating another file's id), naming the file and the
            problem.
        """
        self._files = {}
        try:
            names = sorted(n for n in os.listdir(self.folder) if n.endswith(".toml"))
        except FileNotFoundError:
            return (), []
        except OSError as exc:
            return (), [f"Your routines in {self.folder} could not be read "
                        f"({exc.strerror or exc})."]
        routines: list[Routine] = []
        problems: list[str] = []
        for name in names:
            path = self.folder / name
            try:
                routine = self._read(path)
            except RoutineFileError as exc:
                problems.append(f"Skipped the routine file {path}: {exc.field}: {exc.problem}")
                continue
            if routine.id in self._files:
                problems.append(f"Skipped the routine file {path}: id: {routine.id!r} is "
                                f"already used by {self._files[routine.id].name}")
                continue
            self._files[routine.id] = path
            routines.append(routine)
        routines.sort(key=lambda r: (r.name.casefold(), r.id))
        return tuple(routines), problems

    def load_beside(self, builtin: Iterable[Routine]) -> tuple[tuple[Routine, ...], list[str]]:
        """Like ``load``, leaving out (with a message) a routine with a built-in one's id: the
        one reading of the user's routines that the window and the commands share."""
        user, problems = self.load()
        builtin_ids = {r.id for r in builtin}
        problems += [f"Skipped your routine {r.name!r}: its id {r.id!r} is a built-in "
                     "routine's. Import its file again to give it an id of its own."
                     for r in user if r.id in builtin_ids]
        return tuple(r for r in user if r.id not in builtin_ids), problems

    def taken_ids(self) -> set[str]:
        """The ids of the loaded routines and the names of all routine files, readable or not,
        so that a new routine never takes the place of a file the user may still want."""
        try:
            stems = {n[:-5] for n in os.listdir(self.folder) if n.endswith(".toml")}
        except OSError:
            stems = set()
        return stems | set(self._files)

    def save(self, routine: Routine) -> Path:
        """Write ``routine`` to ``<id>.toml``, all or nothing; its old file, if it had another
        name, is then removed.

        Raises:
            ValueError: the routine's id is not a valid id.
            RoutineFileError: the routine would not read back (a name too long, say); nothing
                is written.
            FileExistsError: ``<id>.toml`` holds something other than this routine (a file
                ``load`` skipped, or one written since); it is left as it was.
            OSError: the file cannot be written; the old one is left as it was.
        """
        _check_id(routine.id)
        target = self.folder / f"{routine.id}.toml"
        old = self._files.get(routine.id)
        moving = old is not None and not _same_file(old, target)
        if target.exists() and (old is None or moving):
            raise FileExistsError(f"{target} already exists and is not the routine "
                                  f"{routine.id!r}")
        text = self._checked_text(routine, target.name)
        make_private_folder(self.folder)
        _write_atomic(target, text)
        if old is not None and moving:
            old.unlink(missing_ok=True)
        self._files[routine.id] = target
        return target

    def delete(self, routine_id: str) -> None:
        """Move the routine's file to ``.deleted/``, replacing an earlier deleted one.

        Raises:
            FileNotFoundError: there is no such user routine.
            OSError: the file cannot be moved.
        """
        _check_id(routine_id)
        path = self._files.get(routine_id, self.folder / f"{routine_id}.toml")
        if not path.is_file():
            raise FileNotFoundError(f"no user routine {routine_id!r} in {self.folder}")
        make_private_folder(self.trash)
        os.replace(path, self.trash / f"{routine_id}.toml")
        self._files.pop(routine_id, None)

    def restore(self, routine_id: str) -> Path:
        """Undo ``delete``: move the file back. Call ``load`` to read the routine again.

        Returns:
            The restored file.

        Raises:
            FileNotFoundError: no deleted routine has this id.
            FileExistsError: a routine with this id has been saved since; nothing is moved.
        """
        _check_id(routine_id)
        source = self.trash / f"{routine_id}.toml"
        target = self.folder / f"{routine_id}.toml"
        if not source.is_file():
            raise FileNotFoundError(f"no deleted routine {routine_id!r} in {self.trash}")
        if target.exists() or routine_id in self._files:
            raise FileExistsError(f"a routine {routine_id!r} exists again in {self.folder}")
        os.replace(source, target)
        self._files[routine_id] = target
        return target

    def read_file(self, path: Path) -> Imported:
        """Read a routine file someone handed over, to preview it. Nothing is saved: the
        caller saves, after ``same_as`` and ``kept_apart`` if the routine is already here.

        Raises:
            RoutineFileError: the file cannot be read or is not a valid routine file; the
                message names the file and, for every problem, its line, the field and what
                is wrong.
        """
        return read_routine_text(self._read_bytes(path), self._catalog, source=path.name)

    def export(self, routine: Routine, path: Path) -> None:
        """Write ``routine`` as a routine file at ``path``, all or nothing. A replaced file
        keeps its permissions; a new one is readable by its owner only.

        Raises:
            RoutineFileError: the routine would not read back; nothing is written.
            OSError: the file cannot be written; ``path`` is left as it was.
        """
        _write_atomic(path, self._checked_text(routine, path.name), keep_mode=True)

    def _checked_text(self, routine: Routine, source: str) -> str:
        """The routine's file text, once it is known to read back: no file is ever written
        that ``load`` or ``import_file`` would refuse."""
        text = to_toml(routine)
        parse_routine_text(text.encode(), self._catalog, source=source)
        return text

    def _read(self, path: Path) -> Routine:
        return parse_routine_text(self._read_bytes(path), self._catalog, source=path.name)

    def _read_bytes(self, path: Path) -> bytes:
        """At most one byte more than a routine file may hold, so a huge file is refused
        without reading it all."""
        try:
            if not stat.S_ISREG(path.stat().st_mode):  # a folder, or a pipe that never ends
                raise FieldError("(file)", "is not a file")
            with path.open("rb") as file:
                return file.read(MAX_BYTES + 1)
        except OSError as exc:
            raise RoutineFileError(path.name, "", FieldError(
                "(file)", f"cannot be read: {exc.strerror or exc}")) from exc
        except FieldError as exc:
            raise RoutineFileError(path.name, "", exc) from exc


def same_as(routine: Routine, routines: Iterable[Routine]) -> Routine | None:
    """A routine already here with ``routine``'s id, else with its name (in any case)."""
    routines = list(routines)
    return (next((r for r in routines if r.id == routine.id), None)
            or next((r for r in routines if r.name.casefold() == routine.name.casefold()),
                    None))


def replacing(routine: Routine, old: Routine) -> Routine:
    """``routine`` in the place of ``old``: under its id, so ``old``'s history stays."""
    return dataclasses.replace(routine, id=old.id)


def kept_apart(routine: Routine, routines: Iterable[Routine], taken_ids: Collection[str]
               ) -> Routine:
    """``routine`` under a name and an id no other routine has: ``"Hip work (2)"``."""
    routines = list(routines)
    names = {r.name.casefold() for r in routines}
    name = routine.name
    for n in itertools.count(2):
        if name.casefold() not in names:
            break
        suffix = f" ({n})"
        name = routine.name[:60 - len(suffix)].rstrip() + suffix
    taken = set(taken_ids) | {r.id for r in routines}
    routine_id = routine.id if routine.id not in taken else new_id(routine.id, taken)
    return dataclasses.replace(routine, id=routine_id, name=name)


def new_id(name: str, taken: Collection[str]) -> str:
    """A routine id made from ``name`` (lower-case ASCII words joined by dashes), not in
    ``taken``: ``"Morning Stretch!"`` gives ``morning-stretch``, or ``morning-stretch-2``…"""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    base = base[:MAX_ID_LEN].rstrip("-") or "routine"
    if base not in taken:
        return base
    for n in itertools.count(2):
        suffix = f"-{n}"
        candidate = base[:MAX_ID_LEN - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def _check_id(routine_id: str) -> None:
    """Refuse an id that is no id, so that no file name can lead out of the folder."""
    try:
        valid = Table({"id": routine_id}).identifier("id") == routine_id
    except FieldError as exc:
        raise ValueError(f"{routine_id!r} is not a routine id: {exc.problem}") from exc
    if not valid:
        raise ValueError(f"{routine_id!r} is not a routine id")


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (``Mine.toml`` and ``mine.toml`` may, on macOS)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a == b


def _write_atomic(path: Path, text: str, *, keep_mode: bool = False) -> None:
    """``text`` into ``path``, all or nothing; 0600, or with ``keep_mode`` the old file's mode."""
    write_atomically(path, lambda out: out.write(text), newline="\n", keep_mode=keep_mode)
