"""Typed, range-checked reads from parsed TOML or JSON tables, with errors that name the field."""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from pathlib import Path
from typing import TypeVar

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover - exercised on Python 3.10 only
    from importlib.abc import Traversable

DataFile = Traversable | Path

E = TypeVar("E", bound=Enum)
T = TypeVar("T")

_MISSING = object()
REQUIRED: object = _MISSING  # the default of a field that must be given


class FieldError(ValueError):
    """A value in a data file is missing, of the wrong type or out of range.

    Attributes:
        field: dotted path of the field, e.g. ``dose.reps``.
        problem: what is wrong with it, in plain words.
    """

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class DataFileError(ValueError):
    """A data file cannot be used; the message names the file, the entry (if any) and the field.
    """

    def __init__(self, file: str, entry: str, error: FieldError) -> None:
        where = f"{file}: entry {entry}" if entry else file
        super().__init__(f"{where}: {error.field}: {error.problem}")
        self.file = file
        self.entry = entry
        self.field = error.field
        self.problem = error.problem


class Collector:
    """Reads fields one by one, keeping every problem instead of stopping at the first, so
    that a file's problems can all be told at once. A strict one raises the first."""

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self.problems: list[FieldError] = []

    def take(self, read: Callable[[], T], fallback: T) -> T:
        """``read()``, or ``fallback`` once its problem is noted."""
        try:
            return read()
        except FieldError as exc:
            self.fail(exc)
            return fallback

    def fail(self, error: FieldError) -> None:
        if self.strict:
            raise error
        self.problems.append(error)


