"""Text for a terminal: control characters from files and the database shown as escapes.

A routine name or a note can hold an escape sequence (to set the terminal's title, say, or
worse) or a right-to-left override that makes the rest of a line read backwards. The text
commands write through ``SafeText``, which writes each such character as ``\\uXXXX``: in
JSON output that is the same character, escaped; in a listing it is visible, and inert.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO, cast

_KEPT = {"\t", "\n", "\r"}
_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
_ESCAPES = {code: f"\\u{code:04x}"
            for code in [*range(0x20), *range(0x7F, 0xA0), *_BIDI] if chr(code) not in _KEPT}


def escape_controls(text: str) -> str:
    """``text`` with every control and bidirectional formatting character as ``\\uXXXX``
    (tabs and line ends kept)."""
    return text.translate(_ESCAPES)


class SafeText(io.TextIOBase):
    """A text stream that writes to ``stream`` with ``escape_controls`` applied."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(escape_controls(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def writable(self) -> bool:
        return True

    def reconfigure(self, **options: object) -> None:
        reconfigure = getattr(self._stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(**options)


@contextmanager
def safe_output() -> Iterator[None]:
    """Inside this block, what goes to standard output and error goes through ``SafeText``."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (cast(TextIO, SafeText(stream)) for stream in saved)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
