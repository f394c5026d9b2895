"""Routine files to hand to someone: the built-in TOML routine format plus a versioned header."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .fields import FieldError, Table
from .routine import Activity, Block, Routine
from .routine_load import RoutineFileError
from .routine_parse import LATEST, Invalid, parse_routine

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

if TYPE_CHECKING:
    from .catalog import Catalog

FORMAT = "hiptimer-routine"
VERSION = LATEST
MAX_BYTES = 256 * 1024
# A dotted key of thousands of parts (a.a.a… = 1) costs the TOML reader time and memory
# growing with the square of its length: 20 KiB of it took 400 MB. No routine needs more.
MAX_KEY_PARTS = 16
_KEY_LIKE = re.compile(r"""[\w\s.\-"']+""")

HEADER_KEYS = {"format", "version"}
# Whole numbers beyond this are no dose of anything; refusing them early keeps formatting
# them in messages (as floats) from overflowing.
_MAX_INT = 10**15

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}


def to_toml(routine: Routine) -> str:
    """The routine as a routine file, every dose field written out in full; the other
    fields of a block only when they are given.

    A timed block has no tempo, so its tempo is not written; reading the file back gives it
    the exercise's default tempo.

    Raises:
        ValueError: a number is not finite (no valid routine has one).
    """
    lines = [
        f"# A HipTimer routine file, format version {VERSION}: see docs/routine-format.md in "
        "HipTimer's source.",
        f"format = {_string(FORMAT)}",
        f"version = {VERSION}",
        "",
        f"id = {_string(routine.id)}",
        f"name = {_string(routine.name)}",
        f"description = {_string(routine.description)}",
        f"frequency = {_string(routine.frequency.value)}",
        f"sources = [{', '.join(_string(s) for s in routine.sources)}]",
    ]
    if routine.affected_side is not None:
        lines.append(f"affected_side = {_string(routine.affected_side.value)}")
    for block in routine.blocks:
        lines += ["", "[[block]]", *_block_lines(block)]
    for activity in routine.activities:
        lines += ["", "[[block]]", *_activity_lines(activity)]
    return "\n".join(lines) + "\n"


def _block_lines(block: Block) -> list[str]:
    dose = block.dose
    lines = [f"exercise = {_string(block.exercise.id)}"]
    if dose.hold_s is not None:
        lines.append(f"hold_s = {_number(dose.hold_s)}")
    else:
        assert dose.reps is not None
        lines.append(f"reps = [{dose.reps.low}, {dose.reps.high}]")
    lines += [f"sets = {dose.sets}", f"rest_s = {_number(dose.rest_s)}"]
    if dose.reps is not None:
        t = dose.tempo
        lines.append(f"tempo = {{ up = {_number(t.up)}, hold = {_number(t.hold)}, "
                     f"down = {_number(t.down)}, between = {_number(t.between)} }}")
    lines += [
        f"sides = {_string(block.sides.value)}",
        f"lead_in_s = {_number(block.lead_in_s)}",
        f"switch_s = {_number(block.switch_s)}",
        f"transition_s = {_number(block.transition_s)}",
    ]
    optional = {
        "first_side": block.first_side.value if block.first_side else "",
        "frequency": block.frequency.value if block.frequency else "",
        "equipment": block.equipment,
        "note": block.note,
        "progress_to": block.progress_to.id if block.progress_to else "",
        "progress_when": block.progress_when,
    }
    return lines + [f"{key} = {_string(value)}" for key, value in optional.items() if value]


def _activity_lines(activity: Activity) -> list[str]:
    lines = [f"activity = {_string(activity.exercise.id)}",
             f"minutes = {_number(activity.minutes)}"]
    optional = {"frequency": activity.frequency.value if activity.frequency else "",
                "equipment": activity.equipment, "note": activity.note}
    return lines + [f"{key} = {_string(value)}" for key, value in optional.items() if value]


def _string(text: str) -> str:
    """A TOML basic string. Control characters are escaped (TOML forbids them raw, DEL
    included, which ``json.dumps`` leaves raw); a lone surrogate, which no file can hold,
    becomes U+FFFD."""
    out = []
    for char in text:
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\uFFFD")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _number(value: float) -> str:
    """An integer when whole, else the shortest decimal that reads back as the same float."""
    if not math.isfinite(value):
        raise ValueError(f"{value!r} cannot be written to a routine file")
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


@dataclass(frozen=True)
class Imported:
    """A routine file as read: the routine, the fields it left out (which took the
    exercise's or the usual value, e.g. ``block[3].rest_s``), the file's format version,
    and the line of every field written."""

    routine: Routine
    defaulted: frozenset[str]
    version: int
    lines: Mapping[str, int]

    def line_of(self, field: str) -> int | None:
        return line_of(self.lines, field)


def parse_routine_text(data: bytes, catalog: Catalog, *, source: str) -> Routine:
    """Read a routine file's bytes. Nothing in the file is ever run: it is only parsed as TOML.

    Args:
        data: the file's content, at most ``MAX_BYTES`` (a UTF-8 byte order mark is allowed).
        catalog: the exercises a block may name.
        source: the file's name, for messages.

    Returns:
        The routine, never marked built in.

    Raises:
        RoutineFileError: the file is too big, not UTF-8 TOML, not a routine file, from a
            newer HipTimer, or fields are wrong; the message names ``source`` and, for every
            problem, its line, the field and what is wrong.
    """
    return read_routine_text(data, catalog, source=source).routine


