"""Routine files to hand to someone: the built-in TOML routine format plus a versioned header."""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .fields import FieldError, Table
from .routine import ROUTINE_KEYS, Block, Routine, RoutineFileError, parse_routine

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

if TYPE_CHECKING:
    from .catalog import Catalog

FORMAT = "hiptimer-routine"
VERSION = 1
MAX_BYTES = 256 * 1024

HEADER_KEYS = {"format", "version"}
# Whole numbers beyond this are no dose of anything; refusing them early keeps formatting
# them in messages (as floats) from overflowing.
_MAX_INT = 10**15

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}


def to_toml(routine: Routine) -> str:
    """The routine as a routine file, every dose field written out in full.

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
    for block in routine.blocks:
        lines += ["", "[[block]]", *_block_lines(block)]
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
    return lines


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
            newer HipTimer, or a field is wrong; the message names ``source`` and the field.
    """
    try:
        return parse_routine(_checked_table(data), catalog, built_in=False)
    except FieldError as exc:
        raise RoutineFileError(source, "", exc) from exc


def _checked_table(data: bytes) -> Table:
    """The file's top-level table, once its size, encoding, syntax and header are known good."""
    if len(data) > MAX_BYTES:
        raise FieldError("(file)", f"is larger than {MAX_BYTES // 1024} KiB; no routine "
                         "file is that big")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FieldError("(file)", f"is not UTF-8 text (byte {exc.start + 1} cannot be "
                         "read)") from exc
    try:
        parsed = tomllib.loads(text)
    except RecursionError as exc:
        raise FieldError("(file)", "cannot be read as TOML: lists or tables are nested too "
                         "deeply") from exc
    except ValueError as exc:  # TOMLDecodeError, or an integer with too many digits
        raise FieldError("(file)", f"cannot be read as TOML: {exc}") from exc
    table = Table(parsed)
    _check_header(table)
    table.only(ROUTINE_KEYS | HEADER_KEYS)
    _check_numbers(parsed)
    return Table({k: v for k, v in parsed.items() if k not in HEADER_KEYS})


def _check_header(table: Table) -> None:
    fmt = table.raw("format") if table.has("format") else None
    if fmt != FORMAT:
        found = "missing" if fmt is None else f"is {fmt!r}"
        raise FieldError("format", f"{found}: this is not a HipTimer routine file (it must "
                         f'start with format = "{FORMAT}")')
    version = table.raw("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise FieldError("version", f"made by a newer HipTimer (format version {version}; "
                         f"this one reads up to {VERSION})")
    table.integer("version", lo=1, hi=VERSION)


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
