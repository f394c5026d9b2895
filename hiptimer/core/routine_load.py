"""Routine files: one file, a folder of them, the built-in routines, and the error that names
each problem's file, line and field."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from .fields import DataFile, DataFileError, FieldError, read_toml
from .routine import Routine, find
from .routine_parse import Invalid, parse_routine

if TYPE_CHECKING:
    from .catalog import Catalog


@dataclass(frozen=True)
class Located:
    """One problem of a routine file, with the line it is on when known."""

    field: str
    problem: str
    line: int | None = None

    def text(self, file: str) -> str:
        where = f"{file}: line {self.line}" if self.line else file
        return f"{where}: {self.field}: {self.problem}"


class RoutineFileError(DataFileError):
    """A routine file cannot be used. The message names the file, and for every problem
    found its line (when known), the field and what is wrong, one problem a line.

    ``field`` and ``problem`` are the first problem's; ``problems`` holds them all.
    """

    def __init__(self, file: str, entry: str, error: FieldError,
                 problems: tuple[Located, ...] = ()) -> None:
        super().__init__(file, entry, error)
        self.problems = problems or (Located(error.field, error.problem),)
        self.args = ("\n".join(p.text(file) for p in self.problems),)

    @classmethod
    def of(cls, file: str, problems: Iterable[FieldError],
           lines: Callable[[str], int | None] = lambda _field: None) -> RoutineFileError:
        """Every problem of a file, each placed on its line by ``lines``."""
        located = tuple(Located(p.field, p.problem, lines(p.field)) for p in problems)
        return cls(file, "", FieldError(located[0].field, located[0].problem), located)


def load_routine_file(file: DataFile, catalog: Catalog, *, built_in: bool = False) -> Routine:
    """Read one routine file without a header (as the built-in routines are written).

    Raises:
        RoutineFileError: the file is unreadable or a field is wrong; nothing is returned.
    """
    try:
        return parse_routine(read_toml(file), catalog, built_in=built_in).routine
    except DataFileError as exc:
        raise RoutineFileError(exc.file, "", FieldError(exc.field, exc.problem)) from exc
    except Invalid as exc:
        raise RoutineFileError.of(file.name, exc.problems) from exc


def load_routines(folder: DataFile, catalog: Catalog, *, built_in: bool = False
                  ) -> tuple[Routine, ...]:
    """Every ``*.toml`` routine in ``folder``, sorted by file name; ids must be unique."""
    routines: list[Routine] = []
    for file in sorted(folder.iterdir(), key=lambda f: f.name):
        if not file.name.endswith(".toml"):
            continue
        routine = load_routine_file(file, catalog, built_in=built_in)
        if find(routines, routine.id) is not None:
            raise RoutineFileError(file.name, "", FieldError("id", f"{routine.id!r} is used by "
                                                             "another routine"))
        routines.append(routine)
    return tuple(routines)


def builtin_routines(catalog: Catalog) -> tuple[Routine, ...]:
    """The routines shipped with HipTimer."""
    return load_routines(resources.files("hiptimer.assets") / "routines", catalog,
                         built_in=True)