def read_routine_text(data: bytes, catalog: Catalog, *, source: str) -> Imported:
    """Like ``parse_routine_text``, with what an import preview shows besides the routine."""
    lines: dict[str, int] = {}
    try:
        text = _text(data)
        lines = field_lines(text)
        table, version = _checked_table(text)
        parsed = parse_routine(table, catalog, version=version)
    except FieldError as exc:
        raise RoutineFileError.of(source, [exc], lambda f: line_of(lines, f)) from exc
    except Invalid as exc:
        raise RoutineFileError.of(source, exc.problems, lambda f: line_of(lines, f)) from exc
    return Imported(parsed.routine, parsed.defaulted, version, lines)


def _text(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise FieldError("(file)", f"is larger than {MAX_BYTES // 1024} KiB; no routine "
                         "file is that big")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FieldError("(file)", f"is not UTF-8 text (byte {exc.start + 1} cannot be "
                         "read)") from exc


def _checked_table(text: str) -> tuple[Table, int]:
    """The file's top-level table and format version, once its cost, syntax and header are
    known good."""
    _check_keys(text)
    try:
        parsed = tomllib.loads(text)
    except RecursionError as exc:
        raise FieldError("(file)", "cannot be read as TOML: lists or tables are nested too "
                         "deeply") from exc
    except MemoryError as exc:  # a last resort: _check_keys refuses the shapes known to cost
        raise FieldError("(file)", "is too complex to read") from exc
    except ValueError as exc:  # TOMLDecodeError, or an integer with too many digits
        raise FieldError("(file)", f"cannot be read as TOML: {exc}") from exc
    table = Table(parsed)
    version = _check_header(table)
    _check_numbers(parsed)
    return Table({k: v for k, v in parsed.items() if k not in HEADER_KEYS}), version


def _check_keys(text: str) -> None:
    """Refuse a dotted key of absurdly many parts before the TOML reader sees it."""
    for number, line in enumerate(text.splitlines(), 1):
        key, equals, _ = line.partition("=")
        if equals and key.count(".") >= MAX_KEY_PARTS and _KEY_LIKE.fullmatch(key):
            raise FieldError("(file)", f"line {number}: a key of {key.count('.') + 1} parts "
                             f"separated by dots; at most {MAX_KEY_PARTS}")


def field_lines(text: str) -> dict[str, int]:
    """The line each field is written on, by its name in messages: ``id``, ``block[2]``
    (its header), ``block[2].sets``, ``block[2].tempo``. Only the shapes routine files use
    are followed (tables of blocks, plain and dotted keys); the rest is passed over."""
    lines: dict[str, int] = {}
    counts: dict[str, int] = {}
    table, closing = "", ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if closing:  # inside a multi-line string
            closing = "" if closing in line else closing
            continue
        header = re.match(r"\[\[\s*([\w-]+)\s*\]\]", line) or re.match(r"\[\s*([\w.-]+)\s*\]", line)
        if header:
            head, _, rest = header[1].partition(".")
            if line.startswith("[["):
                counts[head] = counts.get(head, 0) + 1
            table = f"{head}[{counts[head]}]" if head in counts else head
            table += f".{rest}" if rest else ""
            lines.setdefault(table, number)
            continue
        key = re.match(r"([\w-]+(?:\s*\.\s*[\w-]+)*)\s*=(.*)", line)
        if key:
            name = re.sub(r"\s*\.\s*", ".", key[1])
            lines.setdefault(f"{table}.{name}" if table else name, number)
            for quotes in ('"""', "'''"):
                if key[2].count(quotes) % 2:
                    closing = quotes
    return lines


def line_of(lines: Mapping[str, int], field: str) -> int | None:
    """The line of ``field``, or of the nearest enclosing one written in the file
    (``block[2].tempo.up`` written inline is on the line of ``block[2].tempo``)."""
    while field:
        if field in lines:
            return lines[field]
        trimmed = re.sub(r"(\[\d+\]|\.[^.\[]*)$", "", field)
        if trimmed == field:
            return None
        field = trimmed
    return None


def _check_header(table: Table) -> int:
    """The file's format version, once the header says it is a routine file this HipTimer
    reads."""
    fmt = table.raw("format") if table.has("format") else None
    if fmt != FORMAT:
        found = "missing" if fmt is None else f"is {fmt!r}"
        raise FieldError("format", f"{found}: this is not a HipTimer routine file (it must "
                         f'start with format = "{FORMAT}")')
    version = table.raw("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise FieldError("version", f"made by a newer HipTimer (format version {version}; "
                         f"this one reads up to {VERSION})")
    return table.integer("version", lo=1, hi=VERSION)


def _check_numbers(data: Mapping[str, object]) -> None:
    """Refuse absurdly large whole numbers anywhere, naming where they are."""
    stack: list[tuple[str, object]] = [(str(k), v) for k, v in data.items()]
    while stack:
        name, value = stack.pop()
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _MAX_INT:
            raise FieldError(name, "is far too large a number")
        if isinstance(value, Mapping):
            stack += [(f"{name}.{k}", v) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(f"{name}[{i}]", v) for i, v in enumerate(value, 1)]