def closest(word: str, options: Iterable[str]) -> str | None:
    """The option most like a misspelt ``word``, if one is close enough to suggest."""
    import difflib  # loaded when a word is misspelt: the settings are read before the window

    found = difflib.get_close_matches(word.casefold(), list(options), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(word: object, options: Iterable[str]) -> str:
    """``'; did you mean "clamshell"?'``, or "" when nothing is close."""
    guess = closest(word, options) if isinstance(word, str) else None
    return f'; did you mean "{guess}"?' if guess else ""


def plain_text(text: str, *, lines: bool = False) -> str:
    """``text`` without control characters (an escape sequence, a bell, a text-direction
    override): tabs and line breaks become spaces, or with ``lines`` line breaks stay."""
    out = []
    for char in text.replace("\r\n", "\n"):
        if char == "\n" and lines:
            out.append(char)
        elif char in "\t\n\r":
            out.append(" ")
        elif unicodedata.category(char) != "Cc" and char not in DIRECTION_MARKS:
            out.append(char)
    return "".join(out)


# Embeddings, overrides and isolates: they can make text read backwards on screen.
DIRECTION_MARKS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def read_toml(file: DataFile) -> Table:
    """Parse a TOML file into a ``Table``.

    Raises:
        DataFileError: the file cannot be read or is not valid UTF-8 TOML.
    """
    if sys.version_info >= (3, 11):  # loaded here: the settings are read before the window
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        return Table(tomllib.loads(file.read_text(encoding="utf-8")))
    # ValueError: an integer of thousands of digits; RecursionError: arrays nested too deep.
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise DataFileError(file.name, "", FieldError("(file)", f"cannot be read as TOML: {exc}")
                            ) from exc


class Table:
    """A mapping being read; it remembers its path so that errors name the field in full."""

    def __init__(self, data: object, path: str = "") -> None:
        if not isinstance(data, Mapping):
            raise FieldError(path or "(top level)", f"expected a table, got {_type_name(data)}")
        self._data: Mapping[str, object] = data
        self.path = path

    def name(self, key: str) -> str:
        """The full dotted name of ``key`` inside this table."""
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self._data

    def relabelled(self, path: str) -> Table:
        """The same table under another path, e.g. to name fields relative to an entry."""
        return Table(self._data, path)

    def identifier(self, key: str) -> str:
        """A stable id: lower-case ASCII letters and digits in words joined by single dashes."""
        value = self.text(key, max_len=48)
        words = value.split("-")
        if not all(w and w.isascii() and w.isalnum() and w == w.lower() for w in words):
            raise FieldError(self.name(key), f"{value!r} is not an id: use lower-case letters, "
                             "digits and single dashes")
        return value

    def raw(self, key: str) -> object:
        """The value as parsed, unchecked; ``FieldError`` if it is missing."""
        return self._get(key, _MISSING)

    def only(self, allowed: Iterable[str]) -> None:
        """Reject keys outside ``allowed``, so a misspelt field is never silently ignored."""
        unknown = self.unknown(allowed)
        if unknown:
            raise unknown[0]

    def unknown(self, allowed: Iterable[str]) -> list[FieldError]:
        """A problem for every key outside ``allowed``, with the closest one suggested."""
        allowed = set(allowed)
        return [FieldError(self.name(key), f"unknown field{did_you_mean(key, allowed)} "
                           f"(expected one of: {', '.join(sorted(allowed))})")
                for key in self._data if key not in allowed]

    def _get(self, key: str, default: object) -> object:
        value = self._data.get(key, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                raise FieldError(self.name(key), "missing")
            return default
        return value

    def text(self, key: str, *, max_len: int = 200, default: object = _MISSING,
             lines: bool = False) -> str:
        """Text without control characters (see ``plain_text``), trimmed; with ``lines``
        it may keep line breaks."""
        value = self._get(key, default)
        if not isinstance(value, str):
            raise FieldError(self.name(key), f"expected text, got {_type_name(value)}")
        value = plain_text(value, lines=lines).strip()
        if not value and default is _MISSING:
            raise FieldError(self.name(key), "is empty")
        if len(value) > max_len:
            raise FieldError(self.name(key), f"is {len(value)} characters long; at most {max_len}")
        return value

    def texts(
        self, key: str, *, max_len: int = 200, min_items: int = 0, max_items: int = 50,
        default: object = _MISSING,
    ) -> tuple[str, ...]:
        value = self._get(key, default)
        if not isinstance(value, (list, tuple)):
            raise FieldError(self.name(key), f"expected a list of text, got {_type_name(value)}")
        if not min_items <= len(value) <= max_items:
            raise FieldError(self.name(key), f"has {len(value)} items; expected "
                             f"{min_items} to {max_items}")
        items = []
        for i, item in enumerate(value, 1):
            name = f"{self.name(key)}[{i}]"
            if not isinstance(item, str) or not plain_text(item).strip():
                raise FieldError(name, "expected non-empty text")
            item = plain_text(item).strip()
            if len(item) > max_len:
                raise FieldError(name, f"is {len(item)} characters long; at most {max_len}")
            items.append(item)
        return tuple(items)

    def number(self, key: str, *, lo: float, hi: float, default: object = _MISSING,
               unit: str = "") -> float:
        """A finite number from ``lo`` to ``hi``; ``unit`` ("s", "min") helps the hint for
        one written as text."""
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FieldError(self.name(key), f"expected a number, got {_type_name(value)}"
                             + _number_hint(value, unit))
        if not lo <= value <= hi or not math.isfinite(value):
            shown = f"{value:g}" if isinstance(value, float) else str(value)[:20]
            raise FieldError(self.name(key), f"is {shown}; must be from {lo:g} to {hi:g}")
        return float(value)

    def integer(self, key: str, *, lo: int, hi: int, default: object = _MISSING) -> int:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(self.name(key), f"expected a whole number, got {_type_name(value)}"
                             + _number_hint(value))
        if not lo <= value <= hi:
            raise FieldError(self.name(key), f"is {value}; must be from {lo} to {hi}")
        return value

    def flag(self, key: str, *, default: object = _MISSING) -> bool:
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise FieldError(self.name(key), f"expected true or false, got {_type_name(value)}")
        return value

    def choice(self, key: str, enum: type[E], *, default: object = _MISSING) -> E:
        value = self._get(key, default)
        if isinstance(value, enum):
            return value
        for member in enum:
            if member.value == value:
                return member
        options = [str(m.value) for m in enum]
        raise FieldError(self.name(key), f"is {_shown(value)}; expected one of: "
                         f"{', '.join(options)}{did_you_mean(value, options)}")

    def choices(self, key: str, enum: type[E], *, default: object = _MISSING) -> tuple[E, ...]:
        """A list of values from ``enum``; an error names the item, e.g. ``equipment[2]``."""
        items = self.texts(key, default=default)
        named = Table({f"{key}[{i}]": item for i, item in enumerate(items, 1)}, self.path)
        return tuple(named.choice(f"{key}[{i}]", enum) for i in range(1, len(items) + 1))

    def table(self, key: str) -> Table:
        return Table(self._get(key, _MISSING), self.name(key))

    def tables(self, key: str, *, min_items: int = 0, max_items: int = 200) -> list[Table]:
        value = self._get(key, _MISSING)
        if not isinstance(value, (list, tuple)):
            raise FieldError(self.name(key), f"expected a list of tables, got {_type_name(value)}")
        if not min_items <= len(value) <= max_items:
            raise FieldError(self.name(key), f"has {len(value)} items; expected "
                             f"{min_items} to {max_items}")
        return [Table(item, f"{self.name(key)}[{i}]") for i, item in enumerate(value, 1)]


def _shown(value: object) -> str:
    """A value as echoed in a message: short, and text in quotes."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _number_hint(value: object, unit: str = "") -> str:
    """For a number written as text (``"30s"``, ``"2 min"``): the value echoed, and how to
    write it (minutes turned to seconds for a field in seconds)."""
    if not isinstance(value, str):
        return ""
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*([^\d\s]*)\s*", value)
    if not match:
        return f" ({_shown(value)})"
    number = match[1].replace(",", ".")
    written = match[2].casefold().rstrip(".")
    if unit == "s" and written in ("min", "mins", "minute", "minutes", "m"):
        number = f"{float(number) * 60:g}"
    return f' ({_shown(value)}); write {number}, not "{value}"'


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    return type(value).__name__
